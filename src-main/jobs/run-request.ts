/** What a run request says about itself before any training: method, seed, epochs. */
import { DEFAULT_CONFIG, mergeConfig, PRESETS, type PresetName, type TrainConfig } from '../engine/config';
import type { NewRun, RunRequest } from '../store/types';

/**
 * The identity columns of a new run from its config overrides (defaults filled in). Validation is
 * the trainer's: a bad config fails the run with the engine's message.
 */
export function newRunFor(request: RunRequest, extra: Omit<NewRun, 'request' | 'method' | 'seed' | 'epochs'> = {}): NewRun {
  const preset = (request.config.preset as PresetName | undefined) ?? 'default';
  const merged = mergeConfig<TrainConfig>(mergeConfig(DEFAULT_CONFIG, PRESETS[preset] ?? {}), request.config);
  return { request, method: String(merged.method), seed: Number(merged.seed), epochs: Number(merged.epochs), ...extra };
}
