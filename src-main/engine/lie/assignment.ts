/**
 * Maximum-score assignment of rows to columns, shared by the basis matching of the reference
 * metrics and the rounding of soft permutation matrices. Hungarian algorithm (shortest augmenting
 * paths with potentials, O(rows^2 cols)) minimising cost = -score, rows <= cols. Returns the column
 * of every row.
 */
export function hungarianAssignment(score: readonly (readonly number[])[], rows: number, cols: number): number[] {
  // 1-based arrays as in the classical formulation; index 0 is the virtual start column/row.
  const cost = (i: number, j: number): number => -((score[i - 1] as readonly number[])[j - 1] as number);
  const u = new Array<number>(rows + 1).fill(0);
  const v = new Array<number>(cols + 1).fill(0);
  const p = new Array<number>(cols + 1).fill(0); // p[j]: row matched to column j
  const way = new Array<number>(cols + 1).fill(0);
  for (let i = 1; i <= rows; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(cols + 1).fill(Infinity);
    const used = new Array<boolean>(cols + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0] as number;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = cost(i0, j) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          const pj = p[j] as number;
          u[pj] = (u[pj] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          minv[j] = (minv[j] as number) - delta;
        }
      }
      j0 = j1;
    } while ((p[j0] as number) !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Array<number>(rows).fill(-1);
  for (let j = 1; j <= cols; j++) {
    const i = p[j] as number;
    if (i > 0) rowToCol[i - 1] = j - 1;
  }
  return rowToCol;
}
