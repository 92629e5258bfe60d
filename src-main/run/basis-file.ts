/** A basis file {"basis": [[[...]]]}: --basis (fixed-basis, augerino) and --reference. */
import { readFile } from 'node:fs/promises';

export async function loadBasisFile(file: string): Promise<number[][][]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not readable as JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const basis = (parsed as { basis?: unknown }).basis;
  const ok =
    Array.isArray(basis) &&
    basis.length > 0 &&
    basis.every((L) => Array.isArray(L) && L.length > 0 && L.every((row: unknown) => Array.isArray(row) && row.length === L.length && row.every((v: unknown) => typeof v === 'number' && Number.isFinite(v))));
  if (!ok) throw new Error(`${file}: expected {"basis": [[[...]]]}, a list of square matrices of finite numbers`);
  return basis as number[][][];
}
