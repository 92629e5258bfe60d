import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireResult } from '../../src-main/api/contract';
import type { ExportResult } from '../../src-main/api/schemas';
import { readPermutationsExport } from '../../src-main/export/index';
import { fixturePermutations, openFixture, type Fixture } from './fixture';

let f: Fixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(() => f.close());

const value = <T>(r: WireResult<unknown>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

/** The header dict and the float64 data of a version 1 .npy file. */
function readNpy(bytes: Buffer): { header: string; data: Float64Array } {
  expect(bytes.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  const body = bytes.subarray(10 + headerLength);
  return { header, data: new Float64Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)) };
}

describe('export.permutations', () => {
  it("writes a weight-sharing run's soft permutations and their group as JSON that reads back", async () => {
    const id = f.permutationRunId;
    const file = value<ExportResult>(await f.dispatch('export.permutations', { runId: id, format: 'json' }));
    expect(file).toMatchObject({ fileName: `semola-${id}-permutations.json`, mediaType: 'application/json' });
    expect(Buffer.from(file.base64, 'base64').toString('utf8')).toBe(file.text);
    const doc = readPermutationsExport(file.text!);
    expect(doc.permutations.soft).toEqual(fixturePermutations());
    expect(doc.permutations.rounded.cycles).toEqual(['()', '(1 2 3)', '(1 2)', '(1 5)']);
    expect(doc.permutations.used).toEqual([0, 1, 2]);
    expect(doc.permutationGroup).toMatchObject({ name: 'S_3 on {x1, x2, x3}', order: 6, degree: 5, points: ['x1', 'x2', 'x3', 'x4', 'x5'], orbits: [[0, 1, 2], [3], [4]] });
    expect(doc.provenance).toMatchObject({ runId: String(id), seed: 5, weightSharing: { groupSize: 4 } });
  });

  it('writes the soft P_g as a [G, n, n] float64 .npy, and the arrays with the JSON as .npz', async () => {
    const npy = value<ExportResult>(await f.dispatch('export.permutations', { runId: f.permutationRunId, format: 'npy' }));
    expect(npy.fileName).toMatch(/-permutations\.npy$/);
    expect(npy.text).toBeNull();
    const { header, data } = readNpy(Buffer.from(npy.base64, 'base64'));
    expect(header).toContain("'shape': (4, 5, 5)");
    expect(header).toContain("'descr': '<f8'");
    expect(Array.from(data)).toEqual(fixturePermutations().flat(2));

    const npz = value<ExportResult>(await f.dispatch('export.permutations', { runId: f.permutationRunId, format: 'npz' }));
    expect(npz).toMatchObject({ mediaType: 'application/zip', text: null });
    const zip = Buffer.from(npz.base64, 'base64');
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    for (const name of ['soft.npy', 'rounded.npy', 'confidence.npy', 'group_elements.npy', 'points.npy', 'export.json']) expect(zip.includes(Buffer.from(name))).toBe(true);
  });

  it('says why a run has no permutations: another model, not finished, or no such run', async () => {
    const [basisRun] = f.runIds;
    const other = await f.dispatch('export.permutations', { runId: basisRun, format: 'json' });
    expect(other).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining(`run ${basisRun} was not trained with the weight-sharing model`) } });

    const queued = f.workspace.runs.create({ request: { data: 'builtin:partial-permutation?samples=40', config: { model: { kind: 'weight-sharing' } } }, method: 'plain', seed: 0, epochs: 2, name: 'waiting' });
    const pending = await f.dispatch('export.permutations', { runId: queued.id, format: 'npy' });
    expect(pending).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining(`run ${queued.id} has not finished (it is queued)`) } });

    expect(await f.dispatch('export.permutations', { runId: 999, format: 'json' })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'run 999 does not exist' } });
  });
});
