/**
 * The trainer's side of the pipe to its parent: `process.send` under child_process.fork, or
 * `process.parentPort` under Electron's utilityProcess. Either way the parent going away ends
 * the trainer, so a killed parent never leaves an orphan training on.
 */
import type { FromTrainer } from './messages';

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface ParentChannel {
  onMessage(listener: (message: unknown) => void): void;
  /** Resolves once the message is handed to the OS (fork) or queued (utilityProcess). */
  post(message: FromTrainer): Promise<void>;
}

export function parentChannel(): ParentChannel {
  const port = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      onMessage: (listener) => port.on('message', (e) => listener(e.data)),
      post: async (message) => port.postMessage(message),
    };
  }
  if (!process.send) throw new Error('the trainer entry must be started by the job queue (no IPC channel to a parent process)');
  // The parent died (or closed the pipe): stop training, nobody would record it.
  process.on('disconnect', () => process.exit(3));
  return {
    onMessage: (listener) => process.on('message', listener),
    post: (message) =>
      new Promise((resolve, reject) => {
        process.send!(message, undefined, {}, (err) => (err ? reject(err) : resolve()));
      }),
  };
}
