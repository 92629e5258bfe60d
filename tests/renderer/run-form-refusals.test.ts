/**
 * The New-run form's check (checkRunForm, what the form shows before it submits) refuses each wrong
 * setting of the shared cases with the option table's message, as the CLI and the API do.
 */
import { describe, expect, it } from 'vitest';
import { checkRunForm } from '../../src-renderer/src/lib/config-fields';
import { REFUSALS, SHAPE } from '../engine/options/refusal-cases';

describe('the New-run form refuses wrong settings with the table message', () => {
  it.each(REFUSALS.filter((c) => c.form))('$name', ({ form, message }) => {
    const r = checkRunForm(form!, SHAPE);
    expect(r.errors.some((e) => e.includes(message)), r.errors.join(' | ')).toBe(true);
  });

  it('accepts the valid neighbours and leaves empty fields to the defaults', () => {
    const r = checkRunForm({ 'coefficients.distribution': 'normal', 'coefficients.high': '0.5', standardizedLosses: 'false', k: '64', epochs: ' ' }, SHAPE);
    expect(r.errors).toEqual([]);
    expect(r.overrides).toEqual({ coefficients: { distribution: 'normal', high: 0.5 }, standardizedLosses: false, k: 64 });
  });

  it('resolves a valid form by the option table, so empty fields can show their defaults before the server answers', () => {
    const r = checkRunForm({ epochs: '6', preset: 'paper' }, SHAPE);
    expect(r.resolved).toMatchObject({ epochs: 6, method: 'semola', augTerm: 'cosine', init: 'constant', batchSize: 64 });
    expect(checkRunForm({ k: '0' }, SHAPE).resolved).toBeUndefined();
  });

  it('without a dataset it still checks every setting, but not the feasibility', () => {
    expect(checkRunForm({ k: '65' }, null).errors).toEqual([]);
    expect(checkRunForm({ k: '0' }, null).errors).toEqual(['Generators k: k must be an integer >= 1, got 0']);
  });
});
