/** Small export inputs with known algebras: so(2) on a plane, so(3) on 3-space. */
import type { ExportInput } from '../../src-main/export';

/** so(2) generator [[0, -1], [1, 0]]; its Frobenius norm is sqrt(2) = sqrt(d), so normalisation leaves it unchanged. */
export const J2 = [
  [0, -1],
  [1, 0],
];

/** so(3) basis L_x, L_y, L_z ([L_x, L_y] = L_z), each scaled to Frobenius norm sqrt(3) as the augmenter does. */
export const SO3_SCALE = Math.sqrt(3 / 2);
export const SO3 = [
  [
    [0, 0, 0],
    [0, 0, -1],
    [0, 1, 0],
  ],
  [
    [0, 0, 1],
    [0, 0, 0],
    [-1, 0, 0],
  ],
  [
    [0, -1, 0],
    [1, 0, 0],
    [0, 0, 0],
  ],
].map((L) => L.map((row) => row.map((v) => v * SO3_SCALE)));

/** c[i][j][l] of the scaled so(3) basis: [L_i, L_j] = eps_ijl L_l / SO3_SCALE. */
export function so3StructureConstants(): number[][][] {
  const c = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => [0, 0, 0]));
  const set = (i: number, j: number, l: number) => {
    c[i]![j]![l] = 1 / SO3_SCALE;
    c[j]![i]![l] = -1 / SO3_SCALE;
  };
  set(0, 1, 2);
  set(1, 2, 0);
  set(2, 0, 1);
  return c;
}

const ones = (d: number) => Array.from({ length: d }, () => new Array<number>(d).fill(1));

export function so2Input(): ExportInput {
  return {
    basis: [J2.map((r) => r.slice())],
    mask: ones(2),
    normalisation: 'per-generator frobenius',
    layout: { kind: 'vector', d: 2, blocks: 1 },
    featureNames: ['x', 'y'],
    strengths: null,
    algebra: null,
    verdict: null,
    provenance: { runId: null, config: null, seed: 0, datasetHash: null, appVersion: '0.0.0', createdAt: '2026-01-02T03:04:05.000Z' },
  };
}

/** so(3) with everything filled in: raw basis, strengths, algebra, verdict, provenance. */
export function so3Input(): ExportInput {
  return {
    basis: SO3.map((L) => L.map((r) => r.slice())),
    rawBasis: SO3.map((L, i) => L.map((r) => r.map((v) => v * 0.01 * (i + 1)))),
    mask: ones(3),
    normalisation: 'per-generator frobenius: each generator has norm sqrt(d)',
    layout: { kind: 'vector', d: 3, blocks: 1 },
    featureNames: ['x_1', 'y_1', 'z_1'],
    strengths: [0.93, 0.41, 0.07],
    algebra: {
      structureConstants: so3StructureConstants(),
      closureResidual: 2.5e-7,
      bestMatch: { name: 'so(3)', similarity: 0.998 },
      description: 'A 3-dimensional algebra that closes: [L_i, L_j] stays in the span (100% of the commutator norm).',
    },
    verdict: { symmetryFound: true, name: 'so(3)', similarity: 0.97, reason: 'Subspace similarity & action similarity agree; seeds #1-#3 match.' },
    provenance: {
      runId: 'run-2026-01-02/7',
      config: { k: 3, mask: { name: 'full' }, seed: 7, weights: { task: 1, equiv: 1 } },
      seed: 7,
      datasetHash: 'sha256:0f3a',
      appVersion: '0.1.0',
      createdAt: '2026-01-02T03:04:05.000Z',
    },
  };
}

export const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
