/**
 * Where a trained model is evaluated. The evaluation and the verdict read many small tensors back
 * synchronously, which tfjs's webgpu backend cannot do in Node (its readSync draws through an
 * OffscreenCanvas). A run trained on webgpu therefore hands its trained state over, as a checkpoint
 * read asynchronously, to a trainer on wasm (cpu where wasm cannot load) and is evaluated there.
 */
import { selectBackend, type BackendInfo } from '../engine/backend';
import type { TrainConfig } from '../engine/config';
import { Trainer } from '../engine/training/trainer';
import type { Dataset } from '../data/dataset';

export interface EvaluationHost {
  trainer: Trainer;
  /** The backend evaluating, when it is not the one that trained; null otherwise. */
  backend: BackendInfo | null;
}

export async function evaluationHost(trained: Trainer, backend: BackendInfo, ds: Dataset, config: TrainConfig): Promise<EvaluationHost> {
  if (backend.name !== 'webgpu') return { trainer: trained, backend: null };
  const checkpoint = await trained.checkpoint();
  trained.dispose();
  let host: BackendInfo;
  try {
    host = await selectBackend('wasm');
  } catch {
    host = await selectBackend('cpu');
  }
  const trainer = new Trainer(ds, config);
  await trainer.restore(checkpoint);
  return { trainer, backend: host };
}
