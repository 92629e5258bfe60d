/**
 * Wrong settings are refused with the setting's name and what was given, by the resolution every
 * entry point goes through (CLI flags and --config files via runTrain, the API via checkRunConfig);
 * and a run record states the epochs the run trains.
 */
import { describe, expect, it } from 'vitest';
import { checkRunConfig } from '../../src-main/api/service/config-check';
import type { DatasetRecord } from '../../src-main/data/record';
import { resolveConfig, type TrainConfig } from '../../src-main/engine/config';
import { newRunFor } from '../../src-main/jobs/run-request';

const CASES: { name: string; overrides: Record<string, unknown>; message: RegExp }[] = [
  { name: 'inherited key toString', overrides: JSON.parse('{"toString": 1}'), message: /unknown config key "toString"/ },
  { name: 'inherited key constructor', overrides: JSON.parse('{"constructor": {}}'), message: /unknown config key "constructor"/ },
  { name: 'inherited key hasOwnProperty', overrides: JSON.parse('{"hasOwnProperty": 1}'), message: /unknown config key "hasOwnProperty"/ },
  { name: '__proto__ from a JSON file', overrides: JSON.parse('{"__proto__": {"epochs": 3}}'), message: /unknown config key "__proto__"/ },
  { name: 'init enum', overrides: { init: 'zeros' }, message: /init must be "constant" or "random", got "zeros"/ },
  { name: 'misspelt distribution', overrides: { coefficients: { distribution: 'Normal' } }, message: /coefficients\.distribution must be "uniform" or "normal", got "Normal"/ },
  { name: 'normalisation enum', overrides: { normalization: 'global' }, message: /normalization must be "per-generator" or "joint", got "global"/ },
  { name: 'boolean given as text', overrides: { standardizedLosses: 'no' }, message: /standardizedLosses must be true or false, got "no"/ },
  { name: 'low above high', overrides: { coefficients: { low: 2, high: 1 } }, message: /low \(2\) must be below high \(1\)/ },
  { name: 'infinite range', overrides: { coefficients: { low: -Infinity, high: 1 } }, message: /coefficients\.low must be a finite number, got -Infinity/ },
  { name: 'basis that is text', overrides: { method: 'fixed-basis', fixedBasis: 'abc' }, message: /fixedBasis must be a list of d x d generators/ },
  { name: 'ragged basis', overrides: { method: 'fixed-basis', fixedBasis: [[[0, 1], [1]]] }, message: /fixedBasis must be a list of d x d generators/ },
  { name: 'unknown method', overrides: { method: 'lie-gan' }, message: /method must be "semola", "plain", "fixed-basis", "augerino" or "gradient", got "lie-gan"/ },
];

const record = {
  layout: { kind: 'vector', d: 2, blocks: 1 },
  task: 'invariant',
  targetKind: 'regression',
} as unknown as DatasetRecord;

describe('wrong settings are refused by name', () => {
  it.each(CASES)('$name: resolveConfig (CLI flags, --config files, the trainer)', ({ overrides, message }) => {
    expect(() => resolveConfig(overrides as Partial<TrainConfig>)).toThrow(message);
  });

  it.each(CASES)('$name: the API check gives the same message', ({ overrides, message }) => {
    const check = checkRunConfig(record, overrides);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.join('; ')).toMatch(message);
  });

  it('accepts the valid neighbours of those values', () => {
    const c = resolveConfig({ init: 'constant', normalization: 'joint', standardizedLosses: false, coefficients: { distribution: 'normal', low: -1, high: 0.5 } } as Partial<TrainConfig>);
    expect([c.init, c.normalization, c.standardizedLosses, c.coefficients.distribution]).toEqual(['constant', 'joint', false, 'normal']);
    expect(resolveConfig({ method: 'fixed-basis', fixedBasis: [[[0, -1], [1, 0]]] } as Partial<TrainConfig>).fixedBasis).toHaveLength(1);
  });
});

describe('a run record states what the run trains', () => {
  it.each([
    [{ model: { kind: 'weight-sharing' } }, 100],
    [{ model: { kind: 'weight-sharing' }, epochs: 7 }, 7],
    [{}, 20],
    [{ preset: 'paper' }, 20],
  ])('%j records the epochs resolveConfig trains', (config, epochs) => {
    const run = newRunFor({ data: 'builtin:partial-permutation', config });
    expect(run.epochs).toBe(epochs);
    expect(run.epochs).toBe(resolveConfig(config as Partial<TrainConfig>).epochs);
  });
});
