import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportBasis, groupElement, latexDocument, latexFragment, type ExportInput } from '../../src-main/export';
import { escapeText, formatEntry, linearCombination, resolveEntryFormat } from '../../src-main/export/latex-entries';
import { assertBalanced, matrixValues, pmatrices } from './latex-structure';
import { decode, J2, SO3, SO3_SCALE, so2Input, so3Input } from './fixtures';

const hasPdflatex = spawnSync('pdflatex', ['--version'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'semola-latex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compile(name: string, tex: string): void {
  writeFileSync(path.join(dir, `${name}.tex`), tex);
  const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', `${name}.tex`], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdflatex failed on ${name}.tex:\n${r.stdout.split('\n').filter((l) => l.startsWith('!') || l.startsWith('l.')).join('\n')}`);
}

const f3 = resolveEntryFormat();

describe('LaTeX entries', () => {
  it.each([
    [0.0004, '0'],
    [-0.0009, '0'],
    [0.0012, '0.001'],
    [1.23456, '1.235'],
    [-2, '-2'],
    [0.25, '0.25'],
    [Math.SQRT1_2, '\\tfrac{\\sqrt{2}}{2}'],
    [-0.7069, '-\\tfrac{\\sqrt{2}}{2}'],
    [0.706, '0.706'],
    [0.5004, '\\tfrac{1}{2}'],
    [0.5006, '0.501'],
    [-1.0003, '-1'],
    [1.0006, '1.001'],
    [0.86605, '\\tfrac{\\sqrt{3}}{2}'],
    [2.5e7, '2.5 \\times 10^{7}'],
    [-1.234567e22, '-1.235 \\times 10^{22}'],
  ])('%f at 3 decimals is %s', (x, text) => {
    expect(formatEntry(x, f3)).toBe(text);
  });

  it('writes plain decimals when symbolic forms are off', () => {
    const f = resolveEntryFormat({ symbolic: false });
    expect([Math.SQRT1_2, 0.5, -1, 0.86605].map((x) => formatEntry(x, f))).toEqual(['0.707', '0.5', '-1', '0.866']);
  });

  it('snaps to 0 below the chosen threshold only', () => {
    const f = resolveEntryFormat({ snapThreshold: 0.05, precision: 2 });
    expect([0.04, -0.049, 0.06, -0.051].map((x) => formatEntry(x, f))).toEqual(['0', '0', '0.06', '-0.05']);
  });

  it('widens the symbolic tolerance with fewer decimals, never beyond what the decimals claim', () => {
    const f = resolveEntryFormat({ precision: 1 });
    expect([0.46, 0.26, 0.74, 0.9].map((x) => formatEntry(x, f))).toEqual(['\\tfrac{1}{2}', '0.3', '\\tfrac{\\sqrt{2}}{2}', '\\tfrac{\\sqrt{3}}{2}']);
  });

  it('rejects unusable options and entries', () => {
    expect(() => resolveEntryFormat({ precision: 16 })).toThrow('LaTeX precision must be a whole number of decimals from 0 to 15, got 16');
    expect(() => resolveEntryFormat({ snapThreshold: -1 })).toThrow('LaTeX snapThreshold must be a finite number >= 0, got -1');
    expect(() => formatEntry(NaN, f3)).toThrow('cannot write the non-finite entry NaN');
  });

  it('writes linear combinations with folded signs', () => {
    const L = ['L_{1}', 'L_{2}', 'L_{3}'];
    expect(linearCombination([0, 1, -0.5], L, f3)).toBe('L_{2} - \\tfrac{1}{2}\\, L_{3}');
    expect(linearCombination([-2.5, 0.0001, 1], L, f3)).toBe('-2.5\\, L_{1} + L_{3}');
    expect(linearCombination([0, 0, 0], L, f3)).toBe('0');
  });

  it('escapes text-mode specials and replaces what pdfLaTeX cannot typeset', () => {
    expect(escapeText('p_x & 50% #1 {a} ~^\\ θ\nnext')).toBe('p\\_x \\& 50\\% \\#1 \\{a\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{} ? next');
  });
});

describe('group elements', () => {
  it.each([0.3, -1.1, 2.5, 7])('so(2): exp(%f J) is the rotation by that angle', (theta) => {
    const g = groupElement([J2], [theta]);
    const expected = [
      [Math.cos(theta), -Math.sin(theta)],
      [Math.sin(theta), Math.cos(theta)],
    ];
    g.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 13)));
    const written = matrixValues(pmatrices(latexFragment(so2Input(), { groupElement: [theta], symbolic: false })).at(-1)!);
    written.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected[i]![j]!)).toBeLessThanOrEqual(0.0005 + 1e-12)));
  });

  it('so(2): rotations by pi/4, pi/6 and pi/2 come out as closed forms', () => {
    const last = (t: number) => pmatrices(latexFragment(so2Input(), { groupElement: [t] })).at(-1);
    expect(last(Math.PI / 4)).toEqual([
      ['\\tfrac{\\sqrt{2}}{2}', '-\\tfrac{\\sqrt{2}}{2}'],
      ['\\tfrac{\\sqrt{2}}{2}', '\\tfrac{\\sqrt{2}}{2}'],
    ]);
    expect(last(Math.PI / 6)).toEqual([
      ['\\tfrac{\\sqrt{3}}{2}', '-\\tfrac{1}{2}'],
      ['\\tfrac{1}{2}', '\\tfrac{\\sqrt{3}}{2}'],
    ]);
    expect(last(Math.PI / 2)).toEqual([
      ['0', '-1'],
      ['1', '0'],
    ]);
  });

  it('so(3): exp(sum t_i L_i) is the Rodrigues rotation about omega = scale * t', () => {
    const t = [0.3, -0.2, 0.5];
    const w = t.map((v) => v * SO3_SCALE);
    const theta = Math.hypot(...w);
    const [x, y, z] = w.map((v) => v / theta) as [number, number, number];
    const K = [
      [0, -z, y],
      [z, 0, -x],
      [-y, x, 0],
    ];
    const K2 = K.map((row, i) => row.map((_, j) => K[i]!.reduce((s, v, l) => s + v * K[l]![j]!, 0)));
    const R = K.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) + Math.sin(theta) * v + (1 - Math.cos(theta)) * K2[i]![j]!));
    groupElement(SO3, t).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(R[i]![j]!, 12)));
  });

  it('so(3): a rotation by pi/3 about z is written with cos and sin in closed form', () => {
    const g = pmatrices(latexFragment(so3Input(), { groupElement: [0, 0, Math.PI / 3 / SO3_SCALE] })).at(-1);
    expect(g).toEqual([
      ['\\tfrac{1}{2}', '-\\tfrac{\\sqrt{3}}{2}', '0'],
      ['\\tfrac{\\sqrt{3}}{2}', '\\tfrac{1}{2}', '0'],
      ['0', '0', '1'],
    ]);
  });

  it('needs one finite coefficient per generator and a finite result', () => {
    expect(() => latexFragment(so3Input(), { groupElement: [1, 2] })).toThrow('groupElement (the coefficients t of exp(sum t_i L_i)) has 2 entries, expected 3 (one per generator)');
    const scaling = { ...so2Input(), basis: [[[1, 0], [0, -1]]] };
    expect(latexFragment(scaling, { groupElement: [700] })).toContain('\\times 10^{304}');
    expect(() => latexFragment(scaling, { groupElement: [1000] })).toThrow('the group element exp(sum t_i L_i) for t = (1000) overflows; choose smaller coefficients t');
    expect(() => latexFragment(so3Input(), { groupElement: [1, NaN, 0] })).toThrow('groupElement (the coefficients t of exp(sum t_i L_i))[1] is NaN; every entry must be a finite number');
  });
});

