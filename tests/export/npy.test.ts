import { spawnSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { parse as parseNpy } from 'npyjs';
import { describe, expect, it } from 'vitest';
import { exportBasis } from '../../src-main/export';
import { encodeNpy, type NpyArray } from '../../src-main/export/npy';
import { decode, so2Input, so3Input } from './fixtures';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

/** Runs a Python snippet with `data` (JSON) on stdin; returns stdout. */
function python(script: string, data: unknown): string {
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(data), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

/** npyjs needs an ArrayBuffer starting at the file's first byte. */
function readNpy(bytes: Uint8Array) {
  return parseNpy(bytes.slice().buffer);
}

function header(bytes: Uint8Array): string {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  return new TextDecoder('latin1').decode(bytes.subarray(10, 10 + len));
}

const f32 = (shape: number[], values: number[]): NpyArray => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

describe('.npy writer', () => {
  it('writes format 1.0 with the header dict NumPy writes, padded to 64 bytes', () => {
    const values = Array.from({ length: 18 }, (_, i) => i / 7 - 1);
    const bytes = encodeNpy(f32([2, 3, 3], values));
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const h = header(bytes);
    // The dict as np.save (NumPy 2.4) writes it, spare room for the first axis included.
    expect(h.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 3), }");
    expect(h.endsWith(' \n')).toBe(true);
    expect((10 + h.length) % 64).toBe(0);
    expect(bytes.length).toBe(10 + h.length + 18 * 4);
    expect(bytes.length).toBe(200); // what np.save writes for this array
    const back = readNpy(bytes);
    expect(back.shape).toEqual([2, 3, 3]);
    expect(back.dtype).toBe('f4');
    expect(Array.from(back.data as Float32Array)).toEqual(values.map(Math.fround));
  });

  it('writes 1-d shapes as Python 1-tuples and float64 exactly', () => {
    const values = [Math.PI, -Math.E, 1e-300];
    const bytes = encodeNpy({ dtype: 'float64', shape: [3], data: Float64Array.from(values) });
    expect(header(bytes).trimEnd()).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }");
    const back = readNpy(bytes);
    expect(back.dtype).toBe('f8');
    expect(Array.from(back.data as Float64Array)).toEqual(values);
  });

  it('rejects data that does not fill the shape', () => {
    expect(() => encodeNpy(f32([2, 2], [1, 2, 3]))).toThrow('npy: shape (2, 2) holds 4 values, got 3');
  });

  it.skipIf(!hasNumpy)('is byte-identical to np.save for float32, float64 and unicode arrays', () => {
    const cases: NpyArray[] = [
      f32([2, 3, 3], Array.from({ length: 18 }, (_, i) => Math.sin(i))),
      { dtype: 'float64', shape: [1, 8, 8], data: Float64Array.from({ length: 64 }, (_, i) => Math.cos(i) * 1e3) },
      { dtype: 'float64', shape: [12, 2], data: Float64Array.from({ length: 24 }, (_, i) => i - 12.5) },
      { dtype: 'unicode', shape: [3], data: ['x_1', 'px_long', 'θ'] },
    ];
    const script = `
import sys, json, io, base64, numpy as np
out = []
for c in json.load(sys.stdin):
    dt = {'float32': '<f4', 'float64': '<f8'}.get(c['dtype'])
    a = np.array(c['values'], dtype=dt) if dt else np.array(c['values'])
    b = io.BytesIO(); np.save(b, a.reshape(c['shape'])); out.append(base64.b64encode(b.getvalue()).decode())
print(json.dumps(out))`;
    const fromNumpy = JSON.parse(python(script, cases.map((c) => ({ dtype: c.dtype, shape: c.shape, values: Array.from(c.data as ArrayLike<number | string>) })))) as string[];
    cases.forEach((c, i) => {
      expect(Buffer.from(encodeNpy(c)).toString('base64'), `${c.dtype} ${c.shape.join('x')}`).toBe(fromNumpy[i]);
    });
  });
});

