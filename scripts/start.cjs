#!/usr/bin/env node
/**
 * `npm start`: build the app, then open it in Electron. Where no Electron binary can be had (Electron
 * >= 42 downloads it at first start; machines without that access cannot), say so and serve the
 * same workbench in the browser instead (`semola serve`), printing its URL.
 *
 *   npm start                      desktop app, or browser mode as a fallback
 *   npm start -- --browser         browser mode directly
 *   npm start -- --browser --port 8080 --workspace ./ws.sqlite   (flags of `semola serve`)
 */
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser');
const serveArgs = args.filter((a) => a !== '--browser');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The Electron executable, or the reason there is none (requiring the package fetches the binary). */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60 * 1000,
  });
  if (probe.status === 0 && probe.stdout.trim()) return { path: probe.stdout.trim() };
  const lines = `${probe.stderr ?? ''}`.split('\n').filter((l) => /Error|failed|ENOTFOUND|ECONN|EAI_AGAIN|timed out/i.test(l));
  return { reason: lines[lines.length - 1]?.trim() || (probe.error ? probe.error.message : 'the electron package could not provide a binary') };
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

// One build serves both: out/main + out/preload for Electron, out/renderer for either.
run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);

const electron = browserOnly ? { reason: 'browser mode was asked for (--browser)' } : electronBinary();
if (electron.path) {
  forward(spawn(electron.path, [root], { cwd: root, stdio: 'inherit' }));
} else {
  process.stderr.write(`Electron is not available here (${electron.reason}).\nServing the workbench in the browser instead (browser mode):\n`);
  forward(spawn(process.execPath, [path.join(root, 'bin', 'semola.cjs'), 'serve', ...serveArgs], { cwd: root, stdio: 'inherit' }));
}
