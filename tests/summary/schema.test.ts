/** The summary schema reads what a run writes, fills keys older runs lack, and refuses what it cannot read. */
import { beforeAll, describe, expect, it } from 'vitest';
import { runTrain } from '../../src-main/run/train';
import { parseSummary, readSummaryText, type WrittenSummary } from '../../src-main/summary/schema';

let written: WrittenSummary;
beforeAll(async () => {
  written = await runTrain({
    data: 'builtin:nbody2?trajectories=10',
    backend: 'cpu',
    config: { epochs: 1, model: { hidden: [16] }, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 }, evalPoints: 50, evalGroupSamples: 4 },
  });
});

const asJson = (v: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

describe('parseSummary', () => {
  it('reads a summary as written, keeping keys it does not know', () => {
    const parsed = parseSummary({ ...asJson(written), futureKey: { x: 1 } }, 'run 1');
    expect(parsed.verdict).toEqual(written.verdict);
    expect(parsed.metrics.test.mse).toBe(written.metrics.test.mse);
    expect((parsed as Record<string, unknown>).futureKey).toEqual({ x: 1 });
  });

  it("reads an image run's summary: the image layout with its height, width and channels", () => {
    const layout = { kind: 'image', d: 3, height: 28, width: 28, channels: 1 };
    const image = asJson(written);
    image.dataset = { ...(image.dataset as Record<string, unknown>), layout, targetKind: 'classification' };
    expect(parseSummary(image, 'run 7').dataset.layout).toEqual(layout);
    image.dataset = { ...(image.dataset as Record<string, unknown>), layout: { kind: 'image', d: 3, height: 28 } };
    expect(() => parseSummary(image, 'run 8')).toThrow(/^summary of run 8 cannot be read|run 8 cannot be read/);
  });

  it('fills the keys version 1 gained later with null in an early summary', () => {
    const early = asJson(written);
    for (const key of ['basisVisible', 'algebra', 'verdict', 'verdictEvidence', 'strengths', 'residuals', 'widths', 'permutations', 'permutationGroup']) delete early[key];
    const parsed = parseSummary(early, 'run 2');
    expect([parsed.verdict, parsed.algebra, parsed.permutations, parsed.basisVisible]).toEqual([null, null, null, []]);
  });

  it('refuses another schema version, and a summary missing or mistyping a key, naming it', () => {
    expect(() => parseSummary({ ...asJson(written), schemaVersion: 2 }, 'summary of run 3')).toThrow('summary of run 3 cannot be read: its schemaVersion is 2; this version of SEMoLA reads schemaVersion 1');
    expect(() => parseSummary({ ok: true }, 'summary of run 4')).toThrow('summary of run 4 cannot be read: its schemaVersion is null; this version of SEMoLA reads schemaVersion 1');
    expect(() => parseSummary([1], 'out.json')).toThrow('out.json cannot be read: it is not a JSON object');
    const noMetrics = asJson(written);
    delete noMetrics.metrics;
    expect(() => parseSummary(noMetrics, 'summary of run 5')).toThrow(/^summary of run 5 cannot be read: metrics: Invalid input: expected object, received undefined$/);
    const badVerdict = { ...asJson(written), verdict: { symmetryFound: 'yes', name: null, similarity: null, reason: '' } };
    expect(() => parseSummary(badVerdict, 'summary of run 6')).toThrow(/^summary of run 6 cannot be read: verdict\.symmetryFound: /);
  });

  it('reads the text of a summary, saying when it is not JSON', () => {
    expect(readSummaryText(JSON.stringify(written))).toMatchObject({ ok: true, summary: { schemaVersion: 1 } });
    expect(readSummaryText('{"schemaVersion": 1,')).toMatchObject({ ok: false, reason: expect.stringMatching(/^it is not valid JSON \(.+\)$/) });
  });
});
