/** Exports carry the algebra analysis as the analysis module produces it (readable basis included). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { parse as parseNpy } from 'npyjs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeAlgebra } from '../../src-main/engine/lie/algebra/index';
import { exportBasis, latexDocument, readBasisExport, type ExportInput } from '../../src-main/export';
import { decode, SO3, so3Input } from './fixtures';
import { assertBalanced, matrixValues, pmatrices } from './latex-structure';

const hasPdflatex = spawnSync('pdflatex', ['--version'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'semola-analysis-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A learned-looking so(3) basis: the generators mixed by a fixed matrix, plus a small deterministic blur. */
const MIX = [
  [0.8, 0.6, 0],
  [-0.6, 0.8, 0.1],
  [0, 0.1, 1],
];
const learned = MIX.map((m, i) => SO3[0]!.map((row, r) => row.map((_, c) => SO3.reduce((s, L, j) => s + m[j]! * L[r]![c]!, 0.01 * Math.sin(10 * i + 3 * r + c)))));

function analysedInput(): ExportInput {
  const input = so3Input();
  input.basis = learned;
  delete input.rawBasis;
  input.algebra = analyzeAlgebra(learned, input.layout);
  return input;
}

describe('exports with an algebra analysis', () => {
  it('the analysis recognises so(3) with a readable basis (the premise of the checks below)', () => {
    const a = analysedInput().algebra!;
    expect(a.bestMatch?.name).toBe('so(3)');
    expect(a.canonical?.basis).toHaveLength(3);
  });

  it('JSON keeps structure constants, best match and readable basis, and reads them back', () => {
    const input = analysedInput();
    const a = input.algebra!;
    const back = readBasisExport(decode(exportBasis('json', input).bytes));
    expect(back.algebra).toEqual({
      structureConstants: a.structureConstants,
      closureResidual: a.closureResidual,
      bestMatch: { name: 'so(3)', similarity: a.bestMatch!.similarity },
      description: a.description,
      canonical: a.canonical,
    });
    expect(back.basis).toEqual(learned);
  });

  it('npz adds the readable basis as canonical_basis [r, d, d]', () => {
    const input = analysedInput();
    const members = unzipSync(exportBasis('npz', input, { dtype: 'float64' }).bytes);
    const canonical = parseNpy(members['canonical_basis.npy']!.slice().buffer);
    expect(canonical.shape).toEqual([3, 3, 3]);
    expect(Array.from(canonical.data as Float64Array)).toEqual(input.algebra!.canonical!.basis.flat(2));
  });

  it('LaTeX shows generators, readable basis and group element, and compiles', () => {
    const input = analysedInput();
    const tex = latexDocument(input);
    assertBalanced(tex);
    const mats = pmatrices(tex);
    expect(mats).toHaveLength(3 + 3 + 1);
    const canonical = input.algebra!.canonical!.basis;
    mats.slice(3, 6).forEach((m, i) =>
      matrixValues(m).forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - canonical[i]![r]![c]!)).toBeLessThanOrEqual(0.0005 + 1e-12))),
    );
    expect(tex).toContain('\\paragraph{Readable basis.}');
    if (hasPdflatex) {
      writeFileSync(path.join(dir, 'analysed.tex'), tex);
      const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'analysed.tex'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stdout.slice(-2000)).toBe(0);
    }
  });
});
