/**
 * Loss-curve helpers: exponential smoothing with bias correction (the first points are not pulled
 * towards zero) and min/max downsampling for drawing long series.
 */

/**
 * Debiased exponential moving average: s_t = w s_{t-1} + (1 - w) x_t, divided by 1 - w^t.
 * A constant series comes back unchanged (bit for bit), non-finite values pass through without
 * entering the average, and weight 0 is the identity.
 */
export function smoothSeries(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new Error(`smoothing weight must be in [0, 1), got ${weight}`);
  const finite = values.filter((v) => Number.isFinite(v));
  if (weight === 0 || finite.length === 0 || finite.every((v) => v === finite[0])) return values.slice();
  const out: number[] = [];
  let average = 0;
  let steps = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      out.push(v);
      continue;
    }
    steps += 1;
    average = weight * average + (1 - weight) * v;
    out.push(average / (1 - weight ** steps));
  }
  return out;
}

/**
 * At most about `maxPoints` points of (x, y), keeping the first and the last point and, in every
 * bucket, the lowest and the highest value (so spikes and dips survive), in x order.
 */
export function downsampleMinMax(xs: readonly number[], ys: readonly number[], maxPoints: number): { xs: number[]; ys: number[] } {
  if (xs.length !== ys.length) throw new Error(`downsample: ${xs.length} x values for ${ys.length} y values`);
  const n = xs.length;
  if (n <= maxPoints || maxPoints < 4) return { xs: xs.slice(), ys: ys.slice() };
  const buckets = Math.floor((maxPoints - 2) / 2);
  const keep = new Set<number>([0, n - 1]);
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = ys[i]!;
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < ys[lo]!) lo = i;
      if (hi < 0 || v > ys[hi]!) hi = i;
    }
    if (lo >= 0) keep.add(lo);
    if (hi >= 0) keep.add(hi);
  }
  const order = [...keep].sort((a, b) => a - b);
  return { xs: order.map((i) => xs[i]!), ys: order.map((i) => ys[i]!) };
}
