/**
 * Molecules collected one by one (frames of an XYZ file, files of a folder) and packed into the
 * engine's arrays: padded point clouds with masks and species indices (`points` layout), or flat
 * coordinate rows when every molecule has the same atoms in the same order (`vector` layout).
 * Atoms are stored back to back, so 134k molecules cost no more than their atoms.
 */
import type { PointSet } from '../dataset';
import { ELEMENT_SYMBOLS } from '../xyz/elements';

/** Growable typed storage. */
class Grow<T extends Float64Array | Uint8Array | Int32Array> {
  length = 0;
  constructor(public data: T) {}
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.data.length) return;
    const Ctor = this.data.constructor as new (n: number) => T;
    const next = new Ctor(Math.max(need, this.data.length * 2));
    next.set(this.data as never);
    this.data = next;
  }
}

export class MoleculeCollector {
  private readonly z = new Grow(new Uint8Array(1024));
  private readonly xyz = new Grow(new Float64Array(3072));
  private readonly y: Grow<Float64Array>;
  private readonly starts = new Grow(new Int32Array(256));
  /** Per-atom gradient of the first target ([n, 3] per molecule), when collected. */
  private readonly grad = new Grow(new Float64Array(0));
  /** Correlation group per molecule, when collected. */
  private readonly group = new Grow(new Int32Array(0));
  count = 0;
  maxAtoms = 0;

  constructor(readonly targetDim: number) {
    this.y = new Grow(new Float64Array(Math.max(1, 256 * targetDim)));
  }

  /** True when every molecule came with a gradient of its first target. */
  get hasGradient(): boolean {
    return this.count > 0 && this.grad.length === this.xyz.length;
  }

  /** True when every molecule came with a group. */
  get hasGroups(): boolean {
    return this.count > 0 && this.group.length === this.count;
  }

  /**
   * Adds a molecule: atomic numbers, [n, 3] positions, and its targetDim target values; optionally
   * the gradient of its first target with respect to the positions ([n, 3]) and its group.
   */
  add(atomicNumbers: ArrayLike<number>, positions: ArrayLike<number>, targets: ArrayLike<number>, gradient?: ArrayLike<number>, group?: number): void {
    const n = atomicNumbers.length;
    if (gradient !== undefined) {
      if (this.grad.length !== this.xyz.length) throw new Error('a gradient for some molecules but not all');
      this.grad.reserve(3 * n);
      for (let k = 0; k < 3 * n; k++) this.grad.data[this.grad.length++] = gradient[k]!;
    }
    if (group !== undefined) {
      this.group.reserve(1);
      this.group.data[this.group.length++] = group;
    }
    this.starts.reserve(1);
    this.starts.data[this.starts.length++] = this.z.length;
    this.z.reserve(n);
    this.xyz.reserve(3 * n);
    if (ArrayBuffer.isView(atomicNumbers) && ArrayBuffer.isView(positions) && positions.length === 3 * n) {
      // Typed arrays (the importers' views): one block copy each.
      this.z.data.set(atomicNumbers as unknown as ArrayLike<number>, this.z.length);
      this.xyz.data.set(positions as unknown as ArrayLike<number>, this.xyz.length);
      this.z.length += n;
      this.xyz.length += 3 * n;
    } else {
      for (let a = 0; a < n; a++) this.z.data[this.z.length++] = atomicNumbers[a]!;
      for (let k = 0; k < 3 * n; k++) this.xyz.data[this.xyz.length++] = positions[k]!;
    }
    this.y.reserve(this.targetDim);
    for (let k = 0; k < this.targetDim; k++) this.y.data[this.y.length++] = targets[k]!;
    this.count++;
    if (n > this.maxAtoms) this.maxAtoms = n;
  }

  /** The group of every molecule, in order (in place of groups given to add). */
  setGroups(groups: ArrayLike<number>): void {
    if (groups.length !== this.count) throw new Error(`${groups.length} groups for ${this.count} molecules`);
    this.group.length = 0;
    this.group.reserve(groups.length);
    for (let i = 0; i < groups.length; i++) this.group.data[this.group.length++] = groups[i]!;
  }

