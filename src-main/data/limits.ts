/**
 * The stated limits of every reader: a file, line or archive beyond them is refused with the file
 * (and line) named, instead of being read until memory or patience runs out. README "Limits and
 * guarantees" lists them; change both together.
 */

/** One data file (Node cannot read a larger file into one buffer anyway). */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/** One line of a text table or an XYZ file (a header row of ~50,000 columns still fits). */
export const MAX_LINE_BYTES = 1024 * 1024;

/** All .npy members of one .npz together, once inflated (declared sizes and actual output both). */
export const MAX_NPZ_INFLATED_BYTES = 1024 * 1024 * 1024;

/** Columns an extended-XYZ `Properties=` spec may declare per atom line. */
export const MAX_EXTXYZ_COLUMNS = 4096;

export function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
