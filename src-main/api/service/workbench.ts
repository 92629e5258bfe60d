/**
 * The whole service as a host runs it: open the workspace, start the run queue, wire the importers,
 * the algebra analysis and the exports, and answer the contract. The Electron main process and
 * `semola serve` both call this; they differ only in how trainers are launched and how the
 * contract reaches the renderer.
 */
import * as path from 'node:path';
import type { FeatureLayout } from '../../data/dataset';
import { analyzeAlgebra } from '../../engine/lie/algebra/index';
import type { ExportedAlgebra } from '../../export/index';
import type { TrainerLauncher } from '../../jobs/launcher';
import { RunQueue } from '../../jobs/queue';
import { APP_VERSION } from '../../run/version';
import { openWorkspace, type Workspace } from '../../store/index';
import type { ApiHandlers } from '../contract';
import { createDispatch, type Dispatch } from '../dispatch';
import { EventHub } from '../events';
import { importerSource } from './data-source';
import { createService } from './index';
import { parallelDefault, savedParallel } from './queue';
import { relayQueueEvents } from './queue-relay';
import { UploadStore } from './uploads';

export interface WorkbenchOptions {
  /** The workspace's SQLite file. */
  workspaceFile: string;
  mode: 'electron' | 'browser';
  /** How trainer processes start (default: child_process.fork; the desktop app passes utilityProcess). */
  launcher?: TrainerLauncher;
  /** Trainer processes at a time (default: the workspace's saved budget, else cores - 1, at least 1). */
  concurrency?: number;
  pickDatasetFile?: () => Promise<string | null>;
  /** Import by path only under this folder (see ServiceDeps.dataRoot). */
  dataRoot?: string;
}

export interface Workbench {
  workspace: Workspace;
  hub: EventHub;
  handlers: ApiHandlers;
  dispatch: Dispatch;
  /** Stops the trainers (running runs become interrupted, resumable) and closes the workspace. */
  close(): Promise<void>;
}

export function algebraSummary(basis: number[][][], layout: FeatureLayout): ExportedAlgebra {
  const a = analyzeAlgebra(basis, layout);
  return {
    structureConstants: a.structureConstants,
    closureResidual: a.closureResidual,
    bestMatch: a.bestMatch ? { name: a.bestMatch.name, similarity: a.bestMatch.similarity } : null,
    description: a.description,
  };
}

export function openWorkbench(options: WorkbenchOptions): Workbench {
  const workspace = openWorkspace(options.workspaceFile, { appVersion: APP_VERSION });
  const hub = new EventHub();
  const fallback = parallelDefault({});
  const queue = new RunQueue(workspace, { concurrency: options.concurrency ?? savedParallel(workspace) ?? fallback, launcher: options.launcher });
  const stopRelay = relayQueueEvents((listener) => queue.on(listener), hub);
  const uploadsDir = path.join(path.dirname(workspace.file), 'uploads');
  const uploads = new UploadStore(uploadsDir, workspace);
  // Uploads left by an earlier run of the host (abandoned or never used by a dataset) go.
  void uploads.sweep().catch(() => undefined);
  const handlers = createService({
    workspace,
    hub,
    uploads,
    dataRoot: options.dataRoot,
    data: importerSource(),
    queue: {
      enqueue: (id) => queue.enqueue(id),
      cancel: (id) => void queue.cancel(id),
      close: () => queue.shutdown(),
      state: () => queue.state(),
      setParallel: (n) => queue.setConcurrency(n),
    },
    defaultParallel: fallback,
    analyzeAlgebra: algebraSummary,
    uploadsDir,
    mode: options.mode,
    pickDatasetFile: options.pickDatasetFile,
  });
  return {
    workspace,
    hub,
    handlers,
    dispatch: createDispatch(handlers),
    close: async () => {
      stopRelay();
      await uploads.close();
      await queue.shutdown();
      workspace.close();
    },
  };
}
