/**
 * The ten digits as pen strokes (polylines) in image-plane coordinates (u right, v down), about
 * 0.8 wide and 1.2 tall around the origin: a small hand-made stroke font for the `rotated-digits`
 * built-in. 9 is 6 turned by half a turn, so the two are one shape under full rotation, as in
 * rotated MNIST.
 */
export type Stroke = [number, number][];

/** Points along the ellipse (cx + rx cos a, cy + ry sin a) from angle a0 to a1 (either direction). */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, steps = 14): Stroke {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = a0 + ((a1 - a0) * i) / steps;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });
}

const PI = Math.PI;

const SIX: Stroke[] = [arc(0.04, 0.06, 0.38, 0.62, -1.1, -PI - 0.45), arc(0, 0.3, 0.33, 0.3, 0, 2 * PI, 20)];

export const DIGIT_STROKES: readonly Stroke[][] = [
  [arc(0, 0, 0.38, 0.6, 0, 2 * PI, 24)],
  [[[-0.15, -0.4], [0.05, -0.6], [0.05, 0.6]]],
  [[...arc(0, -0.28, 0.34, 0.32, PI, 2 * PI + 0.5), [-0.38, 0.6], [0.4, 0.6]]],
  [arc(0, -0.3, 0.32, 0.28, PI + 0.4, 2 * PI + PI / 2), arc(0, 0.3, 0.36, 0.3, -PI / 2, PI - 0.4)],
  [[[0.15, 0.6], [0.15, -0.6], [-0.4, 0.2], [0.42, 0.2]]],
  [[[0.35, -0.6], [-0.28, -0.6], [-0.3, -0.06]], arc(0, 0.25, 0.36, 0.33, -2.3, 2.8)],
  SIX,
  [[[-0.4, -0.6], [0.4, -0.6], [-0.08, 0.6]]],
  [arc(0, -0.33, 0.27, 0.27, 0, 2 * PI, 18), arc(0, 0.3, 0.33, 0.3, 0, 2 * PI, 20)],
  SIX.map((s) => s.map(([u, v]): [number, number] => [-u, -v])),
];
