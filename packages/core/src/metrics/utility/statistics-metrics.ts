/**
 * Summary statistics compared column by column (spec §2.3, §2.4; Clover `cont_stats`, `cat_stats`):
 * range-normalised median and IQR gaps on numeric columns, support and frequency coverage of the
 * real levels on categorical columns. Details hold medians and IQRs (allowed aggregates), never
 * extremes or level names.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricInput, MetricOptions } from "../types.ts";
import { alignColumns, type CategoricalView, type NumericView } from "./columns.ts";
import { averageUnits, type Comparison, type ScoredUnit } from "./comparison.ts";
import type { CloverVariant } from "./consistency.ts";
import { levelCounts } from "./contingency.ts";
import { quantileType7, sortedPresent } from "./statistics.ts";
import { runSubmetrics, type MultiComparisonMetricSpec } from "./submetrics.ts";

const VARIANTS: readonly CloverVariant[] = ["sosie", "clover"];
const ABSENT = "column absent from the compared table, or of another kind there";

export interface LocationScaleGaps {
  readonly median: number | null;
  readonly iqr: number | null;
  readonly reason: string | null;
  readonly stats?: Readonly<Record<string, number>>;
}

/**
 * |median gap| / W and |IQR gap| / W of one numeric column. sosie: W = range of R; clover: W =
 * range of R ∪ other, so outliers in `other` enlarge W and flatter their own score. W = 1 when 0.
 */
export function locationScaleGaps(real: NumericView, other: NumericView, variant: string): LocationScaleGaps {
  const r = sortedPresent(real.values);
  const x = sortedPresent(other.values);
  if (r.length === 0) return { median: null, iqr: null, reason: "no non-missing value in the real table" };
  if (x.length === 0) return { median: null, iqr: null, reason: "no non-missing value in the compared table" };
  let lo = r[0];
  let hi = r[r.length - 1];
  if (variant === "clover") {
    lo = Math.min(lo, x[0]);
    hi = Math.max(hi, x[x.length - 1]);
  }
  const width = hi - lo === 0 ? 1 : hi - lo;
  const medianR = quantileType7(r, 0.5);
  const medianX = quantileType7(x, 0.5);
  const iqrR = quantileType7(r, 0.75) - quantileType7(r, 0.25);
  const iqrX = quantileType7(x, 0.75) - quantileType7(x, 0.25);
  return {
    median: Math.abs(medianX - medianR) / width,
    iqr: Math.abs(iqrX - iqrR) / width,
    reason: null,
    stats: { realMedian: medianR, otherMedian: medianX, realIqr: iqrR, otherIqr: iqrX },
  };
}

function compareContinuousStatistics(real: Table, other: Table, variant: string): Map<string, Comparison> {
  const medianUnits: ScoredUnit[] = [];
  const iqrUnits: ScoredUnit[] = [];
  for (const column of alignColumns([real, other])) {
    if (column.family !== "numeric") continue;
    const [r, x] = column.views;
    const gaps: LocationScaleGaps =
      r?.family === "numeric" && x?.family === "numeric"
        ? locationScaleGaps(r, x, variant)
        : { median: null, iqr: null, reason: ABSENT };
    const unit = (measure: string, value: number | null): ScoredUnit => ({
      columns: [column.name],
      measure,
      value,
      status: value === null ? "undefined" : "ok",
      reason: gaps.reason,
      ...(gaps.stats === undefined ? {} : { stats: gaps.stats }),
    });
    medianUnits.push(unit("median-l1-distance", gaps.median));
    iqrUnits.push(unit("iqr-l1-distance", gaps.iqr));
  }
  return new Map([
    ["median-l1-distance", averageUnits(medianUnits, "no numeric column could be compared")],
    ["iqr-l1-distance", averageUnits(iqrUnits, "no numeric column could be compared")],
  ]);
}

export interface Coverage {
  readonly support: number | null;
  readonly frequency: number | null;
  readonly reason: string | null;
}

