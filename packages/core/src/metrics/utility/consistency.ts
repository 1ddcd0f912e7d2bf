/**
 * Consistency with the real support (spec §2.1, §2.2; Clover `cont_consis`, `cat_consis`):
 * the share of S values inside the range of R (numeric) or among the levels of R (categorical).
 * The reference repeats it with H. Details give ratios only, never R's range or level names.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricOptions } from "../types.ts";
import type { CategoricalView, NumericView } from "./columns.ts";
import { meanOfColumns, scoreColumns, type ColumnScore } from "./column-scores.ts";
import { type ComparisonMetricSpec, type ReplicateValue, comparisonMetric } from "./comparison.ts";
import { levelCounts } from "./contingency.ts";
import { preparePair, weightedCellCounts, weightedRange, type PreparedNumeric } from "./weighted.ts";

export type CloverVariant = "sosie" | "clover";

const VARIANTS: readonly CloverVariant[] = ["sosie", "clover"];

/**
 * Share of `other` inside [min R, max R]. sosie: among non-missing values (missingness is
 * measured by missingness-difference); clover: over all rows, so ∅ counts as outside.
 */
export function withinRangeRatio(real: NumericView, other: NumericView, variant: string): ColumnScore {
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
export function withinLevelsRatio(real: CategoricalView, other: CategoricalView, variant: string): ColumnScore {
  return withinLevelsOfCounts(levelCounts(real), levelCounts(other), other.codes.length, variant);
}

/** `withinLevelsRatio` from the level counts (∅ last) of R and of the compared table (n rows). */
function withinLevelsOfCounts(
  realCounts: Float64Array,
  otherCounts: Float64Array,
  n: number,
  variant: string,
): ColumnScore {
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
  const nReal = real.nRows;
  const nOther = other.nRows;
  const scorers = preparePair(real, other)
    .columns.filter((c) => c.family === family)
    .map((column): ReplicateValue | null => {
      const r = column.real;
      const x = column.other;
      if (r?.family === "numeric" && x?.family === "numeric")
        return (replicate) => weightedWithinRange(r, x, replicate.real, replicate.other, nOther, variant);
      if (r?.family === "categorical" && x?.family === "categorical")
        return (replicate) =>
          withinLevelsOfCounts(
            weightedCellCounts(r, replicate.real, nReal),
            weightedCellCounts(x, replicate.other, nOther),
            nOther,
            variant,
          ).value;
      return null;
    });
  return meanOfColumns(scorers);
}

const MEASURES = { numeric: "within-range-ratio", categorical: "within-levels-ratio" } as const;

function compareConsistency(real: Table, other: Table, variant: string, family: "numeric" | "categorical") {
  return scoreColumns(
    real,
    other,
    [family],
    MEASURES,
    {
      numeric: (r, x) => withinRangeRatio(r, x, variant),
      categorical: (r, x) => withinLevelsRatio(r, x, variant),
    },
    `no ${family} column could be compared`,
  );
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
