/**
 * Runs the measurement of one backend in a forked child process and returns its result. A fresh
 * process per backend because tfjs keeps one global backend and its kernels/memory per process:
 * a backend measured after another would inherit its state.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendResult, ChildMessage, ChildRequest } from './types';

const requireHere = createRequire(import.meta.url);
const CHILD_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));
/** Lines of child output kept to explain a crash. */
const TAIL_LINES = 20;

/**
 * tsx's loader (`--import tsx`) by absolute URL: a bare `tsx` would be resolved from the working
 * directory, which need not be this project's when the CLI is run from elsewhere.
 */
function tsxLoaderUrl(): string {
  return pathToFileURL(requireHere.resolve('tsx')).href;
}

export function runInChild(request: ChildRequest, opts: { timeoutMs: number; log: (line: string) => void }): Promise<BackendResult> {
  const failed = (reason: string): BackendResult => ({ name: request.backend, status: 'failed', reason });
  return new Promise((resolve) => {
    const child = fork(CHILD_ENTRY, [JSON.stringify(request)], {
      execArgv: ['--import', tsxLoaderUrl()],
      // Output is captured, not shown: tfjs prints banners and native-library chatter; it is kept
      // only to explain a child that dies without a result.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
    });
    const tail: string[] = [];
    const keep = (chunk: Buffer): void => {
      tail.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''));
      tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    let result: BackendResult | null = null;
    let settled = false;
    const finish = (r: BackendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(failed(`no result within ${Math.round(opts.timeoutMs / 1000)} s; the child was stopped`));
    }, opts.timeoutMs);

    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'log') opts.log(message.line);
      else if (message.type === 'result') result = message.result;
    });
    child.on('error', (e) => finish(failed(`could not start the child: ${e.message}`)));
    // 'close' rather than 'exit': it comes after the IPC channel and the pipes are drained, so a
    // result sent just before exiting is not missed.
    child.on('close', (code, signal) => {
      if (result) finish(result);
      else finish(failed(`child exited (${signal ?? `code ${code}`}) without a result:\n${tail.join('\n')}`));
    });
  });
}
