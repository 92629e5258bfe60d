import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src-main/engine/config';
import { exportBasis, exportInputFromSummary, readBasisExport, type ExportInput, type SummaryForExport } from '../../src-main/export';
import type { Summary } from '../../src-main/summary/schema';
import { decode, SO3 } from './fixtures';

// The Summary `semola train --out` writes must be accepted as it is (checked by the type checker).
export const fromTrainSummary: (s: Summary) => ExportInput = (s) => exportInputFromSummary(s, { runId: null, datasetHash: null });

const CONFIG = { ...DEFAULT_CONFIG, k: 3, seed: 11 };

function summary(over: Partial<SummaryForExport> = {}): SummaryForExport {
  return {
    app: { version: '0.1.0' },
    dataset: { layout: { kind: 'vector', d: 3, blocks: 2 }, inputs: ['x0', 'y0', 'z0', 'x1', 'y1', 'z1'], contentHash: 'sha256:feed' },
    config: CONFIG,
    basis: SO3,
    run: { id: 12 },
    ...over,
  };
}

describe('exportInputFromSummary', () => {
  it('takes the basis, layout, feature order, mask and provenance from a train summary', () => {
    const input = exportInputFromSummary(summary(), { createdAt: '2026-03-04T05:06:07.000Z' });
    expect(input.basis).toBe(SO3);
    expect(input.layout).toEqual({ kind: 'vector', d: 3, blocks: 2 });
    expect(input.featureNames).toEqual(['x0', 'y0', 'z0', 'x1', 'y1', 'z1']);
    expect(input.mask).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(input.normalisation).toBe('per-generator frobenius: each generator has norm sqrt(d) = 1.732');
    expect(input.strengths).toBeNull();
    expect(input.algebra).toBeNull();
    expect(input.verdict).toBeNull();
    expect(input.provenance).toEqual({
      runId: '12',
      config: summary().config,
      seed: 11,
      datasetHash: 'sha256:feed',
      appVersion: '0.1.0',
      createdAt: '2026-03-04T05:06:07.000Z',
    });
    // And it exports and reads back.
    expect(readBasisExport(decode(exportBasis('json', input).bytes))).toEqual(input);
  });

  it('prefers the ids it is given and carries the optional analysis fields', () => {
    const algebra = { structureConstants: [[[0]]], closureResidual: 0, bestMatch: { name: 'so(2)', similarity: 1 }, description: 'one rotation' };
    const verdict = { symmetryFound: true, name: 'so(2)', similarity: 0.99, reason: 'matches' };
    const J = [
      [0, -1, 0],
      [1, 0, 0],
      [0, 0, 0],
    ];
    const s = summary({ basis: [J], strengths: [0.8], algebra, verdict, config: { ...DEFAULT_CONFIG, mask: { name: 'blocks2' }, normalization: 'joint', scale: 2, seed: 1 } });
    s.dataset = { layout: { kind: 'vector', d: 4, blocks: 1 }, inputs: ['a', 'b', 'c', 'd'] };
    s.basis = [J.map((r) => [...r, 0]).concat([[0, 0, 0, 0]])];
    const input = exportInputFromSummary(s, { runId: 'r7', datasetHash: null, appVersion: '9.9.9' });
    expect(input.provenance).toMatchObject({ runId: 'r7', datasetHash: null, appVersion: '9.9.9', seed: 1 });
    expect(input.mask).toEqual([
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ]);
    expect(input.normalisation).toBe('joint frobenius: all k generators together have norm sqrt(k) * 2');
    expect(input.strengths).toEqual([0.8]);
    expect(input.algebra).toBe(algebra);
    expect(input.verdict).toBe(verdict);
  });

  it('carries the units of the data into the JSON export and reads them back', () => {
    const units = { source: 'ASE convention', positions: 'Angstrom', targets: { energy: 'eV', gap: null } };
    const input = exportInputFromSummary(summary({ dataset: { ...summary().dataset, units } }), { createdAt: '2026-03-04T05:06:07.000Z' });
    expect(input.units).toEqual(units);
    const doc = JSON.parse(new TextDecoder().decode(exportBasis('json', input).bytes)) as { units: unknown };
    expect(doc.units).toEqual(units);
    expect(readBasisExport(decode(exportBasis('json', input).bytes))).toEqual(input);
    expect(exportInputFromSummary(summary(), {}).units).toBeUndefined();
  });

  it('zeroes the last mask row for homogeneous points (points:4)', () => {
    const s = summary({ dataset: { layout: { kind: 'points', d: 4, maxPoints: 9 }, inputs: [] }, basis: [Array.from({ length: 4 }, () => [0, 0, 0, 1]).map((r, i) => (i === 3 ? [0, 0, 0, 0] : r))] });
    expect(exportInputFromSummary(s, {}).mask![3]).toEqual([0, 0, 0, 0]);
  });

  it('refuses a run without a learned basis', () => {
    expect(() => exportInputFromSummary(summary({ basis: [], config: { ...DEFAULT_CONFIG, method: 'plain' } }), {})).toThrow(
      'this run learned no basis (method plain); there is nothing to export',
    );
  });
});
