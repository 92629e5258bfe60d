/**
 * How atoms are drawn: Jmol's CPK colours and covalent radii (Cordero et al. 2008, Angstrom) for
 * the elements datasets commonly hold, and bonds between atoms closer than the sum of their
 * covalent radii (plus 20 %, as molecule viewers do). Unknown species share one colour.
 */

/** Jmol CPK colours. */
const CPK: Record<string, string> = {
  H: '#ffffff', He: '#d9ffff', Li: '#cc80ff', Be: '#c2ff00', B: '#ffb5b5', C: '#909090', N: '#3050f8', O: '#ff0d0d', F: '#90e050', Ne: '#b3e3f5',
  Na: '#ab5cf2', Mg: '#8aff00', Al: '#bfa6a6', Si: '#f0c8a0', P: '#ff8000', S: '#ffff30', Cl: '#1ff01f', Ar: '#80d1e3', K: '#8f40d4', Ca: '#3dff00',
  Ti: '#bfc2c7', Fe: '#e06633', Co: '#f090a0', Ni: '#50d050', Cu: '#c88033', Zn: '#7d80b0', Br: '#a62929', Kr: '#5cb8d1', Ag: '#c0c0c0', I: '#940094',
  Xe: '#429eb0', Pt: '#d0d0e0', Au: '#ffd123',
};

/** Covalent radii, Angstrom. */
const COVALENT: Record<string, number> = {
  H: 0.31, He: 0.28, Li: 1.28, Be: 0.96, B: 0.84, C: 0.76, N: 0.71, O: 0.66, F: 0.57, Ne: 0.58,
  Na: 1.66, Mg: 1.41, Al: 1.21, Si: 1.11, P: 1.07, S: 1.05, Cl: 1.02, Ar: 1.06, K: 2.03, Ca: 1.76,
  Ti: 1.6, Fe: 1.32, Co: 1.26, Ni: 1.24, Cu: 1.32, Zn: 1.22, Br: 1.2, Kr: 1.16, Ag: 1.45, I: 1.39,
  Xe: 1.4, Pt: 1.36, Au: 1.36,
};

export const UNKNOWN_COLOUR = '#ff1493';

export function cpkColour(species: string | undefined): string {
  return (species && CPK[species]) ?? UNKNOWN_COLOUR;
}

/** Pairs (i, j) closer than 1.2 x the sum of their covalent radii; none for unknown species or over `maxAtoms`. */
export function bondsOf(points: readonly (readonly number[])[], species: readonly string[], maxAtoms = 300): [number, number][] {
  if (points.length > maxAtoms) return [];
  const out: [number, number][] = [];
  for (let i = 0; i < points.length; i++) {
    const ri = COVALENT[species[i] ?? ''];
    if (ri === undefined) continue;
    for (let j = i + 1; j < points.length; j++) {
      const rj = COVALENT[species[j] ?? ''];
      if (rj === undefined) continue;
      const [a, b] = [points[i]!, points[j]!];
      const d = Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
      if (d > 0.1 && d < 1.2 * (ri + rj)) out.push([i, j]);
    }
  }
  return out;
}
