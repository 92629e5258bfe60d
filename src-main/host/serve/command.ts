/**
 * `semola serve`: the workbench in a browser. Opens the workspace, starts the run queue and serves
 * the built renderer plus the contract over a WebSocket on 127.0.0.1 (by default), guarded by a
 * random session token that is part of the printed URL.
 */
import { existsSync } from 'node:fs';
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
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_RENDERER_DIR = path.join(repoRoot, 'out', 'renderer');

export async function startServe(flags: ServeFlags): Promise<{ server: RunningServer; close(): Promise<void> }> {
  const rendererDir = flags.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${rendererDir}: run \`npm run build\` first (or \`npm start\`, which builds it)`);
  }
  const workbench = openWorkbench({ workspaceFile: resolveWorkspacePath(flags.workspace), mode: 'browser' });
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
  if (flags.host !== '127.0.0.1' && flags.host !== 'localhost' && flags.host !== '::1') {
    process.stderr.write(`warning: listening on ${flags.host}; anyone who can reach it and knows the URL can use this workbench\n`);
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
