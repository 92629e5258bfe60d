/** `--out`: the summary as indented JSON, the file other tools script against. */
import { writeFile } from 'node:fs/promises';
import type { Summary } from '../summary/schema';

export async function writeSummary(file: string, summary: Summary): Promise<void> {
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
}
