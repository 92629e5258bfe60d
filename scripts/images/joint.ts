// Joint training on turned digits through the Trainer (one start, wasm), |cos| with the rotation per
// epoch: DATA (a builtin spec), SEED, CFG (JSON settings over k = 1, 5 epochs, the CNN), TAG.
import { selectBackend } from '../../src-main/engine/backend';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { resolveConfig } from '../../src-main/engine/config';
import { Trainer } from '../../src-main/engine/training/trainer';

async function main() {
  await selectBackend('wasm');
  const ds = loadBuiltin(process.env.DATA ?? 'builtin:rotated-digits?samples=1000&split=id');
  const extra = JSON.parse(process.env.CFG ?? '{}');
  const cfg = resolveConfig({ model: { kind: 'cnn' } as never, k: 1, epochs: 5, seed: Number(process.env.SEED ?? 0), ...extra });
  const tr = new Trainer(ds, cfg);
  await tr.train({
    onEpoch: (e) => {
      const L = e.basis[0]!;
      const f = Math.hypot(...L.flat());
      const cos = Math.abs(-L[0]![1]! + L[1]![0]!) / Math.SQRT2 / f;
      console.log(process.env.TAG, 'epoch', e.epoch, 'val', e.valLoss?.toFixed(3), 'equiv', e.losses.equiv.toFixed(3), '|cos|', cos.toFixed(3), 's', e.seconds.toFixed(0), JSON.stringify(L.slice(0, 2).map((r) => r.map((v) => +v.toFixed(2)))));
    },
  });
}
main();
