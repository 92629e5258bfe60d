import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// electron-builder is not installed here (packaging downloads Electron), so its configuration is
// checked on its own: the targets the product ships, the native files kept out of the asar, and the
// entry point the built app starts from.

const root = resolve(import.meta.dirname, '../..');
interface BuilderConfig {
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  extraMetadata: { main: string };
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}
const config = JSON.parse(readFileSync(resolve(root, 'electron-builder.json'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
};

/** Top-level keys of electron-builder's Configuration used here; a typo would be ignored by the builder. */
const KNOWN_KEYS = new Set(['$comment', 'appId', 'productName', 'copyright', 'directories', 'files', 'extraMetadata', 'asar', 'asarUnpack', 'npmRebuild', 'buildDependenciesFromSource', 'linux', 'deb', 'win', 'nsis', 'mac', 'dmg']);

/** Minimal glob match for the patterns used (**, *). */
function matches(pattern: string, file: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '\u0001')
    .replace(/\*\*/g, '\u0002')
    .replace(/\*/g, '[^/]*')
    // eslint-disable-next-line no-control-regex -- \u0001 and \u0002 are placeholders for the glob's stars
    .replace(/\u0001/g, '(?:.*/)?')
    // eslint-disable-next-line no-control-regex -- see above
    .replace(/\u0002/g, '.*');
  return new RegExp(`^${re}$`).test(file);
}

describe('electron-builder configuration', () => {
  it('uses only known options', () => {
    expect(Object.keys(config).filter((k) => !KNOWN_KEYS.has(k))).toEqual([]);
  });

  it('builds AppImage and deb for Linux, nsis for Windows and dmg for macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('starts the built main process and packs the built output', () => {
    expect(config.extraMetadata.main).toBe(pkg.main.replace(/^\.\//, ''));
    expect(config.files).toContain('out/**/*');
    expect(pkg.scripts['dist']).toBe('electron-vite build && electron-builder --config electron-builder.json');
  });

  it('rebuilds better-sqlite3 for Electron and keeps its native file and the wasm binaries outside the asar', () => {
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
    const unpacked = (file: string): boolean => config.asarUnpack.some((p) => matches(p, file));
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')).toBe(true);
    expect(unpacked('node_modules/better-sqlite3/lib/index.js')).toBe(false);
  });

  it('leaves the optional backends out, native TensorFlow and webgpu (a separate install)', () => {
    for (const name of Object.keys(pkg.optionalDependencies)) {
      expect(config.files).toContain(`!node_modules/${name}/**`);
    }
  });
});