/**
 * Over the levels L observed in R (sosie: ∅ included when R has it; clover: never ∅): the share
 * of L that `other` produces, and 1 − mean |freq_other − freq_R| over L. Frequencies divide by
 * all rows, ∅ included (§1.4). Levels only in `other` are ignored.
 */
export function levelCoverage(real: CategoricalView, other: CategoricalView, variant: string): Coverage {
  const nR = real.codes.length;
  const nX = other.codes.length;
  if (nX === 0) return { support: null, frequency: null, reason: "the compared table has no rows" };
  const realCounts = levelCounts(real);
  const otherCounts = levelCounts(other);
  const cells = variant === "clover" ? real.nLevels : real.nLevels + 1;
  let levels = 0;
  let produced = 0;
  let gaps = 0;
  for (let c = 0; c < cells; c++) {
    if (realCounts[c] === 0) continue;
    levels++;
    if (otherCounts[c] > 0) produced++;
    gaps += Math.abs(otherCounts[c] / nX - realCounts[c] / nR);
  }
  if (levels === 0) return { support: null, frequency: null, reason: "no level observed in the real table" };
  return { support: produced / levels, frequency: 1 - gaps / levels, reason: null };
}

function compareCategoricalStatistics(real: Table, other: Table, variant: string): Map<string, Comparison> {
  const supportUnits: ScoredUnit[] = [];
  const frequencyUnits: ScoredUnit[] = [];
  for (const column of alignColumns([real, other])) {
    if (column.family !== "categorical") continue;
    const [r, x] = column.views;
    const coverage: Coverage =
      r?.family === "categorical" && x?.family === "categorical"
        ? levelCoverage(r, x, variant)
        : { support: null, frequency: null, reason: ABSENT };
    const unit = (measure: string, value: number | null): ScoredUnit => ({
      columns: [column.name],
      measure,
      value,
      status: value === null ? "undefined" : "ok",
      reason: coverage.reason,
    });
    supportUnits.push(unit("support-coverage", coverage.support));
    frequencyUnits.push(unit("frequency-coverage", coverage.frequency));
  }
  return new Map([
    ["support-coverage", averageUnits(supportUnits, "no categorical column could be compared")],
    ["frequency-coverage", averageUnits(frequencyUnits, "no categorical column could be compared")],
  ]);
}

const continuousSpec: MultiComparisonMetricSpec<MetricOptions> = {
  id: "continuous-statistics",
  variants: VARIANTS,
  submetrics: () => [
    { name: "median-l1-distance", min: 0, max: Infinity, objective: "min" },
    { name: "iqr-l1-distance", min: 0, max: Infinity, objective: "min" },
  ],
  compare: (real, other, options) => compareContinuousStatistics(real, other, options.variant),
};

const categoricalSpec: MultiComparisonMetricSpec<MetricOptions> = {
  id: "categorical-statistics",
  variants: VARIANTS,
  submetrics: () => [
    { name: "support-coverage", min: 0, max: 1, objective: "max" },
    { name: "frequency-coverage", min: 0, max: 1, objective: "max" },
  ],
  compare: (real, other, options) => compareCategoricalStatistics(real, other, options.variant),
};

export const continuousStatistics: Metric<MetricOptions> = {
  id: "continuous-statistics",
  kind: "utility",
  needs: ["real", "synthetic"],
  optional: ["holdout"],
  variants: VARIANTS,
  description: "Range-normalised median and IQR gaps between real and synthetic numeric columns (Clover cont_stats)",
  compute: (input: MetricInput, options?: MetricOptions) => runSubmetrics(continuousSpec, input, options),
};

export const categoricalStatistics: Metric<MetricOptions> = {
  id: "categorical-statistics",
  kind: "utility",
  needs: ["real", "synthetic"],
  optional: ["holdout"],
  variants: VARIANTS,
  description:
    "Share of real levels the synthetic data produce, and how closely their frequencies match (Clover cat_stats)",
  compute: (input: MetricInput, options?: MetricOptions) => runSubmetrics(categoricalSpec, input, options),
};
