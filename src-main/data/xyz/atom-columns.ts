/**
 * How the atom lines of a frame are read: one sink per column group (species, pos, or a
 * Properties column), the plan for plain XYZ and for each Properties spec, and the pool that
 * keeps 100,000 frames' arrays in a few shared blocks.
 */
import { ELEMENT_SYMBOLS } from './elements';
import type { PropertyColumn } from './extxyz-properties';

export type XyzColumnType = 'S' | 'I' | 'R' | 'L';

/** Atomic number by symbol code (one byte, or first byte * 256 + second), 0 for none. */
export const Z_BY_CODE = new Uint8Array(65536);
ELEMENT_SYMBOLS.forEach((s, i) => {
  const code = s.length === 1 ? s.charCodeAt(0) : s.charCodeAt(0) * 256 + s.charCodeAt(1);
  Z_BY_CODE[code] = i + 1;
});

/** Hands out views into shared Float64Array blocks, so that 100,000 frames are not 100,000 buffers. */
export class Float64Pool {
  private block = new Float64Array(0);
  private used = 0;
  private nextSize = 4096;

  copy(src: Float64Array, n: number): Float64Array {
    if (this.used + n > this.block.length) {
      this.block = new Float64Array(Math.max(n, this.nextSize));
      this.nextSize = Math.min(this.nextSize * 2, 1 << 20);
      this.used = 0;
    }
    const view = new Float64Array(this.block.buffer, this.used * 8, n);
    for (let i = 0; i < n; i++) view[i] = src[i]!;
    this.used += n;
    return view;
  }
}

export const KIND_SPECIES = 0;
export const KIND_Z = 1;
export const KIND_POS = 2;
export const KIND_REAL = 3;
export const KIND_INT = 4;
export const KIND_LOGICAL = 5;
export const KIND_STRING = 6;

/** Where the values of one column group go while a frame is read. */
export interface Sink {
  name: string;
  type: XyzColumnType;
  kind: number;
  width: number;
  num: Float64Array;
  str: string[];
  /** Species and Z columns: the atomic number of each atom. */
  z: Uint8Array;
}

/** How to read the atom lines of a frame. */
export interface Plan {
  sinks: Sink[];
  /** Columns an atom line has (exactly, or at least for plain XYZ). */
  columns: number;
  /** True: exactly `columns`; false: at least, the rest ignored (as ASE ignores them). */
  exact: boolean;
  /** Plain XYZ: the species may be an atomic number. */
  allowZ: boolean;
  /** For messages. */
  describe: string;
}

export function makeSink(name: string, type: XyzColumnType, kind: number, width: number): Sink {
  const numeric = kind !== KIND_STRING && kind !== KIND_SPECIES;
  const species = kind === KIND_SPECIES || kind === KIND_Z;
  return { name, type, kind, width, num: new Float64Array(numeric ? 64 * width : 0), str: [], z: new Uint8Array(species ? 64 : 0) };
}

export function plainPlan(extended: boolean): Plan {
  return {
    sinks: [makeSink('species', 'S', KIND_SPECIES, 1), makeSink('pos', 'R', KIND_POS, 3)],
    columns: 4,
    exact: false,
    allowZ: true,
    describe: extended ? 'species x y z; the comment line has no Properties' : 'species x y z',
  };
}

export function propertiesPlan(cols: PropertyColumn[], text: string): Plan {
  const hasSpecies = cols.some((c) => c.name === 'species');
  const sinks = cols.map((c) => {
    let kind: number;
    if (c.name === 'species') kind = KIND_SPECIES;
    else if (c.name === 'pos') kind = KIND_POS;
    else if (c.name === 'Z' && !hasSpecies) kind = KIND_Z;
    else kind = c.type === 'R' ? KIND_REAL : c.type === 'I' ? KIND_INT : c.type === 'L' ? KIND_LOGICAL : KIND_STRING;
    return makeSink(c.name, c.type, kind, c.width);
  });
  // ASE reads the Properties columns of a line and ignores any after them; so does this.
  return { sinks, columns: cols.reduce((s, c) => s + c.width, 0), exact: false, allowZ: false, describe: `Properties=${text}` };
}

export function grow<T extends Float64Array | Uint8Array>(a: T, need: number): T {
  const Ctor = a.constructor as new (n: number) => T;
  const b = new Ctor(Math.max(need, a.length * 2));
  b.set(a as never);
  return b;
}

export function componentName(sink: Sink, k: number): string {
  if (sink.kind === KIND_POS) return 'xyz'[k]!;
  return sink.width === 1 ? sink.name : `${sink.name}[${k}]`;
}
