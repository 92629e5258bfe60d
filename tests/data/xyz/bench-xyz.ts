/**
 * Times parseXyz on a generated extended XYZ trajectory (not a test):
 *   node --expose-gc --import tsx tests/data/xyz/bench-xyz.ts [frames=100000] [atoms=13] [ase|compact]
 * The file is built in memory (Lattice, Properties with forces, energy, step, pbc), with reals as
 * ASE writes them (`%16.8f`) or compact (6 decimals, single spaces), then parsed twice; the time
 * and the heap growth of each parse are printed.
 */
import { parseXyz } from '../../../src-main/data/xyz/xyz';
import { ASE_STYLE, generateExtxyz } from './generate';

function main(): void {
  const frames = Number.parseInt(process.argv[2] ?? '100000', 10);
  const atoms = Number.parseInt(process.argv[3] ?? '13', 10);
  const style = process.argv[4] === 'compact' ? { decimals: 6, width: 0 } : ASE_STYLE;
  const bytes = generateExtxyz(frames, atoms, 1, style);
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
  console.log(`${frames} frames x ${atoms} atoms: ${mb(bytes.length)}, ${frames * (atoms + 2)} lines`);
  for (let run = 1; run <= 2; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    const heap0 = process.memoryUsage();
    const t0 = performance.now();
    const file = parseXyz(bytes, 'bench.xyz');
    const ms = performance.now() - t0;
    const heap1 = process.memoryUsage();
    console.log(
      `run ${run}: ${(ms / 1000).toFixed(2)} s, ${file.frames.length} frames, heap +${mb(heap1.heapUsed - heap0.heapUsed)}, array buffers +${mb(heap1.arrayBuffers - heap0.arrayBuffers)}`,
    );
  }
}

main();
