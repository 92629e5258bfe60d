/**
 * Everything a trained model is judged by: test metrics, the learned basis and its part on the
 * data's span, the comparison with a reference, the algebra analysis, the verdict and its
 * evidence, and (weight sharing) the permutations the held-out data support.
 */
import type { Dataset, SampleSet } from '../data/dataset';
import { Rng } from '../data/random';
import type { TrainConfig } from '../engine/config';
import { actionRows, compareWithReference, evaluate, type ReferenceComparison, type TestMetrics } from '../engine/evaluation/evaluate';
import { dataSpanProjector, visibleBasis } from '../engine/evaluation/metrics/visible';
import { actionMetric, type ActionMetric } from '../engine/evaluation/metrics/reference';
import { concatSets, subset } from '../engine/samples';
import type { Trainer } from '../engine/training/trainer';
import { exactnessSamples, spanExactness, type Exactness } from '../engine/verdict/exactness';
import { spanStructure } from '../engine/verdict/span';
import { VERDICT_THRESHOLDS, decideVerdict, type Verdict } from '../engine/verdict/decide';
import { verdictEvidence, type VerdictEvidence } from '../engine/verdict/evidence';
import { analyzeLearnedBasis } from '../engine/lie/algebra/summary';
import type { AlgebraAnalysis } from '../engine/lie/algebra/index';
import { discreteSymmetry } from '../engine/discrete/symmetry';
import { decideDiscreteVerdict } from '../engine/verdict/discrete-verdict';
import { nameByAction } from '../engine/verdict/name-by-action';
import { discoverFromGradients, gradientSource } from '../engine/gradient/discover';
import { decideGradientVerdict } from '../engine/gradient/verdict';
import { withGradientSecondOpinion } from '../engine/gradient/second-opinion';
import { forceError, type ForceError } from '../engine/gradient/force-error';
import type { GradientSpectrum } from '../engine/gradient/nullspace';

export interface RunEvaluation {
  testSet: SampleSet;
  test: TestMetrics;
  basis: number[][][];
  basisVisible: number[][][];
  reference: (ReferenceComparison & { source: string }) | null;
  algebra: AlgebraAnalysis | null;
  verdict: Verdict;
  evidence: VerdictEvidence | null;
  exactness: Exactness | null;
  discrete: ReturnType<typeof discreteSymmetry>;
  /** Method gradient: the spectrum of the gradient condition. */
  spectrum: GradientSpectrum | null;
  /** The model's input gradient against the held-out target gradient (data with forces). */
  forceError: ForceError | null;
  /** How the held-out samples move under generators, for comparing bases (a run's starts); null without a basis. */
  actionMetric: ActionMetric | null;
}

