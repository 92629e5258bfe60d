/**
 * NumPy's .npy (format spec v1.0 - v3.0) and .npz (a zip of .npy files), decoded strictly: the
 * header is checked here (npyjs trusts it: a big-endian or truncated file would decode to garbage
 * or a short array), npyjs decodes the data, fflate unzips. Any number of dimensions; callers
 * say how many they take.
 */
import { parse as parseNpyBuffer } from 'npyjs';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { MAX_NPZ_INFLATED_BYTES, mib } from './limits';
import { quoteValue } from './numbers';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4

export function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** How many dimensions a caller takes, and what to tell the user otherwise. */
export interface NpyDims {
  maxDims?: number;
  hint?: string;
  /** Accept a 0-d array (one value, shape []). */
  allowScalar?: boolean;
  /** Where text (U, S) and boolean (b1) arrays go: .npz members may be symbols or flags. */
  text?: { strings?: string[] };
}

function rowMajorStrides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

function columnMajorStrides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let d = 1; d < shape.length; d++) s[d] = s[d - 1]! * shape[d - 1]!;
  return s;
}

interface NpzMember {
  name: string;
  declared: number;
}

/** The .npy members of an archive with their declared (inflated) sizes, from the central directory, inflating nothing. */
function npzMembers(bytes: Uint8Array, fileName: string): NpzMember[] {
  if (!startsWith(bytes, ZIP_MAGIC)) throw new Error(`${fileName}: not an .npz (zip) archive (no PK\\3\\4 signature at its start)`);
  const members: NpzMember[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name.endsWith('.npy')) members.push({ name: file.name, declared: file.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw new Error(`${fileName}: not a readable .npz (zip) archive: ${(e as Error).message}`);
  }
  if (members.length === 0) throw new Error(`${fileName}: the archive holds no .npy arrays`);
  const total = members.reduce((s, m) => s + m.declared, 0);
  if (total > MAX_NPZ_INFLATED_BYTES) {
    throw new Error(`${fileName}: the archive declares ${mib(total)} of arrays once inflated, over the limit of ${mib(MAX_NPZ_INFLATED_BYTES)}`);
  }
  return members;
}

/** Names of the .npy arrays in an .npz (without `.npy`), read from its directory. */
export function npzArrayNames(bytes: Uint8Array, fileName: string): string[] {
  return npzMembers(bytes, fileName).map((m) => m.name.slice(0, -4));
}

/**
 * The .npy entries of an .npz archive by file name (`name.npy`); at least one. Refused from the
 * declared sizes first, then while inflating: the compressed bytes go in 64 KiB at a time and the
 * output is counted, so a member inflating past what it declared (a zip bomb) stops early.
 */
export function unzipNpz(bytes: Uint8Array, fileName: string): Record<string, Uint8Array> {
  const members = npzMembers(bytes, fileName);
  const declared = new Map(members.map((m) => [m.name, m.declared]));
  const out: Record<string, Uint8Array> = {};
  let total = 0;
  let failure: Error | null = null;
  const unzip = new Unzip((file) => {
    const limit = declared.get(file.name);
    if (limit === undefined) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new Error(`${fileName}: not a readable .npz (zip) archive: ${err.message}`);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > limit || total > MAX_NPZ_INFLATED_BYTES) {
        failure = new Error(`${fileName}: member ${quoteValue(file.name)} inflates past ${size > limit ? `its declared ${limit} bytes` : `the limit of ${mib(MAX_NPZ_INFLATED_BYTES)}`}; the archive is damaged or hostile`);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) {
        const whole = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) {
          whole.set(c, at);
          at += c.length;
        }
        out[file.name] = whole;
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const STEP = 64 * 1024;
  try {
    for (let at = 0; at < bytes.length && failure === null; at += STEP) unzip.push(bytes.subarray(at, Math.min(bytes.length, at + STEP)), at + STEP >= bytes.length);
  } catch (e) {
    if (failure === null) failure = new Error(`${fileName}: not a readable .npz (zip) archive: ${(e as Error).message}`);
  }
  if (failure) throw failure;
  for (const m of members) {
    if (out[m.name] === undefined) throw new Error(`${fileName}: member ${quoteValue(m.name)} could not be read (damaged archive)`);
  }
  return out;
}

const NPY_KINDS: Record<string, number> = {
  f2: 2, f4: 4, f8: 8,
  i1: 1, i2: 2, i4: 4, i8: 8,
  u1: 1, u2: 2, u4: 4, u8: 8,
};

export interface NpyArray {
  shape: number[];
  /** Row-major values, validated finite. */
  values: Float64Array;
}

export function formatShape(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * Validates the header ourselves (npyjs trusts it: a big-endian or truncated file would decode
 * to garbage or a short array), then lets npyjs decode the data.
 */
export function decodeNpy(bytes: Uint8Array, label: string, dims: NpyDims = {}): NpyArray {
  if (!startsWith(bytes, NPY_MAGIC)) throw new Error(`${label}: not an .npy file (no \\x93NUMPY magic)`);
  if (bytes.length < 10) throw new Error(`${label}: truncated .npy header`);
  const major = bytes[6] ?? 0;
  if (major < 1 || major > 3) throw new Error(`${label}: unsupported .npy format version ${major}.${bytes[7] ?? 0}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) throw new Error(`${label}: truncated .npy header`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = prefix + headerLen;
  if (bytes.length < dataOffset) {
    throw new Error(`${label}: truncated .npy file: the header needs ${dataOffset} bytes, the file has ${bytes.length}`);
  }
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(prefix, dataOffset));

  const descrMatch = /'descr'\s*:\s*('([^']*)'|\[)/.exec(header);
  if (!descrMatch) throw new Error(`${label}: malformed .npy header (no 'descr'): ${quoteValue(header.trim(), 120)}`);
  const descr = descrMatch[2];
  if (descr === undefined) throw new Error(`${label}: structured (record) arrays are not supported; save a plain numeric 2-D array`);
  if (dims.text && /^[<>|=]?(?:U\d+|S\d+|b1)$/.test(descr)) {
    return decodeTextOrBool(bytes, label, header, descr, dataOffset, dims.text);
  }
  if (descr.endsWith('O')) throw new Error(`${label}: object array (dtype ${descr}); save a numeric array (e.g. arr.astype('<f8'))`);
  const order = descr[0] ?? '';
  const kind = descr.slice(1);
  const itemSize = NPY_KINDS[kind];
  if (!'<>|='.includes(order) || itemSize === undefined) {
    throw new Error(`${label}: unsupported dtype ${quoteValue(descr)}; expected float (f2/f4/f8) or integer (i1..i8, u1..u8)`);
  }
  if (order === '>' && itemSize > 1) {
    throw new Error(`${label}: big-endian data (dtype ${descr}); save it little-endian, e.g. arr.astype('<${kind}')`);
  }

  const fortranMatch = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  if (!fortranMatch) throw new Error(`${label}: malformed .npy header (no 'fortran_order')`);
  const fortran = fortranMatch[1] === 'True';
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) throw new Error(`${label}: malformed .npy header (no 'shape')`);
  const shapeParts = (shapeMatch[1] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const shape = shapeParts.map((s) => {
    if (!/^\d+$/.test(s)) throw new Error(`${label}: malformed .npy shape ${quoteValue(shapeMatch[0])}`);
    return Number(s);
  });
  const maxDims = dims.maxDims ?? 8;
  const expected = dims.maxDims === 2 ? '(n,) or (n, m)' : `1 to ${maxDims} dimensions`;
  if (shape.length === 0 && !dims.allowScalar) throw new Error(`${label}: a 0-d (scalar) array is not a table; expected shape ${expected}`);
  if (shape.length > maxDims) {
    throw new Error(`${label}: ${shape.length}-d array of shape ${formatShape(shape)}; expected ${expected}${dims.hint ? `: ${dims.hint}` : ''}`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const need = count * itemSize;
  const have = bytes.length - dataOffset;
  if (have < need) {
    throw new Error(`${label}: truncated .npy file: shape ${formatShape(shape)} of ${descr} needs ${need} data bytes, found ${have}`);
  }
  if (have > need) {
    throw new Error(`${label}: ${have - need} unexpected bytes after the data of shape ${formatShape(shape)} (${descr}); the file is damaged`);
  }

  // npyjs views the data in place, which needs the offset aligned to the item size; numpy aligns
  // to 64, hand-written files may not, so such files get a re-padded header.
  const buffer = copyAligned(bytes, dataOffset, itemSize, header, need);
  let raw: ArrayLike<number | bigint>;
  try {
    raw = parseNpyBuffer(buffer).data as unknown as ArrayLike<number | bigint>;
  } catch (e) {
    throw new Error(`${label}: could not decode the .npy data: ${(e as Error).message}`);
  }
  if (raw.length !== count) {
    throw new Error(`${label}: decoded ${raw.length} values, the shape ${formatShape(shape)} says ${count}`);
  }

  const values = new Float64Array(count);
  const strides = rowMajorStrides(shape);
  const fortranStrides = fortran ? columnMajorStrides(shape) : strides;
  const at = (k: number): string => `[${strides.map((s, d) => Math.floor(k / s) % shape[d]!).join(', ')}]`;
  for (let dst = 0; dst < count; dst++) {
    let src = dst;
    if (fortran) {
      src = 0;
      for (let d = 0; d < shape.length; d++) src += (Math.floor(dst / strides[d]!) % shape[d]!) * fortranStrides[d]!;
    }
    const x = raw[src];
    let v: number;
    if (typeof x === 'bigint') {
      v = Number(x);
      if (!Number.isSafeInteger(v)) {
        throw new Error(`${label}: element ${at(dst)} = ${x.toString()} does not fit a double exactly (|v| > 2^53)`);
      }
    } else {
      v = x ?? Number.NaN;
    }
    if (!Number.isFinite(v)) {
      throw new Error(`${label}: element ${at(dst)} is ${String(v)}; expected finite numbers (NaN and Inf are not accepted)`);
    }
    values[dst] = v;
  }
  return { shape, values };
}

/** A fresh ArrayBuffer holding the .npy file with its data offset a multiple of 64. */
function copyAligned(bytes: Uint8Array, dataOffset: number, itemSize: number, header: string, dataBytes: number): ArrayBuffer {
  if (dataOffset % itemSize === 0) {
    return bytes.slice(0, dataOffset + dataBytes).buffer;
  }
  const dict = header.trim();
  const padded = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const text = dict + ' '.repeat(padded - 10 - dict.length - 1) + '\n';
  const out = new Uint8Array(padded + dataBytes);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i) & 0xff;
  out.set(bytes.subarray(dataOffset, dataOffset + dataBytes), padded);
  return out.buffer;
}


/** An .npz member of any kind: numbers (booleans as 0 / 1) or text. */
export interface NpyMember {
  shape: number[];
  /** Numbers, row-major; empty for text. */
  values: Float64Array;
  /** Text elements, row-major, for U and S dtypes. */
  strings?: string[];
  dtype: string;
}

/** Decodes an .npz member: numeric, boolean or text, of any shape including 0-d. */
export function decodeNpyMember(bytes: Uint8Array, label: string): NpyMember {
  const text: { strings?: string[] } = {};
  const a = decodeNpy(bytes, label, { allowScalar: true, text });
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 4096))))?.[1] ?? '';
  return text.strings ? { shape: a.shape, values: new Float64Array(0), strings: text.strings, dtype: descr } : { ...a, dtype: descr };
}

/** U (UTF-32), S (bytes) and b1 (bool) data, C order only. */
function decodeTextOrBool(bytes: Uint8Array, label: string, header: string, descr: string, dataOffset: number, out: { strings?: string[] }): NpyArray {
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number);
  if (/'fortran_order'\s*:\s*True/.test(header) && shape.length > 1) throw new Error(`${label}: a Fortran-ordered ${descr} array; save it in C order (np.ascontiguousarray)`);
  const count = shape.reduce((x, y) => x * y, 1);
  const m = /^[<>|=]?([USb])(\d+)$/.exec(descr)!;
  const kind = m[1]!;
  const width = Number(m[2]);
  const item = kind === 'U' ? 4 * width : width;
  const need = count * item;
  if (bytes.length - dataOffset !== need) {
    throw new Error(`${label}: ${bytes.length - dataOffset} data bytes for shape ${formatShape(shape)} of ${descr}; expected ${need}`);
  }
  const data = bytes.subarray(dataOffset);
  if (kind === 'b') return { shape, values: Float64Array.from(data, (b) => (b ? 1 : 0)) };
  if (kind === 'U' && descr.startsWith('>')) throw new Error(`${label}: big-endian text (dtype ${descr}); save it little-endian`);
  const strings: string[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let k = 0; k < count; k++) {
    let s = '';
    for (let c = 0; c < width; c++) {
      const code = kind === 'U' ? view.getUint32(k * item + 4 * c, true) : data[k * item + c]!;
      if (code === 0) break;
      s += String.fromCodePoint(code);
    }
    strings.push(s);
  }
  out.strings = strings;
  return { shape, values: new Float64Array(0) };
}
