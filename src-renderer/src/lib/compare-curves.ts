/**
 * What Compare draws: each compared run, or each seed group among them (runs differing only in the
 * seed, lib/seed-groups.ts), as one entry with one colour used by every chart and table of the
 * view; a group's curve is the mean over its runs with a min-max band.
 */
import type { RunSummary } from '../../../src-main/api/schemas';
import { PALETTE } from './charts';
import { seedGroupKey } from './seed-groups';

export interface CompareEntry {
  /** "run 3" or "runs 4, 5, 6 (seeds 0, 1, 2)". */
  label: string;
  runIds: number[];
  colour: string;
}

/** Entries in the order of their first run; a group needs at least two runs. */
export function compareEntries(runs: readonly RunSummary[]): CompareEntry[] {
  const byKey = new Map<string, RunSummary[]>();
  for (const r of runs) byKey.set(seedGroupKey(r), [...(byKey.get(seedGroupKey(r)) ?? []), r]);
  // A group's runs by seed, so its label reads "runs 4, 5, 6 (seeds 0, 1, 2)" whatever order they were picked in.
  return [...byKey.values()].map((group) => [...group].sort((a, b) => a.seed - b.seed)).map((members, i) => ({
    label: members.length === 1 ? `run ${members[0]!.id}` : `runs ${members.map((r) => r.id).join(', ')} (seeds ${members.map((r) => r.seed).join(', ')})`,
    runIds: members.map((r) => r.id),
    colour: PALETTE[i % PALETTE.length]!,
  }));
}

/** A run's colour: its entry's. */
export function colourOf(entries: readonly CompareEntry[], runId: number): string {
  return entries.find((e) => e.runIds.includes(runId))?.colour ?? '#7f7f7f';
}

export interface BandCurve {
  epochs: number[];
  mean: number[];
  min: number[];
  max: number[];
  /** How many runs have a value at each epoch. */
  n: number[];
}

/** Mean, min and max over runs at each epoch any of them recorded (a run that stopped early counts until it stopped). */
export function bandCurve(series: readonly { epochs: readonly number[]; values: readonly number[] }[]): BandCurve {
  const at = new Map<number, number[]>();
  for (const s of series) {
    s.epochs.forEach((e, i) => {
      const v = s.values[i];
      if (v !== undefined && Number.isFinite(v)) at.set(e, [...(at.get(e) ?? []), v]);
    });
  }
  const epochs = [...at.keys()].sort((a, b) => a - b);
  const values = epochs.map((e) => at.get(e)!);
  return {
    epochs,
    mean: values.map((v) => v.reduce((a, b) => a + b, 0) / v.length),
    min: values.map((v) => Math.min(...v)),
    max: values.map((v) => Math.max(...v)),
    n: values.map((v) => v.length),
  };
}
