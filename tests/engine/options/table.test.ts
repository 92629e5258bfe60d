/**
 * The option table: its defaults are the ones the engine trained with before the table existed
 * (configs-before-table.json, taken from the hand-written DEFAULT_CONFIG and presets; since then one
 * deliberate change: strengths.enabled defaults to "auto", on for k > 1 regression; one extension:
 * model.channels, the CNN's convolutions; model.init and adamEpsilon, whose defaults are the former behaviour), every default
 * passes its own entry, and resolution checks own keys only and reports every problem.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, mergeDefaults, resolveConfig, validateConfig, type TrainConfig } from '../../../src-main/engine/config';
import { defaultOf, methodDefault, resolveSettings } from '../../../src-main/engine/options/resolve';
import { settingProblem } from '../../../src-main/engine/options/setting';
import { MODEL_KIND_NAMES, OPTIONS, PRESET_NAMES } from '../../../src-main/engine/options/table';
import { defaultStarts } from '../../../src-main/run/starts/seed-rule';
import before from './configs-before-table.json';

describe('the option table', () => {
  it('gives the defaults the engine had before it, key order included', () => {
    expect(DEFAULT_CONFIG).toEqual(before.d);
    expect(JSON.stringify(DEFAULT_CONFIG)).toBe(JSON.stringify(before.d));
    expect(resolveConfig({ preset: 'paper' })).toEqual(before.paper);
    expect(resolveConfig({ model: { kind: 'weight-sharing' } } as Partial<TrainConfig>)).toEqual(before.ws);
    expect(resolveConfig({ preset: 'paper', model: { kind: 'weight-sharing' } } as Partial<TrainConfig>)).toEqual(before.wsp);
    const mix = { preset: 'paper', weights: { aug: 0.5 }, method: 'fixed-basis', fixedBasis: [[[0, 1], [-1, 0]]], mask: { name: 'custom', matrix: [[1, 1], [1, 0]] } };
    expect(resolveConfig(mix as Partial<TrainConfig>)).toEqual(before.mix);
  });

  it('accepts each of its own defaults, per preset, model and method', () => {
    for (const s of OPTIONS) {
      for (const preset of PRESET_NAMES) {
        for (const model of MODEL_KIND_NAMES) {
          const v = defaultOf(s, preset, model);
          if (v !== undefined) expect(settingProblem(s, v), `${s.name} (${preset}, ${model})`).toBeNull();
        }
      }
      for (const v of Object.values(s.byMethod ?? {})) expect(settingProblem(s, v), s.name).toBeNull();
      expect(s.help.length, s.name).toBeGreaterThan(20);
    }
    expect(() => validateConfig(DEFAULT_CONFIG)).not.toThrow();
  });

  it('holds defaults per model and method: weight sharing trains longer, learned bases get several starts', () => {
    const ws = resolveConfig({ model: { kind: 'weight-sharing' } } as Partial<TrainConfig>);
    expect([ws.epochs, ws.lr, ws.batchSize]).toEqual([100, 1e-2, 128]);
    expect(resolveConfig({ model: { kind: 'weight-sharing' }, epochs: 7 } as Partial<TrainConfig>).epochs).toBe(7);
    expect(mergeDefaults({ model: { kind: 'weight-sharing' } }).epochs).toBe(100);
    expect(['semola', 'plain', 'fixed-basis', 'augerino', 'gradient'].map(defaultStarts)).toEqual([3, 1, 1, 3, 1]);
    expect(methodDefault('starts', 'semola')).toBe(3);
  });

  it('reports every wrong value at once, each with its name, what was given and what is allowed', () => {
    const r = resolveSettings({ k: 0, init: 'zeros', weights: { aug: -1, typo: 1 }, model: 'mlp' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        'unknown config key "weights.typo"',
        'model must be an object with keys kind, hidden, channels, init, activation, got "mlp"',
        'k must be an integer >= 1, got 0',
        'weights.aug must be a finite number >= 0, got -1',
        'init must be "constant" or "random", got "zeros"',
      ]);
    }
  });

  it('counts own keys only, at every depth', () => {
    for (const json of ['{"weights": {"toString": 1}}', '{"model": {"__proto__": {"kind": "mlp"}}}', '{"hasOwnProperty": 1}', '{"valueOf": null}']) {
      const r = resolveSettings(JSON.parse(json));
      expect(r.ok, json).toBe(false);
      if (!r.ok) expect(r.problems[0], json).toMatch(/^unknown config key "(weights\.toString|model\.__proto__|hasOwnProperty|valueOf)"$/);
    }
  });

  it('records exactly the resolved object: no key the table does not know, nothing left out', () => {
    const c = resolveConfig({ k: 2, coefficients: { distribution: 'normal', high: 0.5 } } as Partial<TrainConfig>);
    expect(Object.keys(c)).toEqual(Object.keys(DEFAULT_CONFIG));
    expect(c.coefficients).toEqual({ distribution: 'normal', low: -1, high: 0.5 });
    expect(resolveSettings(c)).toEqual({ ok: true, config: c });
  });
});
