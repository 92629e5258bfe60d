// Loss seen by the generator on images: a CNN trained (plain, or SPLIT/METHOD/EPOCHS from the
// environment) on 1,000 turned digits, then E_t CE(f(exp(t L) x), y) on 256 training images with 8
// stratified coefficients in [-r, r] for the rotation, scalings, shears and translations (docs/discovery.md, "Images").
// Run: nice npx tsx scripts/images/landscape.ts
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src-main/engine/backend';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { resolveConfig } from '../../src-main/engine/config';
import { Trainer } from '../../src-main/engine/training/trainer';
import { LieAugmenter } from '../../src-main/engine/augmenter';
import { act, repeatInputs, type Inputs } from '../../src-main/engine/layouts';
import { predictionLoss } from '../../src-main/engine/losses/objective';
import { Rng } from '../../src-main/data/random';

const split = process.env.SPLIT ?? 'id';
const method = process.env.METHOD ?? 'plain';
async function main() {
  await selectBackend('wasm');
  const ds = loadBuiltin(`builtin:rotated-digits?samples=1000&split=${split}`);
  const rot = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
  const cfg = resolveConfig({ model: { kind: 'cnn' } as never, method: method as never, epochs: Number(process.env.EPOCHS ?? 2), k: 1, ...(method === 'fixed-basis' ? { fixedBasis: [rot] } : {}) });
  const tr = new Trainer(ds, cfg);
  const t0 = performance.now();
  await tr.train({ onEpoch: (e) => console.log('epoch', e.epoch, 'val', e.valLoss?.toFixed(3), 's', e.seconds.toFixed(1)) });
  console.log('train s', ((performance.now() - t0) / 1000).toFixed(1));
  const { train } = tr.tensors;
  const nImg = 256;
  const idx = tf.range(0, nImg, 1, 'int32') as tf.Tensor1D;
  const x: Inputs = { kind: 'image', images: tf.gather((train.inputs as any).images, idx) };
  const y = tf.gather(train.targets, idx) as tf.Tensor2D;
  const nT = 8;
  const s2 = Math.SQRT2;
  const norm = (L: number[][]) => { const f = Math.hypot(...L.flat()); return L.map((r) => r.map((v) => (v * s2) / f)); };
  const gens: Record<string, number[][]> = {
    rotation: rot,
    scale: [[1, 0, 0], [0, 1, 0], [0, 0, 0]],
    stretch: [[1, 0, 0], [0, -1, 0], [0, 0, 0]],
    shear: [[0, 1, 0], [1, 0, 0], [0, 0, 0]],
    shearU: [[0, 1, 0], [0, 0, 0], [0, 0, 0]],
    transU: [[0, 0, 1], [0, 0, 0], [0, 0, 0]],
    transUV: [[0, 0, 1], [0, 0, 1], [0, 0, 0]],
    constInit: [[1, 1, 1], [1, 1, 1], [0, 0, 0]],
    rot90sc10: [[0.1, -1, 0], [1, 0.1, 0], [0, 0, 0]],
    rotPlusTrans: [[0, -1, 0.3], [1, 0, 0.3], [0, 0, 0]],
  };
  const rng = new Rng(5);
  const ctx = tr.ctx;
  for (const range of (process.env.RANGES ?? '0.1,0.3,1,3.14159').split(',').map(Number)) {
    const line: string[] = [];
    // fixed coefficients: stratified in [-range, range]
    const t = Array.from({ length: nImg * nT }, (_, i) => (((i % nT) + 0.5) / nT * 2 - 1) * range);
    for (const [name, L] of Object.entries(gens)) {
      const v = tf.tidy(() => {
        const G = tf.tensor3d([norm(L)]);
        const g = LieAugmenter.groupElements(tf.tensor2d(t, [nImg * nT, 1]), G, 12);
        const xr = repeatInputs(x, nT);
        const fgx = tr.model.predict(act(g, xr));
        const yr = tf.reshape(tf.tile(tf.expandDims(y, 1), [1, nT, 1]), [nImg * nT, -1]) as tf.Tensor2D;
        return predictionLoss(ctx, fgx, yr);
      });
      line.push(`${name}=${(await v.data())[0]!.toFixed(3)}`);
      v.dispose();
    }
    console.log(`range ${range}:`, line.join(' '));
  }
  void rng;
}
main();
