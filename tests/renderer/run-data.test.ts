import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src-main/api/schemas';
import { runDataLine } from '../../src-renderer/src/lib/run-data';

const dataset = (over: Partial<Summary['dataset']>): Summary['dataset'] =>
  ({
    name: 'm.extxyz',
    source: 'm.extxyz',
    layout: { kind: 'points', d: 3, maxPoints: 9 },
    task: 'invariant',
    targetKind: 'regression',
    inputs: ['x', 'y', 'z'],
    targets: ['energy_ref'],
    trainSamples: 17,
    validationSamples: 3,
    testSamples: 4,
    testSource: 'test split',
    ...over,
  }) as Summary['dataset'];

describe('runDataLine', () => {
  it("names the targets with their units, the positions' unit and where the units come from", () => {
    const line = runDataLine(dataset({ units: { source: 'ASE convention; user: energy_ref', positions: 'Angstrom', targets: { energy_ref: 'eV' } } }));
    expect(line).toBe('invariant regression · target energy_ref (eV) · positions in Angstrom · units: ASE convention; user: energy_ref · 17 train, 3 validation, 4 test samples');
  });

  it('counts next-frame targets instead of listing them, and says when no unit is stated', () => {
    const targets = Array.from({ length: 15 }, (_, i) => `${'xyz'[i % 3]}${Math.floor(i / 3) + 1}@t+1`);
    const line = runDataLine(dataset({ task: 'equivariant', targets, units: { source: null, positions: null, targets: {} } }));
    expect(line).toBe('equivariant regression · 15 targets (x1@t+1 ... z5@t+1) · units not stated · 17 train, 3 validation, 4 test samples');
  });

  it('says nothing of units for a built-in dataset (no import, no units recorded)', () => {
    expect(runDataLine(dataset({ targets: ['y'] }))).toBe('invariant regression · target y · 17 train, 3 validation, 4 test samples');
  });
});
