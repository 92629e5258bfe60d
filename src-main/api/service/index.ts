/** The workbench service: every contract method implemented over the store, importers, run queue and exports. */
import { APP_NAME, APP_VERSION } from '../../run/version';
import type { ApiHandlers } from '../contract';
import { ApiError } from '../errors';
import { datasetHandlers } from './datasets';
import { exportHandlers } from './exports';
import type { ServiceDeps } from './ports';
import { queueHandlers } from './queue';
import { runHandlers } from './runs';
import { sweepHandlers } from './sweeps';

export type { DatasetSource, ImportProgress, RunQueue, ServiceDeps } from './ports';

export function createService(deps: ServiceDeps): ApiHandlers {
  return {
    'app.info': async () => ({
      name: APP_NAME,
      version: APP_VERSION,
      mode: deps.mode,
      workspace: deps.workspace.file,
      nativeDialogs: deps.pickDatasetFile !== undefined,
    }),
    'app.pickDatasetFile': async () => {
      if (deps.pickDatasetFile === undefined) throw new ApiError('unsupported', 'no native file dialog in browser mode: drop the file on the page or choose it with the file picker');
      return { path: await deps.pickDatasetFile() };
    },
    ...datasetHandlers(deps),
    ...runHandlers(deps),
    ...queueHandlers(deps),
    ...sweepHandlers(deps),
    ...exportHandlers(deps),
  };
}
