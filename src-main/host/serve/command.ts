/**
 * `semola serve`: the workbench in a browser. Opens the workspace, starts the run queue and serves
 * the built renderer plus the contract over a WebSocket on 127.0.0.1 (by default), guarded by a
 * random session token that is part of the printed URL.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkbench } from '../../api/service/workbench';
import { resolveWorkspacePath } from '../../store/index';
import { startServer, type RunningServer } from './server';

export interface ServeFlags {
  port: number;
  host: string;
  workspace?: string;
  /** Built renderer folder (default out/renderer of this checkout). */
  rendererDir?: string;
  /** Import by path only under this folder; required when `host` is not a loopback address. */
  dataRoot?: string;
}

export const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === 'localhost' || host === '::1';

/** The data root to enforce, or an error naming the flag. */
export function checkDataRoot(flags: Pick<ServeFlags, 'host' | 'dataRoot'>): string | undefined {
  if (flags.dataRoot === undefined) {
    if (!isLoopback(flags.host)) {
      throw new Error(`--host ${flags.host} is not a loopback address: pass --data-root DIR, the only folder the browser may import from by path`);
    }
    return undefined;
  }
  const root = path.resolve(flags.dataRoot);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new Error(`--data-root ${flags.dataRoot}: no such folder`);
  }
  if (!isDir) throw new Error(`--data-root ${flags.dataRoot}: not a folder`);
  return root;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_RENDERER_DIR = path.join(repoRoot, 'out', 'renderer');

export async function startServe(flags: ServeFlags): Promise<{ server: RunningServer; close(): Promise<void> }> {
  const dataRoot = checkDataRoot(flags);
  const rendererDir = flags.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${rendererDir}: run \`npm run build\` first (or \`npm start\`, which builds it)`);
  }
  const workbench = openWorkbench({ workspaceFile: resolveWorkspacePath(flags.workspace), mode: 'browser', dataRoot });
  let server: RunningServer;
  try {
    server = await startServer({ dispatch: workbench.dispatch, hub: workbench.hub, rendererDir, host: flags.host, port: flags.port });
  } catch (e) {
    await workbench.close();
    throw e;
  }
  return {
    server,
    close: async () => {
      await server.close();
      await workbench.close();
    },
  };
}

/** Runs until SIGINT/SIGTERM; prints the URL (with its token) on stdout. */
export async function serveAction(flags: ServeFlags): Promise<void> {
  const { server, close } = await startServe(flags);
  if (!isLoopback(flags.host)) {
    process.stderr.write(`warning: listening on ${flags.host}; anyone who can reach it and knows the URL can use this workbench (import by path limited to ${path.resolve(flags.dataRoot ?? '')})\n`);
  }
  process.stdout.write(`SEMoLA Workbench (browser mode) at ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
