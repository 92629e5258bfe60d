/**
 * Supervised pairs from a trajectory of N atoms over T frames: n-in / n-out prediction.
 * `stride` s picks frames 0, s, 2s, ...; a sample is nIn consecutive picked frames in and the
 * nOut picked frames after them out, for every start (windows overlap). Inputs and targets are
 * flat rows of atom 3-vectors, so the layout is `vector` with d = 3 and the task equivariant:
 * a rotation of the input frames rotates the predicted frames.
 */
import type { Dataset, SampleSet } from '../dataset';
import { groupedSplit, timeBlockSize, type GroupedSplit, type SampleGroups, type SplitIndices } from '../split';

export interface Trajectory {
  frames: number;
  atoms: number;
  /** Atomic number per atom (the same in every frame); 0 where the file names no species. */
  atomicNumbers: Uint8Array;
  /** [frames, atoms, 3] row-major. */
  positions: Float64Array;
}

export interface PairOptions {
  stride: number;
  nIn: number;
  nOut: number;
}

function checkCount(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`--${name}: expected a positive integer, got ${String(v)}`);
}

/**
 * Frames of one or more runs (trajectories) of the same system: `runs[r]` is [frames, width]
 * row-major, each frame `width` features named `featureNames`, acted on in blocks of `d`.
 */
export interface StateSeries {
  runs: Float64Array[];
  width: number;
  d: number;
  featureNames: string[];
  /** What a frame is, for notes: "5 atoms", "a state of 8 values". */
  describe: string;
}

/** A trajectory of atoms as a series of one run, 3-vectors per atom. */
export function atomSeries(t: Trajectory): StateSeries {
  const names = Array.from({ length: t.atoms }, (_, a) => ['x', 'y', 'z'].map((c) => `${c}${a + 1}`)).flat();
  return { runs: [t.positions], width: t.atoms * 3, d: 3, featureNames: names, describe: `${t.atoms} atoms` };
}

function framesOf(s: StateSeries, r: number): number {
  return s.runs[r]!.length / s.width;
}

/** (run, first picked frame) of every window, in order. */
function windows(s: StateSeries, o: PairOptions): [number, number][] {
  const out: [number, number][] = [];
  s.runs.forEach((_, r) => {
    const picked = Math.ceil(framesOf(s, r) / o.stride);
    for (let w = 0; w + o.nIn + o.nOut <= picked; w++) out.push([r, w]);
  });
  return out;
}

/** Number of windows a trajectory (or a series of runs) gives; throws when it gives none. */
export function windowCount(t: Trajectory | StateSeries, o: PairOptions, label: string): number {
  checkCount('stride', o.stride);
  checkCount('n-in', o.nIn);
  checkCount('n-out', o.nOut);
  const s = 'runs' in t ? t : atomSeries(t);
  const n = windows(s, o).length;
  if (n < 1) {
    const frames = Math.max(...s.runs.map((_, r) => framesOf(s, r)));
    const picked = Math.ceil(frames / o.stride);
    throw new Error(
      `${label}: ${frames} frames at stride ${o.stride} give ${picked} frames, fewer than n-in + n-out = ${o.nIn + o.nOut}; a trajectory needs at least ${o.stride * (o.nIn + o.nOut - 1) + 1} frames for these settings`,
    );
  }
  return n;
}

/** Rows [idx, width * count] of picked frames offset..offset+count-1 of each window. */
function gatherFrames(s: StateSeries, o: PairOptions, all: [number, number][], idx: number[], offset: number, count: number): Float32Array {
  const width = s.width * count;
  const out = new Float32Array(idx.length * width);
  idx.forEach((w, r) => {
    const [run, start] = all[w]!;
    const data = s.runs[run]!;
    for (let k = 0; k < count; k++) {
      const f = (start + offset + k) * o.stride;
      out.set(data.subarray(f * s.width, (f + 1) * s.width), r * width + k * s.width);
    }
  });
  return out;
}

/** Runs held out whole need this many; fewer runs are cut into time blocks instead. */
export const MIN_RUNS_TO_SPLIT = 10;

