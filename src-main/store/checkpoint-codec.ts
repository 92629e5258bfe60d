/**
 * The engine's Checkpoint as bytes: a small JSON header (shapes, epoch, history, Adam's bias
 * accumulators) followed by every float32 array back to back, then a SHA-256 of all that, so a
 * flipped bit or a cut-off write is found before anything resumes from it.
 * Layout (version 2): "SMCK" | u32 version | u32 header length | header JSON (UTF-8) | pad to 4 |
 * float32 data | sha256 (32 bytes) of everything before it. Version 1 (no checksum, no Augerino
 * widths or accumulators) is still read. The data judge's arrays, when present, come last.
 */
import { createHash } from 'node:crypto';
import type { Checkpoint } from '../engine/training/checkpoint';

const MAGIC = 'SMCK';
const VERSION = 2;
const DIGEST_BYTES = 32;

interface Header {
  epoch: number;
  modelWeights: number[];
  rawBasis: number | null;
  augerinoWidths?: number | null;
  modelOptimizer: number[];
  basisOptimizer: number[];
  adamAccumulators?: Checkpoint['adamAccumulators'];
  /** The data judge's array lengths and Adam accumulators (images). */
  judge?: { weights: number[]; optimizer: number[]; accumulators: [number, number] };
  history: Checkpoint['history'];
}

/** A checkpoint whose bytes fail their checksum or cannot be decoded. */
export class DamagedCheckpointError extends Error {
  constructor(where: string, why: string) {
    super(`${where} is damaged (${why})`);
    this.name = 'DamagedCheckpointError';
  }
}

export function encodeCheckpoint(cp: Checkpoint): Uint8Array {
  const header: Header = {
    epoch: cp.epoch,
    modelWeights: cp.modelWeights.map((a) => a.length),
    rawBasis: cp.rawBasis ? cp.rawBasis.length : null,
    augerinoWidths: cp.augerinoWidths ? cp.augerinoWidths.length : null,
    modelOptimizer: cp.modelOptimizer.map((a) => a.length),
    basisOptimizer: cp.basisOptimizer.map((a) => a.length),
    ...(cp.adamAccumulators ? { adamAccumulators: cp.adamAccumulators } : {}),
    ...(cp.judge
      ? { judge: { weights: cp.judge.weights.map((a) => a.length), optimizer: cp.judge.optimizer.map((a) => a.length), accumulators: cp.judge.accumulators } }
      : {}),
    history: cp.history,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const arrays = [...cp.modelWeights, ...(cp.rawBasis ? [cp.rawBasis] : []), ...(cp.augerinoWidths ? [cp.augerinoWidths] : []), ...cp.modelOptimizer, ...cp.basisOptimizer, ...(cp.judge ? [...cp.judge.weights, ...cp.judge.optimizer] : [])];
  const dataStart = Math.ceil((12 + headerBytes.length) / 4) * 4;
  const floats = arrays.reduce((s, a) => s + a.length, 0);
  const body = dataStart + floats * 4;
  const out = new Uint8Array(body + DIGEST_BYTES);
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
  out.set(createHash('sha256').update(out.subarray(0, body)).digest(), body);
  return out;
}

/** Throws DamagedCheckpointError unless the bytes are a checkpoint whose checksum holds. */
export function verifyCheckpoint(bytes: Uint8Array, where = 'checkpoint'): void {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new DamagedCheckpointError(where, 'not a SEMoLA checkpoint');
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (version === 1) return;
  if (version !== VERSION) throw new DamagedCheckpointError(where, `checkpoint format ${version}, expected ${VERSION}`);
  if (bytes.length < 12 + DIGEST_BYTES) throw new DamagedCheckpointError(where, `truncated: ${bytes.length} bytes`);
  const body = bytes.length - DIGEST_BYTES;
  const digest = createHash('sha256').update(bytes.subarray(0, body)).digest();
  if (!digest.equals(Buffer.from(bytes.buffer, bytes.byteOffset + body, DIGEST_BYTES))) throw new DamagedCheckpointError(where, 'checksum mismatch: changed or cut off');
}

export function decodeCheckpoint(bytes: Uint8Array, where = 'checkpoint'): Checkpoint {
  verifyCheckpoint(bytes, where);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  const end = version === 1 ? bytes.length : bytes.length - DIGEST_BYTES;
  const headerLength = view.getUint32(8, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Header;
  } catch {
    throw new DamagedCheckpointError(where, 'unreadable header');
  }
  const dataStart = Math.ceil((12 + headerLength) / 4) * 4;
  if (dataStart > end || (end - dataStart) % 4 !== 0) throw new DamagedCheckpointError(where, `truncated: ${bytes.length} bytes`);
  // Copy so the floats are aligned whatever the source buffer's offset.
  const all = new Float32Array(bytes.slice(dataStart, end).buffer);
  let at = 0;
  const take = (n: number): Float32Array => {
    if (at + n > all.length) throw new DamagedCheckpointError(where, `truncated: needs ${(dataStart + (at + n) * 4).toString()} bytes, has ${bytes.length}`);
    const a = all.slice(at, at + n);
    at += n;
    return a;
  };
  const modelWeights = header.modelWeights.map(take);
  const rawBasis = header.rawBasis === null ? null : take(header.rawBasis);
  const augerinoWidths = header.augerinoWidths === undefined || header.augerinoWidths === null ? undefined : take(header.augerinoWidths);
  const modelOptimizer = header.modelOptimizer.map(take);
  const basisOptimizer = header.basisOptimizer.map(take);
  const judge = header.judge
    ? { weights: header.judge.weights.map(take), optimizer: header.judge.optimizer.map(take), accumulators: header.judge.accumulators }
    : undefined;
  return {
    epoch: header.epoch,
    modelWeights,
    rawBasis,
    ...(augerinoWidths ? { augerinoWidths } : {}),
    modelOptimizer,
    basisOptimizer,
    ...(header.adamAccumulators ? { adamAccumulators: header.adamAccumulators } : {}),
    ...(judge ? { judge } : {}),
    history: header.history,
  };
}
