/**
 * How the queue starts a trainer process. `forkLauncher` uses child_process.fork (CLI, tests,
 * browser mode); the desktop app implements the same `TrainerLauncher` with Electron's
 * utilityProcess (postMessage / 'message' / 'exit' / kill map one to one).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFromTrainer, type FromTrainer, type ToTrainer } from './messages';

export interface TrainerExit {
  code: number | null;
  signal: string | null;
  /** The last few KB the process wrote to stderr (for the failure reason). */
  stderr: string;
}

export interface TrainerProcess {
  readonly pid: number | null;
  send(message: ToTrainer): void;
  onMessage(listener: (message: FromTrainer) => void): void;
  /** Called once, after the process ended and its output was read. */
  onExit(listener: (exit: TrainerExit) => void): void;
  /** Kill at once (SIGKILL): cancel does not wait for an epoch to end. */
  kill(): void;
}

export type TrainerLauncher = () => TrainerProcess;

export interface ForkOptions {
  /** The trainer entry: a built .js file, or the .ts source (then tsx's loader is added). */
  entry?: string;
  /** V8 heap limit of each trainer, in MB (a trainer over it fails as "ran out of memory"). */
  maxOldSpaceMb?: number;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** `trainer.js` beside the built main bundle, else the TypeScript source beside this file. */
export function defaultTrainerEntry(): string {
  const built = path.join(here, 'trainer.js');
  return existsSync(built) ? built : path.join(here, 'trainer-entry.ts');
}

const STDERR_TAIL = 4096;

export function forkLauncher(opts: ForkOptions = {}): TrainerLauncher {
  const entry = opts.entry ?? defaultTrainerEntry();
  const loader = entry.endsWith('.ts') ? ['--require', createRequire(import.meta.url).resolve('tsx/cjs')] : [];
  const execArgv = [...loader, ...(opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : []), ...(opts.execArgv ?? [])];
  return () => {
    const child = fork(entry, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: opts.env ?? process.env });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    // A send to a process that just died must not take the parent down; the exit reports it.
    child.on('error', () => undefined);
    return {
      pid: child.pid ?? null,
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) =>
        child.on('message', (m: unknown) => {
          if (isFromTrainer(m)) listener(m);
        }),
      onExit: (listener) => child.once('close', (code, signal) => listener({ code, signal, stderr })),
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  };
}