describe('LaTeX document', () => {
  it('has one pmatrix per generator plus the group element, each d x d, and balanced environments', () => {
    const input = so3Input();
    const tex = decode(exportBasis('latex', input).bytes);
    assertBalanced(tex);
    expect(tex.match(/\\documentclass\{article\}/g)).toHaveLength(1);
    expect(tex).toContain('\\usepackage{amsmath}');
    const mats = pmatrices(tex);
    expect(mats).toHaveLength(4);
    for (const m of mats) {
      expect(m).toHaveLength(3);
      for (const row of m) expect(row).toHaveLength(3);
    }
    mats.slice(0, 3).forEach((m, i) => {
      matrixValues(m).forEach((row, r) => row.forEach((v, c) => expect(Math.abs(v - input.basis[i]![r]![c]!)).toBeLessThanOrEqual(0.0005 + 1e-12)));
    });
    expect(tex).toContain('% entries rounded to 3 decimals; |x| < 0.001 written as 0 (snap threshold)');
    expect(tex).toContain('[L_{1}, L_{2}] &= 0.816\\, L_{3}');
    expect(tex).toContain('\\lambda_{1} = 0.93');
  });

  it('the fragment is the body alone', () => {
    const fragment = decode(exportBasis('latex', so2Input(), { fragment: true }).bytes);
    expect(exportBasis('latex', so2Input(), { fragment: true }).fileName).toBe('semola-basis-fragment.tex');
    expect(fragment).not.toContain('\\documentclass');
    expect(fragment).not.toContain('\\begin{document}');
    assertBalanced(fragment);
    expect(pmatrices(fragment)).toHaveLength(2);
  });

  it('states the snap threshold and symbolic tolerance it used', () => {
    const tex = latexDocument(so2Input(), { precision: 2, snapThreshold: 0.05, symbolicTolerance: 0.01 });
    expect(tex).toContain('% entries rounded to 2 decimals; |x| < 0.05 written as 0 (snap threshold)');
    expect(tex).toContain('used within 0.01 of the value');
  });

  it.skipIf(!hasPdflatex)('compiles with pdflatex: document, fragment in a plain article, and d > 10', () => {
    compile('so3', latexDocument(so3Input()));
    const wrap = (body: string) => `\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n${body}\\end{document}\n`;
    compile('so2-fragment', wrap(latexFragment(so2Input(), { groupElement: [Math.PI / 4] })));
    const d = 12;
    const big: ExportInput = {
      ...so2Input(),
      basis: [Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => (c === r + 1 ? 1 : c === r - 1 ? -1 : 0)))],
      mask: null,
      layout: { kind: 'vector', d, blocks: 1 },
      featureNames: Array.from({ length: d }, (_, i) => `q_${i}`),
    };
    const tex = latexDocument(big);
    expect(tex).toContain('\\setcounter{MaxMatrixCols}{12}');
    compile('d12', tex);
  });
});
