/**
 * Trainer processes in the desktop app: Electron's utilityProcess, which needs no separate Node
 * runtime, implementing the jobs' TrainerLauncher (postMessage / message / exit / kill).
 */
import { utilityProcess } from 'electron';
import type { TrainerLauncher } from '../jobs/launcher';
import { isFromTrainer } from '../jobs/messages';

const STDERR_TAIL = 4096;

export function utilityLauncher(entry: string): TrainerLauncher {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'SEMoLA trainer', stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid ?? null;
      },
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) =>
        child.on('message', (m: unknown) => {
          if (isFromTrainer(m)) listener(m);
        }),
      // utilityProcess reports the exit code only; a kill shows as a non-zero code.
      onExit: (listener) => child.once('exit', (code: number) => listener({ code, signal: null, stderr })),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
