/**
 * Every training method as a record: what it learns and which loss terms (losses/terms.ts) it adds
 * to the task loss. The trainer reads these records instead of testing the method's name, so a new
 * method is a new entry here (and, when it needs one, a new term).
 */
import type { TermName } from '../losses/terms';

export const METHOD_NAMES = ['semola', 'plain', 'fixed-basis', 'augerino', 'gradient'] as const;
export type Method = (typeof METHOD_NAMES)[number];

export interface MethodSpec {
  name: Method;
  /** One line for help texts. */
  summary: string;
  /**
   * Where the generators come from during training: none, learned by gradient descent, or the
   * `fixedBasis` setting. (Method gradient trains without any and finds them afterwards.)
   */
  basis: 'none' | 'learned' | 'fixed';
  /**
   * Applies the configured `mask` to its generators. Augerino does so as it always has (a mask that
   * zeroes entries of its given basis changes that basis); fixed-basis uses its basis as given.
   */
  masksBasis: boolean;
  /** Learns a coefficient width per generator (Augerino) instead of drawing from `coefficients`. */
  learnsWidths: boolean;
  /** Loss terms added to the task loss, in the order their weighted values are summed. */
  terms: readonly TermName[];
}

export const METHODS: Readonly<Record<Method, MethodSpec>> = {
  semola: {
    name: 'semola',
    summary: 'learns the generators jointly with the model (SEMoLA)',
    basis: 'learned',
    masksBasis: true,
    learnsWidths: false,
    terms: ['equivariance', 'augmentation', 'orthogonality', 'sparsity', 'mixing', 'manifold'],
  },
  plain: { name: 'plain', summary: 'the model alone, no symmetry', basis: 'none', masksBasis: false, learnsWidths: false, terms: [] },
  'fixed-basis': {
    name: 'fixed-basis',
    summary: 'augmentation with a given basis (fixedBasis)',
    basis: 'fixed',
    masksBasis: false,
    learnsWidths: false,
    terms: ['equivariance'],
  },
  augerino: {
    name: 'augerino',
    summary: 'learned coefficient widths over a given basis (Augerino)',
    basis: 'fixed',
    masksBasis: true,
    learnsWidths: true,
    terms: ['equivariance', 'widthBonus'],
  },
  gradient: {
    name: 'gradient',
    summary: 'generators from the null space of the gradient condition, after the model alone is trained (LieGG)',
    basis: 'none',
    masksBasis: false,
    learnsWidths: false,
    terms: [],
  },
};

export function isMethod(v: unknown): v is Method {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(METHODS, v);
}
