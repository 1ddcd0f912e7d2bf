/**
 * The output schema as written in the file of a model that holds no real values otherwise
 * (parametric copula, noisy Bayesian network): the schema learned from R still carries values of
 * single patients, which the file must not.
 * - Identifiers: the hashes of the real identifiers are left out. Over a small identifier space
 *   (a 6-digit record number) anyone can hash every candidate and recover them all. A model
 *   loaded from the file draws fresh identifiers of the same shape without that check.
 * - Numeric and date bounds: a column whose tails are coded (protect/extremes.ts) is saved with
 *   the k-th values as its bounds, which k subjects or more reach; the loaded model clips to them,
 *   as its saved extreme rules do. Bounds observed in R without such a rule are the real min and
 *   max: the model then does hold real values, and its file says so (containsRealValues).
 *   Declared bounds (metadata) are not R's and stay.
 * Level names stay (the generators' states hold them too, to decode their draws): a level held by
 * fewer than k subjects is never emitted at balanced or strict, but its name is in the file.
 */
import type { ColumnSchema } from "../output-schema.ts";
import type { ProtectionState } from "./protection.ts";

export const IDENTIFIERS_NOT_CHECKED_WARNING =
  "the hashes of the real identifiers are not saved with this model (anyone could hash every candidate identifier and recover them): sampled from this file, fresh identifiers are not checked against the real ones";

export const REAL_BOUNDS_WARNING =
  "the bounds of some numeric or date columns are their real minimum and maximum (values of single patients), and they are saved with this model: fit with --privacy balanced or strict to save the k-th values instead, or declare the bounds in the metadata";

export interface SavedSchema {
  readonly schema: readonly ColumnSchema[];
  readonly identifiersUnchecked: boolean;
  /** Columns whose saved bounds are R's own min and max. */
  readonly realBounds: readonly string[];
}

export function schemaToSave(
  schema: readonly ColumnSchema[],
  state: ProtectionState | null,
  containsRealValues: boolean,
): SavedSchema {
  if (containsRealValues) return { schema, identifiersUnchecked: false, realBounds: [] };
  const extremes = new Map((state?.extremes ?? []).map((r) => [r.column, r]));
  let identifiersUnchecked = false;
  const realBounds: string[] = [];
  const saved = schema.map((s): ColumnSchema => {
    if (s.identifier !== undefined && s.identifier.realHashes.length > 0) {
      identifiersUnchecked = true;
      return { ...s, identifier: { ...s.identifier, realHashes: [] } };
    }
    const rule = extremes.get(s.name);
    if (rule !== undefined && s.min !== undefined && s.max !== undefined)
      return { ...s, min: Math.max(s.min, rule.low), max: Math.min(s.max, rule.high) };
    if (s.min !== undefined && s.boundsDeclared !== true && s.constant === undefined) realBounds.push(s.name);
    return s;
  });
  return { schema: saved, identifiersUnchecked, realBounds };
}
