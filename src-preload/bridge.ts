/** What the preload exposes as window.semola: defined by the contract (src-main/api/contract.ts). */
export type { SemolaBridge } from '../src-main/api/contract';