describe('npy/npz exports', () => {
  it('npy holds the normalised basis as float32 [k, d, d], or float64 on request', () => {
    const input = so3Input();
    const r32 = exportBasis('npy', input);
    expect(r32.fileName).toBe('semola-run-2026-01-02_7-basis.npy');
    const a32 = readNpy(r32.bytes);
    expect(a32.shape).toEqual([3, 3, 3]);
    expect(a32.dtype).toBe('f4');
    expect(Array.from(a32.data as Float32Array)).toEqual(input.basis.flat(2).map(Math.fround));
    const a64 = readNpy(exportBasis('npy', input, { dtype: 'float64' }).bytes);
    expect(a64.dtype).toBe('f8');
    expect(Array.from(a64.data as Float64Array)).toEqual(input.basis.flat(2));
  });

  it('npz holds basis, raw basis, mask, strengths, structure constants, feature names and the JSON document', () => {
    const input = so3Input();
    const r = exportBasis('npz', input, { dtype: 'float64' });
    expect(r.mediaType).toBe('application/zip');
    const members = unzipSync(r.bytes);
    expect(Object.keys(members).sort()).toEqual(['basis.npy', 'export.json', 'feature_names.npy', 'mask.npy', 'raw_basis.npy', 'strengths.npy', 'structure_constants.npy']);
    const read = (name: string) => readNpy(members[name]!);
    expect(read('basis.npy').shape).toEqual([3, 3, 3]);
    expect(Array.from(read('basis.npy').data as Float64Array)).toEqual(input.basis.flat(2));
    expect(Array.from(read('raw_basis.npy').data as Float64Array)).toEqual(input.rawBasis!.flat(2));
    expect(read('mask.npy').shape).toEqual([3, 3]);
    expect(Array.from(read('strengths.npy').data as Float64Array)).toEqual(input.strengths);
    expect(read('structure_constants.npy').shape).toEqual([3, 3, 3]);
    expect(Array.from(read('structure_constants.npy').data as Float64Array)).toEqual(input.algebra!.structureConstants.flat(2));
    expect(JSON.parse(decode(members['export.json']!)).basis).toEqual(input.basis);
  });

  it('npz leaves out what the run does not have', () => {
    const members = unzipSync(exportBasis('npz', { ...so2Input(), mask: null }).bytes);
    expect(Object.keys(members).sort()).toEqual(['basis.npy', 'export.json', 'feature_names.npy']);
  });

  it('the same input gives the same bytes (zip timestamps come from the export time)', () => {
    const a = exportBasis('npz', so3Input()).bytes;
    const b = exportBasis('npz', so3Input()).bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it.skipIf(!hasNumpy)('NumPy loads the npy as a (k, d, d) lie_algebra array and every npz member', () => {
    const input = so3Input();
    const npy = Buffer.from(exportBasis('npy', input).bytes).toString('base64');
    const npz = Buffer.from(exportBasis('npz', input).bytes).toString('base64');
    const script = `
import sys, json, io, base64, numpy as np
d = json.load(sys.stdin)
a = np.load(io.BytesIO(base64.b64decode(d['npy'])))
z = np.load(io.BytesIO(base64.b64decode(d['npz'])))
out = {'npy': {'dtype': str(a.dtype), 'shape': list(a.shape), 'values': a.astype(float).ravel().tolist()}}
for name in z.files:
    v = z[name]
    if isinstance(v, bytes): out[name] = json.loads(v.decode())['kind']
    elif v.dtype.kind == 'U': out[name] = v.tolist()
    else: out[name] = {'dtype': str(v.dtype), 'shape': list(v.shape), 'values': v.astype(float).ravel().tolist()}
print(json.dumps(out))`;
    const out = JSON.parse(python(script, { npy, npz })) as Record<string, { dtype: string; shape: number[]; values: number[] } | string[] | string>;
    expect(out.npy).toEqual({ dtype: 'float32', shape: [3, 3, 3], values: input.basis.flat(2).map(Math.fround) });
    expect(out.basis).toEqual(out.npy);
    expect(out.feature_names).toEqual(['x_1', 'y_1', 'z_1']);
    expect(out['export.json']).toBe('semola.basis-export');
    expect(out.strengths).toEqual({ dtype: 'float32', shape: [3], values: input.strengths!.map(Math.fround) });
    expect(out.structure_constants).toMatchObject({ shape: [3, 3, 3] });
    expect(out.mask).toEqual({ dtype: 'float32', shape: [3, 3], values: new Array(9).fill(1) });
  });
});
