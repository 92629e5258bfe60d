/**
 * "Repeat with seeds" of the New run form: a list of seeds as `0,1,2`, `0-4` or both (`0-2, 7`),
 * one run per seed. Read before anything is sent, so a typo is named instead of starting runs.
 */

/** At most this many runs from one form (a larger study: a sweep). */
export const MAX_REPEAT_SEEDS = 20;

export type SeedList = { seeds: number[]; error: null } | { seeds: null; error: string };

/** The seeds of `text` in the order given; an empty text is no repeat (an empty list). */
export function parseSeedList(text: string): SeedList {
  const seeds: number[] = [];
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 1 && parts[0] === '') return { seeds: [], error: null };
  for (const part of parts) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from) return fail(`"${part}": a range goes from the smaller seed to the larger, e.g. ${to}-${from}`);
      if (to - from + 1 > MAX_REPEAT_SEEDS) return fail(`"${part}" is ${to - from + 1} seeds; at most ${MAX_REPEAT_SEEDS} runs at once (more: a sweep)`);
      for (let s = from; s <= to; s++) seeds.push(s);
    } else if (/^\d+$/.test(part)) seeds.push(Number(part));
    else if (part === '') return fail('an empty entry between commas; write seeds as 0,1,2 or 0-4');
    else return fail(`"${part}" is not a seed (a whole number ≥ 0) or a range like 0-4`);
  }
  if (!seeds.every((s) => Number.isSafeInteger(s))) return fail('a seed is too large');
  const repeated = seeds.filter((s, i) => seeds.indexOf(s) !== i);
  if (repeated.length > 0) return fail(`seed ${repeated[0]} is given twice; each seed makes one run`);
  if (seeds.length > MAX_REPEAT_SEEDS) return fail(`${seeds.length} seeds; at most ${MAX_REPEAT_SEEDS} runs at once (more: a sweep)`);
  return { seeds, error: null };
}

const fail = (error: string): SeedList => ({ seeds: null, error: `Repeat with seeds: ${error}` });
