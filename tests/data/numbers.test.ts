import { describe, expect, it } from 'vitest';
import { numberHint, parseStrictInteger, parseStrictNumber } from '../../src-main/data/numbers';

describe('strict numbers', () => {
  it('reads decimal and scientific notation', () => {
    expect(parseStrictNumber('12')).toBe(12);
    expect(parseStrictNumber(' -0.5 ')).toBe(-0.5);
    expect(parseStrictNumber('.5')).toBe(0.5);
    expect(parseStrictNumber('5.')).toBe(5);
    expect(parseStrictNumber('+1e-3')).toBe(0.001);
    expect(parseStrictNumber('6.02E23')).toBe(6.02e23);
    expect(parseStrictNumber('1.5e+2')).toBe(150);
  });

  it('rejects what parseFloat and Number would silently misread', () => {
    for (const bad of ['1.0D-03', '1.23*^-6', '', ' ', '0x10', '1_000', '1,5', '1e', 'e3', '.', '-', '1.2.3', '12abc', 'Infinity', '1e999']) {
      expect(parseStrictNumber(bad), bad).toBeUndefined();
    }
  });

  it('reads nan and inf only when asked', () => {
    expect(parseStrictNumber('nan')).toBeUndefined();
    expect(parseStrictNumber('NaN', { allowNonFinite: true })).toBeNaN();
    expect(parseStrictNumber('-inf', { allowNonFinite: true })).toBe(-Infinity);
    expect(parseStrictNumber('INF', { allowNonFinite: true })).toBe(Infinity);
    expect(parseStrictNumber('+Infinity', { allowNonFinite: true })).toBe(Infinity);
  });

  it('reads integers strictly', () => {
    expect(parseStrictInteger('42')).toBe(42);
    expect(parseStrictInteger('-7')).toBe(-7);
    expect(parseStrictInteger('1.0')).toBeUndefined();
    expect(parseStrictInteger('1e3')).toBeUndefined();
    expect(parseStrictInteger('99999999999999999999')).toBeUndefined();
  });

  it('explains foreign notations', () => {
    expect(numberHint('1.0D-03')).toMatch(/Fortran/);
    expect(numberHint('1.23*^-6')).toMatch(/Mathematica/);
    expect(numberHint('1,5')).toMatch(/decimal comma/);
    expect(numberHint('')).toMatch(/empty/);
    expect(numberHint('nan')).toMatch(/NaN and Inf/);
    expect(numberHint('abc')).toBeUndefined();
  });
});
