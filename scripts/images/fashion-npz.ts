// Turned Fashion-MNIST (Debian's dataset-fashion-mnist) as .npz under OUT (default .): the first N
// training and NT test images, id (full turns) and ood (train within +-45 degrees, test beyond).
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { selectBackend } from '../../src-main/engine/backend';
import { gunzipIfNeeded, idxImages } from '../../src-main/data/image/idx';
import { resampleAffine } from '../../src-main/engine/image/resample';
import { encodeNpz } from '../../src-main/export/npy';
import { Rng } from '../../src-main/data/random';

const dir = '/usr/share/datasets/fashion-mnist';
async function write(file: string, prefix: string, offset: number, n: number, angle: (r: Rng) => number, seed: number) {
  const imgs = readFileSync(`${dir}/${prefix}-images-idx3-ubyte.gz`);
  const labs = readFileSync(`${dir}/${prefix}-labels-idx1-ubyte.gz`);
  const set = idxImages(imgs, 'images', labs, 'labels', offset + n);
  const rng = new Rng(seed);
  const g = Array.from({ length: n }, () => { const a = angle(rng); return [[Math.cos(a), -Math.sin(a), 0], [Math.sin(a), Math.cos(a), 0], [0, 0, 1]]; });
  const px = set.pixels.slice(offset * 784, (offset + n) * 784);
  const out = resampleAffine(tf.tensor3d(g), tf.tensor4d(px, [n, 28, 28, 1]));
  const data = Float32Array.from(out.dataSync());
  writeFileSync(file, encodeNpz({ images: { dtype: 'float32', shape: [n, 28, 28], data }, labels: { dtype: 'float64', shape: [n], data: Float64Array.from(set.labels.slice(offset, offset + n)) } }, new Date(2026, 0, 1)));
}
async function main() {
  await selectBackend('wasm');
  const out = process.env.OUT ?? '.';
  const [n, nt] = [Number(process.env.N ?? 1000), Number(process.env.NT ?? 500)];
  const full = (r: Rng) => r.uniform(-Math.PI, Math.PI);
  const within = (r: Rng) => r.uniform(-Math.PI / 4, Math.PI / 4);
  const beyond = (r: Rng) => { const s = r.uniform(Math.PI / 4, Math.PI); return r.next() < 0.5 ? -s : s; };
  await write(`${out}/fm-id-train.npz`, 'train', 0, n, full, 1);
  await write(`${out}/fm-id-test.npz`, 't10k', 0, nt, full, 2);
  await write(`${out}/fm-ood-train.npz`, 'train', 0, n, within, 3);
  await write(`${out}/fm-ood-test.npz`, 't10k', 0, nt, beyond, 4);
}
main();
