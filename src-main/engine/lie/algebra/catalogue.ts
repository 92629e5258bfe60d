/**
 * The catalogue of known Lie algebras a learned basis is compared with, per feature layout. Each
 * algebra is data (as in EMLP's groups.py): a basis [dim][d][d] acting on column vectors in the
 * input feature order, in the same layout as the learned generators, plus the signature its
 * Killing form must have (checked by the tests, so a wrong basis cannot hide here).
 */
import type { FeatureLayout } from '../../../data/dataset';
import { subspaceSimilarity } from '../../evaluation/metrics/reference';
import {
  boost,
  generalLinear,
  placeBlock,
  repeatBlock,
  rotation,
  rotations,
  scaling,
  sl2,
  translations,
  unit,
  type Generator,
} from './generators';

export interface KillingSignature {
  positive: number;
  negative: number;
  zero: number;
}

export interface KnownAlgebra {
  /** Short unique name within a layout, e.g. `so(3)`, `so(2) on every 2-vector`. */
  name: string;
  /** What it does, in words: "rotations of every point about the origin". */
  description: string;
  dim: number;
  /** [dim][d][d] */
  basis: number[][][];
  /** Signature of the Killing form (a property of the algebra, independent of the basis). */
  killingSignature: KillingSignature;
}

type Signature = [positive: number, negative: number, zero: number];

function algebra(name: string, description: string, basis: Generator[], [positive, negative, zero]: Signature): KnownAlgebra {
  return { name, description, dim: basis.length, basis, killingSignature: { positive, negative, zero } };
}

const J: Generator = [
  [0, -1],
  [1, 0],
];
const I2: Generator = [
  [1, 0],
  [0, 1],
];

/** so(n), n >= 2: abelian for n = 2, negative definite (compact semisimple) from n = 3. */
function soSignature(n: number): Signature {
  return n === 2 ? [0, 0, 1] : [0, (n * (n - 1)) / 2, 0];
}

/**
 * Affine algebras of n-dimensional points in homogeneous coordinates (d = n + 1, last row of every
 * generator 0, so g keeps [0, ..., 0, 1] as its last row). `what` names the points acted on.
 */
function homogeneous(n: number, what: string): KnownAlgebra[] {
  const d = n + 1;
  const rot = rotations(n, d);
  const trans = translations(n);
  const dil = scaling(d, n);
  const rotNeg = (n * (n - 1)) / 2;
  const out = [
    algebra(`se(${n})`, `rigid motions (rotations and translations) of ${what}`, [...rot, ...trans], [0, rotNeg, n]),
    algebra(`so(${n}) about the origin`, `rotations of ${what} about the origin`, rot, soSignature(n)),
    algebra(`t(${n})`, `translations of ${what}`, trans, [0, 0, n]),
    algebra('scaling about the origin', `uniform scaling about the origin of ${what}`, [dil], [0, 0, 1]),
    algebra(`sim(${n})`, `rotations, translations and uniform scaling of ${what}`, [...rot, ...trans, dil], [1, rotNeg, n]),
    // Killing form of gl(n) + R^n: (2n + 1) tr(AB) - 2 tr(A) tr(B) on the linear part, 0 on translations.
    algebra(`aff(${n})`, `all affine maps of ${what}`, [...generalLinear(n, d), ...trans], [(n * (n + 1)) / 2, rotNeg, n]),
  ];
  if (n === 3) {
    out.push(
      algebra('so(2) about z', `rotations about the z axis through the origin of ${what}`, [rotation(d, 0, 1)], [0, 0, 1]),
      algebra('se(2) in the x-y plane', `rotations about the z axis and translations in the x-y plane of ${what}`, [rotation(d, 0, 1), unit(d, 0, 3), unit(d, 1, 3)], [0, 1, 2]),
    );
  }
  return out;
}

/** Linear algebras of 3-D points (points:3). */
function points3(): KnownAlgebra[] {
  return [
    algebra('so(3)', 'rotations of every point about the origin', rotations(3), [0, 3, 0]),
    algebra('so(2) about z', 'rotations of every point about the z axis', [rotation(3, 0, 1)], [0, 0, 1]),
    algebra('so(2) about x', 'rotations of every point about the x axis', [rotation(3, 1, 2)], [0, 0, 1]),
    algebra('so(2) about y', 'rotations of every point about the y axis', [rotation(3, 2, 0)], [0, 0, 1]),
    algebra('scaling', 'uniform scaling of every point about the origin', [scaling(3)], [0, 0, 1]),
    algebra('so(3) + scaling', 'rotations and uniform scaling of every point about the origin', [...rotations(3), scaling(3)], [0, 3, 1]),
  ];
}

