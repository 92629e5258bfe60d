/**
 * A log axis the reader can read: bounded by the data's meaningful range (a term near 1e-16 must
 * not stretch it over twenty decades) and labelled with whole powers of ten ("1e-4", "0.01", "10").
 * The charts plot log10(value) on a linear axis with these bounds, so the ticks are exactly these.
 */

export interface LogAxis {
  /** Bounds and tick step in decades (exponents of ten). */
  min: number;
  max: number;
  interval: number;
  /** Tick exponents from min to max, and their labels. */
  ticks: number[];
  labels: string[];
  /** Some plotted values lie below the axis (they run off the bottom). */
  clipped: boolean;
}

/** Decades shown below the largest value: enough for a loss falling 10^6-fold, not for round-off. */
export const MAX_DECADES = 8;
/** At most about this many labels on the axis. */
const MAX_TICKS = 7;

/** 10^e as a short label: plain decimals from 0.01 to 1000, "1e-4" / "1e5" beyond. */
export function powerLabel(exponent: number): string {
  if (exponent >= -2 && exponent <= 3) return String(Number((10 ** exponent).toPrecision(1)));
  return `1e${exponent}`;
}

/** The axis for the positive finite values among `values` (others cannot be drawn on a log axis). */
export function logAxisRange(values: Iterable<number>, maxDecades = MAX_DECADES): LogAxis {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi === -Infinity) return axis(-1, 0, 1, false);
  const top = Math.ceil(Math.log10(hi) - 1e-9);
  const floorValue = Math.max(lo, hi * 10 ** -maxDecades);
  let bottom = Math.floor(Math.log10(floorValue) + 1e-9);
  if (bottom >= top) bottom = top - 1;
  const interval = Math.max(1, Math.ceil((top - bottom) / (MAX_TICKS - 1)));
  // Counted down from the top decade, so the largest values sit just under the top tick.
  const min = top - Math.ceil((top - bottom) / interval) * interval;
  return axis(min, top, interval, lo < 10 ** min * (1 - 1e-9));
}

function axis(min: number, max: number, interval: number, clipped: boolean): LogAxis {
  const ticks: number[] = [];
  for (let e = min; e <= max; e += interval) ticks.push(e);
  return { min, max, interval, ticks, labels: ticks.map(powerLabel), clipped };
}
