/**
 * Labelled images in an .npz: `images` [N, H, W] or [N, H, W, C] (uint8, scaled to [0, 1], or
 * float, kept as is) and `labels` [N] of class indices.
 */
import { decodeNpyMember, formatShape, npzArrayNames, unzipNpz } from '../npy';
import { classLabels, type LabelledImages } from './image-set';

/** Whether an .npz holds the two arrays an image set needs. */
export function npzHoldsImages(bytes: Uint8Array, label: string): boolean {
  const names = npzArrayNames(bytes, label);
  return names.includes('images') && names.includes('labels');
}

export function npzImages(bytes: Uint8Array, label: string): LabelledImages {
  const members = unzipNpz(bytes, label);
  const missing = ['images', 'labels'].filter((name) => members[`${name}.npy`] === undefined);
  if (missing.length > 0) {
    throw new Error(`${label}: no ${missing.join(' or ')} array; an image .npz holds images [N, H, W] or [N, H, W, C] and labels [N] (arrays: ${Object.keys(members).map((k) => k.slice(0, -4)).join(', ')})`);
  }
  const images = decodeNpyMember(members['images.npy']!, `${label}: images`);
  const labels = decodeNpyMember(members['labels.npy']!, `${label}: labels`);
  if (images.strings || labels.strings) throw new Error(`${label}: images and labels must be numeric arrays`);
  if (images.shape.length !== 3 && images.shape.length !== 4) {
    throw new Error(`${label}: images has shape ${formatShape(images.shape)}; expected [N, H, W] or [N, H, W, C]`);
  }
  const [n, height, width, channels = 1] = images.shape as [number, number, number, number?];
  if (labels.shape.length !== 1 || labels.shape[0] !== n) {
    throw new Error(`${label}: labels has shape ${formatShape(labels.shape)}, but images holds ${n} images; expected labels [${n}]`);
  }
  if (height === 0 || width === 0 || channels === 0) throw new Error(`${label}: images of shape ${formatShape(images.shape)} hold no pixels`);
  // Bytes are read as intensities in [0, 1]; other types as they are.
  const bytesPerPixel = /u1$/.test(images.dtype);
  const pixels = bytesPerPixel ? Float32Array.from(images.values, (v) => v / 255) : Float32Array.from(images.values);
  return { n, height, width, channels, pixels, labels: classLabels(labels.values, `${label}: labels`) };
}
