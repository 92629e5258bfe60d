/** What a run request says about itself before any training: method, seed, epochs. */
import { mergeDefaults } from '../engine/config';
import type { NewRun, RunRequest } from '../store/types';

/**
 * The identity columns of a new run from its config overrides (defaults filled in). Validation is
 * the trainer's: a bad config fails the run with the engine's message.
 */
export function newRunFor(request: RunRequest, extra: Omit<NewRun, 'request' | 'method' | 'seed' | 'epochs'> = {}): NewRun {
  // The same defaults the trainer resolves (a weight-sharing model's 100 epochs included).
  const merged = mergeDefaults(request.config);
  return { request, method: String(merged.method), seed: Number(merged.seed), epochs: Number(merged.epochs), ...extra };
}
