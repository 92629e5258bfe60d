/**
 * The engine's Checkpoint as bytes: a small JSON header (shapes, epoch, history) followed by every
 * float32 array back to back. Used for the checkpoint BLOBs and for the trainer's checkpoint message.
 * Layout: "SMCK" | u32 version | u32 header length | header JSON (UTF-8) | pad to 4 | float32 data.
 */
import type { Checkpoint } from '../engine/training/checkpoint';

const MAGIC = 'SMCK';
const VERSION = 1;

interface Header {
  epoch: number;
  modelWeights: number[];
  rawBasis: number | null;
  modelOptimizer: number[];
  basisOptimizer: number[];
  history: Checkpoint['history'];
}

export function encodeCheckpoint(cp: Checkpoint): Uint8Array {
  const header: Header = {
    epoch: cp.epoch,
    modelWeights: cp.modelWeights.map((a) => a.length),
    rawBasis: cp.rawBasis ? cp.rawBasis.length : null,
    modelOptimizer: cp.modelOptimizer.map((a) => a.length),
    basisOptimizer: cp.basisOptimizer.map((a) => a.length),
    history: cp.history,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const arrays = [...cp.modelWeights, ...(cp.rawBasis ? [cp.rawBasis] : []), ...cp.modelOptimizer, ...cp.basisOptimizer];
  const dataStart = Math.ceil((12 + headerBytes.length) / 4) * 4;
  const floats = arrays.reduce((s, a) => s + a.length, 0);
  const out = new Uint8Array(dataStart + floats * 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  const data = new Float32Array(out.buffer, dataStart, floats);
  let at = 0;
  for (const a of arrays) {
    data.set(a, at);
    at += a.length;
  }
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array, where = 'checkpoint'): Checkpoint {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error(`${where}: not a SEMoLA checkpoint`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`${where}: checkpoint format ${version}, expected ${VERSION}`);
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header;
  const dataStart = Math.ceil((12 + headerLength) / 4) * 4;
  // Copy so the floats are aligned whatever the source buffer's offset.
  const all = new Float32Array(bytes.slice(dataStart).buffer);
  let at = 0;
  const take = (n: number): Float32Array => {
    if (at + n > all.length) throw new Error(`${where}: truncated (needs ${(dataStart + (at + n) * 4).toString()} bytes, has ${bytes.length})`);
    const a = all.slice(at, at + n);
    at += n;
    return a;
  };
  return {
    epoch: header.epoch,
    modelWeights: header.modelWeights.map(take),
    rawBasis: header.rawBasis === null ? null : take(header.rawBasis),
    modelOptimizer: header.modelOptimizer.map(take),
    basisOptimizer: header.basisOptimizer.map(take),
    history: header.history,
  };
}
