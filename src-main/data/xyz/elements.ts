/**
 * The periodic table as XYZ files spell it: the 118 standard element symbols, H (1) to Og (118),
 * case-sensitive (`Cl`, never `CL` or `cl`).
 */

/** Element symbols in order of atomic number: ELEMENT_SYMBOLS[z - 1] is the symbol of element z. */
export const ELEMENT_SYMBOLS: readonly string[] = [
  'H', 'He',
  'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne',
  'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba',
  'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra',
  'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
];

const NUMBER_OF = new Map<string, number>(ELEMENT_SYMBOLS.map((s, i) => [s, i + 1]));

/** The atomic number of a standard symbol (`'C'` -> 6), or undefined for anything else. */
export function atomicNumber(symbol: string): number | undefined {
  return NUMBER_OF.get(symbol);
}

/** The symbol of element z (1..118), or undefined. */
export function elementSymbol(z: number): string | undefined {
  return Number.isInteger(z) ? ELEMENT_SYMBOLS[z - 1] : undefined;
}

/** For an error message: the standard spelling of a symbol written in the wrong case (`CL` -> `Cl`). */
export function symbolCaseHint(text: string): string | undefined {
  if (text.length < 1 || text.length > 2) return undefined;
  const fixed = text[0]!.toUpperCase() + text.slice(1).toLowerCase();
  return fixed !== text && NUMBER_OF.has(fixed) ? `element symbols are case-sensitive: ${fixed}` : undefined;
}
