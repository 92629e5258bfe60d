/**
 * Writes .npy files by hand, per the NPY format spec v1.0, so the reader is tested against the
 * format rather than against another library's writer.
 */

/** The header dict as numpy writes it, e.g. `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`. */
export function npyDict(descr: string, shape: number[], fortran = false): string {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  return `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
}

/** magic \x93NUMPY, version 1.0, little-endian u16 header length, dict padded with spaces so that magic + length + header is a multiple of 64, ending in \n. */
export function npyHeader(dict: string, align = 64): Uint8Array {
  const total = Math.ceil((10 + dict.length + 1) / align) * align;
  const text = dict + ' '.repeat(total - 10 - dict.length - 1) + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A complete .npy file: header for (descr, shape) followed by `data`'s bytes. */
export function npyFile(descr: string, shape: number[], data: ArrayBufferView, opts: { fortran?: boolean; align?: number } = {}): Uint8Array {
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return concat(npyHeader(npyDict(descr, shape, opts.fortran ?? false), opts.align ?? 64), body);
}

export function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
