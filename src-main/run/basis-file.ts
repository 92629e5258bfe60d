/** A basis file {"basis": [[[...]]]}: --basis (fixed-basis, augerino) and --reference. */
import { readFile } from 'node:fs/promises';
import { refusal } from '../engine/options/setting';
import { option } from '../engine/options/table';

/** `setting`: what the basis is for, named in the refusal (the option table's fixedBasis rule checks both). */
export async function loadBasisFile(file: string, setting: 'fixedBasis' | 'reference' = 'fixedBasis'): Promise<number[][][]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not readable as JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const basis = (parsed as { basis?: unknown } | null)?.basis;
  const rule = option('fixedBasis');
  if (!rule.schema.safeParse(basis).success) throw new Error(`${file}: expected {"basis": [[[...]]]}; ${refusal(setting, rule.allowed, basis)}`);
  return basis as number[][][];
}
