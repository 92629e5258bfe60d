/**
 * .npy and .npz writers. The header is byte-for-byte what NumPy's `np.save` writes (format 1.0,
 * little-endian, C order, the dict padded with spaces to a multiple of 64 bytes, with NumPy's spare
 * room for a growing first axis). npyjs has a writer too, but it pads to 8 bytes, which NumPy reads
 * yet does not produce; matching NumPy keeps files diffable against Python-made ones.
 * .npz is a plain (stored) zip of .npy members, as `np.savez` writes it.
 */
import { zipSync, type Zippable } from 'fflate';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ARRAY_ALIGN = 64;
/** NumPy leaves room in the header for the first axis to grow to this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;

export type NpyArray =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'float64'; shape: number[]; data: Float64Array }
  | { dtype: 'unicode'; shape: [number]; data: string[] };

function pythonTuple(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function count(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Longest string in code points (NumPy's '<U' width), at least 1. */
function unicodeWidth(strings: string[]): number {
  return Math.max(1, ...strings.map((s) => [...s].length));
}

function descrOf(a: NpyArray): string {
  if (a.dtype === 'float32') return '<f4';
  if (a.dtype === 'float64') return '<f8';
  return `<U${unicodeWidth(a.data)}`;
}

function dataBytes(a: NpyArray): Uint8Array {
  if (a.dtype !== 'unicode') {
    // Typed arrays use the platform's byte order; every platform Node runs on is little-endian,
    // but write through a DataView so the file is '<' regardless.
    const out = new Uint8Array(a.data.length * a.data.BYTES_PER_ELEMENT);
    const view = new DataView(out.buffer);
    if (a.dtype === 'float32') a.data.forEach((v, i) => view.setFloat32(4 * i, v, true));
    else a.data.forEach((v, i) => view.setFloat64(8 * i, v, true));
    return out;
  }
  // '<U n': n UTF-32LE code units per string, NUL-padded.
  const width = unicodeWidth(a.data);
  const out = new Uint8Array(a.data.length * width * 4);
  const view = new DataView(out.buffer);
  a.data.forEach((s, i) => [...s].forEach((ch, j) => view.setUint32((i * width + j) * 4, ch.codePointAt(0) ?? 0, true)));
  return out;
}

/** One .npy file: [shape] row-major. */
export function encodeNpy(a: NpyArray): Uint8Array {
  const expected = count(a.shape);
  if (a.shape.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`npy: invalid shape ${pythonTuple(a.shape)}`);
  if (a.data.length !== expected) throw new Error(`npy: shape ${pythonTuple(a.shape)} holds ${expected} values, got ${a.data.length}`);
  let dict = `{'descr': '${descrOf(a)}', 'fortran_order': False, 'shape': ${pythonTuple(a.shape)}, }`;
  if (a.shape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(a.shape[0]).length);
  const headerLen = dict.length + 1; // + '\n'
  const pad = ARRAY_ALIGN - ((MAGIC.length + 2 + 2 + headerLen) % ARRAY_ALIGN);
  const header = `${dict}${' '.repeat(pad)}\n`;
  if (header.length > 0xffff) throw new Error('npy: header too long for format 1.0');
  const data = dataBytes(a);
  const out = new Uint8Array(MAGIC.length + 4 + header.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1; // format 1.0
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i); // ASCII only
  out.set(data, 10 + header.length);
  return out;
}

/**
 * An .npz archive: `name.npy` per array, plus any extra members as given (e.g. a JSON document).
 * `modified` fixes the zip timestamps so the same input gives the same bytes.
 */
export function encodeNpz(arrays: Record<string, NpyArray>, modified: Date, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const files: Zippable = {};
  for (const [name, a] of Object.entries(arrays)) files[`${name}.npy`] = encodeNpy(a);
  for (const [name, bytes] of Object.entries(extra)) files[name] = bytes;
  // Zip timestamps are DOS times: 1980 onwards.
  const mtime = Number.isNaN(modified.getTime()) || modified.getFullYear() < 1980 ? new Date(1980, 0, 1) : modified;
  return zipSync(files, { level: 0, mtime });
}

/** [k][r][c] nested lists as a flat row-major typed array of the chosen dtype. */
export function tensorArray(values: number[][][] | number[][] | number[], shape: number[], dtype: 'float32' | 'float64'): NpyArray {
  const flat = (values as unknown[]).flat(2) as number[];
  return dtype === 'float32' ? { dtype, shape, data: Float32Array.from(flat) } : { dtype, shape, data: Float64Array.from(flat) };
}
