/** The run queue as the workbench shows it: what trains, what waits and why, and the trainer-process budget; refreshed when a run's status changes. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { QueueStatus } from '../../../src-main/api/schemas';
import { client } from '../api/client';

export const useQueueStore = defineStore('queue', () => {
  const status = ref<QueueStatus | null>(null);
  const error = ref<string | null>(null);
  let refreshing: Promise<void> | null = null;

  async function refresh(): Promise<void> {
    refreshing ??= client
      .call('queue.status', {})
      .then((s) => {
        status.value = s;
        error.value = null;
      })
      .catch((e: unknown) => {
        error.value = e instanceof Error ? e.message : String(e);
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  /** Save the budget in the workspace (null: back to the default); the server checks it and says what is wrong. */
  async function setParallel(parallel: number | null): Promise<void> {
    status.value = await client.call('queue.setParallel', { parallel });
    error.value = null;
  }

  client.on('run.status', () => void refresh());

  /** Why a queued run waits, when the queue knows it. */
  const waitReason = (runId: number): string | null => status.value?.waiting.find((w) => w.runId === runId)?.reason ?? null;

  return { status, error, refresh, setParallel, waitReason };
});
