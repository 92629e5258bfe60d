/**
 * Pause points for the fault-injection tests, so that a kill -9 (or a full disk) lands exactly
 * inside a write. With SEMOLA_FAULT_PAUSE=NAME:AT:FILE in the environment, the process reaching
 * point NAME at AT (an epoch, `START.EPOCH` for a start of a run of several, a run id) creates FILE
 * holding its pid and stops itself (SIGSTOP) where it stands, inside the open transaction; the
 * test then kills it, or fills the disk and lets it continue (SIGCONT). Without the variable
 * (always, outside tests) nothing happens.
 */
import { writeFileSync } from 'node:fs';

export type FaultPointName = 'checkpoint-write' | 'run-finish';

export function faultPoint(name: FaultPointName, at: string): void {
  const spec = process.env.SEMOLA_FAULT_PAUSE;
  if (!spec) return;
  const [point, where, ...file] = spec.split(':');
  if (point !== name || where !== at || file.length === 0) return;
  try {
    // 'wx': only the first process to get here stops; the file says which.
    writeFileSync(file.join(':'), String(process.pid), { flag: 'wx' });
  } catch {
    return;
  }
  process.kill(process.pid, 'SIGSTOP');
}
