/** The runs table: every run with its live status and progress, and the sweeps they belong to, refreshed when a status changes. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EventPayload } from '../../../src-main/api/contract';
import type { RunSummary, SweepSummary } from '../../../src-main/api/schemas';
import { client } from '../api/client';

export const useRunsStore = defineStore('runs', () => {
  const list = ref<RunSummary[]>([]);
  /** Every sweep with its statistics per grid point (the Runs view groups the sweeps' runs under them). */
  const sweeps = ref<SweepSummary[]>([]);
  const includeArchived = ref(false);
  /** The Runs view shows runs that differ only in the seed as one row (kept across views). */
  const groupSeeds = ref(false);
  const progress = ref<Record<number, EventPayload<'run.progress'>>>({});
  let refreshing: Promise<void> | null = null;

  async function refresh(): Promise<void> {
    refreshing ??= Promise.all([client.call('runs.list', { includeArchived: includeArchived.value }), client.call('sweeps.list', {})])
      .then(([runs, all]) => {
        list.value = runs;
        sweeps.value = all;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  client.on('run.status', () => void refresh());
  client.on('run.progress', (p) => {
    progress.value = { ...progress.value, [p.runId]: p };
  });

  async function setTags(id: number, tags: string[]): Promise<void> {
    await client.call('runs.tag', { id, tags });
    await refresh();
  }
  async function setNote(id: number, note: string): Promise<void> {
    await client.call('runs.note', { id, note });
    await refresh();
  }
  async function archive(id: number, archived: boolean): Promise<void> {
    await client.call('runs.archive', { id, archived });
    await refresh();
  }
  async function remove(id: number): Promise<void> {
    await client.call('runs.delete', { id });
    await refresh();
  }

  async function cancelSweep(id: number): Promise<void> {
    await client.call('sweeps.cancel', { id });
    await refresh();
  }

  return { list, groupSeeds, sweeps, cancelSweep, includeArchived, progress, refresh, setTags, setNote, archive, remove };
});
