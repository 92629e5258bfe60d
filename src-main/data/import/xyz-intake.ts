/**
 * What importXyzFile keeps of an XYZ file, taken frame by frame as the streaming reader hands the
 * frames out: the first frame (as an object of its own: it decides the targets, units and
 * layout), then per frame only what the dataset needs, copied into typed arrays (the
 * MoleculeCollector's, or one array of trajectory positions). Nothing else per frame is held.
 *
 * Errors about the contents (a missing target key, a frame with other atoms) are kept, not
 * thrown, and the frames after one are only read: the file's own syntax errors come first,
 * as when the whole file was parsed before its frames were looked at. The first kept error is
 * what the importer reports once reading is done.
 */
import { GROUP_KEYS, GroupIndex, frameGradient, frameUnits, planGradient, type FrameUnits, type GradientPlan } from '../molecular/frame-extras';
import { planFrameTargets, readFrameTargets, type FrameTargetPlan } from '../molecular/frame-targets';
import { MoleculeCollector } from '../molecular/samples';
import type { Trajectory } from '../trajectory/pairs';
import { ELEMENT_SYMBOLS } from '../xyz/elements';
import { copyFrame, type XyzFrame, type XyzFrameView } from '../xyz/xyz';

/** The targets, shared by a file and its test file. */
export interface TargetSetup {
  rawNames: string[];
  plan: FrameTargetPlan;
  mols: MoleculeCollector;
  gradient: GradientPlan | undefined;
  units: FrameUnits;
  /** The group key candidates still held by every frame read, each with the groups of the molecules collected. */
  groups: { key: string; index: GroupIndex; ids: number[] }[];
}

export type IntakeMode =
  | { kind: 'trajectory' }
  | { kind: 'targets'; stride: number; setup: (first: XyzFrame) => TargetSetup }
  | { kind: 'targets-of'; stride: number; setup: TargetSetup }
  | { kind: 'none' };

/** Typed storage that doubles when full. */
class Grow {
  length = 0;
  data = new Float64Array(4096);
  append(src: Float64Array): void {
    const need = this.length + src.length;
    if (need > this.data.length) {
      const bigger = new Float64Array(Math.max(need, 2 * this.data.length));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    this.data.set(src, this.length);
    this.length = need;
  }
}

export class XyzIntake {
  first: XyzFrame | undefined;
  /** The first frame's atomic numbers. */
  firstZ = new Uint8Array(0);
  frames = 0;
  /** Molecules this file added (targets mode). */
  collected = 0;
  /** The first error about the contents; later frames are read, not taken. */
  error: unknown;
  /** Targets mode: what the frames are collected into. */
  setup: TargetSetup | undefined;
  /** Trajectory mode: every frame's positions, back to back. */
  private readonly positions = new Grow();
  private y = new Float64Array(0);
  private gradient = new Float64Array(0);
  /** The first frame's cell, and whether every frame has the same. */
  cellSame = true;

  private mode: IntakeMode = { kind: 'none' };

  /** `decide` picks the mode from the first frame (it may throw: kept as the error). */
  constructor(
    private readonly fileName: string,
    private readonly decide: (first: XyzFrame) => IntakeMode,
  ) {}

  take = (f: XyzFrameView): void => {
    const index = this.frames++;
    if (this.error !== undefined) return;
    try {
      if (index === 0) {
        this.first = copyFrame(f);
        this.firstZ = Uint8Array.from(f.atomicNumbers);
        this.mode = this.decide(this.first);
        if (this.mode.kind === 'targets') this.setup = this.mode.setup(this.first);
        else if (this.mode.kind === 'targets-of') this.setup = this.mode.setup;
      }
      this.checkCell(f);
      if (this.mode.kind === 'trajectory') this.takeTrajectoryFrame(f);
      else if (this.mode.kind !== 'none') this.takeTargetFrame(f, index, this.mode.stride);
    } catch (e) {
      this.error = e;
    }
  };

