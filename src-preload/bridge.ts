/** What the preload exposes as window.semola: the contract's bridge plus the desktop app's file paths. */
import type { SemolaBridge } from '../src-main/api/contract';

export type { SemolaBridge } from '../src-main/api/contract';

export interface DesktopBridge extends SemolaBridge {
  /**
   * The path on disk of a File the user dropped or picked, so the app can import it where it is
   * instead of uploading a copy; null for anything else (a File built in script has no path).
   */
  pathForFile(file: unknown): string | null;
}
