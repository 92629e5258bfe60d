/**
 * For the fault tests: `semola` as its own process (so it can be killed), the pause points of
 * src-main/store/fault-point.ts, and summaries compared without what measures time.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';

export const BIN = path.join(__dirname, '../../bin/semola.cjs');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface Spawned {
  pid: number;
  exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
}

/** `semola ARGS` in its own process; `pause`: SEMOLA_FAULT_PAUSE (NAME:AT:FILE). */
export function spawnSemola(args: string[], pause?: string): Spawned {
  const env = { ...process.env, ...(pause ? { SEMOLA_FAULT_PAUSE: pause } : {}) };
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { pid: child.pid!, exited };
}

/** Is the process stopped (SIGSTOP)? Linux: state T in /proc/PID/stat. */
function stopped(pid: number): boolean {
  try {
    return /^\d+ \(.*\) T/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Waits until a pause point wrote `marker` and its process stopped there; returns that pid. */
export async function pausedAt(marker: string, running: Spawned, timeoutMs = 60_000): Promise<number> {
  let ended = false;
  void running.exited.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !ended) {
    if (existsSync(marker)) {
      const text = readFileSync(marker, 'utf8');
      const pid = Number(text);
      if (text && stopped(pid)) return pid;
    }
    await sleep(20);
  }
  const r = ended ? await running.exited : null;
  throw new Error(`the pause point ${marker} was not reached${r ? `; the process ended (code ${r.code}): ${r.stderr.slice(-800)}` : ''}`);
}

const TIME_KEYS = new Set(['seconds', 'timings', 'wallSeconds', 'parallel', 'run']);

/** A summary without what measures time or names the workspace: what must equal between a resumed run and its uninterrupted twin. */
export function numbersOf(summary: unknown): unknown {
  if (Array.isArray(summary)) return summary.map(numbersOf);
  if (typeof summary !== 'object' || summary === null) return summary;
  return Object.fromEntries(Object.entries(summary).filter(([k]) => !TIME_KEYS.has(k)).map(([k, v]) => [k, numbersOf(v)]));
}

/** Bit-exact: every number of the resumed run equals the uninterrupted one's. */
export function expectSameNumbers(resumed: unknown, twin: unknown): void {
  expect(resumed).toBeTruthy();
  expect(numbersOf(resumed)).toEqual(numbersOf(twin));
}
