/**
 * The benchmark runs end to end (child process, IPC, report files). It checks the report's
 * shape only: timings depend on the machine, so no speed is asserted.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBench, type BenchReport } from '../../../src-main/host/bench/run';
import type { MeasuredBackend } from '../../../src-main/host/bench/types';

describe('runBench (quick, cpu)', () => {
  let outDir = '';
  let report: BenchReport;
  const lines: string[] = [];

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'semola-bench-'));
    report = await runBench({ outDir, quick: true, backends: ['cpu'], log: (line) => lines.push(line) });
  }, 180_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('measures the cpu backend with positive, finite numbers', () => {
    expect(report.backends).toHaveLength(1);
    const cpu = report.backends[0]!;
    expect(cpu.status, cpu.status === 'measured' ? '' : cpu.reason).toBe('measured');
    const m = cpu as MeasuredBackend;
    for (const key of ['stepsPerSecond', 'secondsPerEpoch', 'setupSeconds', 'expmMs', 'samplesPerEpoch', 'stepsPerEpoch', 'batchSize'] as const) {
      expect(Number.isFinite(m[key]) && m[key] > 0, `${key} = ${m[key]}`).toBe(true);
    }
    expect(m.batchSize).toBe(report.config.batchSize);
    expect(lines.some((l) => l.startsWith('cpu:'))).toBe(true);
  });

  it('writes bench.json with the same report', async () => {
    const json = JSON.parse(await readFile(path.join(outDir, 'bench.json'), 'utf8')) as BenchReport;
    expect(json).toEqual(report);
    expect(json.cpuCores).toBeGreaterThan(0);
    expect(json.nodeVersion).toBe(process.version);
    expect(json.tfjsVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('writes bench.md with a table row per measured backend', async () => {
    const md = await readFile(path.join(outDir, 'bench.md'), 'utf8');
    const measured = report.backends.filter((b) => b.status === 'measured');
    expect(measured.length).toBeGreaterThan(0);
    for (const b of measured) expect(md).toMatch(new RegExp(`^\\| ${b.name} \\|`, 'm'));
    expect(md).toContain(report.command);
  });

  it('measures one start against two, each in trainer processes, and tabulates them', async () => {
    const st = report.starts!;
    expect(st.error).toBeUndefined();
    expect(st.backend).toBe('cpu');
    expect(st.rows.map((r) => r.starts)).toEqual([1, 2]);
    for (const r of st.rows) expect(Number.isFinite(r.wallSeconds) && r.wallSeconds > 0).toBe(true);
    expect(st.rows[0]!.relative).toBe(1);
    expect(st.rows[1]!.relative).toBeCloseTo(st.rows[1]!.wallSeconds / st.rows[0]!.wallSeconds, 1);
    const md = await readFile(path.join(outDir, 'bench.md'), 'utf8');
    expect(md).toMatch(/^\| 2 \| [12] \| [\d.]+ \| [\d.]+ \|$/m);
  });

  it('rejects an unknown backend name', async () => {
    await expect(runBench({ outDir, backends: ['metal'] })).rejects.toThrow(/unknown backend metal/);
  });
});
