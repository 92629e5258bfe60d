/**
 * Reads the LaTeX export back for checking: environment balance, the pmatrix environments and
 * their entries as numbers (symbolic forms included). Independent of the writer's code.
 */

const SYMBOLIC_VALUES: Record<string, number> = {
  '0': 0,
  '1': 1,
  '\\tfrac{1}{2}': 0.5,
  '\\tfrac{\\sqrt{2}}{2}': Math.SQRT1_2,
  '\\tfrac{\\sqrt{3}}{2}': Math.sqrt(3) / 2,
};

/** Throws unless \begin/\end pairs nest properly, \[ \] alternate and unescaped braces balance. */
export function assertBalanced(tex: string): void {
  const body = tex
    .split('\n')
    .map((line) => line.replace(/(?<!\\)%.*$/, ''))
    .join('\n');
  const stack: string[] = [];
  for (const m of body.matchAll(/\\(begin|end)\{([^}]+)\}|\\\[|\\\]/g)) {
    if (m[0] === '\\[') {
      if (stack.at(-1) === '\\[') throw new Error('nested \\[');
      stack.push('\\[');
    } else if (m[0] === '\\]') {
      if (stack.pop() !== '\\[') throw new Error('\\] without \\[');
    } else if (m[1] === 'begin') stack.push(m[2]!);
    else if (stack.pop() !== m[2]) throw new Error(`\\end{${m[2]}} does not close the innermost environment`);
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(', ')}`);
  let depth = 0;
  for (const m of body.matchAll(/\\\\|\\[{}]|[{}]/g)) {
    if (m[0] === '{') depth++;
    else if (m[0] === '}' && --depth < 0) throw new Error('unbalanced }');
  }
  if (depth !== 0) throw new Error('unbalanced {');
}

export function entryValue(text: string): number {
  const negative = text.startsWith('-');
  const magnitude = negative ? text.slice(1) : text;
  const v = magnitude in SYMBOLIC_VALUES ? SYMBOLIC_VALUES[magnitude]! : /^\d+(\.\d+)?$/.test(magnitude) ? Number(magnitude) : NaN;
  if (Number.isNaN(v)) throw new Error(`not a matrix entry: "${text}"`);
  return negative ? -v : v;
}

/** Every pmatrix in order, as raw entry strings [rows][cols]. */
export function pmatrices(tex: string): string[][][] {
  return [...tex.matchAll(/\\begin\{pmatrix\}([\s\S]*?)\\end\{pmatrix\}/g)].map((m) =>
    m[1]!
      .trim()
      .split('\\\\')
      .map((row) => row.split('&').map((e) => e.trim())),
  );
}

export function matrixValues(entries: string[][]): number[][] {
  return entries.map((row) => row.map(entryValue));
}
