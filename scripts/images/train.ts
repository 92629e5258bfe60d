// One image run through runTrain (one start, wasm), printing |cos| with the rotation per epoch and
// the test accuracy: DATA=builtin:... or DATA=train.npz|test.npz, SEED, CFG (JSON settings), TAG.
import { runTrain } from '../../src-main/run/train';
const cosOf = (L: number[][]) => Math.abs(-L[0]![1]! + L[1]![0]!) / Math.SQRT2 / Math.hypot(...L.flat());
async function main() {
  const [data, testData] = (process.env.DATA ?? '').split('|');
  const extra = JSON.parse(process.env.CFG ?? '{}');
  const t0 = performance.now();
  const s = await runTrain({
    data: data!, ...(testData ? { testData } : {}), ...(testData ? { layout: 'image' } : {}), backend: 'wasm',
    config: { k: 1, seed: Number(process.env.SEED ?? 0), ...extra },
    onEpoch: (e) => console.log(process.env.TAG, 'epoch', e.epoch, 'val', e.valLoss?.toFixed(3), '|cos|', cosOf(e.basis[0]!).toFixed(3), 's', e.seconds.toFixed(0)),
  } as never);
  const t = s.metrics.test as any;
  console.log(process.env.TAG, 'FINAL |cos|', cosOf(s.basis[0]!).toFixed(3), 'acc', t.accuracy?.toFixed(3), 'direct', t.direct?.accuracy?.toFixed(3), 'basis', JSON.stringify(s.basis[0]!.map((r: number[]) => r.map((v) => +v.toFixed(2)))), 'total s', ((performance.now() - t0) / 1000).toFixed(0), 'cfg', s.config.basisLr, s.config.rangeWarmupEpochs, s.config.nAug);
}
main().catch((e) => { console.error(e); process.exit(1); });
