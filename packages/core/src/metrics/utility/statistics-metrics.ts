/**
 * Summary statistics compared column by column (spec §2.3, §2.4; Clover `cont_stats`, `cat_stats`):
 * range-normalised median and IQR gaps on numeric columns, support and frequency coverage of the
 * real levels on categorical columns. Details hold medians and IQRs (allowed aggregates), never
 * extremes or level names.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricOptions } from "../types.ts";
import type { CategoricalView, NumericView } from "./columns.ts";
import { meanOfColumnsPerSubmetric, scoreColumnsPerSubmetric } from "./column-scores.ts";
import type { Comparison } from "./comparison.ts";
import type { CloverVariant } from "./consistency.ts";
import { levelCounts } from "./contingency.ts";
import { preparePair, weightedCellCounts, weightedQuantiles } from "./weighted.ts";
import { quantileType7, sortedPresent } from "./statistics.ts";
import { multiComparisonMetric, type MultiComparisonMetricSpec } from "./submetrics.ts";

const VARIANTS: readonly CloverVariant[] = ["sosie", "clover"];

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
  return gapsOfQuantiles(
    QUANTILES.map((p) => quantileType7(r, p)),
    QUANTILES.map((p) => quantileType7(x, p)),
    variant,
  );
}

/** The quantiles the gaps read: min, Q1, median, Q3, max (Q_0 and Q_1 are the extremes). */
const QUANTILES = [0, 0.25, 0.5, 0.75, 1];

/** The gaps from the QUANTILES of R's and the other table's non-missing values. */
function gapsOfQuantiles(r: ArrayLike<number>, x: ArrayLike<number>, variant: string): LocationScaleGaps {
  let lo = r[0];
  let hi = r[4];
  if (variant === "clover") {
    lo = Math.min(lo, x[0]);
    hi = Math.max(hi, x[4]);
  }
  const width = hi - lo === 0 ? 1 : hi - lo;
  const medianR = r[2];
  const medianX = x[2];
  const iqrR = r[3] - r[1];
  const iqrX = x[3] - x[1];
  return {
    median: Math.abs(medianX - medianR) / width,
    iqr: Math.abs(iqrX - iqrR) / width,
    reason: null,
    stats: { realMedian: medianR, otherMedian: medianX, realIqr: iqrR, otherIqr: iqrX },
  };
}

const CONTINUOUS_MEASURES = ["median-l1-distance", "iqr-l1-distance"];

function compareContinuousStatistics(real: Table, other: Table, variant: string): Map<string, Comparison> {
  return scoreColumnsPerSubmetric<NumericView>(
    real,
    other,
    "numeric",
    CONTINUOUS_MEASURES,
    (r, x) => {
      const gaps = locationScaleGaps(r, x, variant);
      return { values: [gaps.median, gaps.iqr], reason: gaps.reason, stats: gaps.stats };
    },
    "no numeric column could be compared",
  );
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
  return coverageOfCounts(levelCounts(real), levelCounts(other), real.codes.length, other.codes.length, variant);
}

/** `levelCoverage` from the level counts (∅ last) of R (nR rows) and the compared table (nX rows). */
function coverageOfCounts(
  realCounts: Float64Array,
  otherCounts: Float64Array,
  nR: number,
  nX: number,
  variant: string,
): Coverage {
  if (nX === 0) return { support: null, frequency: null, reason: "the compared table has no rows" };
  const cells = variant === "clover" ? realCounts.length - 1 : realCounts.length;
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

const CATEGORICAL_MEASURES = ["support-coverage", "frequency-coverage"];

function compareCategoricalStatistics(real: Table, other: Table, variant: string): Map<string, Comparison> {
  return scoreColumnsPerSubmetric<CategoricalView>(
    real,
    other,
    "categorical",
    CATEGORICAL_MEASURES,
    (r, x) => {
      const coverage = levelCoverage(r, x, variant);
      return { values: [coverage.support, coverage.frequency], reason: coverage.reason };
    },
    "no categorical column could be compared",
  );
}

/** Both submetrics of a replicate from weighted quantiles: the mean gaps over the defined columns. */
function weightedContinuousStatistics(real: Table, other: Table, variant: string) {
  const columns = preparePair(real, other).columns.filter((c) => c.family === "numeric");
  return meanOfColumnsPerSubmetric(
    CONTINUOUS_MEASURES,
    columns.map((column) => (replicate) => {
      const r = column.real;
      const x = column.other;
      if (r?.family !== "numeric" || x?.family !== "numeric") return null;
      const qr = weightedQuantiles(r, replicate.real, QUANTILES);
      const qx = weightedQuantiles(x, replicate.other, QUANTILES);
      if (Number.isNaN(qr[0]) || Number.isNaN(qx[0])) return null;
      const gaps = gapsOfQuantiles(qr, qx, variant);
      return [gaps.median!, gaps.iqr!];
    }),
  );
}

/** Both submetrics of a replicate from weighted level counts. */
function weightedCategoricalStatistics(real: Table, other: Table, variant: string) {
  const columns = preparePair(real, other).columns.filter((c) => c.family === "categorical");
  const nReal = real.nRows;
  const nOther = other.nRows;
  return meanOfColumnsPerSubmetric(
    CATEGORICAL_MEASURES,
    columns.map((column) => (replicate) => {
      const r = column.real;
      const x = column.other;
      if (r?.family !== "categorical" || x?.family !== "categorical") return null;
      const coverage = coverageOfCounts(
        weightedCellCounts(r, replicate.real, nReal),
        weightedCellCounts(x, replicate.other, nOther),
        nReal,
        nOther,
        variant,
      );
      return coverage.support === null ? null : [coverage.support, coverage.frequency!];
    }),
  );
}

const continuousSpec: MultiComparisonMetricSpec<MetricOptions> = {
  id: "continuous-statistics",
  variants: VARIANTS,
  submetrics: () => [
    { name: "median-l1-distance", min: 0, max: Infinity, objective: "min" },
    { name: "iqr-l1-distance", min: 0, max: Infinity, objective: "min" },
  ],
  compare: (real, other, options) => compareContinuousStatistics(real, other, options.variant),
  weighted: (real, other, options) => weightedContinuousStatistics(real, other, options.variant),
};

const categoricalSpec: MultiComparisonMetricSpec<MetricOptions> = {
  id: "categorical-statistics",
  variants: VARIANTS,
  submetrics: () => [
    { name: "support-coverage", min: 0, max: 1, objective: "max" },
    { name: "frequency-coverage", min: 0, max: 1, objective: "max" },
  ],
  compare: (real, other, options) => compareCategoricalStatistics(real, other, options.variant),
  weighted: (real, other, options) => weightedCategoricalStatistics(real, other, options.variant),
};

export const continuousStatistics: Metric<MetricOptions> = multiComparisonMetric(
  continuousSpec,
  "Range-normalised median and IQR gaps between real and synthetic numeric columns (Clover cont_stats)",
);

export const categoricalStatistics: Metric<MetricOptions> = multiComparisonMetric(
  categoricalSpec,
  "Share of real levels the synthetic data produce, and how closely their frequencies match (Clover cat_stats)",
);
