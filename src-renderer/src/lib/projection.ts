/** A rotatable orthographic view of a 3-D point cloud, drawn on a 2-D canvas or SVG. */

export interface ViewAngles {
  /** Rotation about the vertical axis, radians. */
  yaw: number;
  /** Rotation about the horizontal axis, radians. */
  pitch: number;
  zoom: number;
}

export interface Frame {
  centre: [number, number, number];
  radius: number;
}

/** The centroid and the radius around it: pass one frame for a cloud and its transforms, so motion shows. */
export function frameOf(points: readonly (readonly number[])[]): Frame {
  if (points.length === 0) return { centre: [0, 0, 0], radius: 1 };
  const centre = [0, 1, 2].map((axis) => points.reduce((s, p) => s + p[axis]!, 0) / points.length) as [number, number, number];
  let radius = 1e-9;
  for (const p of points) radius = Math.max(radius, Math.hypot(p[0]! - centre[0], p[1]! - centre[1], p[2]! - centre[2]));
  return { centre, radius };
}

/** Screen coordinates (x right, y down) and depth of each point in `frame` (default: the cloud's own). */
export function project(points: readonly (readonly number[])[], view: ViewAngles, size: number, frame: Frame = frameOf(points)): { x: number; y: number; depth: number }[] {
  if (points.length === 0) return [];
  const { centre, radius } = frame;
  const scale = (view.zoom * size * 0.4) / radius;
  const [cy, sy, cp, sp] = [Math.cos(view.yaw), Math.sin(view.yaw), Math.cos(view.pitch), Math.sin(view.pitch)];
  return points.map((p) => {
    const x0 = p[0]! - centre[0]!;
    const y0 = p[1]! - centre[1]!;
    const z0 = p[2]! - centre[2]!;
    const x1 = cy * x0 + sy * z0;
    const z1 = -sy * x0 + cy * z0;
    const y2 = cp * y0 - sp * z1;
    const z2 = sp * y0 + cp * z1;
    return { x: size / 2 + scale * x1, y: size / 2 - scale * y2, depth: z2 };
  });
}
