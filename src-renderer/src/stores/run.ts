/**
 * The run on screen: its record, metric series, basis snapshots and algebra report, kept up to date
 * from the run's events while it trains.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EventPayload } from '../../../src-main/api/contract';
import type { AlgebraReport, RunDetail, Snapshot } from '../../../src-main/api/schemas';
import { client } from '../api/client';

export interface Series {
  epochs: number[];
  values: number[];
}

export const useRunStore = defineStore('run', () => {
  const runId = ref<number | null>(null);
  const detail = ref<RunDetail | null>(null);
  const series = ref<Record<string, Series>>({});
  const snapshots = ref<Snapshot[]>([]);
  const progress = ref<EventPayload<'run.progress'> | null>(null);
  const algebra = ref<AlgebraReport | null>(null);
  const algebraError = ref<string | null>(null);
  const error = ref<string | null>(null);

  const latestSnapshot = computed(() => snapshots.value[snapshots.value.length - 1] ?? null);

  async function loadAlgebra(epoch?: number): Promise<void> {
    if (runId.value === null) return;
    try {
      algebra.value = await client.call('runs.algebra', { id: runId.value, ...(epoch === undefined ? {} : { epoch }) });
      algebraError.value = null;
    } catch (e) {
      algebra.value = null;
      algebraError.value = e instanceof Error ? e.message : String(e);
    }
  }

  async function load(id: number): Promise<void> {
    runId.value = id;
    error.value = null;
    progress.value = null;
    try {
      const [d, metrics, snaps] = await Promise.all([
        client.call('runs.get', { id }),
        client.call('runs.metrics', { id }),
        client.call('runs.snapshots', { id, maxSnapshots: 400 }),
      ]);
      if (runId.value !== id) return;
      detail.value = d;
      series.value = Object.fromEntries(metrics.map((m) => [m.name, { epochs: m.epochs, values: m.values }]));
      snapshots.value = snaps;
      if (snaps.length > 0) await loadAlgebra();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  client.on('run.metrics', (m) => {
    if (m.runId !== runId.value) return;
    const next = { ...series.value };
    for (const [name, value] of Object.entries(m.values)) {
      const s = next[name] ?? { epochs: [], values: [] };
      // Replays after a resume may repeat epochs: keep the newest value.
      const at = s.epochs.lastIndexOf(m.epoch);
      if (at >= 0) s.values[at] = value;
      else {
        s.epochs.push(m.epoch);
        s.values.push(value);
      }
      next[name] = { epochs: s.epochs, values: s.values };
    }
    series.value = next;
  });
  client.on('run.snapshot', (s) => {
    if (s.runId !== runId.value) return;
    snapshots.value = [...snapshots.value.filter((x) => x.epoch !== s.snapshot.epoch), s.snapshot];
  });
  // The backend is recorded when the trainer has started, after the status turned to running:
  // the first progress of a run whose header lacks it fetches the record again (once at a time).
  let refreshingDetail = false;
  async function refreshDetail(id: number): Promise<void> {
    refreshingDetail = true;
    try {
      const d = await client.call('runs.get', { id });
      if (runId.value === id) detail.value = d;
    } catch {
      // The next progress event tries again.
    } finally {
      refreshingDetail = false;
    }
  }
  client.on('run.progress', (p) => {
    if (p.runId !== runId.value) return;
    progress.value = p;
    if (detail.value?.id === p.runId && detail.value.backend === null && !refreshingDetail) void refreshDetail(p.runId);
  });
  client.on('run.status', (s) => {
    if (s.runId === runId.value) void load(s.runId);
  });

  return { runId, detail, series, snapshots, latestSnapshot, progress, algebra, algebraError, error, load, loadAlgebra };
});
