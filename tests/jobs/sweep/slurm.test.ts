/** The Slurm executor's job script and array syntax (the real cluster is in tests/slurm). */
import { describe, expect, it } from 'vitest';
import { arraySpec, cpusFor, jobScript, shellQuote, taskSettings } from '../../../src-main/jobs/sweep/slurm';
import type { SweepTask } from '../../../src-main/store/types';

const task = (n: number, starts: number): SweepTask => ({ task: n, point: n, seed: 0, starts, settings: { data: 'builtin:nbody2', k: 1, seed: 0 }, request: { data: 'builtin:nbody2', config: { k: 1, seed: 0 } } });

describe('Slurm job script', () => {
  it('compresses task numbers into --array ranges', () => {
    expect(arraySpec([0, 1, 2, 5, 7, 8])).toBe('0-2,5,7-8');
    expect(arraySpec([3])).toBe('3');
    expect(arraySpec([4, 2, 3, 3])).toBe('2-4');
  });

  it('asks for as many CPUs as a task runs starts at once unless --cpus says otherwise', () => {
    expect(cpusFor([task(0, 1), task(1, 3)], {})).toBe(3);
    expect(cpusFor([task(0, 3)], { cpus: 2 })).toBe(2);
    expect(taskSettings(task(0, 3), 2)).toMatchObject({ starts: 3, parallel: 2, k: 1, seed: 0 });
  });

  it('holds the resources asked for, the module loads and one semola train --bundle per task', () => {
    const s = jobScript({ id: 7, name: 'k sweep' }, [task(0, 3), task(1, 3), task(3, 3)], "/shared/my sweeps/7", { partition: 'cpu', time: '01:00:00', mem: '4G', gpus: '1', account: 'proj', modules: ['nodejs/20'], semola: 'semola' });
    const lines = s.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    for (const l of ['#SBATCH --job-name=semola-sweep-7', '#SBATCH --array=0-1,3', '#SBATCH --cpus-per-task=3', '#SBATCH --partition=cpu', '#SBATCH --time=01:00:00', '#SBATCH --mem=4G', '#SBATCH --gpus=1', '#SBATCH --account=proj', 'module load nodejs/20', "ROOT='/shared/my sweeps/7'"]) expect(lines).toContain(l);
    expect(s).toContain('exec semola train --config "$ROOT/tasks/task-$TASK.json" --bundle "$ROOT/bundles/task-$TASK" --no-record --quiet');
    // Directives must come before the first command or sbatch ignores them.
    expect(lines.findIndex((l) => l.startsWith('#SBATCH'))).toBeLessThan(lines.findIndex((l) => l === 'set -euo pipefail'));
    expect(lines.filter((l) => l.startsWith('#SBATCH')).every((_, i, a) => lines.indexOf(a[i]!) < lines.indexOf('set -euo pipefail'))).toBe(true);
  });

  it('leaves optional directives out and quotes what the shell would split', () => {
    const s = jobScript({ id: 1, name: 'x' }, [task(0, 1)], '/s/1', {});
    expect(s).not.toMatch(/--partition|--time|--mem|--gpus|--account|module load/);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('/plain/path-1.json')).toBe('/plain/path-1.json');
  });
});
