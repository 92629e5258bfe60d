/**
 * What bounds the ratio to PyTorch: the dense products of the MLP step (2-body defaults: 64
 * samples + 256 moved copies = 320 rows, layers 8-256-256-256-8; forward, input gradient and weight
 * gradient shapes), timed alone on wasm (one thread) and in PyTorch (one thread), with the step's
 * whole matMul time at each engine's speed. Usage: npx tsx src-main/host/bench/gemm-bound.ts
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../../engine/backend';
import { loadAverage } from './machine';
import { peerEnv, peerPython } from './peer';

const ROWS = 320;
const WIDTHS = [8, 256, 256, 256, 8];
/** [m, k, n] of every product one step runs: forward x W, input gradient dY W^T, weight gradient X^T dY. */
function stepProducts(): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i + 1 < WIDTHS.length; i++) {
    const [a, b] = [WIDTHS[i]!, WIDTHS[i + 1]!];
    out.push([ROWS, a, b], [ROWS, b, a], [a, ROWS, b]);
  }
  return out;
}

function timeWasm(m: number, k: number, n: number, repeats = 50): number {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  for (let i = 0; i < 5; i++) tf.matMul(a, b).dispose();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
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
  const ours = products.map(([m, k, n]) => timeWasm(m, k, n));
  const script = fileURLToPath(new URL('../../../bench/peer/gemm.py', import.meta.url));
  const peer = JSON.parse(execFileSync(peerPython(), [script, JSON.stringify(products)], { encoding: 'utf8', env: peerEnv() })) as { torch: string; products: { ms: number }[] };
  const load1 = loadAverage();
  const gf = (m: number, k: number, n: number, ms: number): string => ((2 * m * k * n) / (ms * 1e6)).toFixed(1);
  console.log(`Dense products of one MLP step, wasm (tfjs ${tf.version.tfjs}, one thread) against PyTorch ${peer.torch} (one thread); medians of 50; load average ${load0} at start, ${load1} at end.\n`);
  console.log('| m x k x n | wasm ms | wasm GFLOP/s | PyTorch ms | PyTorch GFLOP/s | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|');
  products.forEach(([m, k, n], i) => {
    const p = peer.products[i]!.ms;
    console.log(`| ${m} x ${k} x ${n} | ${ours[i]!.toFixed(3)} | ${gf(m, k, n, ours[i]!)} | ${p.toFixed(3)} | ${gf(m, k, n, p)} | ${(ours[i]! / p).toFixed(2)} |`);
  });
  const sum = (v: number[]): number => v.reduce((s, x) => s + x, 0);
  const [so, sp] = [sum(ours), sum(peer.products.map((p) => p.ms))];
  console.log(`| all ${products.length} products of a step | ${so.toFixed(2)} | | ${sp.toFixed(2)} | | ${(so / sp).toFixed(2)} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
