/**
 * The method list and the backend list have one source each (the method records, engine/backend-names.ts):
 * every method is accepted by the command line, by reproduce and by the engine, every backend by the
 * command line, the api and the summary schema, and nothing else; and no second list is written out
 * in the source (the form's side: tests/renderer/new-run-choices.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAMES, BACKEND_REQUESTS, METHOD_NAMES, METHODS_WITH_GIVEN_BASIS } from '../../src-main/api/choices';
import { METHODS as API_METHODS } from '../../src-main/api/contract';
import { resolveConfig } from '../../src-main/engine/config';
import { METHODS } from '../../src-main/engine/methods/method';
import { buildProgram } from '../../src-main/host/cli';
import { REPRODUCE_METHODS } from '../../src-main/host/reproduce/experiments';
import { defaultStarts } from '../../src-main/run/starts/seed-rule';
import { SummarySchema } from '../../src-main/summary/schema';
import { semola } from '../host/semola-cli';

const repoRoot = resolve(import.meta.dirname, '../..');

function option(command: string, flag: string): Option {
  const cmd = (buildProgram().commands as Command[]).find((c) => c.name() === command)!;
  return cmd.options.find((o) => o.long === flag)!;
}

describe('one method list', () => {
  it('is the method records', () => {
    expect(METHOD_NAMES).toEqual(Object.keys(METHODS));
    expect(METHODS_WITH_GIVEN_BASIS).toEqual(METHOD_NAMES.filter((m) => METHODS[m].basis === 'fixed'));
  });

  it('semola train --method offers every method and nothing else, each with its summary in the help', () => {
    const method = option('train', '--method');
    expect(method.argChoices).toEqual([...METHOD_NAMES]);
    for (const m of METHOD_NAMES) expect(method.description).toContain(`${m}: ${METHODS[m].summary}`);
  });

  it('semola reproduce --methods takes every method its tables score (all but gradient) and weight-sharing, and names them when one is unknown', async () => {
    expect(REPRODUCE_METHODS).toEqual([...METHOD_NAMES.filter((m) => m !== 'gradient'), 'weight-sharing']);
    expect(option('reproduce', '--methods').description).toContain(REPRODUCE_METHODS.join(', '));
    const r = await semola('reproduce', 'nbody2', '--methods', 'semola,bogus', '--no-record');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`semola: --methods: unknown method "bogus"; valid: ${REPRODUCE_METHODS.join(', ')}\n`);
  });

  it('the engine resolves every listed method and refuses another, and the default starts follow the records', () => {
    for (const m of METHOD_NAMES) {
      const given = METHODS[m].basis === 'fixed' ? { fixedBasis: [[[0, -1], [1, 0]]] } : {};
      expect(resolveConfig({ method: m, ...given }).method).toBe(m);
      expect(defaultStarts(m)).toBe(METHODS[m].basis === 'learned' || METHODS[m].learnsWidths ? 3 : 1);
    }
    expect(() => resolveConfig({ method: 'bogus' as never })).toThrow(/^method must be /);
    expect(defaultStarts('bogus')).toBe(1);
  });
});

describe('one backend list', () => {
  it('semola train --backend, the api and the summary schema take exactly these', () => {
    expect(BACKEND_REQUESTS).toEqual(['auto', ...BACKEND_NAMES]);
    expect(option('train', '--backend').argChoices).toEqual([...BACKEND_REQUESTS]);
    const create = API_METHODS['runs.create'].input;
    for (const backend of BACKEND_REQUESTS) expect(create.safeParse({ datasetId: 1, config: {}, backend }).success, backend).toBe(true);
    expect(create.safeParse({ datasetId: 1, config: {}, backend: 'webgl' }).success).toBe(false);
    expect(SummarySchema.shape.backend.options).toEqual([...BACKEND_NAMES]);
  });
});

/** Source files of the app (tests excluded). */
function sources(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|vue)$/.test(entry.name)) found.push(path);
    }
  };
  walk(resolve(repoRoot, folder));
  return found;
}

/** Quoted names in a row, separated by commas or |: a list or union of them written out. */
function writtenLists(text: string, names: readonly string[], atLeast: number): string[] {
  const name = `['"\`](?:${names.map((n) => n.replace(/[-]/g, '\\-')).join('|')})['"\`]`;
  const quoted = new RegExp(`${name}(?:\\s*[,|]\\s*${name}){${atLeast - 1},}`, 'g');
  const options = new RegExp(`(?:<option[^>]*>\\s*(?:${names.join('|')})\\s*</option>\\s*){2,}`, 'g');
  return [...text.matchAll(quoted), ...text.matchAll(options)].map((m) => m[0]);
}

describe('no second list in the source', () => {
  const files = [...sources('src-main'), ...sources('src-renderer/src')];
  const own = (file: string): string => relative(repoRoot, file).split('\\').join('/');

  it('writes out the methods only in the method records', () => {
    const found = files.filter((f) => own(f) !== 'src-main/engine/methods/method.ts').flatMap((f) => writtenLists(readFileSync(f, 'utf8'), METHOD_NAMES, 3).map((m) => `${own(f)}: ${m}`));
    expect(found).toEqual([]);
  });

  it('writes out the backends only in engine/backend-names.ts', () => {
    const found = files.filter((f) => own(f) !== 'src-main/engine/backend-names.ts').flatMap((f) => writtenLists(readFileSync(f, 'utf8'), BACKEND_REQUESTS, 2).map((m) => `${own(f)}: ${m}`));
    expect(found).toEqual([]);
  });

  it('would find the lists as they were written before', () => {
    expect(writtenLists("choices: ['semola', 'plain', 'fixed-basis', 'augerino']", METHOD_NAMES, 3)).toHaveLength(1);
    expect(writtenLists("method?: 'semola' | 'plain' | 'fixed-basis' | 'augerino';", METHOD_NAMES, 3)).toHaveLength(1);
    expect(writtenLists("z.enum(['auto', 'tensorflow', 'wasm', 'cpu'])", BACKEND_REQUESTS, 2)).toHaveLength(1);
    expect(writtenLists('<select v-model="backend"><option>auto</option><option>wasm</option><option>cpu</option></select>', BACKEND_REQUESTS, 2)).toHaveLength(1);
    expect(writtenLists("defaultMethods: ['semola', 'plain']", METHOD_NAMES, 3)).toEqual([]);
  });
});
