/** The trust study's judge on hand-made summaries, and its two-case CI version end to end. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES, judge, selectCases, studyFlags } from '../../../src-main/host/study/trust';
import type { WrittenSummary } from '../../../src-main/summary/schema';

const summary = (status: 'found' | 'not-found' | 'inconclusive', subspace: number | null, group: string | null = null, dimension = 1): WrittenSummary =>
  ({
    basis: Array.from({ length: dimension }, () => [[0, -1], [1, 0]]),
    verdict: { status, symmetryFound: status === 'found', name: status === 'found' ? 'so(2)' : null, similarity: null, reason: '', interval: null, checks: [] },
    reference: subspace === null ? null : { subspace, visible: { subspace, cosine: 1 } },
    permutationGroup: group === null ? null : { name: group },
  }) as unknown as WrittenSummary;

describe('trust study judge', () => {
  const so2 = { kind: 'continuous', algebra: 'so(2)', dimension: 1, minSubspace: 0.9 } as const;
  it('a found symmetry is right only with the right span', () => {
    expect(judge(so2, summary('found', 0.99)).judgement).toBe('right');
    expect(judge(so2, summary('found', 0.3)).judgement).toBe('wrong');
    expect(judge(so2, summary('not-found', 0.99)).judgement).toBe('wrong');
    expect(judge(so2, summary('inconclusive', 0.5)).judgement).toBe('inconclusive');
    // A different span that moves every held-out sample as the truth does.
    const sameAction = { ...summary('found', 0.75), reference: { subspace: 0.2, action: 0.999, visible: { subspace: 0.75, cosine: 0.87 } } } as unknown as WrittenSummary;
    expect(judge(so2, sameAction).judgement).toBe('right');
    const otherAction = { ...summary('found', 0.75), reference: { subspace: 0.2, action: 0.5, visible: { subspace: 0.75, cosine: 0.87 } } } as unknown as WrittenSummary;
    expect(judge(so2, otherAction).judgement).toBe('wrong');
  });
  it('with an exact axis, a found symmetry is right only when that axis comes out the most exact', () => {
    const mixed = { kind: 'continuous', algebra: 'so(3)', dimension: 3, minSubspace: 0.9, exact: 'rotation about z' } as const;
    const withFirst = (name: string | null): WrittenSummary => ({ ...summary('found', 0.99, null, 3), exactness: name === null ? null : { directions: [{ name }, { name: 'rotation about x' }] } }) as unknown as WrittenSummary;
    expect(judge(mixed, withFirst('rotation about z')).judgement).toBe('right');
    expect(judge(mixed, withFirst('rotation about x')).judgement).toBe('wrong');
    expect(judge(mixed, withFirst(null)).judgement).toBe('wrong');
    expect(judge(mixed, summary('inconclusive', 0.99)).judgement).toBe('inconclusive');
  });
  it('a found algebra must have the truth\'s dimension: a subalgebra is partial, a larger one wrong', () => {
    const so3 = { kind: 'continuous', algebra: 'so(3)', dimension: 3, minSubspace: 0.9 } as const;
    expect(judge(so3, summary('found', 0.99, null, 3)).judgement).toBe('right');
    expect(judge(so3, summary('found', 0.99, null, 2)).judgement).toBe('partial');
    expect(judge(so2, summary('found', 0.99, null, 2)).judgement).toBe('wrong');
    // Found through the algebra the exact directions generate: that algebra's dimension and reference count.
    const generated = (dim: number): WrittenSummary =>
      ({
        ...summary('found', 0.4, null, 3),
        generatedAlgebra: { status: 'found', basis: Array.from({ length: dim }, () => [[0]]), reference: { subspace: 0.995, visible: { subspace: 0.995, cosine: 1 } } },
      }) as unknown as WrittenSummary;
    expect(judge(so3, generated(3)).judgement).toBe('right');
    const one = judge(so3, generated(1));
    expect(one.judgement).toBe('partial');
    expect(one.note).toMatch(/1 of the truth's 3 dimensions/);
  });
  it('a control is wrong only when something is claimed', () => {
    const none = { kind: 'none', why: 'control' } as const;
    expect(judge(none, summary('found', null)).judgement).toBe('wrong');
    expect(judge(none, summary('not-found', null)).judgement).toBe('right');
    expect(judge(none, summary('inconclusive', null)).judgement).toBe('inconclusive');
  });
  it('a discrete group is judged by the group found', () => {
    const s3 = { kind: 'group', name: /^S_3 on \{x1, x2, x3\}/ } as const;
    expect(judge(s3, summary('not-found', null, 'S_3 on {x1, x2, x3}')).judgement).toBe('right');
    expect(judge(s3, summary('not-found', null, null)).judgement).toBe('wrong');
  });
});

describe('trust study case selection', () => {
  it('selects by id, in study order, where labels hold commas', () => {
    expect(selectCases(CASES, 'control,2body-ood').map((c) => c.label)).toEqual(['2-body, strict out of distribution', 'random smooth function (control)']);
    expect(selectCases(CASES, undefined)).toHaveLength(CASES.length);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });
  it('refuses an unknown or empty list, naming the cases', () => {
    expect(() => selectCases(CASES, '2-body, in')).toThrow(/unknown case "2-body", "in"; the cases are 2body-id, 2body-ood/);
    expect(() => selectCases(CASES, '')).toThrow(/\(none given\)/);
  });
});

describe('trust study, CI version', () => {
  it('runs its tiny cases through semola train and writes the report', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trust-'));
    try {
      execFileSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'src-main/host/study/trust.ts', '--quick', `--out-dir=${dir}`, '--parallel=2'], { stdio: 'pipe', timeout: 300_000 });
      const md = readFileSync(path.join(dir, 'study.md'), 'utf8');
      expect(md).toMatch(/\| 2-body \(tiny\) \| so\(2\) \|/);
      expect(md).toMatch(/\| control \(tiny\) \| none/);
      const rows = (JSON.parse(readFileSync(path.join(dir, 'study.json'), 'utf8')) as { rows: { judgement: string }[] }).rows;
      expect(rows).toHaveLength(2);
      // The control is never claimed, whatever tiny data make of the 2-body answer.
      expect(rows[1]!.judgement).not.toBe('wrong');
      expect(rows.every((r) => r.judgement !== 'error')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 320_000);
});

describe('the study flags', () => {
  it('take --name=value and --name value alike, and refuse an unknown one', () => {
    const a = studyFlags(['--out-dir', '/tmp/x', '--seeds=0,1', '--cases=mixed axes', '--quick']);
    expect([a.flag('out-dir'), a.flag('seeds'), a.flag('cases'), a.quick]).toEqual(['/tmp/x', '0,1', 'mixed axes', true]);
    expect(studyFlags(['--out-dir=/tmp/y']).flag('out-dir')).toBe('/tmp/y');
    expect(() => studyFlags(['--outdir=/tmp/z'])).toThrow(/outdir/);
  });
});
