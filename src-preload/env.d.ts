/** Replaced at build time (electron.vite.config.ts `define`): the sandboxed preload cannot read package.json. */
declare const __SEMOLA_VERSION__: string;
