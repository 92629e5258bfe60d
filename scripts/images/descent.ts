// Gradient steps on the generator alone (Adam, LR), the CNN held fixed after 2 plain epochs on
// 1,000 turned digits, coefficients uniform on [-RANGE, RANGE]: prints |cos| with the rotation
// every 10 steps (docs/discovery.md, "Images"). Run: RANGE=0.3 nice npx tsx scripts/images/descent.ts
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
async function main() {
  await selectBackend('wasm');
  const ds = loadBuiltin(`builtin:rotated-digits?samples=1000&split=${split}`);
  const rot = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
  const cfg = resolveConfig({ model: { kind: 'cnn' } as never, method: 'plain', epochs: 2, k: 1 });
  const tr = new Trainer(ds, cfg);
  await tr.train();
  const { train } = tr.tensors;
  const nImg = 64, nT = 2;
  const range = Number(process.env.RANGE ?? Math.PI);
  const lr = Number(process.env.LR ?? 1e-3);
  const rng = new Rng(Number(process.env.SEED ?? 1));
  const raw = tf.variable(tf.tensor3d([[[0,0,0],[0,0,0],[0,0,0]].map((r, i) => r.map(() => (i < 2 ? 0.01 * rng.normal() : 0)))]));
  const mask = tf.tensor3d([[[1,1,1],[1,1,1],[0,0,0]]]);
  const opt = tf.train.adam(lr);
  const ctx = tr.ctx;
  const n = train.n;
  for (let step = 0; step < Number(process.env.STEPS ?? 150); step++) {
    const batch = Array.from({ length: nImg }, () => rng.int(n));
    const t = Array.from({ length: nImg * nT }, () => rng.uniform(-range, range));
    const cost = opt.minimize(() => {
      const m = tf.mul(raw, mask);
      const G = tf.mul(m, tf.div(Math.SQRT2, tf.add(tf.norm(m), 1e-6))) as tf.Tensor3D;
      const g = LieAugmenter.groupElements(tf.tensor2d(t, [nImg * nT, 1]), G, 5);
      const idx = tf.tensor1d(batch, 'int32');
      const x: Inputs = { kind: 'image', images: tf.gather((train.inputs as any).images, idx) };
      const y = tf.gather(train.targets, idx) as tf.Tensor2D;
      const fgx = tr.model.predict(act(g, repeatInputs(x, nT)));
      const yr = tf.reshape(tf.tile(tf.expandDims(y, 1), [1, nT, 1]), [nImg * nT, -1]) as tf.Tensor2D;
      return predictionLoss(ctx, fgx, yr);
    }, true, [raw]);
    if (step % 10 === 0) {
      const L = (tf.mul(raw, mask).arraySync() as number[][][])[0]!;
      const f = Math.hypot(...L.flat());
      const cos = Math.abs(-L[0]![1]! + L[1]![0]!) / Math.SQRT2 / f;
      console.log(step, 'loss', (await cost!.data())[0]!.toFixed(3), '|cos|', cos.toFixed(3), 'rawnorm', f.toFixed(4), JSON.stringify(L.slice(0,2).map(r=>r.map(v=>+(v/f*Math.SQRT2).toFixed(2)))));
    }
    cost?.dispose();
  }
}
main();