/**
 * Correlation groups of the windows, in window order: each run when there are at least
 * MIN_RUNS_TO_SPLIT of them (held-out windows come from trajectories never trained on); else
 * contiguous time blocks of each run's windows, each block at least a window's span long, so a
 * held-out block is a stretch of time rather than windows interleaved with training ones.
 */
export function windowGroups(t: Trajectory | StateSeries, o: PairOptions): SampleGroups {
  const s = 'runs' in t ? t : atomSeries(t);
  const all = windows(s, o);
  if (s.runs.length >= MIN_RUNS_TO_SPLIT) return { groups: Int32Array.from(all, ([run]) => run), unit: 'trajectory' };
  const perRun = s.runs.map((_, r) => all.filter(([run]) => run === r).length);
  const size = perRun.map((m) => timeBlockSize(m, o.nIn + o.nOut));
  const offset = perRun.map((_, r) => perRun.slice(0, r).reduce((acc, m, q) => acc + Math.ceil(m / size[q]!), 0));
  return { groups: Int32Array.from(all, ([run, w]) => offset[run]! + Math.floor(w / size[run]!)), unit: 'time block' };
}

/** The seeded test split of the windows, by whole correlation groups (`windowGroups`). */
export function splitWindows(t: Trajectory | StateSeries, o: PairOptions, seed: number, testFraction: number): GroupedSplit {
  const g = windowGroups(t, o);
  return groupedSplit(g.groups.length, seed, testFraction, g.groups, g.unit);
}

export function buildPairDataset(t: Trajectory | StateSeries, o: PairOptions, split: SplitIndices, name: string, source: string): Dataset {
  const s = 'runs' in t ? t : atomSeries(t);
  const all = windows(s, o);
  const tagged = (tag: string) => s.featureNames.map((f) => `${f}@${tag}`);
  const inputNames = Array.from({ length: o.nIn }, (_, k) => tagged(`t${k === o.nIn - 1 ? '' : (k - o.nIn + 1) * o.stride}`)).flat();
  const targetNames = Array.from({ length: o.nOut }, (_, k) => tagged(`t+${(k + 1) * o.stride}`)).flat();
  const several = s.runs.length > 1;
  const g = windowGroups(s, o);
  const set = (idx: number[]): SampleSet => ({
    n: idx.length,
    inputs: gatherFrames(s, o, all, idx, 0, o.nIn),
    targets: gatherFrames(s, o, all, idx, o.nIn, o.nOut),
    groups: Int32Array.from(idx, (w) => g.groups[w]!),
  });
  const frames = s.runs.map((_, r) => framesOf(s, r));
  const what = several ? `${s.runs.length} trajectories of ${frames[0]} frames` : `Trajectory of ${frames[0]} frames`;
  return {
    name,
    source,
    layout: { kind: 'vector', d: s.d, blocks: (s.width / s.d) * o.nIn },
    task: 'equivariant',
    targetKind: 'regression',
    inputNames,
    targetNames,
    train: set(split.train),
    ...(split.test.length > 0 ? { test: set(split.test) } : {}),
    groupUnit: g.unit,
    notes: [
      `${what} x ${s.describe}; ${o.stride === 1 ? 'every frame used' : `every ${o.stride}-th frame used (stride ${o.stride})`}; ` +
        `${o.nIn} frame(s) in, the next ${o.nOut} out: ${split.train.length + split.test.length} overlapping windows; g acts on blocks of ${s.d}.`,
      g.unit === 'trajectory'
        ? 'Each window belongs to the trajectory it came from (its group); windows never span two trajectories, and held-out splits take whole trajectories.'
        : `Held-out splits take whole time blocks of consecutive windows (${new Set(g.groups).size} blocks${several ? `; fewer than ${MIN_RUNS_TO_SPLIT} trajectories, so each is cut into blocks` : ''}): overlapping windows stay on one side, except the n-in + n-out - 1 windows at a block's edge, which share frames with the next block.`,
    ],
  };
}
