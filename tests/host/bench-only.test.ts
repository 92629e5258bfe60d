/**
 * `semola bench --only imports`: the import rows (with the raw read beside them) are measured on
 * their own and merged into the report already in the folder, which keeps everything else.
 * Only the report's shape is checked: timings depend on the machine.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench, type BenchReport } from '../../src-main/host/bench/run';

describe('runBench --only imports (quick)', () => {
  it('replaces the import rows of an existing report and states when and under what load they were measured', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'semola-bench-only-'));
    try {
      const prior = {
        date: '2026-01-01T00:00:00.000Z', loadAverage: { start: 1, end: 2 }, machine: 'm', cpuModel: 'c', cpuCores: 2, memoryGiB: 1, nodeVersion: 'v20', tfjsVersion: '4.22.0',
        quick: false, command: 'npm run bench', config: { method: 'semola', k: 1, hidden: [256], batchSize: 64, nAug: 4, epochsRun: 2 }, dataset: 'builtin:nbody2',
        backends: [{ name: 'cpu', status: 'skipped', reason: 'kept from before' }],
        imports: [{ name: 'old row', input: 'x', samples: 1, seconds: 1, cpuSeconds: 1, perSecond: 1, unit: 'files/s' }],
      };
      await writeFile(join(dir, 'bench.json'), JSON.stringify(prior));
      const report = await runBench({ outDir: dir, quick: true, only: ['imports'], command: 'semola bench --only imports', log: () => undefined });
      const saved = JSON.parse(await readFile(join(dir, 'bench.json'), 'utf8')) as BenchReport;
      expect(saved).toEqual(JSON.parse(JSON.stringify(report)));
      expect(saved.date).toBe(prior.date);
      expect(saved.backends).toEqual(prior.backends);
      expect(saved.imports!.map((i) => [i.name, i.samples])).toEqual([['extended XYZ trajectory', 2000], ['QM9 folder', 500]]);
      for (const i of saved.imports!) {
        expect(i.bytes).toBeGreaterThan(0);
        expect(i.megabytesPerSecond).toBeGreaterThanOrEqual(0);
        expect(i.rawRead!.seconds).toBeGreaterThan(0);
        expect(i.rawRead!.method).toMatch(/^the same files? read with fs/);
      }
      expect(saved.importsRun!.command).toBe('semola bench --only imports');
      const md = await readFile(join(dir, 'bench.md'), 'utf8');
      expect(md).toContain('Measured on their own (`semola bench --only imports`)');
      expect(md).toContain('| Input | Samples | Seconds (wall) | CPU seconds | Throughput (wall) | Import MB/s | Raw read MB/s (s) |');
      await expect(runBench({ outDir: dir, only: ['training'], log: () => undefined })).rejects.toThrow('--only training: expected imports');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
