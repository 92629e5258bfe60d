/**
 * Supervised pairs from a trajectory of N atoms over T frames: n-in / n-out prediction.
 * `stride` s picks frames 0, s, 2s, ...; a sample is nIn consecutive picked frames in and the
 * nOut picked frames after them out, for every start (windows overlap). Inputs and targets are
 * flat rows of atom 3-vectors, so the layout is `vector` with d = 3 and the task equivariant:
 * a rotation of the input frames rotates the predicted frames.
 */
import type { Dataset, SampleSet } from '../dataset';
import type { SplitIndices } from '../split';

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

export function buildPairDataset(t: Trajectory | StateSeries, o: PairOptions, split: SplitIndices, name: string, source: string): Dataset {
  const s = 'runs' in t ? t : atomSeries(t);
  const all = windows(s, o);
  const tagged = (tag: string) => s.featureNames.map((f) => `${f}@${tag}`);
  const inputNames = Array.from({ length: o.nIn }, (_, k) => tagged(`t${k === o.nIn - 1 ? '' : (k - o.nIn + 1) * o.stride}`)).flat();
  const targetNames = Array.from({ length: o.nOut }, (_, k) => tagged(`t+${(k + 1) * o.stride}`)).flat();
  const several = s.runs.length > 1;
  const set = (idx: number[]): SampleSet => ({
    n: idx.length,
    inputs: gatherFrames(s, o, all, idx, 0, o.nIn),
    targets: gatherFrames(s, o, all, idx, o.nIn, o.nOut),
    ...(several ? { groups: Int32Array.from(idx, (w) => all[w]![0]) } : {}),
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
    notes: [
      `${what} x ${s.describe}; ${o.stride === 1 ? 'every frame used' : `every ${o.stride}-th frame used (stride ${o.stride})`}; ` +
        `${o.nIn} frame(s) in, the next ${o.nOut} out: ${split.train.length + split.test.length} overlapping windows; g acts on blocks of ${s.d}.`,
      several
        ? 'Each window belongs to the trajectory it came from (its group); windows never span two trajectories.'
        : 'Windows are split at random, so neighbouring (overlapping) windows can fall on both sides of the split.',
    ],
  };
}