export function evaluateRun(trainer: Trainer, ds: Dataset, config: TrainConfig, referenceSource: string): RunEvaluation {
  const testSet = ds.test ?? valSetOf(trainer, ds);
  const test = evaluate(trainer, testSet);
  // Method gradient: the generators are the null space of the gradient condition on the training samples.
  const fromGradients = config.method === 'gradient' ? discoverFromGradients(trainer, ds, config) : null;
  const basis = fromGradients ? fromGradients.basis : trainer.augmenter ? trainer.augmenter.basisArray() : [];
  const dataSpan = basis.length > 0 ? dataSpanProjector(actionRows(ds, ds.train, 5000, new Rng(config.seed + 7))) : null;
  const basisVisible = dataSpan ? visibleBasis(basis, dataSpan) : [];
  // Every start of a run measures it on the same held-out rows (the test split, or the validation split the starts share).
  const metric = basis.length > 0 ? actionMetric(actionRows(ds, testSet, 5000, new Rng(7))) : null;
  const reference = ds.referenceBasis && basis.length > 0 ? { ...compareWithReference(basis, ds.referenceBasis, ds, testSet, config.seed), source: referenceSource } : null;
  const algebra = config.method === 'semola' || config.method === 'gradient' ? analyzeLearnedBasis(basis, ds.layout, dataSpan) : null;
  // The verdict is judged on held-out samples of the training distribution: the validation split,
  // with the test split when that is drawn from the same samples and validation alone is too small.
  const judgedOn = verdictHeldOut(trainer, ds, testSet);
  const evidence = trainer.augmenter ? { ...verdictEvidence(trainer, judgedOn.set), heldOut: judgedOn.description } : null;
  // The closest known algebra names a found symmetry (fixed bases and Augerino's are analysed too).
  const match = (algebra ?? (basis.length > 0 ? analyzeLearnedBasis(basis, ds.layout) : null))?.bestMatch ?? null;
  // The residual correction fits on at most 4000 training samples (seconds, whatever the data's size).
  // Where the test split is pooled into the held-out samples already, it is not added a second time.
  const exactness = basis.length > 0 ? spanExactness(trainer.model, ds, exactnessSamples(ds, judgedOn.set, judgedOn.pooled ? null : (ds.test ?? null)), basis, {
    threshold: VERDICT_THRESHOLDS.maxExactVariation,
    seed: config.seed + 229,
    moves: { ctx: trainer.ctx, coefficients: config.coefficients, maxChange: VERDICT_THRESHOLDS.maxExactChange, minR2: VERDICT_THRESHOLDS.minR2, train: subset(ds, ds.train, trainer.trainIndex.length > 4000 ? new Rng(config.seed + 233).shuffle([...trainer.trainIndex]).slice(0, 4000) : trainer.trainIndex) },
    strengths: config.strengths.enabled === true ? trainer.strengths : null,
  }) : null;
  const verdict = fromGradients
    ? decideGradientVerdict({
        spectrum: fromGradients.spectrum,
        source: gradientSource(ds, config),
        r2: pooledR2(test.direct.mse, testSet),
        closureResidual: algebra?.closureResidual ?? null,
        match: match ? { name: match.name, similarity: match.similarity } : null,
        exactness,
      })
    : decideVerdict({
        method: config.method,
        evidence,
        exactness,
        match: match ? { name: match.name, similarity: match.similarity } : null,
        structure: basis.length > 0 ? spanStructure(basis) : null,
      });
  // Before "no symmetry found" on a learned basis: the gradient condition on the trained model, which does not depend on the search.
  const judged = config.method === 'semola' && verdict.status === 'not-found' ? withGradientSecondOpinion(verdict, gradientOpinion(trainer, ds, config)) : verdict;
  const gradientColumn = ds.targetGradient ? ds.targetNames.indexOf(ds.targetGradient.target) : -1;
  const forces = ds.targetKind === 'regression' ? forceError(trainer.model, ds, testSet, gradientColumn) : null;
  // Weight sharing: the permutations the validation split supports (the test split stays unseen).
  const discrete = discreteSymmetry(trainer, ds, trainer.valIndex.length > 0 ? subset(ds, ds.train, trainer.valIndex) : testSet);
  // Weight sharing without generators: the answer is the permutation group the held-out check kept.
  const decided = config.method === 'plain' && discrete?.permutations.check ? decideDiscreteVerdict(discrete.permutationGroup, discrete.permutations.check) : judged;
  // A found symmetry the matrices do not name may still move the samples as a known one does.
  const byAction = decided.status === 'found' && decided.name === null && metric && basis.length > 0 ? nameByAction(basis, ds.layout, metric) : null;
  const answered = byAction
    ? { ...decided, name: byAction.name, similarity: byAction.similarity, reason: `${decided.reason}; closest known algebra by how it moves the held-out samples: ${byAction.name} (${byAction.description}; action similarity ${byAction.similarity.toFixed(3)}: the learned matrices differ from it off the samples)` }
    : decided;
  return { testSet, test, basis, basisVisible, reference, algebra, verdict: answered, evidence, exactness, discrete, spectrum: fromGradients?.spectrum ?? null, forceError: forces, actionMetric: metric };
}

/**
 * The held-out samples the verdict is judged on, and in words where they came from: the validation
 * split; pooled with the test split when validation has fewer than the verdict's minimum and the test
 * split was drawn from the same samples (an import's seeded split), never a separate or shifted test
 * set (its cost would measure extrapolation, not symmetry). No validation split: the test split.
 */
export function verdictHeldOut(trainer: Trainer, ds: Dataset, testSet: SampleSet, minSamples = VERDICT_THRESHOLDS.minSamples): { set: SampleSet; pooled: boolean; description: string } {
  const nVal = trainer.valIndex.length;
  if (nVal === 0) return { set: testSet, pooled: false, description: `the ${ds.test ? 'test' : 'validation'} split` };
  const val = subset(ds, ds.train, trainer.valIndex);
  if (nVal >= minSamples || !ds.test || !ds.testDrawnLikeTrain) return { set: val, pooled: false, description: 'the validation split' };
  return {
    set: concatSets(ds, val, ds.test),
    pooled: true,
    description: `the validation split (${nVal}) pooled with the test split (${ds.test.n}), both drawn from the same samples, as validation alone has fewer than ${minSamples}`,
  };
}

/** The null space of the gradient condition on the trained model's gradients, for the second opinion. */
function gradientOpinion(trainer: Trainer, ds: Dataset, config: TrainConfig): { spectrum: GradientSpectrum } | { error: string } {
  if (ds.task === 'equivariant' && ds.layout.kind !== 'vector') return { error: 'the gradient condition takes equivariant targets in the vector layout only' };
  try {
    // The data's own gradients where they carry them (and --forces allows), else the trained model's.
    return { spectrum: discoverFromGradients(trainer, ds, config).spectrum };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** R^2 of the held-out predictions, pooled over target columns (null for classification or constant targets). */
function pooledR2(mse: number | null, set: SampleSet): number | null {
  if (mse === null || set.n < 2) return null;
  const T = set.targets.length / set.n;
  let variance = 0;
  for (let c = 0; c < T; c++) {
    let mean = 0;
    for (let i = 0; i < set.n; i++) mean += set.targets[i * T + c]! / set.n;
    for (let i = 0; i < set.n; i++) variance += (set.targets[i * T + c]! - mean) ** 2 / (set.n * T);
  }
  return variance > 0 ? 1 - mse / variance : null;
}

function valSetOf(trainer: Trainer, ds: Dataset): SampleSet {
  if (trainer.valIndex.length === 0) throw new Error('no test data: pass --test-data or keep a validation fraction above 0');
  return subset(ds, ds.train, trainer.valIndex);
}
