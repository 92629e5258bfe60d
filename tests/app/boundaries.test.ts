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

/**
 * Which folder of src-main may import which: a folder imports only from folders of a lower rank
 * (the same rank does not import each other). app and host are the entry points (Electron; the
 * command line and `semola serve`, which sends the app's content security policy, so host sits above app); nothing below
 * them imports from them.
 *   host -> app -> api -> jobs -> run -> store, export -> summary -> engine -> data
 */
const LAYERS: Record<string, number> = { host: 10, app: 9, api: 8, jobs: 7, run: 6, store: 5, export: 5, summary: 4, engine: 3, data: 2 };

function layerOf(file: string): string | null {
  const rel = relative(resolve(repoRoot, 'src-main'), file).split(sep);
  if (rel[0] === '..' || rel.length < 2) return null;
  return rel[0]! in LAYERS ? rel[0]! : null;
}

/** The option table (engine/options): a plain data module the renderer bundles too. */
const OPTION_TABLE = resolve(repoRoot, 'src-main/engine/options') + sep;

/** Files reached by value imports from `roots`, and any import that a browser bundle cannot take. */
function browserSafeClosure(roots: string[]): { files: string[]; offenders: string[] } {
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const ref of importsOf(readFileSync(file, 'utf8'))) {
      if (ref.typeOnly) continue;
      if (!ref.specifier.startsWith('.')) {
        if (ref.specifier !== 'zod') offenders.push(`${show(file)} imports ${ref.specifier}`);
        continue;
      }
      visit(resolve(dirname(file), ref.specifier) + '.ts');
    }
  };
  roots.forEach(visit);
  return { files: [...seen].map(show), offenders };
}

const isElectron = (specifier: string): boolean => specifier === 'electron' || specifier.startsWith('electron/');
const show = (file: string): string => relative(repoRoot, file).split(sep).join('/');
/** The one module the renderer may import values from (the method and backend lists), without its extension. */
const CHOICES = resolve(repoRoot, 'src-main/api/choices');

describe('process boundaries', () => {
  it("only src-main/app and src-preload import 'electron'", () => {
    const allowed = [resolve(repoRoot, 'src-main/app') + sep, resolve(repoRoot, 'src-preload') + sep];
    const offenders = [...sourceFiles('src-main'), ...sourceFiles('src-renderer')]
      .filter((file) => !allowed.some((folder) => file.startsWith(folder)))
      .filter((file) => importsOf(readFileSync(file, 'utf8')).some((ref) => isElectron(ref.specifier)))
      .map(show);
    expect(offenders).toEqual([]);
  });

  it('the renderer imports only types from src-main/api, and values only from src-main/api/choices and the option table', () => {
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
        if (!ref.typeOnly && target === CHOICES) continue;
        if (target.startsWith(OPTION_TABLE)) continue;
        if (!target.startsWith(api) || !ref.typeOnly) {
          offenders.push(`${show(file)} imports ${ref.specifier}${ref.typeOnly ? '' : ' (not type-only)'}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('src-main/api/choices, which the renderer bundles, and everything it imports are plain data (no package, no Node)', () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (module: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      const file = `${module}.ts`;
      for (const ref of importsOf(readFileSync(file, 'utf8'))) {
        if (ref.typeOnly) continue;
        if (!ref.specifier.startsWith('.')) offenders.push(`${show(file)} imports ${ref.specifier}`);
        else visit(resolve(dirname(file), ref.specifier));
      }
    };
    visit(CHOICES);
    expect(offenders).toEqual([]);
    // The walk reached the two sources the lists come from.
    expect([...seen].map((m) => show(m))).toEqual(expect.arrayContaining(['src-main/engine/methods/method', 'src-main/engine/backend-names']));
    });

  it('the option table the renderer bundles reaches only zod and pure engine modules', () => {
    const reached = browserSafeClosure(sourceFiles('src-main/engine/options'));
    expect(reached.offenders).toEqual([]);
    // It does reach the method records and masks: the check walks real imports.
    expect(reached.files).toEqual(expect.arrayContaining(['src-main/engine/methods/method.ts', 'src-main/engine/lie/masks.ts']));
  });

  it('each layer of src-main imports only from layers below it (the layer table)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src-main')) {
      const from = layerOf(file);
      if (from === null) {
        offenders.push(`${show(file)} is in no layer of the table`);
        continue;
      }
      for (const ref of importsOf(readFileSync(file, 'utf8'))) {
        if (!ref.specifier.startsWith('.')) continue;
        const to = layerOf(resolve(dirname(file), ref.specifier));
        if (to === null || to === from) continue;
        if (LAYERS[to]! >= LAYERS[from]!) offenders.push(`${show(file)} (${from}) imports ${ref.specifier} (${to})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the layer table catches an upward import', () => {
    const upward = (from: string, to: string): boolean => LAYERS[to]! >= LAYERS[from]!;
    for (const low of ['jobs', 'api', 'store', 'engine', 'run', 'export', 'summary', 'data']) {
      expect(upward(low, 'host')).toBe(true);
      expect(upward(low, 'app')).toBe(true);
    }
    expect(upward('store', 'run')).toBe(true);
    expect(upward('engine', 'store')).toBe(true);
    expect(upward('run', 'engine')).toBe(false);
    expect(layerOf(resolve(repoRoot, 'src-main/jobs/queue.ts'))).toBe('jobs');
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
