/**
 * What bounds the ratio to PyTorch: the dense products of the MLP step (2-body defaults: 64
 * samples + 256 moved copies = 320 rows, layers 8-256-256-256-8; forward, input gradient and weight
 * gradient shapes), timed alone on wasm (one thread) and in PyTorch (one thread), with the step's
 * whole matMul time at each engine's speed. On wasm both kernels: tfjs-backend-wasm's (XNNPACK,
 * untransposed operands: the step transposed them before) and this project's (wasm-kernels/, given the
 * transposed operands the gradients ask for). Usage: npx tsx src-main/host/bench/gemm-bound.ts
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../../engine/backend';
import { wasmKernelsInfo } from '../../engine/wasm-kernels/register';
import { setWasmKernelsEnabled } from '../../engine/wasm-kernels/state';
import { loadAverage } from './machine';
import { peerEnv, peerPython } from './peer';

const ROWS = 320;
const WIDTHS = [8, 256, 256, 256, 8];
/** [m, k, n, transposeA, transposeB] of every product one step runs: forward x W, input gradient dY W^T, weight gradient X^T dY. */
function stepProducts(): [number, number, number, boolean, boolean][] {
  const out: [number, number, number, boolean, boolean][] = [];
  for (let i = 0; i + 1 < WIDTHS.length; i++) {
    const [a, b] = [WIDTHS[i]!, WIDTHS[i + 1]!];
    out.push([ROWS, a, b, false, false], [ROWS, b, a, false, true], [a, ROWS, b, true, false]);
  }
  return out;
}

/** One product's median time; with `own`, this project's kernels given the transposes, else tfjs's untransposed. */
function timeWasm([m, k, n, ta, tb]: [number, number, number, boolean, boolean], own: boolean, repeats = 50): number {
  setWasmKernelsEnabled(own);
  const [transposeA, transposeB] = own ? [ta, tb] : [false, false];
  const a = tf.randomNormal(transposeA ? [k, m] : [m, k]);
  const b = tf.randomNormal(transposeB ? [n, k] : [k, n]);
  for (let i = 0; i < 5; i++) tf.matMul(a, b, transposeA, transposeB).dispose();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b, transposeA, transposeB);
    c.dataSync();
    times.push(performance.now() - t0);
    c.dispose();
  }
  tf.dispose([a, b]);
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  await selectBackend('wasm');
  const products = stepProducts();
  const load0 = loadAverage();
  const xnnpack = products.map((p) => timeWasm(p, false));
  const ours = products.map((p) => timeWasm(p, true));
  setWasmKernelsEnabled(true);
  const script = fileURLToPath(new URL('../../../bench/peer/gemm.py', import.meta.url));
  const shapes = products.map(([m, k, n]) => [m, k, n]);
  const peer = JSON.parse(execFileSync(peerPython(), [script, JSON.stringify(shapes)], { encoding: 'utf8', env: peerEnv() })) as { torch: string; products: { ms: number }[] };
  const load1 = loadAverage();
  const gf = (m: number, k: number, n: number, ms: number): string => ((2 * m * k * n) / (ms * 1e6)).toFixed(1);
  const kernels = wasmKernelsInfo()?.fma ? 'fused multiply-add' : 'multiply and add';
  console.log(
    `Dense products of one MLP step, wasm (tfjs ${tf.version.tfjs}, one thread: tfjs-backend-wasm's kernel on untransposed operands, and this project's, ${kernels}, on the operands as the step passes them) against PyTorch ${peer.torch} (one thread); medians of 50; load average ${load0} at start, ${load1} at end.\n`,
  );
  console.log("| m x k x n (op) | tfjs-wasm ms | GFLOP/s | own kernels ms | GFLOP/s | PyTorch ms | GFLOP/s | ratio (own / PyTorch) |");
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  products.forEach(([m, k, n, ta, tb], i) => {
    const p = peer.products[i]!.ms;
    const op = ta ? 'A^T B' : tb ? 'A B^T' : 'A B';
    console.log(
      `| ${m} x ${k} x ${n} (${op}) | ${xnnpack[i]!.toFixed(3)} | ${gf(m, k, n, xnnpack[i]!)} | ${ours[i]!.toFixed(3)} | ${gf(m, k, n, ours[i]!)} | ${p.toFixed(3)} | ${gf(m, k, n, p)} | ${(ours[i]! / p).toFixed(2)} |`,
    );
  });
  const sum = (v: number[]): number => v.reduce((s, x) => s + x, 0);
  const [sx, so, sp] = [sum(xnnpack), sum(ours), sum(peer.products.map((p) => p.ms))];
  console.log(`| all ${products.length} products of a step | ${sx.toFixed(2)} | | ${so.toFixed(2)} | | ${sp.toFixed(2)} | | ${(so / sp).toFixed(2)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
