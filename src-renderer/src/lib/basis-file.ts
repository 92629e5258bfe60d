/**
 * A basis [k][d][d] for fixed-basis and Augerino from a file the user picks: JSON (`{"basis": ...}`
 * as `semola train --basis` reads it, or the bare array; one d x d matrix counts as k = 1) or a NumPy
 * .npy of shape (k, d, d) or (d, d), float32 or float64, as the workbench's own npy export writes it.
 * Errors name the file and what was expected; the option table checks the values after this.
 */
export type Basis = number[][][];

export function readBasisFile(fileName: string, bytes: Uint8Array): Basis {
  const basis = fileName.toLowerCase().endsWith('.npy') ? readNpy(fileName, bytes) : readJson(fileName, new TextDecoder().decode(bytes));
  return checkShape(fileName, basis);
}

function readJson(fileName: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'basis' in value ? (value as { basis: unknown }).basis : value;
}

function checkShape(fileName: string, value: unknown): Basis {
  const isMatrix = (m: unknown): m is number[][] => Array.isArray(m) && m.length > 0 && m.every((r) => Array.isArray(r) && r.length === m.length && r.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (isMatrix(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(isMatrix)) {
    const d = value[0]!.length;
    if (value.every((m) => m.length === d)) return value;
  }
  throw new Error(`${fileName}: expected a basis of k matrices d x d of finite numbers ({"basis": [[[...]]]}), or one d x d matrix`);
}

function readNpy(fileName: string, bytes: Uint8Array): Basis {
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== '\x93NUMPY') throw new Error(`${fileName}: not a .npy file (no NUMPY header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number);
  if (descr !== '<f4' && descr !== '<f8') throw new Error(`${fileName}: element type ${descr ?? '?'}, expected float32 or float64 (<f4, <f8)`);
  if (fortran) throw new Error(`${fileName}: Fortran order; save it in C order (numpy.ascontiguousarray)`);
  const [k, d, d2] = shape.length === 2 ? [1, shape[0]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!];
  if ((shape.length !== 2 && shape.length !== 3) || d !== d2) throw new Error(`${fileName}: shape (${shape.join(', ')}), expected (k, d, d) or (d, d)`);
  const width = descr === '<f4' ? 4 : 8;
  const data = start + headerLength;
  if (bytes.byteLength - data < k * d * d * width) throw new Error(`${fileName}: ${bytes.byteLength - data} bytes of data for shape (${shape.join(', ')})`);
  const at = (i: number): number => (width === 4 ? view.getFloat32(data + 4 * i, true) : view.getFloat64(data + 8 * i, true));
  return Array.from({ length: k }, (_, g) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => at((g * d + i) * d + j))));
}
