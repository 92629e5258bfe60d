#!/usr/bin/env node
/**
 * `npm start`: build the app, then open it in Electron. Where no Electron binary can be had (Electron
 * >= 42 downloads it at first start; machines without that access cannot) or no display to open it
 * on (Linux without DISPLAY / WAYLAND_DISPLAY), say so and serve the same workbench in the browser
 * instead (`semola serve`), printing its URL.
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

/**
 * Reads the probe below: requiring the electron package prints the executable's path, after a
 * "Downloading Electron binary..." line the first time (so the path is the last line of stdout).
 * On failure the reason is the download's own error (fetch failed, ENOTFOUND, ...), not the
 * package's generic advice to reinstall it.
 */
function electronFromProbe(probe) {
  const out = `${probe.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const last = out[out.length - 1];
  if (probe.status === 0 && last) return { path: last };
  const lines = `${probe.stderr ?? ''}`.split('\n').map((l) => l.trim());
  const network = lines.find((l) => /fetch failed|ENOTFOUND|ECONN|EAI_AGAIN|ETIMEDOUT|timed out|\b[45]\d\d\b.*(Not Found|Forbidden)/i.test(l));
  if (network) return { reason: `its binary could not be downloaded: ${network}` };
  if (probe.error) return { reason: probe.error.code === 'ETIMEDOUT' ? 'downloading its binary took too long' : probe.error.message };
  const errors = lines.filter((l) => /Error|failed/i.test(l));
  return { reason: errors[errors.length - 1] || 'the electron package could not provide a binary' };
}

/** The Electron executable, or the reason there is none (requiring the package fetches the binary). */
function electronBinary() {
  return electronFromProbe(
    spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10 * 60 * 1000,
    }),
  );
}

/** A Linux session without a display, where Electron's window cannot open (a server, ssh, CI). */
function headlessLinux(platform, env) {
  return platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY;
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

function main() {
  // One build serves both: out/main + out/preload for Electron, out/renderer for either.
  run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);

  const electron = browserOnly
    ? { reason: 'browser mode was asked for (--browser)' }
    : headlessLinux(process.platform, process.env)
      ? { reason: 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set' }
      : electronBinary();
  if (electron.path) {
    forward(spawn(electron.path, [root], { cwd: root, stdio: 'inherit' }));
  } else {
    process.stderr.write(`Electron is not available here (${electron.reason}).\nServing the workbench in the browser instead (browser mode):\n`);
    forward(spawn(process.execPath, [path.join(root, 'bin', 'semola.cjs'), 'serve', ...serveArgs], { cwd: root, stdio: 'inherit' }));
  }
}

if (require.main === module) main();

module.exports = { electronFromProbe, headlessLinux };
