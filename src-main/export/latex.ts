/**
 * The LaTeX export: every generator and one group element g = exp(sum t_i L_i) as amsmath
 * pmatrix environments, the commutation relations when the algebra was analysed, and the verdict.
 * A complete `article` document, or a fragment to paste into an existing one.
 */
import { matrixExp } from '../engine/lie/linalg';
import { commentText, escapeText, linearCombination, pmatrix, resolveEntryFormat, formatEntry, type EntryFormat } from './latex-entries';
import type { ExportInput, LatexOptions } from './types';
import { checkVector, validateExportInput } from './validate';

/** amsmath's matrix environments hold at most 10 columns unless told otherwise. */
const AMSMATH_MAX_COLS = 10;

/** exp(sum_i t_i L_i) in float64, [d][d]. */
export function groupElement(basis: readonly (readonly (readonly number[])[])[], t: readonly number[]): number[][] {
  const d = basis[0]?.length ?? 0;
  const a = Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => basis.reduce((s, L, i) => s + (t[i] ?? 0) * ((L[r] as readonly number[])[c] as number), 0)));
  return matrixExp(a);
}

function finiteGroupElement(basis: readonly (readonly (readonly number[])[])[], t: readonly number[]): number[][] {
  const g = groupElement(basis, t);
  if (g.some((row) => row.some((v) => !Number.isFinite(v)))) {
    throw new Error(`the group element exp(sum t_i L_i) for t = (${t.join(', ')}) overflows; choose smaller coefficients t`);
  }
  return g;
}

function actionText(input: ExportInput, d: number): string {
  const { layout } = input;
  const names = input.featureNames.slice(0, d).map(escapeText).join(', ');
  if (layout.kind === 'points') {
    return layout.d === 4
      ? 'They act on every point in homogeneous coordinates $[p; 1]$ (the last row of each generator is 0, so $g$ is an affine map).'
      : 'They act on the coordinates $(x, y, z)$ of every point.';
  }
  if (layout.kind === 'image') {
    return 'They act on the image plane in homogeneous normalised pixel coordinates $(u, v, 1)$, $u$ the column and $v$ the row about the centre (the last row of each generator is 0, so $g$ is an affine map); $g$ moves an image by reading it at $g^{-1}(u, v)$.';
  }
  const order = names ? ` in the feature order (${names})` : '';
  return layout.blocks > 1
    ? `They act on column vectors${order}, and alike on each of the ${layout.blocks} blocks of ${d} features.`
    : `They act on column vectors${order}.`;
}

