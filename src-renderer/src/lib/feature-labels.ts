/**
 * Names for the d rows and columns of a generator (d x d, acting on the input features): the
 * dataset's input names when they are the d features, the coordinates for points and images
 * (u = column, v = row), x1..xd otherwise.
 */
export function featureLabels(d: number, inputNames: readonly string[], layout: { kind: string; d: number } | null): string[] {
  if (layout?.kind === 'points' && (d === 3 || d === 4)) return ['x', 'y', 'z', '1'].slice(0, d);
  if (layout?.kind === 'image' && d === 3) return ['u', 'v', '1'];
  // vector:D acts on each block of D features: the first block's names stand for every block.
  if (inputNames.length >= d && inputNames.length % d === 0) {
    const names = inputNames.slice(0, d);
    if (new Set(names).size === d) return [...names];
  }
  return Array.from({ length: d }, (_, i) => `x${i + 1}`);
}
