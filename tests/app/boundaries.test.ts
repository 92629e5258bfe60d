import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The process boundaries of ARCHITECTURE.md, checked on the source text: a cheap stand-in for a
// lint rule, so a stray import fails the tests instead of a packaged build.

const repoRoot = resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts|cts|js|mjs|cjs|vue)$/.test(entry.name)) found.push(path);
    }
  };
  walk(resolve(repoRoot, folder));
  return found;
}

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

/** Static, dynamic and require() imports; `import type` / `export type` count as type-only. */
function importsOf(text: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const staticImport = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(staticImport)) {
    refs.push({ specifier: match[3] ?? '', typeOnly: match[2] !== undefined });
  }
  const call = /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(call)) refs.push({ specifier: match[1] ?? '', typeOnly: false });
  return refs;
}

const isElectron = (specifier: string): boolean => specifier === 'electron' || specifier.startsWith('electron/');
const show = (file: string): string => relative(repoRoot, file).split(sep).join('/');

describe('process boundaries', () => {
  it("only src-main/app and src-preload import 'electron'", () => {
    const allowed = [resolve(repoRoot, 'src-main/app') + sep, resolve(repoRoot, 'src-preload') + sep];
    const offenders = [...sourceFiles('src-main'), ...sourceFiles('src-renderer')]
      .filter((file) => !allowed.some((folder) => file.startsWith(folder)))
      .filter((file) => importsOf(readFileSync(file, 'utf8')).some((ref) => isElectron(ref.specifier)))
      .map(show);
    expect(offenders).toEqual([]);
  });

  it('the renderer imports only types, and only from src-main/api', () => {
    const srcMain = resolve(repoRoot, 'src-main') + sep;
    const api = resolve(repoRoot, 'src-main/api') + sep;
    const offenders: string[] = [];
    for (const file of sourceFiles('src-renderer')) {
      for (const ref of importsOf(readFileSync(file, 'utf8'))) {
        if (isElectron(ref.specifier) || ref.specifier.startsWith('node:')) {
          offenders.push(`${show(file)} imports ${ref.specifier}`);
          continue;
        }
        if (!ref.specifier.startsWith('.')) continue;
        const target = resolve(dirname(file), ref.specifier);
        if (!(target + sep).startsWith(srcMain) && !target.startsWith(srcMain)) continue;
        if (!target.startsWith(api) || !ref.typeOnly) {
          offenders.push(`${show(file)} imports ${ref.specifier}${ref.typeOnly ? '' : ' (not type-only)'}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the import scanner sees the forms it must catch', () => {
    const refs = importsOf(
      [
        "import { app } from 'electron';",
        "import type { Contract } from '../../src-main/api/contract';",
        "export { x } from './x';",
        "import './side-effect';",
        "const m = await import('electron/main');",
        "const r = require('electron');",
      ].join('\n'),
    );
    expect(refs).toEqual([
      { specifier: 'electron', typeOnly: false },
      { specifier: '../../src-main/api/contract', typeOnly: true },
      { specifier: './x', typeOnly: false },
      { specifier: './side-effect', typeOnly: false },
      { specifier: 'electron/main', typeOnly: false },
      { specifier: 'electron', typeOnly: false },
    ]);
  });
});
