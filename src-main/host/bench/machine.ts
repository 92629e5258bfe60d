/** The machine a benchmark ran on, so its numbers can be compared with another machine's. */
import * as os from 'node:os';
import * as path from 'node:path';
import type { MachineInfo } from './types';

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    machine: `${os.type()} ${os.release()} ${os.machine()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}

/** The 1-minute load average, two decimals. */
export function loadAverage(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}

/**
 * How this process was started, for the report: `npm run bench` when npm ran it, with the node
 * command line (paths relative to the working directory) either way.
 */
export function commandLine(): string {
  const [, script, ...args] = process.argv;
  const rel = (p: string): string => {
    const r = path.relative(process.cwd(), p);
    return r !== '' && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
  };
  const direct = ['node', ...(script ? [rel(script)] : []), ...args].join(' ');
  const npmScript = process.env.npm_lifecycle_event;
  return npmScript ? `npm run ${npmScript} (${direct})` : direct;
}
