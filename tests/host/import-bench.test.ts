/**
 * The import part of `semola bench` runs end to end in quick mode (generated inputs, imported,
 * removed); only the report's shape is checked: timings depend on the machine.
 */
import { describe, expect, it } from 'vitest';
import { benchImports } from '../../src-main/host/bench/import-bench';
import { renderMarkdown } from '../../src-main/host/bench/markdown';
import type { BenchReport } from '../../src-main/host/bench/types';

describe('benchImports (quick)', () => {
  it('imports a generated extended XYZ trajectory and QM9-shaped folder and reports throughput', async () => {
    const lines: string[] = [];
    const results = await benchImports(true, (l) => lines.push(l));
    expect(results.map((r) => [r.name, r.samples, r.unit])).toEqual([
      ['extended XYZ trajectory', 2000, 'frames/s'],
      ['QM9 folder', 500, 'files/s'],
    ]);
    for (const r of results) {
      expect(r.seconds).toBeGreaterThan(0);
      expect(r.cpuSeconds).toBeGreaterThan(0);
      expect(r.perSecond).toBe(Math.round(r.samples / r.seconds));
    }
    expect(lines.some((l) => l.startsWith('import: QM9 folder 500 files'))).toBe(true);
    const md = renderMarkdown({ backends: [], loadAverage: { start: 0, end: 0 }, config: { method: 'semola', k: 1, hidden: [], batchSize: 1, nAug: 1, epochsRun: 2 }, imports: results } as unknown as BenchReport);
    expect(md).toContain('| extended XYZ trajectory: 2000 frames x 13 atoms');
  }, 60_000);
});
