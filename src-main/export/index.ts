/**
 * Exports of a discovered symmetry: JSON (everything, readable back), LaTeX (generators and a group
 * element as matrices), .npy (the basis alone, a drop-in `lie_algebra` array for EMLP) and .npz
 * (basis, mask, strengths, structure constants, readable basis, feature names and the JSON document). Pure: bytes
 * out, the caller writes them.
 */
import { basisExportJson } from './json';
import { latexDocument, latexFragment } from './latex';
import { encodeNpy, encodeNpz, tensorArray, type NpyArray } from './npy';
import type { ExportFormat, ExportInput, ExportOptions, ExportResult } from './types';
import { validateExportInput } from './validate';

export type { ExportedAlgebra, ExportedVerdict, ExportFormat, ExportInput, ExportOptions, ExportResult, LatexOptions, Provenance } from './types';
export { BASIS_EXPORT_KIND, BASIS_EXPORT_SCHEMA_VERSION, readBasisExport, type BasisExportDocument } from './json';
export { groupElement, latexDocument, latexFragment } from './latex';
export { exportInputFromSummary, type ExportProvenanceExtras, type SummaryForExport } from './summary';
export {
  exportPermutations,
  PERMUTATION_EXPORT_FORMATS,
  PERMUTATIONS_EXPORT_KIND,
  readPermutationsExport,
  type PermutationExportFormat,
  type PermutationsExportDocument,
  type SummaryWithPermutations,
} from './permutations';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'latex', 'npy', 'npz'];

const encoder = new TextEncoder();

/** `semola-<run id>-basis`, the run id reduced to characters safe in any file system. */
function baseName(input: ExportInput): string {
  const id = input.provenance.runId?.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80);
  return id ? `semola-${id}-basis` : 'semola-basis';
}

function npzArrays(input: ExportInput, dtype: 'float32' | 'float64', k: number, d: number): Record<string, NpyArray> {
  const arrays: Record<string, NpyArray> = { basis: tensorArray(input.basis, [k, d, d], dtype) };
  if (input.rawBasis) arrays.raw_basis = tensorArray(input.rawBasis, [k, d, d], dtype);
  if (input.mask) arrays.mask = tensorArray(input.mask, [d, d], dtype);
  if (input.strengths) arrays.strengths = tensorArray(input.strengths, [k], dtype);
  if (input.algebra) arrays.structure_constants = tensorArray(input.algebra.structureConstants, [k, k, k], dtype);
  const canonical = input.algebra?.canonical?.basis;
  if (canonical && canonical.length > 0) arrays.canonical_basis = tensorArray(canonical, [canonical.length, d, d], dtype);
  arrays.feature_names = { dtype: 'unicode', shape: [input.featureNames.length], data: input.featureNames };
  return arrays;
}

/**
 * The bytes of one export. `options` sets the LaTeX formatting (precision, snapping, symbolic
 * forms, group element, fragment) and the .npy/.npz element type (float32 by default).
 * Throws on malformed input (non-square or mismatched generators, non-finite entries), naming the
 * field and index.
 */
export function exportBasis(format: ExportFormat, input: ExportInput, options: ExportOptions = {}): ExportResult {
  const base = baseName(input);
  switch (format) {
    case 'json':
      return { fileName: `${base}.json`, bytes: encoder.encode(basisExportJson(input)), mediaType: 'application/json' };
    case 'latex':
      return options.fragment
        ? { fileName: `${base}-fragment.tex`, bytes: encoder.encode(latexFragment(input, options)), mediaType: 'application/x-tex' }
        : { fileName: `${base}.tex`, bytes: encoder.encode(latexDocument(input, options)), mediaType: 'application/x-tex' };
    case 'npy': {
      const { k, d } = validateExportInput(input);
      const bytes = encodeNpy(tensorArray(input.basis, [k, d, d], options.dtype ?? 'float32'));
      return { fileName: `${base}.npy`, bytes, mediaType: 'application/octet-stream' };
    }
    case 'npz': {
      const { k, d } = validateExportInput(input);
      const json = encoder.encode(basisExportJson(input));
      const bytes = encodeNpz(npzArrays(input, options.dtype ?? 'float32', k, d), new Date(input.provenance.createdAt), { 'export.json': json });
      return { fileName: `${base}.npz`, bytes, mediaType: 'application/zip' };
    }
    default:
      throw new Error(`unknown export format "${String(format)}"; expected ${EXPORT_FORMATS.join(', ')}`);
  }
}
