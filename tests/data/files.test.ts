import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDatasetFile } from '../../src-main/data/files';

describe('readDatasetFile', () => {
  it('reads bytes and explains missing files and directories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semola-data-'));
    try {
      const file = join(dir, 'a.csv');
      writeFileSync(file, 'x,y\n1,2\n');
      const bytes = await readDatasetFile(file);
      expect(new TextDecoder().decode(bytes)).toBe('x,y\n1,2\n');
      await expect(readDatasetFile(join(dir, 'missing.csv'))).rejects.toThrow(`${join(dir, 'missing.csv')}: file not found`);
      await expect(readDatasetFile(dir)).rejects.toThrow(`${dir}: is a directory; expected a data file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
