/**
 * Association measures between two columns of one table (spec §3.1): Pearson or Spearman for
 * numeric pairs, Cramér's V for categorical pairs, the correlation ratio η for mixed pairs.
 * Each returns null where the spec calls the measure undefined.
 */
import type { CategoricalView, ColumnView, NumericView } from "./columns.ts";
import { crossTabulate, nonZero, pearsonChiSquare, tableMargins, type ContingencyTable } from "./contingency.ts";
import { averageRanks } from "./statistics.ts";

export type CorrelationMethod = "pearson" | "spearman";

/** The rows where both numbers are present. */
function completePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  if (x.length !== y.length) throw new RangeError("columns of different lengths");
  let m = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) m++;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) continue;
    xs[k] = x[i];
    ys[k] = y[i];
    k++;
  }
  return [xs, ys];
}

/** Pearson r of complete arrays (two passes: means first, for accuracy). */
function pearsonComplete(x: Float64Array, y: Float64Array): number | null {
  const m = x.length;
  if (m < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < m; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= m;
  my /= m;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  // Round-off can push |r| a hair past 1 on perfectly linear data.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Pearson (or Spearman) correlation over pairwise-complete rows (NaN = ∅). */
export function correlation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  method: CorrelationMethod = "pearson",
): number | null {
  const [xs, ys] = completePairs(x, y);
  if (method === "pearson") return pearsonComplete(xs, ys);
  return pearsonComplete(averageRanks(xs), averageRanks(ys));
}

export interface CramersVOptions {
  /** Bergsma (2013) bias correction. */
  readonly biasCorrection?: boolean;
}

/**
 * Cramér's V of a contingency table, over the levels present (non-zero margins), without
 * continuity correction. Null when fewer than 2 levels are present on either side.
 */
export function cramersV(table: ContingencyTable, options: CramersVOptions = {}): number | null {
  const margins = tableMargins(table);
  const r = nonZero(margins.rowTotals);
  const k = nonZero(margins.colTotals);
  if (Math.min(r, k) < 2) return null;
  return cramersVOfChiSquare(pearsonChiSquare(table, margins, false), margins.n, r, k, options);
}

/**
 * Cramér's V from Pearson's χ² of a table with n rows, r non-empty rows and k non-empty columns
 * (min(r, k) ≥ 2), with the Bergsma correction when asked.
 */
export function cramersVOfChiSquare(
  chi2: number,
  n: number,
  r: number,
  k: number,
  options: CramersVOptions = {},
): number | null {
  if (options.biasCorrection !== true) return Math.sqrt(chi2 / (n * (Math.min(r, k) - 1)));
  const phi2 = Math.max(0, chi2 / n - ((k - 1) * (r - 1)) / (n - 1));
  const rTilde = r - (r - 1) ** 2 / (n - 1);
  const kTilde = k - (k - 1) ** 2 / (n - 1);
  const denominator = Math.min(kTilde - 1, rTilde - 1);
  return denominator > 0 ? Math.sqrt(phi2 / denominator) : null;
}

/**
 * Correlation ratio η = sqrt(SS_between / SS_total) of numbers y by groups, over the rows where
 * y is present (∅ of the groups is a group). Null when SS_total is 0 or no row is present.
 */
export function correlationRatio(y: ArrayLike<number>, groups: CategoricalView): number | null {
  if (y.length !== groups.codes.length) throw new RangeError("columns of different lengths");
  const nGroups = groups.nLevels + 1;
  const sums = new Float64Array(nGroups);
  const counts = new Float64Array(nGroups);
  let total = 0;
  let m = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    const g = groups.codes[i] < 0 ? groups.nLevels : groups.codes[i];
    sums[g] += y[i];
    counts[g]++;
    total += y[i];
    m++;
  }
  if (m === 0) return null;
  const mean = total / m;
  let ssTotal = 0;
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i])) ssTotal += (y[i] - mean) ** 2;
  if (ssTotal === 0) return null;
  let ssBetween = 0;
  for (let g = 0; g < nGroups; g++) if (counts[g] > 0) ssBetween += counts[g] * (sums[g] / counts[g] - mean) ** 2;
  return Math.min(1, Math.sqrt(ssBetween / ssTotal));
}

export type AssociationMeasure = "pearson" | "spearman" | "cramers-v" | "correlation-ratio";

export interface Association {
  readonly measure: AssociationMeasure;
  readonly value: number | null;
}

export interface AssociationOptions extends CramersVOptions {
  readonly correlation?: CorrelationMethod;
}

/** The §3.1 measure for any pair of views of one table, chosen by their families. */
export function association(a: ColumnView, b: ColumnView, options: AssociationOptions = {}): Association {
  if (a.family === "numeric" && b.family === "numeric") {
    const method = options.correlation ?? "pearson";
    return { measure: method, value: correlation(a.values, b.values, method) };
  }
  if (a.family === "categorical" && b.family === "categorical")
    return { measure: "cramers-v", value: cramersV(crossTabulate(a, b), options) };
  const [numeric, groups] = (a.family === "numeric" ? [a, b] : [b, a]) as [NumericView, CategoricalView];
  return { measure: "correlation-ratio", value: correlationRatio(numeric.values, groups) };
}
