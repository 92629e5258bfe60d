/** `semola sweep report`: mean +- std per grid point over seeds, what the seeds found, the best point. */
import { describe, expect, it } from 'vitest';
import { answerOf, summaryMetrics, sweepMarkdown, sweepReport } from '../../../src-main/host/sweep/report';
import type { RunRecord, Sweep } from '../../../src-main/store/types';

const sweep: Sweep = {
  id: 3,
  name: 'k',
  description: '',
  createdAt: '2026-01-01T00:00:00Z',
  executor: 'local',
  executorState: {},
  spec: {
    given: {},
    file: '/x/spec.json',
    points: [
      { index: 0, label: 'k=1', values: { k: 1 } },
      { index: 1, label: 'k=2', values: { k: 2 } },
    ],
    tasks: [0, 1, 2, 3, 4, 5].map((task) => ({ task, point: task < 3 ? 0 : 1, seed: task % 3, starts: 1, settings: {}, request: { data: 'd', config: {} } })),
  },
};

function run(task: number, mse: number, accuracy: number | null, verdict: { symmetryFound: boolean; status: string; name: string | null }, status: RunRecord['status'] = 'done'): RunRecord {
  return {
    id: 100 + task,
    sweepTask: task,
    status,
    error: status === 'failed' ? 'Slurm job 9_5 ended without a result' : null,
    summary: status === 'done' ? { metrics: { test: { mse, accuracy }, validation: { loss: mse / 2 } }, reference: { action: 1 - mse / 10 }, timings: { trainSeconds: 1 }, verdict } : null,
  } as unknown as RunRecord;
}

const so2 = { symmetryFound: true, status: 'found', name: 'so(2)' };
const none = { symmetryFound: false, status: 'not-found', name: null };
const unsure = { symmetryFound: false, status: 'inconclusive', name: null };

describe('sweepReport', () => {
  const runs = [run(0, 1, null, so2), run(1, 2, null, so2), run(2, 3, null, unsure), run(3, 0.5, null, none), run(4, 0.7, null, so2), run(5, 0, null, so2, 'failed')];

  it('gives mean and sample std of every metric over the done seeds of each point', () => {
    const r = sweepReport(sweep, runs);
    expect(r.table[0]!.metrics['test.mse']).toEqual({ mean: 2, std: 1, n: 3 });
    expect(r.table[0]!.metrics['validation.loss']!.mean).toBeCloseTo(1, 12);
    expect(r.table[0]!.metrics['reference.action']!.mean).toBeCloseTo(0.8, 12);
    expect(r.table[1]!.metrics['test.mse']!.mean).toBeCloseTo(0.6, 12);
    expect(r.table[1]!.metrics['test.mse']!.std).toBeCloseTo(Math.sqrt(0.02), 12);
    expect([r.table[1]!.done, r.table[1]!.of]).toEqual([2, 3]);
  });

  it('counts what the seeds found, most first, over all seeds of the point', () => {
    const r = sweepReport(sweep, runs);
    expect(r.table[0]!.found).toEqual([{ answer: 'so(2)', seeds: 2, of: 3 }, { answer: 'inconclusive', seeds: 1, of: 3 }]);
    expect(r.table[1]!.found).toEqual(expect.arrayContaining([{ answer: 'none found', seeds: 1, of: 3 }, { answer: 'so(2)', seeds: 1, of: 3 }]));
    expect(r.table[1]!.found).toHaveLength(2);
  });

  it('picks the best point by the chosen metric (smaller is better, larger for similarities)', () => {
    expect(sweepReport(sweep, runs).best).toMatchObject({ point: 1, label: 'k=2' });
    const byAction = sweepReport(sweep, runs, 'reference.action');
    expect(byAction.bestBy.smallerIsBetter).toBe(false);
    expect(byAction.best!.point).toBe(1);
    expect(sweepReport(sweep, runs, 'no.such').best).toBeNull();
  });

  it('lists tasks without a result with their reason, in the Markdown too', () => {
    const r = sweepReport(sweep, runs);
    expect(r.missing).toEqual([{ task: 5, point: 1, seed: 2, status: 'failed', reason: 'Slurm job 9_5 ended without a result' }]);
    const md = sweepMarkdown(r);
    expect(md).toContain('| 0 | k=1 | 3/3 | 2.00 +- 1.0 |');
    expect(md).toContain('so(2) 2/3, inconclusive 1/3');
    expect(md).toContain('| 5 | 1 | 2 | failed | Slurm job 9_5 ended without a result |');
  });

  it('reads numeric metrics and the answer from a summary', () => {
    expect(summaryMetrics({ metrics: { test: { mse: 1, mae: null, nested: { x: 2 } } }, reference: null, timings: { trainSeconds: 3 } })).toEqual({ 'test.mse': 1, 'test.nested.x': 2, trainSeconds: 3 });
    expect(answerOf({ verdict: so2 })).toBe('so(2)');
    expect(answerOf({ verdict: unsure })).toBe('inconclusive');
    expect(answerOf({ verdict: { symmetryFound: true, status: 'found', name: null }, algebra: { description: 'so(3)' } })).toBe('so(3)');
  });
});
