/**
 * Strengths are on by default for k > 1 regression (`strengths.enabled: 'auto'`), off for k = 1 and
 * classification; the run records the resolved true or false; `--no-strengths` switches them off.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../../src-main/engine/config';
import { strengthsOn, withStrengthsResolved } from '../../src-main/engine/losses/strengths';
import { semola } from '../host/semola-cli';

const dir = mkdtempSync(path.join(tmpdir(), 'semola-strengths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('strengths by default', () => {
  it('auto is on for several generators on regression only; a choice of the user stands', () => {
    expect(DEFAULT_CONFIG.strengths.enabled).toBe('auto');
    const auto = DEFAULT_CONFIG.strengths;
    expect(strengthsOn(auto, 3, 'regression')).toBe(true);
    expect(strengthsOn(auto, 1, 'regression')).toBe(false);
    expect(strengthsOn(auto, 3, 'classification')).toBe(false);
    expect(strengthsOn({ ...auto, enabled: false }, 3, 'regression')).toBe(false);
    expect(strengthsOn({ ...auto, enabled: true }, 1, 'regression')).toBe(true);
    expect(withStrengthsResolved(resolveConfig({ k: 2 }), 'regression').strengths.enabled).toBe(true);
    expect(withStrengthsResolved(resolveConfig({ k: 2, method: 'plain' }), 'regression').strengths.enabled).toBe(false);
    const rz = [[0, -1, 0], [1, 0, 0], [0, 0, 0]];
    const rx = [[0, 0, 0], [0, 0, -1], [0, 1, 0]];
    expect(withStrengthsResolved(resolveConfig({ method: 'fixed-basis', fixedBasis: [rz, rx] }), 'regression').strengths.enabled).toBe(true);
    expect(withStrengthsResolved(resolveConfig({ method: 'fixed-basis', fixedBasis: [rz] }), 'regression').strengths.enabled).toBe(false);
    // auto with a method without generators is no error (true would be).
    expect(() => resolveConfig({ method: 'plain' })).not.toThrow();
    expect(() => resolveConfig({ method: 'plain', strengths: { enabled: true, adjustEpoch: 0, window: 0, power: 2 } })).toThrow(/strengths need generators/);
  });

  it('a k = 2 run records strengths true and reports them; --no-strengths records false and reports none; k = 1 stays off', async () => {
    const config = path.join(dir, 'tiny.json');
    writeFileSync(config, JSON.stringify({ model: { hidden: [16] }, manifold: { anchors: 32, neighbours: 8, varianceThreshold: 0.05, batch: 16 }, evalPoints: 50, evalGroupSamples: 4 }));
    const run = async (name: string, ...extra: string[]) => {
      const out = path.join(dir, `${name}.json`);
      const r = await semola('train', '--data', 'builtin:mixed-axes-xy?samples=200', '--epochs', '2', '--starts', '1', '--backend', 'cpu', '--quiet', '--no-record', '--config', config, '--out', out, ...extra);
      expect(r.code, r.stderr).toBe(0);
      return { stdout: r.stdout, summary: JSON.parse(readFileSync(out, 'utf8')) };
    };
    const on = await run('on', '--k', '2');
    expect(on.summary.config.strengths.enabled).toBe(true);
    expect(on.summary.strengths).toHaveLength(2);
    expect(on.stdout).toMatch(/strengths \(larger = more exact\)/);
    const off = await run('off', '--k', '2', '--no-strengths');
    expect(off.summary.config.strengths.enabled).toBe(false);
    expect(off.summary.strengths).toBeNull();
    const one = await run('one', '--k', '1');
    expect(one.summary.config.strengths.enabled).toBe(false);
    expect(one.summary.strengths).toBeNull();
    // The summary keeps exactness, measured by held-out moves (no data gradients here).
    expect(on.summary.exactness.source).toBe('held-out moves');
    expect(on.summary.exactness.directions).toHaveLength(2);
    // The algebra line and (unless no symmetry was found) the verdict's reason state it.
    expect(on.stdout).toContain(`; of the span, ${on.summary.exactness.brief}`);
    if (on.summary.verdict.status !== 'not-found') expect(on.summary.verdict.reason).toContain(`of the span, ${on.summary.exactness.description}`);
  }, 300_000);
});
