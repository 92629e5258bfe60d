/**
 * The `semola` command as a user runs it: `node bin/semola.cjs ...` in a child process. Checks the
 * help text for every contract flag, exit codes, and one tiny end-to-end training run.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'semola.cjs');

/** The `train` flags scripts rely on (README, "The `semola` command"). */
const CONTRACT_FLAGS = [
  '--data',
  '--test-data',
  '--inputs',
  '--targets',
  '--task',
  '--layout',
  '--k',
  '--mask',
  '--epochs',
  '--batch-size',
  '--lr',
  '--n-aug',
  '--seed',
  '--backend',
  '--config',
  '--reference',
  '--out',
];

function semola(...args: string[]): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (r.error) throw r.error;
  return r;
}

/** True when `flag` appears as a whole option name (so `--k` is not satisfied by `--kind`). */
function documents(text: string, flag: string): boolean {
  const escaped = flag.replace(/[-]/g, '\\-');
  return new RegExp(`(^|[\\s,])${escaped}(?=[\\s=,<\\[]|$)`, 'm').test(text);
}

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'semola-cli-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('semola help', () => {
  it('--help exits 0 and lists the commands', () => {
    const r = semola('--help');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Usage: semola/);
    for (const cmd of ['train', 'builtins', 'bench']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('train --help documents every contract flag', () => {
    const r = semola('train', '--help');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Usage: semola train/);
    const missing = CONTRACT_FLAGS.filter((f) => !documents(r.stdout, f));
    expect(missing).toEqual([]);
  });

  it('help train prints the same flags', () => {
    const r = semola('help', 'train');
    expect(r.status, r.stderr).toBe(0);
    expect(CONTRACT_FLAGS.filter((f) => !documents(r.stdout, f))).toEqual([]);
  });
});

describe('semola builtins', () => {
  it('lists nbody2 and nbody2-ood', () => {
    const r = semola('builtins');
    expect(r.status, r.stderr).toBe(0);
    const names = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[0]);
    expect(names).toContain('builtin:nbody2');
    expect(names).toContain('builtin:nbody2-ood');
  });
});

describe('semola train', () => {
  it('trains end to end and writes the summary', () => {
    const config = path.join(dir, 'tiny.json');
    writeFileSync(
      config,
      JSON.stringify({
        model: { hidden: [16] },
        manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 },
        evalPoints: 50,
        evalGroupSamples: 4,
      }),
    );
    const out = path.join(dir, 's.json');
    const r = semola('train', '--data', 'builtin:nbody2?trajectories=10', '--epochs', '1', '--starts', '1', '--config', config, '--out', out, '--backend', 'cpu', '--quiet');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    const s = JSON.parse(readFileSync(out, 'utf8')) as {
      schemaVersion: number;
      backend: string;
      config: { epochs: number; model: { hidden: number[] }; evalPoints: number };
      basis: number[][][];
      timings: { epochs: number };
    };
    expect(s.schemaVersion).toBe(1);
    expect(s.backend).toBe('cpu');
    // The flag and the config file both reach the engine.
    expect(s.config.epochs).toBe(1);
    expect(s.timings.epochs).toBe(1);
    expect(s.config.model.hidden).toEqual([16]);
    expect(s.config.evalPoints).toBe(50);
    expect(s.basis).toHaveLength(1);
    expect(s.basis[0]).toHaveLength(8);
    expect(r.stdout).toMatch(/^backend: cpu/m);
    expect(r.stdout).toContain(path.resolve(out));
    // --quiet: no progress bar.
    expect(r.stderr).not.toMatch(/ETA/);
  });

  it('takes --data from the --config file', () => {
    const config = path.join(dir, 'with-data.json');
    writeFileSync(
      config,
      JSON.stringify({
        data: 'builtin:nbody2?trajectories=10',
        epochs: 1,
        model: { hidden: [16] },
        manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 },
        evalPoints: 50,
        evalGroupSamples: 4,
      }),
    );
    const out = path.join(dir, 'from-config.json');
    const r = semola('train', '--config', config, '--starts', '1', '--out', out, '--backend', 'cpu', '--quiet');
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { dataset: { name: string } }).dataset.name).toBe('builtin:nbody2');
  });

  it('rejects --epochs abc, naming the flag', () => {
    const r = semola('train', '--data', 'builtin:nbody2?trajectories=10', '--epochs', 'abc', '--backend', 'cpu', '--quiet');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--epochs');
    expect(r.stderr).toContain('abc');
  });

  it('fails on a missing data file, naming the path', () => {
    const missing = path.join(dir, 'no-such-table.csv');
    const r = semola('train', '--data', missing, '--epochs', '1', '--backend', 'cpu', '--quiet');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toMatch(/not found/);
  });
});
