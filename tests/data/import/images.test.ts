import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDataset } from '../../../src-main/data/import';
import { idxFile, idxPair, imageNpz, pngFile } from '../image/image-bytes';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'semola-images-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('importing image datasets', () => {
  it('imports gzipped IDX images with the labels file found by name, and a test file', async () => {
    const train = idxPair(10, 4, 4);
    const test = idxPair(5, 4, 4);
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(train.images));
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(train.labels));
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), test.images);
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), test.labels);
    const { dataset, record } = await importDataset(join(dir, 'train-images-idx3-ubyte.gz'), { testPath: join(dir, 't10k-images-idx3-ubyte') });
    expect(record.format).toBe('idx');
    expect(dataset.layout).toEqual({ kind: 'image', d: 3, height: 4, width: 4, channels: 1 });
    expect([dataset.train.n, dataset.test?.n, dataset.numClasses, dataset.targetKind, dataset.task]).toEqual([10, 5, 3, 'classification', 'invariant']);
    expect(record.sourceFiles.map((f) => f.split('/').pop())).toEqual(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']);
    expect(dataset.train.inputs).toHaveLength(10 * 16);
  });

  it('names the missing labels file', async () => {
    const sub = join(dir, 'lonely');
    await mkdir(sub);
    await writeFile(join(sub, 'x-images-idx3-ubyte'), idxPair(2, 2, 2).images);
    await expect(importDataset(join(sub, 'x-images-idx3-ubyte'))).rejects.toThrow(/x-images-idx3-ubyte: its labels file is missing: expected x-labels-idx1-ubyte or x-labels-idx1-ubyte.gz in/);
  });

  it('refuses a test file whose image size differs from the train images', async () => {
    await writeFile(join(dir, 'big-images-idx3-ubyte'), idxPair(3, 5, 5).images);
    await writeFile(join(dir, 'big-labels-idx1-ubyte'), idxFile([3], Uint8Array.from([0, 1, 0])));
    await expect(importDataset(join(dir, 'train-images-idx3-ubyte.gz'), { testPath: join(dir, 'big-images-idx3-ubyte') })).rejects.toThrow(
      /big-images-idx3-ubyte: images are 5 x 5, the train images 4 x 4; both must be one size/,
    );
  });

  it('imports an .npz of images and labels with a seeded test split and --limit', async () => {
    await writeFile(join(dir, 'digits.npz'), imageNpz(40, 3, 3));
    const { dataset, record } = await importDataset(join(dir, 'digits.npz'), { limit: 30, testFraction: 0.2, seed: 1 });
    expect(record.format).toBe('image-npz');
    expect([dataset.train.n, dataset.test?.n]).toEqual([24, 6]);
    await expect(importDataset(join(dir, 'digits.npz'), { layout: 'vector' })).rejects.toThrow(/--layout vector: images take the image layout/);
  });

  it('imports a folder of PNGs with one subfolder per class, and refuses one with mixed sizes', async () => {
    const root = join(dir, 'pngs');
    for (const [cls, n] of [['circle', 3], ['square', 2]] as const) {
      await mkdir(join(root, cls), { recursive: true });
      for (let i = 0; i < n; i++) await writeFile(join(root, cls, `${i}.png`), pngFile(6, 6, (r, c) => (r + c + i) * 10));
    }
    const { dataset, record } = await importDataset(root, { testFraction: 0 });
    expect(record.format).toBe('image-folder');
    expect([dataset.train.n, dataset.numClasses]).toEqual([5, 2]);
    expect(Array.from(dataset.train.targets)).toEqual([0, 0, 0, 1, 1]);
    await writeFile(join(root, 'square', 'odd.png'), pngFile(5, 6, () => 0));
    await expect(importDataset(root)).rejects.toThrow(/square\/odd.png: 5 x 6 grey pixels, but .*circle\/0.png is 6 x 6 grey/);
  });

  // Debian's dataset-fashion-mnist (Expat licence, Zalando SE) ships gzipped IDX files; CI installs it.
  const FASHION = '/usr/share/datasets/fashion-mnist';
  it.skipIf(!existsSync(FASHION) && !process.env.CI)('imports Fashion-MNIST as distributed (gzipped IDX, the first 300 images)', async () => {
    const { dataset } = await importDataset(join(FASHION, 'train-images-idx3-ubyte.gz'), { limit: 300, testPath: join(FASHION, 't10k-images-idx3-ubyte.gz') });
    expect(dataset.layout).toEqual({ kind: 'image', d: 3, height: 28, width: 28, channels: 1 });
    expect([dataset.train.n, dataset.test?.n, dataset.numClasses]).toEqual([300, 10000, 10]);
    const max = dataset.train.inputs.reduce((m, v) => Math.max(m, v), 0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
  });
});
