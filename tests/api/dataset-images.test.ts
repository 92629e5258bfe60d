/**
 * datasets.images over a real service: a page of an image dataset's pixels and labels, exactly the
 * dataset's, only the images asked for; refusals name the split's size; the output schema refuses
 * pixels of the wrong size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch';
import { EventHub } from '../../src-main/api/events';
import { DatasetImages, float32Base64Length, type DatasetSummary } from '../../src-main/api/schemas';
import { importerSource } from '../../src-main/api/service/data-source';
import { imagePage } from '../../src-main/api/service/images';
import { createService } from '../../src-main/api/service/index';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { imageDataset } from '../../src-main/data/image/image-set';
import { openWorkspace, type Workspace } from '../../src-main/store/index';

const SPEC = 'builtin:rotated-digits?samples=40&testSamples=12&seed=3&size=16';
let folder: string;
let ws: Workspace;
let dispatch: Dispatch;
let id: number;

const decode = (base64: string): Float32Array => {
  const bytes = Buffer.from(base64, 'base64');
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
};

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'semola-images-'));
  ws = openWorkspace(join(folder, 'workspace.sqlite'));
  dispatch = createDispatch(createService({ workspace: ws, hub: new EventHub(), data: importerSource(), queue: null, analyzeAlgebra: null, uploadsDir: join(folder, 'uploads'), mode: 'browser' }));
  const imported = await dispatch('datasets.import', { path: SPEC, importId: 'digits' });
  if (!imported.ok) throw new Error(imported.error.message);
  id = (imported.value as DatasetSummary).id;
});
afterAll(() => {
  ws.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('datasets.images', () => {
  it("serves the asked-for images of each split with the dataset's pixels and labels, and no more", async () => {
    const ds = loadBuiltin(SPEC);
    const size = 16 * 16;
    for (const [split, set, offset, count, shown] of [['train', ds.train, 30, 20, 10], ['test', ds.test!, 2, 4, 4]] as const) {
      const answer = await dispatch('datasets.images', { id, split, offset, count });
      if (!answer.ok) throw new Error(answer.error.message);
      const page = answer.value as DatasetImages;
      expect(page).toMatchObject({ datasetId: id, split, total: set.n, offset, splits: { train: 40, test: 12 }, height: 16, width: 16, channels: 1 });
      expect(page.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      expect(page.images.map((im) => im.index)).toEqual(Array.from({ length: shown }, (_, i) => offset + i));
      for (const image of page.images) {
        expect(image.label).toBe(set.targets[image.index]);
        expect(decode(image.pixels)).toEqual(set.inputs.slice(image.index * size, (image.index + 1) * size));
      }
      // Some ink on every digit: the pixels are the drawing, not zeros.
      for (const image of page.images) expect(Math.max(...decode(image.pixels))).toBeGreaterThan(0.5);
    }
  });

  it('refuses an offset past the split with its size, and a page over 64 images at the boundary', async () => {
    const past = await dispatch('datasets.images', { id, split: 'test', offset: 12 });
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.error).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('the test split of dataset') });
    if (!past.ok) expect(past.error.message).toContain('holds 12 images (offsets 0 to 11)');
    const big = await dispatch('datasets.images', { id, count: 65 });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.code).toBe('invalid-input');
    const wrongSplit = await dispatch('datasets.images', { id, split: 'validation' });
    expect(wrongSplit.ok).toBe(false);
  });

  it('says there is no test split where there is none, and names the classes of a source that names them', () => {
    const pixels = new Float32Array(3 * 2 * 2).map((_, i) => i / 12);
    const ds = imageDataset({ name: 'shapes', source: 'shapes/', trainLabel: 'shapes/', train: { n: 3, height: 2, width: 2, channels: 1, pixels, labels: Int32Array.from([0, 1, 1]), classNames: ['circle', 'square'] } });
    const page = imagePage(7, ds, 'train', 1, 5);
    expect(page.classNames).toEqual(['circle', 'square']);
    expect(page.images.map((im) => [im.index, page.classNames[im.label]])).toEqual([[1, 'square'], [2, 'square']]);
    expect(() => imagePage(7, ds, 'test', 0, 5)).toThrow(/has no test split; ask for split 'train'/);
  });

  it('refuses, as output, pixels that are not H x W x C float32 values', () => {
    const good = { datasetId: 1, split: 'train', total: 1, offset: 0, splits: { train: 1, test: 0 }, height: 2, width: 2, channels: 1, classNames: ['0'], images: [{ index: 0, label: 0, pixels: Buffer.alloc(16).toString('base64') }] };
    expect(float32Base64Length(4)).toBe(good.images[0]!.pixels.length);
    expect(DatasetImages.safeParse(good).success).toBe(true);
    const short = { ...good, images: [{ index: 0, label: 0, pixels: Buffer.alloc(12).toString('base64') }] };
    const result = DatasetImages.safeParse(short);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/expected 2 x 2 x 1 float32 values/);
    expect(DatasetImages.safeParse({ ...good, images: [{ index: 0, label: 1, pixels: good.images[0]!.pixels }] }).success).toBe(false);
  });
});
