/**
 * How one matrix entry is written in LaTeX: snapped to 0 below a threshold, optionally recognised
 * as a simple closed form (0, +-1, +-1/2, +-sqrt(2)/2, +-sqrt(3)/2: the cosines and sines a rotation
 * by a multiple of pi/4 or pi/6 produces), otherwise rounded to a fixed number of decimals.
 */
import type { LatexOptions } from './types';

export interface EntryFormat {
  precision: number;
  snapThreshold: number;
  symbolic: boolean;
  symbolicTolerance: number;
}

/** Closed forms by magnitude; the sign is added separately. */
const SYMBOLIC: readonly { value: number; latex: string }[] = [
  { value: 1, latex: '1' },
  { value: 0.5, latex: '\\tfrac{1}{2}' },
  { value: Math.SQRT1_2, latex: '\\tfrac{\\sqrt{2}}{2}' },
  { value: Math.sqrt(3) / 2, latex: '\\tfrac{\\sqrt{3}}{2}' },
];

export function resolveEntryFormat(options: LatexOptions = {}): EntryFormat {
  const precision = options.precision ?? 3;
  if (!Number.isInteger(precision) || precision < 0 || precision > 15) {
    throw new Error(`LaTeX precision must be a whole number of decimals from 0 to 15, got ${precision}`);
  }
  const snapThreshold = options.snapThreshold ?? 10 ** -precision;
  if (!Number.isFinite(snapThreshold) || snapThreshold < 0) throw new Error(`LaTeX snapThreshold must be a finite number >= 0, got ${snapThreshold}`);
  const symbolicTolerance = options.symbolicTolerance ?? 10 ** -precision / 2;
  if (!Number.isFinite(symbolicTolerance) || symbolicTolerance < 0) {
    throw new Error(`LaTeX symbolicTolerance must be a finite number >= 0, got ${symbolicTolerance}`);
  }
  return { precision, snapThreshold, symbolic: options.symbolic ?? true, symbolicTolerance };
}

/** Beyond this magnitude entries are written as m \times 10^{e} (toFixed turns to "1e+21" past 1e21). */
const SCIENTIFIC_FROM = 1e6;

/** The decimal form: `precision` decimals, trailing zeros dropped, never "-0"; large values as m \times 10^{e}. */
function decimal(x: number, precision: number): string {
  if (Math.abs(x) >= SCIENTIFIC_FROM) {
    const [mantissa, exponent] = x.toExponential(Math.max(precision, 1)).split('e') as [string, string];
    return `${mantissa.replace(/\.?0+$/, '')} \\times 10^{${Number(exponent)}}`;
  }
  let s = x.toFixed(precision);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** One entry as LaTeX math. */
export function formatEntry(x: number, f: EntryFormat): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write the non-finite entry ${x}`);
  if (Math.abs(x) < f.snapThreshold) return '0';
  if (f.symbolic) {
    const magnitude = Math.abs(x);
    if (magnitude <= f.symbolicTolerance) return '0';
    const form = SYMBOLIC.find((s) => Math.abs(magnitude - s.value) <= f.symbolicTolerance);
    if (form) return x < 0 ? `-${form.latex}` : form.latex;
  }
  return decimal(x, f.precision);
}

/** A pmatrix (amsmath), one row per line. */
export function pmatrix(m: readonly (readonly number[])[], f: EntryFormat, indent = '  '): string {
  const rows = m.map((row) => `${indent}${row.map((v) => formatEntry(v, f)).join(' & ')}`);
  return `\\begin{pmatrix}\n${rows.join(' \\\\\n')}\n\\end{pmatrix}`;
}

/** sum_i c_i X_i with signs folded in: "2 L_{1} - \tfrac{1}{2} L_{3}"; "0" when every term vanishes. */
export function linearCombination(coefficients: readonly number[], symbols: readonly string[], f: EntryFormat): string {
  let out = '';
  coefficients.forEach((c, i) => {
    const text = formatEntry(c, f);
    if (text === '0') return;
    const negative = text.startsWith('-');
    const magnitude = negative ? text.slice(1) : text;
    const term = magnitude === '1' ? symbols[i] : `${magnitude}\\, ${symbols[i]}`;
    out += out === '' ? `${negative ? '-' : ''}${term}` : ` ${negative ? '-' : '+'} ${term}`;
  });
  return out === '' ? '0' : out;
}

/**
 * Text for LaTeX text mode (names, descriptions): the ten special characters escaped, and
 * characters outside ASCII written as "?" (pdfLaTeX cannot typeset most of them without extra
 * packages; the comment header keeps the exact names).
 */
export function escapeText(s: string): string {
  return s.replace(/[\\{}$&#^_%~]/g, (ch) => {
    switch (ch) {
      case '\\':
        return '\\textbackslash{}';
      case '^':
        return '\\textasciicircum{}';
      case '~':
        return '\\textasciitilde{}';
      default:
        return `\\${ch}`;
    }
  })
    .replace(/[^\x20-\x7e]/gu, (ch) => (/\s/.test(ch) ? ' ' : '?'))
    .replace(/ +/g, ' ');
}

/** Text inside a % comment: one line, so nothing escapes the comment. */
export function commentText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
