#!/usr/bin/env node
// The `semola` command: runs the TypeScript sources through tsx's loader, so the CLI needs no
// separate build step on a fresh clone.
require('tsx/cjs');
const { main } = require('../src-main/host/cli.ts');
main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`semola: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
