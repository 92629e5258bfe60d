/**
 * The `semola train` flags and the New-run form's fields are made from the option table: the same
 * choices, the same help, for every setting either of them offers.
 */
import type { Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src-main/host/cli';
import { OPTIONS } from '../../src-main/engine/options/table';
import { CONFIG_FIELDS } from '../../src-renderer/src/lib/config-fields';

const train = buildProgram().commands.find((c) => c.name() === 'train')!;
const flagOf = (name: string): Option | undefined => train.options.find((o) => o.long === name);

describe('flags and form fields come from the option table', () => {
  it('every setting with a flag has that flag, with its choices and help', () => {
    const flagged = OPTIONS.filter((s) => s.flag);
    expect(flagged.map((s) => s.flag!.name)).toEqual(expect.arrayContaining(['--method', '--model', '--k', '--epochs', '--lr', '--batch-size', '--n-aug', '--seed', '--preset', '--inference', '--strengths', '--forces']));
    for (const s of flagged) {
      const o = flagOf(s.flag!.name);
      expect(o, s.name).toBeDefined();
      expect(o!.description).toBe(s.help);
      if (s.kind === 'boolean') expect(o!.required || o!.optional, s.name).toBe(false);
      else if (s.choices) expect(o!.argChoices, s.name).toEqual(s.choices.map(String));
    }
  });

  it('every setting with a form entry is a field, with its choices, label and help', () => {
    const inForm = OPTIONS.filter((s) => s.form);
    expect(CONFIG_FIELDS.map((f) => f.key)).toEqual(inForm.map((s) => s.name));
    for (const s of inForm) {
      const f = CONFIG_FIELDS.find((x) => x.key === s.name)!;
      expect([f.label, f.group, f.help]).toEqual([s.form!.label, s.form!.group, s.help]);
      expect(f.choices, s.name).toEqual(s.choices?.map(String));
    }
  });

  it('an enum offered by both has the same choices in both', () => {
    const both = OPTIONS.filter((s) => s.choices && s.flag && s.form && s.kind === 'choice');
    expect(both.map((s) => s.name)).toEqual(expect.arrayContaining(['preset', 'method', 'model.kind', 'inference']));
    for (const s of both) expect(flagOf(s.flag!.name)!.argChoices).toEqual(CONFIG_FIELDS.find((f) => f.key === s.name)!.choices);
  });
});
