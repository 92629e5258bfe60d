/**
 * The JSON export: schema-versioned, self-describing, and readable back. The top-level `basis`
 * key is the normalised basis, so the file also works wherever `{"basis": [[[...]]]}` is accepted
 * (`semola train --basis` / `--reference`).
 */
import { z } from 'zod';
import type { ExportInput } from './types';
import { validateExportInput } from './validate';

export const BASIS_EXPORT_KIND = 'semola.basis-export';
export const BASIS_EXPORT_SCHEMA_VERSION = 1;

const ACTION =
  'g = expm(sum_i t_i L_i) acts on column vectors in the input feature order, x -> g x (on each block of d features for vector:D; on [p; 1] for points:4; for images on the homogeneous normalised pixel coordinates (u, v, 1), u the column and v the row about the centre, the image read at g^-1 (u, v))';

const matrix = z.array(z.array(z.number()));
const tensor3 = z.array(matrix);
const layoutSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vector'), d: z.int().min(1), blocks: z.int().min(1) }),
  z.object({ kind: z.literal('points'), d: z.union([z.literal(3), z.literal(4)]), maxPoints: z.int().min(1) }),
  z.object({ kind: z.literal('image'), d: z.literal(3), height: z.int().min(1), width: z.int().min(1), channels: z.int().min(1) }),
]);

const documentSchema = z.object({
  kind: z.literal(BASIS_EXPORT_KIND),
  schemaVersion: z.literal(BASIS_EXPORT_SCHEMA_VERSION),
  k: z.int().min(1),
  d: z.int().min(1),
  action: z.string(),
  basis: tensor3,
  rawBasis: tensor3.nullable(),
  mask: matrix.nullable(),
  normalisation: z.string(),
  layout: layoutSchema,
  featureNames: z.array(z.string()),
  units: z.object({ source: z.string().nullable(), positions: z.string().nullable(), targets: z.record(z.string(), z.string().nullable()) }).optional(),
  strengths: z.array(z.number()).nullable(),
  algebra: z
    .object({
      structureConstants: tensor3,
      closureResidual: z.number(),
      bestMatch: z.object({ name: z.string(), similarity: z.number() }).nullable(),
      description: z.string(),
      canonical: z.object({ basis: tensor3, snapThreshold: z.number(), matchedTo: z.string().nullable() }).nullable(),
    })
    .nullable(),
  verdict: z
    .object({ status: z.enum(['found', 'not-found', 'inconclusive']).optional(), symmetryFound: z.boolean(), name: z.string().nullable(), similarity: z.number().nullable(), reason: z.string() })
    .nullable(),
  provenance: z.object({
    runId: z.string().nullable(),
    config: z.unknown(),
    seed: z.number(),
    datasetHash: z.string().nullable(),
    appVersion: z.string(),
    createdAt: z.string(),
  }),
});

export type BasisExportDocument = z.infer<typeof documentSchema>;

/** The document written for an (already validated) input. */
export function basisExportDocument(input: ExportInput): BasisExportDocument {
  const { k, d } = validateExportInput(input);
  return {
    kind: BASIS_EXPORT_KIND,
    schemaVersion: BASIS_EXPORT_SCHEMA_VERSION,
    k,
    d,
    action: ACTION,
    basis: input.basis,
    rawBasis: input.rawBasis ?? null,
    mask: input.mask,
    normalisation: input.normalisation,
    layout: input.layout,
    featureNames: input.featureNames,
    ...(input.units ? { units: input.units } : {}),
    strengths: input.strengths,
    algebra: input.algebra && {
      structureConstants: input.algebra.structureConstants,
      closureResidual: input.algebra.closureResidual,
      bestMatch: input.algebra.bestMatch && { name: input.algebra.bestMatch.name, similarity: input.algebra.bestMatch.similarity },
      description: input.algebra.description,
      canonical: input.algebra.canonical
        ? { basis: input.algebra.canonical.basis, snapThreshold: input.algebra.canonical.snapThreshold, matchedTo: input.algebra.canonical.matchedTo }
        : null,
    },
    verdict: input.verdict && { ...(input.verdict.status ? { status: input.verdict.status } : {}), symmetryFound: input.verdict.symmetryFound, name: input.verdict.name, similarity: input.verdict.similarity, reason: input.verdict.reason },
    provenance: input.provenance,
  };
}

/** JSON with 2-space indentation, but every list of plain values on one line (matrix rows stay readable). */
export function formatJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([key, v]) => `${inner}${JSON.stringify(key)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function basisExportJson(input: ExportInput): string {
  return `${formatJson(basisExportDocument(input))}\n`;
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * Reads a JSON export back into an ExportInput, validating kind, version, types and shapes.
 * `source` names the file in error messages.
 */
export function readBasisExport(text: string, source = 'basis export'): ExportInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /at position (\d+)/.exec(message);
    throw new Error(`${source}: not valid JSON${pos ? ` at ${lineColumn(text, Number(pos[1]))}` : ''} (${message})`);
  }
  const head = parsed as { kind?: unknown; schemaVersion?: unknown } | null;
  if (head === null || typeof head !== 'object' || head.kind !== BASIS_EXPORT_KIND) {
    throw new Error(`${source}: not a SEMoLA basis export (expected "kind": "${BASIS_EXPORT_KIND}", got ${JSON.stringify(head?.kind ?? null)})`);
  }
  if (head.schemaVersion !== BASIS_EXPORT_SCHEMA_VERSION) {
    throw new Error(`${source}: schemaVersion ${JSON.stringify(head.schemaVersion ?? null)} is not readable by this version, which reads ${BASIS_EXPORT_SCHEMA_VERSION}`);
  }
  const result = documentSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '';
    throw new Error(`${source}: ${at || 'document'}: ${issue?.message ?? 'invalid'}`);
  }
  const doc = result.data;
  const input: ExportInput = {
    basis: doc.basis,
    ...(doc.rawBasis !== null ? { rawBasis: doc.rawBasis } : {}),
    mask: doc.mask,
    normalisation: doc.normalisation,
    layout: doc.layout,
    featureNames: doc.featureNames,
    ...(doc.units ? { units: doc.units } : {}),
    strengths: doc.strengths,
    algebra: doc.algebra && {
      structureConstants: doc.algebra.structureConstants,
      closureResidual: doc.algebra.closureResidual,
      bestMatch: doc.algebra.bestMatch,
      description: doc.algebra.description,
      ...(doc.algebra.canonical !== null ? { canonical: doc.algebra.canonical } : {}),
    },
    verdict: doc.verdict,
    provenance: { ...doc.provenance, config: doc.provenance.config ?? null },
  };
  let shape: { k: number; d: number };
  try {
    shape = validateExportInput(input);
  } catch (e) {
    throw new Error(`${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (shape.k !== doc.k || shape.d !== doc.d) {
    throw new Error(`${source}: header says k = ${doc.k}, d = ${doc.d}, but the basis holds ${shape.k} generators of ${shape.d} x ${shape.d}`);
  }
  return input;
}
