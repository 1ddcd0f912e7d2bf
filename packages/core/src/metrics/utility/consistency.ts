/**
 * Consistency with the real support (spec §2.1, §2.2; Clover `cont_consis`, `cat_consis`):
 * the share of S values inside the range of R (numeric) or among the levels of R (categorical).
 * The reference repeats it with H. Details give ratios only, never R's range or level names.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricOptions } from "../types.ts";
import { alignColumns, type CategoricalView, type NumericView } from "./columns.ts";
import {
  averageUnits,
  type Comparison,
  type ComparisonMetricSpec,
  type ScoredUnit,
  comparisonMetric,
} from "./comparison.ts";
import type { Replicate } from "./bootstrap.ts";
import { levelCounts } from "./contingency.ts";
import { preparePair, weightedCellCounts, weightedRange, type PreparedNumeric } from "./weighted.ts";

export type CloverVariant = "sosie" | "clover";

const VARIANTS: readonly CloverVariant[] = ["sosie", "clover"];

interface Ratio {
  readonly value: number | null;
  readonly reason: string | null;
}

/**
 * Share of `other` inside [min R, max R]. sosie: among non-missing values (missingness is
 * measured by missingness-difference); clover: over all rows, so ∅ counts as outside.
 */
export function withinRangeRatio(real: NumericView, other: NumericView, variant: string): Ratio {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of real.values) {
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return { value: null, reason: "no non-missing value in the real table" };
  let inside = 0;
  let present = 0;
  for (const v of other.values) {
    if (Number.isNaN(v)) continue;
    present++;
    if (v >= lo && v <= hi) inside++;
  }
  const denominator = variant === "clover" ? other.values.length : present;
  if (denominator === 0)
    return {
      value: null,
      reason: variant === "clover" ? "the compared table has no rows" : "no non-missing value in the compared table",
    };
  return { value: inside / denominator, reason: null };
}

/**
 * Share of `other`'s rows whose value is a level observed in R. sosie: ∅ is a level (inside when
 * R has ∅); clover: ∅ is never a level, so an ∅ in `other` is outside.
 */
export function withinLevelsRatio(real: CategoricalView, other: CategoricalView, variant: string): Ratio {
  return withinLevelsOfCounts(levelCounts(real), levelCounts(other), other.codes.length, variant);
}

/** `withinLevelsRatio` from the level counts (∅ last) of R and of the compared table (n rows). */
function withinLevelsOfCounts(realCounts: Float64Array, otherCounts: Float64Array, n: number, variant: string): Ratio {
  if (n === 0) return { value: null, reason: "the compared table has no rows" };
  // ∅ is the last cell of levelCounts.
  const cells = variant === "clover" ? realCounts.length - 1 : realCounts.length;
  let inside = 0;
  for (let c = 0; c < cells; c++) if (realCounts[c] > 0) inside += otherCounts[c];
  return { value: inside / n, reason: null };
}

/** `withinRangeRatio` of a bootstrap replicate, from the prepared columns and the row weights. */
function weightedWithinRange(
  real: PreparedNumeric,
  other: PreparedNumeric,
  wReal: Float64Array,
  wOther: Float64Array,
  nOther: number,
  variant: string,
): number | null {
  const range = weightedRange(real, wReal);
  if (range === null) return null;
  const [lo, hi] = range;
  let inside = 0;
  let present = 0;
  const { order, sorted } = other;
  for (let k = 0; k < order.length; k++) {
    const x = wOther[order[k]];
    present += x;
    if (sorted[k] >= lo && sorted[k] <= hi) inside += x;
  }
  const denominator = variant === "clover" ? nOther : present;
  return denominator === 0 ? null : inside / denominator;
}

/** The consistency of a replicate: the mean ratio over the columns where it is defined. */
function weightedConsistency(real: Table, other: Table, variant: string, family: "numeric" | "categorical") {
  const columns = preparePair(real, other).columns.filter((c) => c.family === family);
  const nReal = real.nRows;
  const nOther = other.nRows;
  return (replicate: Replicate): number | null => {
    let sum = 0;
    let count = 0;
    for (const column of columns) {
      const r = column.real;
      const x = column.other;
      let value: number | null = null;
      if (r?.family === "numeric" && x?.family === "numeric")
        value = weightedWithinRange(r, x, replicate.real, replicate.other, nOther, variant);
      else if (r?.family === "categorical" && x?.family === "categorical")
        value = withinLevelsOfCounts(
          weightedCellCounts(r, replicate.real, nReal),
          weightedCellCounts(x, replicate.other, nOther),
          nOther,
          variant,
        ).value;
      if (value === null) continue;
      sum += value;
      count++;
    }
    return count === 0 ? null : sum / count;
  };
}

function compareConsistency(real: Table, other: Table, variant: string, family: "numeric" | "categorical"): Comparison {
  const units: ScoredUnit[] = [];
  for (const column of alignColumns([real, other])) {
    if (column.family !== family) continue;
    const [r, x] = column.views;
    let ratio: Ratio;
    if (r === null || x === null)
      ratio = { value: null, reason: "column absent from the compared table, or of another kind there" };
    else if (r.family === "numeric" && x.family === "numeric") ratio = withinRangeRatio(r, x, variant);
    else if (r.family === "categorical" && x.family === "categorical") ratio = withinLevelsRatio(r, x, variant);
    else throw new TypeError("aligned views of different families");
    units.push({
      columns: [column.name],
      measure: family === "numeric" ? "within-range-ratio" : "within-levels-ratio",
      value: ratio.value,
      status: ratio.value === null ? "undefined" : "ok",
      reason: ratio.reason,
    });
  }
  return averageUnits(units, `no ${family} column could be compared`);
}

function consistencyMetric(id: string, description: string, family: "numeric" | "categorical"): Metric<MetricOptions> {
  const spec: ComparisonMetricSpec<MetricOptions> = {
    id,
    variants: VARIANTS,
    min: 0,
    max: 1,
    objective: "max",
    compare: (real, other, options) => compareConsistency(real, other, options.variant, family),
    weighted: (real, other, options) => weightedConsistency(real, other, options.variant, family),
  };
  return comparisonMetric(spec, description);
}

export const continuousConsistency = consistencyMetric(
  "continuous-consistency",
  "Share of synthetic numeric values inside the real range, averaged over numeric columns (Clover cont_consis)",
  "numeric",
);

export const categoricalConsistency = consistencyMetric(
  "categorical-consistency",
  "Share of synthetic rows whose category occurs in the real column, averaged over categorical columns (Clover cat_consis)",
  "categorical",
);
