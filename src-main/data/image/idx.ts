/**
 * MNIST's IDX files (yann.lecun.com/exdb/mnist): a 4-byte magic (0, 0, type, dimensions), the
 * dimensions as big-endian uint32, then the data. Images are `*-images-idx3-ubyte` [n, rows, cols]
 * of unsigned bytes, labels `*-labels-idx1-ubyte` [n]; either may be gzipped (`.gz`), as MNIST and
 * Fashion-MNIST are distributed. Decoded strictly: wrong magic, a type other than unsigned bytes,
 * truncated or overlong files and counts that disagree are errors naming the file.
 */
import { gunzipSync } from 'fflate';
import { classLabels, type LabelledImages } from './image-set';

const UBYTE = 0x08;
const GZIP_MAGIC = [0x1f, 0x8b];

export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** The bytes of a possibly gzipped file, inflated. */
export function gunzipIfNeeded(bytes: Uint8Array, label: string): Uint8Array {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new Error(`${label}: not a readable gzip file: ${(e as Error).message}`);
  }
}

/** Whether the (inflated) bytes start like an IDX file of unsigned bytes. */
export function looksLikeIdx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === UBYTE && (bytes[3] === 1 || bytes[3] === 3);
}

/** An IDX array of unsigned bytes with `dims` dimensions. */
export function decodeIdx(raw: Uint8Array, label: string, dims: number): IdxArray {
  const bytes = gunzipIfNeeded(raw, label);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${label}: not an IDX file (the magic number must start with two zero bytes, got ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')})`);
  }
  if (bytes[2] !== UBYTE) throw new Error(`${label}: IDX data type 0x${bytes[2]!.toString(16).padStart(2, '0')}; only unsigned bytes (0x08) are read`);
  if (bytes[3] !== dims) throw new Error(`${label}: an IDX array of ${bytes[3]} dimension(s); expected ${dims} (${dims === 3 ? 'images: count, rows, columns' : 'labels: count'})`);
  const headerBytes = 4 + 4 * dims;
  if (bytes.length < headerBytes) throw new Error(`${label}: truncated IDX header: ${bytes.length} bytes, the header needs ${headerBytes}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const need = shape.reduce((a, b) => a * b, 1);
  const have = bytes.length - headerBytes;
  if (have < need) throw new Error(`${label}: truncated IDX file: shape [${shape.join(', ')}] needs ${need} data bytes, found ${have}`);
  if (have > need) throw new Error(`${label}: ${have - need} unexpected bytes after the data of shape [${shape.join(', ')}]; the file is damaged`);
  return { shape, data: bytes.subarray(headerBytes) };
}

/** The labels file that belongs to an images file: `x-images-idx3-ubyte[.gz]` -> `x-labels-idx1-ubyte[.gz]`. */
export function labelFileNames(imagesName: string): string[] {
  const m = /^(.*)images([-.]idx3[-.]ubyte)(\.gz)?$/i.exec(imagesName);
  if (!m) return [];
  const stem = `${m[1]}labels${m[2]!.replace(/3/, '1')}`;
  return [stem, `${stem}.gz`];
}

/** Images (bytes scaled to [0, 1]) with their labels, the first `limit` when given; counts must agree. */
export function idxImages(images: Uint8Array, imagesLabel: string, labels: Uint8Array, labelsLabel: string, limit?: number): LabelledImages {
  const img = decodeIdx(images, imagesLabel, 3);
  const lab = decodeIdx(labels, labelsLabel, 1);
  const [n, height, width] = img.shape as [number, number, number];
  if (lab.shape[0] !== n) throw new Error(`${labelsLabel}: ${lab.shape[0]} labels, but ${imagesLabel} holds ${n} images; the counts must agree`);
  if (height === 0 || width === 0) throw new Error(`${imagesLabel}: images of ${height} x ${width} pixels`);
  const kept = Math.min(n, limit ?? n);
  const pixels = new Float32Array(kept * height * width);
  for (let i = 0; i < pixels.length; i++) pixels[i] = img.data[i]! / 255;
  return { n: kept, height, width, channels: 1, pixels, labels: classLabels(lab.data.subarray(0, kept), labelsLabel) };
}
