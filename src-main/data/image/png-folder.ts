/**
 * A folder of PNG images with one subfolder per class (`root/<class>/*.png`, ImageFolder's
 * convention): classes are the subfolder names in sorted order. Every image must have the size
 * and channel count of the first; grey images give one channel, colour three (alpha dropped).
 */
import { PNG, type PNGWithMetadata } from 'pngjs';
import type { LabelledImages } from './image-set';

export interface PngFile {
  /** Path, for messages. */
  path: string;
  className: string;
  bytes: Uint8Array;
}

interface Decoded {
  height: number;
  width: number;
  channels: number;
  pixels: Float32Array;
}

function decodePng(file: PngFile): Decoded {
  let png: PNGWithMetadata;
  try {
    png = PNG.sync.read(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
  } catch (e) {
    throw new Error(`${file.path}: not a readable PNG: ${(e as Error).message}`);
  }
  const { width, height, data } = png;
  // pngjs expands every image to 8-bit RGBA; `color` says whether the file had colour.
  const colour = png.color;
  const channels = colour ? 3 : 1;
  const pixels = new Float32Array(height * width * channels);
  for (let p = 0; p < height * width; p++) {
    for (let c = 0; c < channels; c++) pixels[p * channels + c] = data[p * 4 + c]! / 255;
  }
  return { height, width, channels, pixels };
}

/** Labelled images from PNG files grouped by class; `classNames` sorted, labels their indices. */
export function pngFolderImages(files: PngFile[], root: string): LabelledImages {
  if (files.length === 0) throw new Error(`${root}: no PNG files in its class subfolders (expected ${root}/<class>/<image>.png)`);
  const classNames = [...new Set(files.map((f) => f.className))].sort();
  const first = decodePng(files[0]!);
  const size = first.height * first.width * first.channels;
  const pixels = new Float32Array(files.length * size);
  const labels = new Int32Array(files.length);
  files.forEach((file, i) => {
    const img = i === 0 ? first : decodePng(file);
    if (img.height !== first.height || img.width !== first.width || img.channels !== first.channels) {
      const what = (d: Decoded): string => `${d.height} x ${d.width} ${d.channels === 1 ? 'grey' : 'colour'}`;
      throw new Error(`${file.path}: ${what(img)} pixels, but ${files[0]!.path} is ${what(first)}; every image must have one size and colour type`);
    }
    pixels.set(img.pixels, i * size);
    labels[i] = classNames.indexOf(file.className);
  });
  return { n: files.length, height: first.height, width: first.width, channels: first.channels, pixels, labels, classNames };
}
