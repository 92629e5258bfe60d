/**
 * A rendered preview of the exported LaTeX without a TeX engine: every `NAME = \begin{pmatrix}
 * ... \end{pmatrix}` becomes a labelled grid of cells, with the few macros the exporter writes in
 * entries (\frac, \tfrac, \sqrt, \pi, spacing) turned into plain text.
 */

export interface PreviewMatrix {
  label: string;
  rows: string[][];
}

export function entryText(tex: string): string {
  return tex
    .replace(/\\[dt]?frac\{([^}]*)\}\{([^}]*)\}/g, '$1/$2')
    .replace(/\\sqrt\{([^}]*)\}/g, '√$1')
    .replace(/\\pi\b/g, 'π')
    .replace(/\\[,;!: ]/g, '')
    .replace(/[{}]/g, '')
    .trim();
}

export function labelText(tex: string): string {
  return tex.replace(/\\mathfrak\{([^}]*)\}/g, '$1').replace(/_\{([^}]*)\}/g, '$1').replace(/\\[a-zA-Z]+/g, '').replace(/[{}\\[\]$]/g, '').trim();
}

export function latexMatrices(tex: string): PreviewMatrix[] {
  const found: PreviewMatrix[] = [];
  const pattern = /([^=\n]*)=\s*\\begin\{pmatrix\}([\s\S]*?)\\end\{pmatrix\}/g;
  for (const m of tex.matchAll(pattern)) {
    const rows = m[2]!
      .split('\\\\')
      .map((row) => row.trim())
      .filter((row) => row.length > 0)
      .map((row) => row.split('&').map(entryText));
    found.push({ label: labelText(m[1] ?? ''), rows });
  }
  return found;
}
