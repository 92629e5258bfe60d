/**
 * The queue half of the service: what trains and what waits and why, and the one trainer-process
 * budget `parallel` (ARCHITECTURE.md), saved in the workspace and applied to the run queue.
 */
import { availableParallelism } from 'node:os';
import { defaultParallel } from '../../run/starts/seed-rule';
import type { Workspace } from '../../store/index';
import type { ApiHandlers } from '../contract';
import { ApiError } from '../errors';
import { MAX_PARALLEL, type QueueStatus } from '../schemas';
import type { ServiceDeps } from './ports';

/** The workspace setting that holds the budget. */
export const PARALLEL_SETTING = 'parallel';

/** The saved budget, or undefined when none is saved (or what is saved is not one: then the default applies). */
export function savedParallel(ws: Workspace): number | undefined {
  const v = ws.settings.get(PARALLEL_SETTING);
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_PARALLEL ? v : undefined;
}

/** The budget when none is saved: cores - 1, at least 1. */
export function parallelDefault(deps: Pick<ServiceDeps, 'defaultParallel'>): number {
  return deps.defaultParallel ?? defaultParallel(availableParallelism());
}

export function queueHandlers(deps: ServiceDeps): Pick<ApiHandlers, 'queue.status' | 'queue.setParallel'> {
  const { workspace: ws } = deps;
  const nameOf = (id: number): string => ws.runs.get(id)?.name ?? `run ${id}`;
  const status = (): QueueStatus => {
    const saved = savedParallel(ws);
    const fallback = parallelDefault(deps);
    if (deps.queue === null) return { parallel: saved ?? fallback, defaultParallel: fallback, saved: saved !== undefined, busy: 0, running: [], waiting: [] };
    const s = deps.queue.state();
    return {
      parallel: s.parallel,
      defaultParallel: fallback,
      saved: saved !== undefined,
      busy: s.busy,
      running: s.running.map((r) => ({ ...r, name: nameOf(r.runId) })),
      waiting: s.waiting.map((w) => ({ ...w, name: nameOf(w.runId) })),
    };
  };
  return {
    'queue.status': async () => status(),
    'queue.setParallel': async ({ parallel }) => {
      if (deps.queue === null) throw new ApiError('unsupported', 'the run queue is not available in this session');
      if (parallel === null) ws.settings.clear(PARALLEL_SETTING);
      else ws.settings.set(PARALLEL_SETTING, parallel);
      deps.queue.setParallel(parallel ?? parallelDefault(deps));
      return status();
    },
  };
}
