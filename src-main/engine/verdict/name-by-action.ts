/**
 * A found symmetry the catalogue match does not name: data on a curved set inside their linear span
 * (near-circular 2-body orbits) let a learned generator differ from the textbook one where no sample
 * lies, so the matrices match poorly while the motions agree. Named then by how it moves the
 * held-out samples: the catalogue entry of the same dimension whose action is most alike, when the
 * action similarity reaches ACTION_NAME_THRESHOLD.
 */
import type { FeatureLayout } from '../../data/dataset';
import { actionSimilarityWith, type ActionMetric } from '../evaluation/metrics/reference';
import { knownAlgebras } from '../lie/algebra/catalogue';

export const ACTION_NAME_THRESHOLD = 0.95;

export interface ActionName {
  name: string;
  description: string;
  /** Action similarity on the held-out samples, 0..1. */
  similarity: number;
}

export function nameByAction(basis: number[][][], layout: FeatureLayout, metric: ActionMetric): ActionName | null {
  let best: ActionName | null = null;
  for (const a of knownAlgebras(layout)) {
    if (a.dim !== basis.length) continue;
    const similarity = actionSimilarityWith(basis, a.basis, metric);
    if (!best || similarity > best.similarity) best = { name: a.name, description: a.description, similarity };
  }
  return best && best.similarity >= ACTION_NAME_THRESHOLD ? best : null;
}
