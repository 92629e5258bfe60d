/**
 * QM9 records written the way the published files are: tab-separated, numbers padded with a
 * leading space, a trailing tab at the end of most lines, some numbers in Mathematica notation.
 */

/** dsgdb9nsd_000001.xyz: methane, 5 atoms, 9 frequencies. */
export const METHANE = [
  '5',
  'gdb 1\t157.7118\t157.70997\t157.70699\t0.\t13.21\t-0.3877\t0.1171\t0.5048\t35.3641\t0.044749\t-40.47893\t-40.476062\t-40.475117\t-40.498597\t6.469\t',
  'C\t-0.0126981359\t 1.0858041578\t 0.0080009958\t-0.535689\t',
  'H\t 0.002150416\t-0.0060313176\t 1.9761204*^-3\t 0.133921\t',
  'H\t 1.0117308433\t 1.4637511618\t 2.765748*^-4\t 0.133922\t',
  'H\t-0.540815069\t 1.4475266138\t-0.8766437152\t 0.133923\t',
  'H\t-0.5238136345\t 1.4379326443\t 0.9063972942\t 0.133923\t',
  '1341.307\t1341.3284\t1341.365\t1562.6731\t1562.7453\t3038.3205\t3151.6034\t3151.6788\t3151.7078\t',
  'C\tC\t',
  'InChI=1S/CH4/h1H4\tInChI=1S/CH4/h1H4\t',
  '',
].join('\n');

/** dsgdb9nsd_000002.xyz: ammonia, 4 atoms, 6 frequencies. */
export const AMMONIA = [
  '4',
  'gdb 2\t293.60975\t293.54111\t191.39397\t1.6256\t9.46\t-0.257\t0.0829\t0.3399\t26.1563\t0.034358\t-56.525887\t-56.523026\t-56.522082\t-56.544961\t6.316\t',
  'N\t-0.0404260543\t 1.0241077531\t 0.0625637998\t-0.707143\t',
  'H\t 0.0172574639\t 0.0125452063\t-0.0273771593\t 0.235712\t',
  'H\t 0.9157893661\t 1.3587451948\t-0.0287577581\t 0.235712\t',
  'H\t-0.5202777357\t 1.3435321258\t-0.7755426124\t 0.235719\t',
  '1070.5154\t1706.3258\t1706.3366\t3463.6766\t3465.9438\t3466.0069\t',
  'N\tN\t',
  'InChI=1S/H3N/h1H3\tInChI=1S/H3N/h1H3\t',
  '',
].join('\n');

/** dsgdb9nsd_000005.xyz: hydrogen cyanide, 3 atoms, linear: 3n-5 = 4 frequencies. */
export const HCN = [
  '3',
  'gdb 5\t0.\t44.593883\t44.593883\t2.8937\t12.99\t-0.3604\t0.0191\t0.3796\t59.9891\t0.016601\t-93.411888\t-93.40937\t-93.408425\t-93.431246\t6.278\t',
  'C\t-0.0133239314\t 1.1324657151\t 0.0082758861\t 0.031689\t',
  'N\t 0.0023543795\t-0.0191132931\t 0.0019986305\t-0.263454\t',
  'H\t-0.0278050162\t 2.2016773228\t 0.0148436282\t 0.231765\t',
  '768.4076\t768.4087\t2190.6003\t3468.1839\t',
  'C#N\tC#N\t',
  'InChI=1S/CHN/c1-2/h1H\tInChI=1S/CHN/c1-2/h1H\t',
  '',
].join('\n');

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/** `text` with its 1-based line `line` replaced by `by` (or removed when `by` is undefined). */
export function withLine(text: string, line: number, by?: string): string {
  const lines = text.split('\n');
  if (by === undefined) lines.splice(line - 1, 1);
  else lines[line - 1] = by;
  return lines.join('\n');
}

/** QM9 file name of molecule `id`. */
export const qm9Name = (id: number): string => `dsgdb9nsd_${String(id).padStart(6, '0')}.xyz`;
