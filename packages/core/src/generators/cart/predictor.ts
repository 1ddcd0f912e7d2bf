/**
 * Predictors and responses as the tree grower sees them: every predictor is an integer code per
 * row of R, so that one counting sort orders the rows of a tree by it.
 *
 * - numeric: the rank of the value among the distinct values of R (`values` maps ranks back, for
 *   thresholds at midpoints between consecutive distinct values);
 * - categorical: the level code.
 */
export interface Predictor {
  readonly kind: "numeric" | "categorical";
  /** Code per row of R. */
  readonly codes: Int32Array;
  /** Number of distinct codes (ranks or levels). */
  readonly nCodes: number;
  /** Numeric: the sorted distinct values, indexed by rank. */
  readonly values?: Float64Array;
}

export type Response =
  | { readonly kind: "numeric"; readonly values: Float64Array }
  | { readonly kind: "categorical"; readonly codes: Int32Array; readonly nLevels: number };

export function categoricalPredictor(codes: Int32Array, nLevels: number): Predictor {
  return { kind: "categorical", codes, nCodes: nLevels };
}

/** Rank-encode a numeric variable (sorting once per fit, not once per tree). */
export function numericPredictor(values: Float64Array): Predictor {
  const sorted = Float64Array.from(values).sort();
  let nDistinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[nDistinct++] = sorted[i];
  const distinct = sorted.slice(0, nDistinct);
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = rankOf(distinct, values[i]);
  return { kind: "numeric", codes, nCodes: nDistinct, values: distinct };
}

function rankOf(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
