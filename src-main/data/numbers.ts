/**
 * Strict number parsing for text data.
 * parseFloat and Number accept too much, silently: parseFloat('1.0D-03') is 1,
 * parseFloat('1.23*^-6') is 1.23, Number('') is 0, Number('0x10') is 16. Every number read from
 * text is matched against a plain decimal / scientific pattern first and only then converted.
 */

/** Decimal or scientific notation: `12`, `-0.5`, `.5`, `5.`, `+1e-3`, `6.02E23`. Nothing else. */
export const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Integers only: `0`, `-12`, `+7`. */
export const INTEGER_PATTERN = /^[+-]?\d+$/;

/** `nan`, `inf`, `infinity` with an optional sign, any case (numpy and C write these). */
const NON_FINITE_PATTERN = /^([+-]?)(nan|inf|infinity)$/i;

export interface NumberOptions {
  /** Accept `nan`, `inf`, `-inf` (any case). Default false. */
  allowNonFinite?: boolean;
}

/**
 * Parses `text` (surrounding whitespace ignored) as a number, or returns undefined when it is not
 * one. Values too large for a double (`1e999`) are not numbers here: they would become Infinity.
 */
export function parseStrictNumber(text: string, opts: NumberOptions = {}): number | undefined {
  const t = text.trim();
  if (NUMBER_PATTERN.test(t)) {
    // Safe: the pattern admits only what Number() reads exactly as written.
    const v = Number(t);
    return Number.isFinite(v) ? v : undefined;
  }
  if (opts.allowNonFinite) {
    const m = NON_FINITE_PATTERN.exec(t);
    if (m) {
      if ((m[2] ?? '').toLowerCase() === 'nan') return Number.NaN;
      return m[1] === '-' ? -Infinity : Infinity;
    }
  }
  return undefined;
}

/** True for `nan`, `inf`, `-Infinity`, ...: text that is a number but not a finite one. */
export function isNonFiniteText(text: string): boolean {
  return NON_FINITE_PATTERN.test(text.trim());
}

/** Parses an integer strictly (no `1.0`, no `1e3`), or returns undefined. */
export function parseStrictInteger(text: string): number | undefined {
  const t = text.trim();
  if (!INTEGER_PATTERN.test(t)) return undefined;
  const v = Number(t);
  return Number.isSafeInteger(v) ? v : undefined;
}

/**
 * A short hint for text that looks like a number written in a foreign notation, for error
 * messages; undefined when there is nothing useful to say.
 */
export function numberHint(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return 'the field is empty';
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)[dDqQ][+-]?\d+$/.test(t)) {
    return 'Fortran exponent: write E instead of D';
  }
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)\*\^[+-]?\d+$/.test(t)) {
    return 'Mathematica exponent: write E instead of *^';
  }
  if (/^[+-]?\d+,\d+$/.test(t)) return 'decimal comma: write a decimal point';
  if (/^[+-]?0[xXbBoO]/.test(t)) return 'hexadecimal, binary and octal literals are not read';
  if (isNonFiniteText(t)) return 'NaN and Inf are not accepted';
  if (NUMBER_PATTERN.test(t)) return 'too large for a double';
  return undefined;
}

/** Quotes a value for an error message, shortened so that one bad field cannot flood the log. */
export function quoteValue(text: string, max = 40): string {
  const shown = text.length > max ? `${text.slice(0, max)}...` : text;
  return JSON.stringify(shown);
}
