/**
 * Supervised pairs from a trajectory of N atoms over T frames: n-in / n-out prediction.
 * `stride` s picks frames 0, s, 2s, ...; a sample is nIn consecutive picked frames in and the
 * nOut picked frames after them out, for every start (windows overlap). Inputs and targets are
 * flat rows of atom 3-vectors, so the layout is `vector` with d = 3 and the task equivariant:
 * a rotation of the input frames rotates the predicted frames.
 */
import type { Dataset } from '../dataset';
import { timeBlocks, timeBlockSize, type SplitIndices } from '../split';

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

/** Number of windows a trajectory gives; throws when it gives none. */
export function windowCount(t: Trajectory, o: PairOptions, label: string): number {
  checkCount('stride', o.stride);
  checkCount('n-in', o.nIn);
  checkCount('n-out', o.nOut);
  const picked = Math.ceil(t.frames / o.stride);
  const windows = picked - o.nIn - o.nOut + 1;
  if (windows < 1) {
    throw new Error(
      `${label}: ${t.frames} frames at stride ${o.stride} give ${picked} frames, fewer than n-in + n-out = ${o.nIn + o.nOut}; a trajectory needs at least ${o.stride * (o.nIn + o.nOut - 1) + 1} frames for these settings`,
    );
  }
  return windows;
}

function frameNames(atoms: number, tag: string): string[] {
  return Array.from({ length: atoms }, (_, a) => ['x', 'y', 'z'].map((c) => `${c}${a + 1}@${tag}`)).flat();
}

/** Rows [windows(idx), atoms * 3 * count] of picked frames offset..offset+count-1 of each window. */
function gatherFrames(t: Trajectory, o: PairOptions, idx: number[], offset: number, count: number): Float32Array {
  const frameWidth = t.atoms * 3;
  const width = frameWidth * count;
  const out = new Float32Array(idx.length * width);
  idx.forEach((w, r) => {
    for (let k = 0; k < count; k++) {
      const f = (w + offset + k) * o.stride;
      out.set(t.positions.subarray(f * frameWidth, (f + 1) * frameWidth), r * width + k * frameWidth);
    }
  });
  return out;
}

/**
 * Correlation groups of the n windows: contiguous time blocks of about n / TIME_BLOCKS windows, at
 * least a window's span (nIn + nOut), so overlapping windows mostly share a block.
 */
export function windowGroups(n: number, o: PairOptions): Int32Array {
  return timeBlocks(n, timeBlockSize(n, o.nIn + o.nOut));
}

/** `groups`: the windows' correlation groups (windowGroups), carried into the splits. */
export function buildPairDataset(t: Trajectory, o: PairOptions, split: SplitIndices, name: string, source: string, groups?: Int32Array): Dataset {
  const inputNames = Array.from({ length: o.nIn }, (_, k) => frameNames(t.atoms, `t${k === o.nIn - 1 ? '' : (k - o.nIn + 1) * o.stride}`)).flat();
  const targetNames = Array.from({ length: o.nOut }, (_, k) => frameNames(t.atoms, `t+${(k + 1) * o.stride}`)).flat();
  const set = (idx: number[]) => ({
    n: idx.length,
    inputs: gatherFrames(t, o, idx, 0, o.nIn),
    targets: gatherFrames(t, o, idx, o.nIn, o.nOut),
    ...(groups ? { groups: Int32Array.from(idx, (i) => groups[i]!) } : {}),
  });
  return {
    name,
    source,
    layout: { kind: 'vector', d: 3, blocks: t.atoms * o.nIn },
    task: 'equivariant',
    targetKind: 'regression',
    inputNames,
    targetNames,
    train: set(split.train),
    ...(split.test.length > 0 ? { test: set(split.test) } : {}),
    ...(groups ? { groupUnit: 'time block' } : {}),
    notes: [
      `Trajectory of ${t.frames} frames x ${t.atoms} atoms; ${o.stride === 1 ? 'every frame used' : `every ${o.stride}-th frame used (stride ${o.stride})`}; ` +
        `${o.nIn} frame(s) in, the next ${o.nOut} out: ${split.train.length + split.test.length} overlapping windows.`,
      groups
        ? `Windows are grouped in ${new Set(groups).size} contiguous time blocks; held-out splits take whole blocks, so overlapping windows stay on one side (except at a block's edge).`
        : 'Windows are split at random, so neighbouring (overlapping) windows can fall on both sides of the split.',
    ],
  };
}