function verdictText(input: ExportInput): string {
  const v = input.verdict;
  if (!v) return 'No verdict was recorded for this run.';
  const similarity = v.similarity !== null ? ` (similarity ${v.similarity.toFixed(3)})` : '';
  const head = v.symmetryFound ? `Symmetry found${v.name ? `: ${escapeText(v.name)}` : ''}${similarity}.` : v.status === 'inconclusive' ? 'Inconclusive.' : `No symmetry found${similarity}.`;
  // The reason repeats the headline in lower case; say it once.
  const reason = v.reason.replace(/^((no )?symmetry found( by the data's gradients)?|inconclusive):\s*/i, '');
  return `${head} ${escapeText(reason.charAt(0).toUpperCase() + reason.slice(1))}`;
}

function algebraPart(input: ExportInput, symbols: string[], f: EntryFormat): string[] {
  const a = input.algebra;
  if (!a) return [];
  const k = symbols.length;
  const lines = [`\\paragraph{Algebra.} ${escapeText(a.description)} Closure residual ${a.closureResidual.toPrecision(3)}.`];
  if (a.bestMatch) lines[0] += ` Closest known algebra: ${escapeText(a.bestMatch.name)} (similarity ${a.bestMatch.similarity.toFixed(3)}).`;
  if (k > 1) {
    const relations: string[] = [];
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const c = a.structureConstants[i]?.[j] ?? [];
        relations.push(`  [${symbols[i]}, ${symbols[j]}] &= ${linearCombination(c, symbols, f)}`);
      }
    }
    lines.push('\\begin{align*}', relations.join(' \\\\\n'), '\\end{align*}');
  }
  const canonical = a.canonical;
  if (canonical && canonical.basis.length > 0) {
    const aligned = canonical.matchedTo ? `, aligned with ${escapeText(canonical.matchedTo)}` : '';
    lines.push(
      `\\paragraph{Readable basis.} The same span in a basis chosen to read easily${aligned}; entries below ${canonical.snapThreshold} of their generator's largest entry are 0.`,
    );
    canonical.basis.forEach((C, i) => lines.push('\\[', `C_{${i + 1}} = ${pmatrix(C, f)}`, '\\]'));
  }
  return lines;
}

/** The comment header (provenance, formatting) and the body shared by the document and the fragment. */
function parts(input: ExportInput, options: LatexOptions): { header: string; text: string } {
  const { k, d } = validateExportInput(input);
  const f = resolveEntryFormat(options);
  const t = options.groupElement ?? new Array<number>(k).fill(1);
  checkVector(t, 'groupElement (the coefficients t of exp(sum t_i L_i))', k);
  const p = input.provenance;
  const symbols = Array.from({ length: k }, (_, i) => `L_{${i + 1}}`);
  const header: string[] = [
    '% SEMoLA Workbench: discovered Lie algebra basis',
    `% run ${commentText(p.runId ?? '(none)')}, seed ${p.seed}, dataset ${commentText(p.datasetHash ?? '(no hash)')}, app ${commentText(p.appVersion)}, exported ${commentText(p.createdAt)}`,
    `% feature order: ${commentText(input.featureNames.join(', ') || '(not recorded)')}`,
    `% entries rounded to ${f.precision} decimals; |x| < ${f.snapThreshold} written as 0 (snap threshold)`,
    f.symbolic
      ? `% symbolic forms 0, +-1, +-1/2, +-sqrt(2)/2, +-sqrt(3)/2 used within ${f.symbolicTolerance} of the value`
      : '% no symbolic forms: every entry is a rounded decimal',
  ];
  const lines: string[] = [];
  if (d > AMSMATH_MAX_COLS) lines.push(`\\setcounter{MaxMatrixCols}{${d}}`);
  lines.push(
    `\\paragraph{Discovered symmetry.} ${verdictText(input)}`,
    '',
    `\\paragraph{Generators.} ${k} generator${k > 1 ? 's' : ''} $L_i$ of size $${d} \\times ${d}$, normalised (${escapeText(input.normalisation)}). ${actionText(input, d)}`,
  );
  input.basis.forEach((L, i) => {
    const strength = input.strengths ? `, \\quad \\lambda_{${i + 1}} = ${formatEntry(input.strengths[i] as number, { ...f, symbolic: false })}` : '';
    lines.push('\\[', `${symbols[i]} = ${pmatrix(L, f)}${strength}`, '\\]');
  });
  if (input.strengths) lines.push('$\\lambda_i$: approximation strength of generator $i$.');
  lines.push(...algebraPart(input, symbols, f));
  const tText = t.map((v) => formatEntry(v, { ...f, symbolic: false, snapThreshold: 0 })).join(', ');
  lines.push(
    '',
    `\\paragraph{Group element.} $g = \\exp\\left(\\sum_i t_i L_i\\right)$ for $t = (${tText})$:`,
    '\\[',
    `g = ${pmatrix(finiteGroupElement(input.basis, t), f)}`,
    '\\]',
  );
  return { header: header.join('\n'), text: lines.join('\n') };
}

/** A fragment for an existing document that loads amsmath. */
export function latexFragment(input: ExportInput, options: LatexOptions = {}): string {
  const { header, text } = parts(input, options);
  return `${header}\n% needs \\usepackage{amsmath}\n${text}\n`;
}

/** A complete document: compiles with pdflatex in a plain `article` with amsmath. */
export function latexDocument(input: ExportInput, options: LatexOptions = {}): string {
  const { header, text } = parts(input, options);
  return [header, '\\documentclass{article}', '\\usepackage{amsmath}', '\\begin{document}', text, '\\end{document}', ''].join('\n');
}