  atomsOf(i: number): number {
    return (i + 1 < this.count ? this.starts.data[i + 1]! : this.z.length) - this.starts.data[i]!;
  }

  /** Element symbols that occur, in order of atomic number. */
  species(): string[] {
    const seen = new Uint8Array(ELEMENT_SYMBOLS.length + 1);
    for (let k = 0; k < this.z.length; k++) seen[this.z.data[k]!] = 1;
    const out: string[] = [];
    // z = 0: a file that names no species (arrays without atomic numbers); index 0 for all.
    seen.forEach((s, z) => {
      if (s && z > 0) out.push(ELEMENT_SYMBOLS[z - 1]!);
    });
    return out;
  }

  /** The species sequence of molecule i, as atomic numbers. */
  atomicNumbersOf(i: number): Uint8Array {
    const s = this.starts.data[i]!;
    return this.z.data.subarray(s, s + this.atomsOf(i));
  }

  /** True when every molecule has the same atoms in the same order (a `vector` layout is possible). */
  sameAtoms(): boolean {
    if (this.count === 0) return true;
    const first = this.atomicNumbersOf(0);
    for (let i = 1; i < this.count; i++) {
      const zi = this.atomicNumbersOf(i);
      if (zi.length !== first.length) return false;
      for (let a = 0; a < zi.length; a++) if (zi[a] !== first[a]) return false;
    }
    return true;
  }

  /** Padded point clouds of the molecules `idx`, species indexed into `species` (symbols). */
  points(idx: ArrayLike<number>, species: string[], maxPoints: number): PointSet {
    const m = idx.length;
    const index = new Int32Array(ELEMENT_SYMBOLS.length + 1);
    species.forEach((s, k) => (index[ELEMENT_SYMBOLS.indexOf(s) + 1] = k));
    const coords = new Float32Array(m * maxPoints * 3);
    const spec = new Int32Array(m * maxPoints);
    const mask = new Float32Array(m * maxPoints);
    for (let r = 0; r < m; r++) {
      const i = idx[r]!;
      const s = this.starts.data[i]!;
      const n = this.atomsOf(i);
      coords.set(this.xyz.data.subarray(3 * s, 3 * (s + n)), r * maxPoints * 3);
      for (let a = 0; a < n; a++) {
        spec[r * maxPoints + a] = index[this.z.data[s + a]!]!;
        mask[r * maxPoints + a] = 1;
      }
    }
    return { coords, species: spec, mask, maxPoints, numSpecies: Math.max(1, species.length) };
  }

  /** Flat [m, atoms * 3] coordinate rows (all molecules the same size); of the gradient with `gradient`. */
  rows(idx: ArrayLike<number>, gradient = false): Float32Array {
    const m = idx.length;
    const width = 3 * this.maxAtoms;
    const src = gradient ? this.grad.data : this.xyz.data;
    const out = new Float32Array(m * width);
    for (let r = 0; r < m; r++) {
      const s = this.starts.data[idx[r]!]!;
      out.set(src.subarray(3 * s, 3 * s + width), r * width);
    }
    return out;
  }

  /** The gradient of the molecules `idx` padded like their points: [m, maxPoints, 3], zeros where padded. */
  gradientPoints(idx: ArrayLike<number>, maxPoints: number): Float32Array {
    const out = new Float32Array(idx.length * maxPoints * 3);
    for (let r = 0; r < idx.length; r++) {
      const i = idx[r]!;
      const s = this.starts.data[i]!;
      out.set(this.grad.data.subarray(3 * s, 3 * (s + this.atomsOf(i))), r * maxPoints * 3);
    }
    return out;
  }

  /** Groups of the molecules `idx`. */
  groups(idx: ArrayLike<number>): Int32Array {
    return Int32Array.from({ length: idx.length }, (_, r) => this.group.data[idx[r]!]!);
  }

  /** [m, targetDim] targets of the molecules `idx`. */
  targets(idx: ArrayLike<number>): Float32Array {
    const t = this.targetDim;
    const out = new Float32Array(idx.length * t);
    for (let r = 0; r < idx.length; r++) out.set(this.y.data.subarray(idx[r]! * t, (idx[r]! + 1) * t), r * t);
    return out;
  }
}
