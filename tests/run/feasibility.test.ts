/** `semola train` refuses a generator count the mask cannot hold before any training, as the app does. */
import { describe, expect, it } from 'vitest';
import { loadBuiltin } from '../../src-main/data/builtin/index';
import { runTrain } from '../../src-main/run/train';

const NBODY = 'builtin:nbody2?trajectories=4';
const d = loadBuiltin(NBODY).layout.d;

describe('runTrain feasibility', () => {
  it.each([d * d + 1, 1000])('k = %i on a full mask is refused before training starts', async (k) => {
    let started = false;
    const err = await runTrain({ data: NBODY, backend: 'cpu', config: { k, epochs: 1 }, onStart: () => void (started = true) }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(new RegExp(`k = ${k} generators cannot be independent with only ${d * d} free entries in the full mask`));
    expect(started).toBe(false);
  });
});
