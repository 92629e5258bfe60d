import { describe, expect, it } from 'vitest';
import { actOnPoints, actOnVector, combine, expm, maxAbs } from '../../src-renderer/src/lib/matrix';
import { frameOf, project } from '../../src-renderer/src/lib/projection';

const rotZ = [
  [0, -1, 0],
  [1, 0, 0],
  [0, 0, 0],
];

describe('group elements in the renderer', () => {
  it('exp(t L) of the so(3) z generator is the rotation by t', () => {
    for (const t of [0, 0.3, 1, Math.PI, 7.5]) {
      const g = expm(combine([rotZ], [t]));
      const want = [
        [Math.cos(t), -Math.sin(t), 0],
        [Math.sin(t), Math.cos(t), 0],
        [0, 0, 1],
      ];
      g.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 10)));
    }
  });

  it('a homogeneous translation generator moves points and leaves shapes alone', () => {
    const tx = [
      [0, 0, 0, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    const moved = actOnPoints(expm(combine([tx], [2.5])), [
      [0, 0, 0],
      [1, 1, 1],
    ]);
    expect(moved[0]![0]).toBeCloseTo(2.5, 12);
    expect(moved[1]).toEqual([expect.closeTo(3.5, 12), expect.closeTo(1, 12), expect.closeTo(1, 12)]);
  });

  it('acts on every block of a vector row alike and finds the shared colour range', () => {
    const g = expm(combine([[[0, -1], [1, 0]]], [Math.PI / 2]));
    const y = actOnVector(g, [1, 0, 0, 2]);
    [0, 1, -2, 0].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 10));
    expect(maxAbs([[[0, -3]], [[2, 1]]])).toBe(3);
  });

  it('projects a cloud about its centre and keeps a shared frame for transformed copies', () => {
    const pts = [
      [1, 0, 0],
      [-1, 0, 0],
    ];
    const frame = frameOf(pts);
    expect(frame).toEqual({ centre: [0, 0, 0], radius: 1 });
    const p = project(pts, { yaw: 0, pitch: 0, zoom: 1 }, 100, frame);
    expect(p[0]!.x).toBeCloseTo(90, 10);
    expect(p[1]!.x).toBeCloseTo(10, 10);
    const shifted = project([[3, 0, 0]], { yaw: 0, pitch: 0, zoom: 1 }, 100, frame);
    expect(shifted[0]!.x).toBeCloseTo(170, 10);
  });
});