  private checkCell(f: XyzFrameView): void {
    const first = this.first!;
    if (!this.cellSame || !first.lattice) return;
    const same = f.lattice !== undefined && f.lattice.every((x, k) => x === first.lattice![k]) && (f.pbc ?? []).every((p, k) => p === first.pbc![k]);
    if (!same) this.cellSame = false;
  }

  /** A trajectory keeps its atoms: the same count and species as the first frame. */
  private takeTrajectoryFrame(f: XyzFrameView): void {
    const first = this.first!;
    const n = first.atomCount;
    if (f.atomCount !== n) throw new Error(`${this.fileName}:${f.line}: a trajectory keeps its atoms: expected ${n} atoms (as in the first frame, line ${first.line}), got ${f.atomCount}`);
    const z = f.atomicNumbers;
    const firstZ = this.firstZ;
    for (let a = 0; a < n; a++) {
      if (z[a] !== firstZ[a]) {
        throw new Error(`${this.fileName}:${f.line + 2 + a}: a trajectory keeps its atoms: expected ${first.species[a]} for atom ${a + 1} (as in the first frame), got ${ELEMENT_SYMBOLS[z[a]! - 1]}`);
      }
    }
    this.positions.append(f.positions);
  }

  private takeTargetFrame(f: XyzFrameView, index: number, stride: number): void {
    const s = this.setup!;
    // A group key must be on every frame, collected or not.
    for (let k = s.groups.length - 1; k >= 0; k--) {
      const v = f.info[s.groups[k]!.key];
      if (typeof v !== 'string' && typeof v !== 'number') s.groups.splice(k, 1);
    }
    if (index % stride !== 0) return;
    const mols = s.mols;
    const plan = s.plan;
    if (plan.kind === 'atom' && f.atomCount * plan.widths[0]! !== mols.targetDim) {
      throw new Error(`${this.fileName}:${f.line}: expected ${mols.targetDim / plan.widths[0]!} atoms (as in the first frame) for a per-atom target, got ${f.atomCount}`);
    }
    // Scratch reused from frame to frame: a fresh typed array per frame is an allocation outside
    // the heap each time, which the profile showed as collector time on a large heap.
    if (this.y.length !== mols.targetDim) this.y = new Float64Array(mols.targetDim);
    readFrameTargets(plan, s.rawNames, f, this.fileName, this.y);
    if (s.gradient && this.gradient.length < 3 * f.atomCount) this.gradient = new Float64Array(6 * f.atomCount);
    const gradient = s.gradient ? frameGradient(s.gradient, f, this.fileName, this.gradient) : undefined;
    const y = this.y;
    for (const g of s.groups) g.ids.push(g.index.of(f));
    mols.add(f.atomicNumbers, f.positions, y, gradient);
    this.collected++;
  }

  /** The frames as a trajectory (trajectory mode). */
  trajectory(): Trajectory {
    const first = this.first!;
    const n = first.atomCount;
    return { frames: this.frames, atoms: n, atomicNumbers: this.firstZ, positions: this.positions.data.slice(0, this.positions.length) };
  }
}

/** The group key candidates for a first frame: GROUP_KEYS in order. */
export function groupCandidates(): TargetSetup['groups'] {
  return GROUP_KEYS.map((key) => ({ key, index: new GroupIndex(key), ids: [] }));
}

/** The targets setup from the first frame of the main file. */
export function targetSetup(rawNames: string[], first: XyzFrame, fileName: string): TargetSetup {
  const units = frameUnits(first);
  const plan = planFrameTargets(rawNames, first, fileName, units.of);
  const targetDim = plan.kind === 'atom' ? first.atomCount * plan.widths[0]! : plan.columns.length;
  const gradient = plan.kind === 'frame' ? planGradient(plan.columns, first, units) : undefined;
  return { rawNames, plan, mols: new MoleculeCollector(targetDim), gradient, units, groups: groupCandidates() };
}

