/**
 * Rotated digits, the workbench's stand-in for rotated MNIST (the SEMoLA paper's image experiment):
 * the ten digits of a small stroke font (image/digit-strokes.ts), each sample with its own size,
 * slant, aspect, offset, pen width and wobble, turned by a random angle and drawn at 28 x 28.
 * `split=id`: train and test angles uniform over the full turn; `split=ood`: train within
 * +-trainAngle degrees, test outside it (up to 180 degrees). The label is the digit, invariant to
 * the turn; the reference basis is the rotation of the image plane.
 */
import type { Dataset } from '../dataset';
import { Rng } from '../random';
import type { Stroke } from '../image/digit-strokes';
import { DIGIT_STROKES } from '../image/digit-strokes';
import { imageDataset, type LabelledImages } from '../image/image-set';
import { drawStrokes } from '../image/raster';
import type { BuiltinParam } from './params';

export const SPLIT_CHOICES = ['id', 'ood'] as const;

export const ROTATED_DIGITS_PARAMS: BuiltinParam[] = [
  { name: 'samples', kind: 'int', default: 2000, min: 20, max: 200000, description: 'training images' },
  { name: 'testSamples', kind: 'int', default: 500, min: 10, max: 100000, description: 'test images' },
  { name: 'split', kind: 'int', default: 0, min: 0, max: 1, choices: [...SPLIT_CHOICES], description: 'id: angles over the full turn for train and test; ood: train within +-trainAngle, test outside' },
  { name: 'trainAngle', kind: 'number', default: 45, min: 1, max: 179, description: 'split=ood: training angles within +- this many degrees, test angles beyond it' },
  { name: 'size', kind: 'int', default: 28, min: 8, max: 64, description: 'image side in pixels' },
  { name: 'seed', kind: 'int', default: 0, min: 0, max: 4294967295, description: 'random seed' },
];

/** The rotation of the image plane, in the image layout's homogeneous (u, v, 1) coordinates. */
export const IMAGE_ROTATION: number[][] = [
  [0, -1, 0],
  [1, 0, 0],
  [0, 0, 0],
];

/** One digit's strokes with this sample's style, turned by `angle` (radians, counter-clockwise in (u, v)). */
function styledStrokes(digit: number, angle: number, rng: Rng): { strokes: Stroke[]; pen: number } {
  const scale = rng.uniform(0.95, 1.15);
  const aspect = rng.uniform(0.85, 1.15);
  const slant = rng.uniform(-0.25, 0.25);
  const [du, dv] = [rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05)];
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const strokes = DIGIT_STROKES[digit]!.map((stroke) =>
    stroke.map(([u, v]): [number, number] => {
      const wu = u + rng.uniform(-0.025, 0.025);
      const wv = v + rng.uniform(-0.025, 0.025);
      const x = scale * aspect * (wu - slant * wv) + du;
      const y = scale * wv + dv;
      return [c * x - s * y, s * x + c * y];
    }),
  );
  return { strokes, pen: rng.uniform(0.12, 0.18) };
}

/** Angles in radians: uniform on [-max, max], or with |angle| uniform on (min, 180 degrees]. */
function drawAngle(rng: Rng, range: { within: number } | { beyond: number }): number {
  if ('within' in range) return rng.uniform(-range.within, range.within);
  const size = rng.uniform(range.beyond, Math.PI);
  return rng.next() < 0.5 ? -size : size;
}

export function renderDigits(n: number, size: number, rng: Rng, range: { within: number } | { beyond: number }): LabelledImages & { angles: Float64Array } {
  const pixels = new Float32Array(n * size * size);
  const labels = new Int32Array(n);
  const angles = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const digit = rng.int(10);
    const angle = drawAngle(rng, range);
    const { strokes, pen } = styledStrokes(digit, angle, rng);
    drawStrokes(strokes, pen, size, size, pixels, i * size * size);
    labels[i] = digit;
    angles[i] = angle;
  }
  return { n, height: size, width: size, channels: 1, pixels, labels, angles, classNames: Array.from({ length: 10 }, (_, d) => String(d)) };
}

export function makeRotatedDigitsDataset(p: Record<string, number>, name: string, source: string): Dataset {
  const ood = SPLIT_CHOICES[p.split ?? 0] === 'ood';
  const trainAngle = ((p.trainAngle ?? 45) * Math.PI) / 180;
  const size = p.size ?? 28;
  const seed = p.seed ?? 0;
  const train = renderDigits(p.samples ?? 2000, size, new Rng(seed), ood ? { within: trainAngle } : { within: Math.PI });
  const test = renderDigits(p.testSamples ?? 500, size, new Rng(seed + 7919), ood ? { beyond: trainAngle } : { within: Math.PI });
  const ds = imageDataset({
    name,
    source,
    train,
    trainLabel: name,
    test,
    testLabel: `${name} (test)`,
    notes: [
      'Digits drawn from a stroke font with a random size, slant, aspect, offset, pen width and wobble per image; 6 and 9 are one shape turned by half a turn.',
      ood
        ? `Out of distribution: training images turned within +-${p.trainAngle ?? 45} degrees, test images beyond it (up to 180 degrees either way).`
        : 'In distribution: training and test images turned uniformly over the full turn.',
      'Reference: the rotation of the image plane [[0, -1, 0], [1, 0, 0], [0, 0, 0]] in (u, v, 1).',
    ],
  });
  return { ...ds, referenceBasis: [IMAGE_ROTATION] };
}
