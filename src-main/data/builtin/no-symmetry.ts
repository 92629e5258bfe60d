/**
 * A control with no symmetry at all: x ~ N(0, I_4) and y a fixed random tanh network of x plus a
 * linear part. No linear vector field leaves it unchanged, so no Lie group does; the teacher's
 * weights come from a fixed stream (the `seed` parameter only draws the samples).
 */
import type { Dataset } from '../dataset';
import { Rng } from '../random';
import type { BuiltinParam } from './params';
import { SAMPLES_PARAM, SEED_PARAM, syntheticDataset } from './synthetic';

export const NO_SYMMETRY_PARAMS: BuiltinParam[] = [SAMPLES_PARAM, SEED_PARAM];

const DIM = 4;
const HIDDEN = 16;

interface Teacher {
  w: number[][];
  b: number[];
  a: number[];
  c: number[];
}

function makeTeacher(): Teacher {
  const rng = new Rng(20_240_611);
  return {
    w: Array.from({ length: HIDDEN }, () => Array.from({ length: DIM }, () => rng.normal())),
    b: Array.from({ length: HIDDEN }, () => rng.normal()),
    a: Array.from({ length: HIDDEN }, () => rng.normal() / Math.sqrt(HIDDEN)),
    c: Array.from({ length: DIM }, () => 0.5 * rng.normal()),
  };
}

const TEACHER = makeTeacher();

export function noSymmetryTarget(x: number[]): number {
  let y = 0;
  for (let h = 0; h < HIDDEN; h++) {
    const pre = TEACHER.w[h]!.reduce((s, w, j) => s + w * x[j]!, TEACHER.b[h]!);
    y += TEACHER.a[h]! * Math.tanh(pre);
  }
  return y + TEACHER.c.reduce((s, c, j) => s + c * x[j]!, 0);
}

export function makeNoSymmetryDataset(p: Record<string, number>, name: string, source: string): Dataset {
  return syntheticDataset({
    name,
    source,
    d: DIM,
    blocks: 1,
    inputNames: ['x1', 'x2', 'x3', 'x4'],
    samples: p.samples ?? 4000,
    seed: p.seed ?? 0,
    f: noSymmetryTarget,
    notes: [
      `x ~ N(0, I_${DIM}), y = a . tanh(W x + b) + c . x with fixed random W (${HIDDEN} x ${DIM}), b, a, c: a function with no symmetry.`,
      'No reference basis: the right answer is "no symmetry found".',
    ],
  });
}
