import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASIS_EXPORT_KIND, exportBasis, readBasisExport } from '../../src-main/export';
import { loadBasisFile } from '../../src-main/run/basis-file';
import { decode, so2Input, so3Input } from './fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function jsonText(input = so3Input()): string {
  return decode(exportBasis('json', input).bytes);
}

/** The exported document with one field changed, as text. */
function edited(change: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(jsonText()) as Record<string, unknown>;
  change(doc);
  return JSON.stringify(doc);
}

describe('JSON export', () => {
  it('is schema-versioned and holds every part of the export', () => {
    const r = exportBasis('json', so3Input());
    expect(r.fileName).toBe('semola-run-2026-01-02_7-basis.json');
    expect(r.mediaType).toBe('application/json');
    const doc = JSON.parse(decode(r.bytes)) as Record<string, unknown>;
    expect(doc.kind).toBe(BASIS_EXPORT_KIND);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.k).toBe(3);
    expect(doc.d).toBe(3);
    for (const key of ['basis', 'rawBasis', 'mask', 'normalisation', 'layout', 'featureNames', 'strengths', 'algebra', 'verdict', 'provenance', 'action']) {
      expect(doc, key).toHaveProperty(key);
    }
  });

  it('reads back to the same input, every number exact (full round-trip)', () => {
    const input = so3Input();
    // Values that only survive with all 17 significant digits.
    input.basis[0]![1]![2] = -1.2247448713915892;
    input.basis[2]![0]![1] = -(0.1 + 0.2);
    expect(readBasisExport(jsonText(input))).toEqual(input);
    const plain = so2Input();
    const back = readBasisExport(jsonText(plain));
    expect(back).toEqual(plain);
    expect('rawBasis' in back).toBe(false);
  });

  it('an exported file is accepted as a fixed basis or reference by `semola train`', async () => {
    const input = so3Input();
    const file = path.join(dir, 'so3.json');
    writeFileSync(file, exportBasis('json', input).bytes);
    expect(await loadBasisFile(file)).toEqual(input.basis);
  });

  it('keeps matrix rows on one line', () => {
    expect(jsonText(so2Input())).toContain('"basis": [\n    [\n      [0, -1],\n      [1, 0]\n    ]\n  ]');
  });

  it('says where the JSON syntax is broken', () => {
    const text = jsonText().replace('"k": 3,', '"k": 3,,');
    const line = text.split('\n').findIndex((l) => l.includes('"k": 3,,')) + 1;
    expect(() => readBasisExport(text, 'so3.json')).toThrow(new RegExp(`^so3\\.json: not valid JSON at line ${line}, column 10`));
  });

  it('rejects other documents and newer versions by name', () => {
    expect(() => readBasisExport('{"basis": [[[0]]]}', 'b.json')).toThrow('b.json: not a SEMoLA basis export (expected "kind": "semola.basis-export", got null)');
    expect(() => readBasisExport(edited((d) => (d.schemaVersion = 2)), 'b.json')).toThrow('b.json: schemaVersion 2 is not readable by this version, which reads 1');
  });

  it('names the field and index of a wrong type', () => {
    expect(() => readBasisExport(edited((d) => ((d.basis as number[][][])[1]![2]![0] = 'x' as unknown as number)), 'b.json')).toThrow(
      /^b\.json: basis\[1\]\[2\]\[0\]: Invalid input: expected number, received string$/,
    );
    expect(() => readBasisExport(edited((d) => ((d.provenance as Record<string, unknown>).seed = null)), 'b.json')).toThrow(/^b\.json: provenance\.seed: /);
  });

  it('rejects mismatched shapes with the offending generator', () => {
    expect(() => readBasisExport(edited((d) => (d.basis as number[][][])[1]!.pop()), 'b.json')).toThrow('b.json: basis[1] is 2 x 3; every generator must be square (d x d)');
    expect(() => readBasisExport(edited((d) => ((d.strengths as number[]).length = 2)), 'b.json')).toThrow('b.json: strengths has 2 entries, expected 3 (one per generator)');
    expect(() => readBasisExport(edited((d) => (d.k = 4)), 'b.json')).toThrow('b.json: header says k = 4, d = 3, but the basis holds 3 generators of 3 x 3');
  });
});
