/**
 * Where the workspace lives when no `--workspace` is given: `$SEMOLA_WORKSPACE` if set, else the
 * platform's per-user data folder:
 * - Linux: `$XDG_DATA_HOME/semola-workbench/workspace.sqlite` (default `~/.local/share/...`)
 * - macOS: `~/Library/Application Support/semola-workbench/workspace.sqlite`
 * - Windows: `%APPDATA%\semola-workbench\workspace.sqlite`
 */
import { homedir } from 'node:os';
import * as path from 'node:path';

export const WORKSPACE_ENV = 'SEMOLA_WORKSPACE';
const APP_DIR = 'semola-workbench';
const FILE_NAME = 'workspace.sqlite';

export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const explicit = env[WORKSPACE_ENV];
  if (explicit) return path.resolve(explicit);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR, FILE_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR, FILE_NAME);
  const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(dataHome, APP_DIR, FILE_NAME);
}

/** `--workspace FILE` wins; otherwise the default above. */
export function resolveWorkspacePath(flag?: string): string {
  return flag ? path.resolve(flag) : defaultWorkspacePath();
}
