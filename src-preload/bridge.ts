/** What the preload exposes as window.semola. Grows into the typed api contract. */
export interface SemolaBridge {
  /** The workbench version from package.json. */
  readonly version: string;
}