/** Algebras acting alike on every block of d features (vector layout). */
function vectorBlock(d: number): KnownAlgebra[] {
  const out: KnownAlgebra[] = [];
  const block = `each block of ${d} features`;
  if (d >= 2) out.push(algebra(`so(${d})`, `rotations of ${block}`, rotations(d), soSignature(d)));
  if (d === 3) {
    const planes: [number, number][] = [
      [0, 1],
      [1, 2],
      [0, 2],
    ];
    for (const [i, j] of planes) {
      const note = i === 0 && j === 1 ? '; in homogeneous 2-D coordinates, rotations about the origin' : '';
      out.push(algebra(`so(2) in features ${i + 1}-${j + 1}`, `rotations in the plane of features ${i + 1} and ${j + 1} of ${block}, the third fixed${note}`, [rotation(3, i, j)], [0, 0, 1]));
    }
  }
  if (d % 2 === 0 && d >= 4) {
    out.push(algebra('so(2) on every 2-vector', `one rotation applied alike to every pair of features (1-2, 3-4, ...) of ${block}`, [repeatBlock(J, d)], [0, 0, 1]));
    const independent = Array.from({ length: d / 2 }, (_, b) => placeBlock(J, d, 2 * b));
    out.push(algebra(`so(2)^${d / 2}`, `independent rotations of every pair of features (1-2, 3-4, ...) of ${block}`, independent, [0, 0, d / 2]));
  }
  if (d % 3 === 0 && d >= 6) {
    out.push(algebra('so(3) on every 3-vector', `one rotation applied alike to every triple of features (1-3, 4-6, ...) of ${block}`, rotations(3).map((r) => repeatBlock(r, d)), [0, 3, 0]));
  }
  if (d % 2 === 0) {
    const every = d === 2 ? '' : ' on every 2-vector';
    const pairs = d === 2 ? block : `every pair of features (1-2, 3-4, ...) of ${block}, alike`;
    out.push(algebra(`sl(2)${every}`, `area-preserving linear maps of ${pairs}`, sl2().map((g) => repeatBlock(g, d)), [2, 1, 0]));
    out.push(algebra(`so(2) + scaling${every}`, `rotations and uniform scaling of ${pairs}`, [repeatBlock(J, d), repeatBlock(I2, d)], [0, 0, 2]));
  }
  out.push(algebra('scaling', `uniform scaling of ${block}`, [scaling(d)], [0, 0, 1]));
  if (d >= 3) out.push(algebra(`so(${d}) + scaling`, `rotations and uniform scaling of ${block}`, [...rotations(d), scaling(d)], [0, (d * (d - 1)) / 2, 1]));
  if (d >= 2 && d <= 4) {
    // so(1, n): the Killing form is (n - 1) tr(XY): positive on the n boosts, negative on the rotations.
    const n = d - 1;
    const spatial = rotations(n).map((r) => placeBlock(r, d, 1));
    const basis = [...Array.from({ length: n }, (_, i) => boost(d, i + 1)), ...spatial];
    const sig: Signature = n === 1 ? [0, 0, 1] : [n, (n * (n - 1)) / 2, 0];
    out.push(algebra(`so(1,${n})`, `Lorentz ${n === 1 ? 'boosts' : 'boosts and rotations'} of ${block}, time first (feature 1 = ct)`, basis, sig));
  }
  if (d === 3 || d === 4) out.push(...homogeneous(d - 1, `${block} as homogeneous ${d - 1}-D coordinates (last feature = 1)`));
  return out;
}

/**
 * The image plane in homogeneous normalised pixel coordinates (u, v, 1), u the column and v the
 * row about the centre: its one-parameter motions by name, then the affine algebras of 2-D points.
 */
function imagePlane(): KnownAlgebra[] {
  const one: Signature = [0, 0, 1];
  return [
    algebra('rotation of the image plane', 'turns of the image about its centre', [rotation(3, 0, 1)], one),
    algebra('uniform scaling of the image', 'zooming the image about its centre', [scaling(3, 2)], one),
    algebra('horizontal scaling', 'stretching the image along its rows (u)', [unit(3, 0, 0)], one),
    algebra('vertical scaling', 'stretching the image along its columns (v)', [unit(3, 1, 1)], one),
    algebra('horizontal shear', 'shifting each row sideways in proportion to its height (u += t v)', [unit(3, 0, 1)], one),
    algebra('vertical shear', 'shifting each column in proportion to its position (v += t u)', [unit(3, 1, 0)], one),
    algebra('horizontal translation', 'shifting the image along its rows (u)', [unit(3, 0, 2)], one),
    algebra('vertical translation', 'shifting the image along its columns (v)', [unit(3, 1, 2)], one),
    ...homogeneous(2, 'the image plane'),
  ];
}

/** Entries whose span equals an earlier one's are dropped: the first name is the one reported. */
function withoutDuplicates(list: KnownAlgebra[]): KnownAlgebra[] {
  const kept: KnownAlgebra[] = [];
  for (const a of list) {
    const same = kept.some((b) => b.dim === a.dim && subspaceSimilarity(a.basis, b.basis) > 1 - 1e-9);
    if (!same) kept.push(a);
  }
  return kept;
}

/** The known algebras acting in `layout` (same d, same action), in order of preference. */
export function knownAlgebras(layout: FeatureLayout): KnownAlgebra[] {
  if (layout.kind === 'points') return withoutDuplicates(layout.d === 3 ? points3() : homogeneous(3, 'every point'));
  if (layout.kind === 'image') return withoutDuplicates(imagePlane());
  if (!Number.isInteger(layout.d) || layout.d < 1) throw new Error(`knownAlgebras: the vector layout needs a block size d >= 1, got d = ${layout.d}`);
  return withoutDuplicates(vectorBlock(layout.d));
}
