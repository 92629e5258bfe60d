/**
 * Ours against the PyTorch peer on a loaded machine: short timings of each (wasm fused step, wasm
 * plain step, PyTorch) taken one after another in rounds, so that each round's ratio compares
 * figures taken within seconds of each other; the median over rounds is reported with its range.
 * Usage: npx tsx src-main/host/bench/interleaved.ts [rounds] [steps]
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadAverage } from './machine';
import { PEER_SCRIPT, peerEnv, peerPython } from './peer';
import { PEER_RECIPES } from './types';

const requireHere = createRequire(import.meta.url);
const STEP_ENTRY = fileURLToPath(new URL('./interleaved-step.ts', import.meta.url));

/** The step as it runs (fused, own kernels), with tfjs-backend-wasm's kernels, or plain. */
type Variant = 'fused' | 'tfjsKernels' | 'plain';

function ours(preset: string, variant: Variant, steps: number): number {
  const request = { preset, plainStep: variant === 'plain', tfjsKernels: variant === 'tfjsKernels', steps };
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(requireHere.resolve('tsx')).href, STEP_ENTRY, JSON.stringify(request)], { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').pop()!) as { msPerStep: number }).msPerStep;
}

function peer(preset: string, steps: number): number {
  const out = execFileSync(peerPython(), [PEER_SCRIPT, '--steps', String(steps), '--warmup', '10', '--recipes', preset], { encoding: 'utf8', env: peerEnv() });
  return (JSON.parse(out) as { recipes: Record<string, { msPerStep: number }> }).recipes[preset]!.msPerStep;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const f3 = (v: number): string => v.toPrecision(3);

function main(): void {
  const rounds = Number(process.argv[2] ?? 3);
  const steps = Number(process.argv[3] ?? 40);
  const loadStart = loadAverage();
  const rows: string[] = [];
  for (const preset of PEER_RECIPES) {
    const fused: number[] = [];
    const tfjsKernels: number[] = [];
    const plain: number[] = [];
    const torch: number[] = [];
    for (let r = 0; r < rounds; r++) {
      fused.push(ours(preset, 'fused', steps));
      torch.push(peer(preset, steps));
      tfjsKernels.push(ours(preset, 'tfjsKernels', steps));
      plain.push(ours(preset, 'plain', steps));
      process.stderr.write(
        `${preset} round ${r + 1}: fused ${f3(fused[r]!)} ms, PyTorch ${f3(torch[r]!)} ms, tfjs's kernels ${f3(tfjsKernels[r]!)} ms, plain ${f3(plain[r]!)} ms\n`,
      );
    }
    const cell = (ms: number[]): string => {
      const ratio = ms.map((v, i) => v / torch[i]!);
      return `${f3(median(ms))} | ${f3(median(ratio))} (${f3(Math.min(...ratio))}-${f3(Math.max(...ratio))})`;
    };
    rows.push(`| ${preset} | ${f3(median(torch))} | ${cell(fused)} | ${cell(tfjsKernels)} | ${cell(plain)} |`);
  }
  process.stdout.write(
    [
      `Interleaved: ${rounds} rounds of ${steps}-step timings (wasm fused, PyTorch, wasm fused with tfjs-backend-wasm's own kernels, wasm plain, one after another); load average ${loadStart} at start, ${loadAverage()} at end; medians, per-round ratios to PyTorch with their range in brackets.`,
      '',
      "| Recipe | PyTorch, ms/step | Ours, ms/step | Ratio | Ours with tfjs's kernels, ms/step | Ratio | Ours, plain step, ms/step | Ratio |",
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
}

main();
