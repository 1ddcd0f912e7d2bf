/**
 * Column shapes (spec §2.9–2.11): `ks-complement` on numeric columns, `tv-complement` on
 * categorical ones, and `column-shapes`, their mean over every evaluated column.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricOptions } from "../types.ts";
import type { CategoricalView, ColumnFamily, NumericView } from "./columns.ts";
import { meanOfColumns, scoreColumns, type ColumnScore } from "./column-scores.ts";
import { type Comparison, type ComparisonMetricSpec, type ReplicateValue, comparisonMetric } from "./comparison.ts";
import { levelCounts, totalVariation } from "./contingency.ts";
import { ksDistance, roundDecimals } from "./statistics.ts";
import { missingWeight, pooledOrder, preparePair, weightedCellCounts, weightedKsDistance } from "./weighted.ts";

export type ShapesVariant = "sosie" | "sdmetrics";

const VARIANTS: readonly ShapesVariant[] = ["sosie", "sdmetrics"];

/** SDMetrics rounds to 14 decimals before its KS test, so that 0.1 + 0.2 meets 0.3. */
const SDMETRICS_KS_DECIMALS = 14;

/**
 * 1 − D. sdmetrics: ∅ dropped, values rounded; sosie: ∅ is −∞, so the missing share takes part
 * in the distance.
 */
export function ksComplementColumn(real: NumericView, other: NumericView, variant: string): ColumnScore {
  const prepare = (values: Float64Array): Float64Array => {
    if (variant === "sdmetrics") {
      const present = values.filter((v) => !Number.isNaN(v));
      return present.map((v) => roundDecimals(v, SDMETRICS_KS_DECIMALS)).sort();
    }
    return values.map((v) => (Number.isNaN(v) ? -Infinity : v)).sort();
  };
  const r = prepare(real.values);
  const s = prepare(other.values);
  if (r.length === 0 || s.length === 0)
    return {
      value: null,
      reason: variant === "sdmetrics" ? "no non-missing value in one of the tables" : "one of the tables has no rows",
    };
  return { value: 1 - ksDistance(r, s), reason: null };
}

/** 1 − TV of the level frequencies. sdmetrics: over non-missing rows; sosie: ∅ is a level. */
export function tvComplementColumn(real: CategoricalView, other: CategoricalView, variant: string): ColumnScore {
  return tvComplementOfCounts(levelCounts(real), levelCounts(other), variant);
}

/** `tvComplementColumn` from the level counts (∅ last) of both tables; the counts may be emptied. */
function tvComplementOfCounts(r: Float64Array, s: Float64Array, variant: string): ColumnScore {
  if (variant === "sdmetrics") {
    r[r.length - 1] = 0;
    s[s.length - 1] = 0;
  }
  const totalR = r.reduce((a, b) => a + b, 0);
  const totalS = s.reduce((a, b) => a + b, 0);
  if (totalR === 0 || totalS === 0)
    return {
      value: null,
      reason: variant === "sdmetrics" ? "no non-missing value in one of the tables" : "one of the tables has no rows",
    };
  return { value: 1 - totalVariation(r, totalR, s, totalS), reason: null };
}

const MEASURES = { numeric: "ks-complement", categorical: "tv-complement" } as const;

/** Per-column scores of the chosen families, R against `other`. */
export function compareColumnShapes(
  real: Table,
  other: Table,
  variant: string,
  families: readonly ColumnFamily[],
  emptyReason: string,
): Comparison {
  return scoreColumns(
    real,
    other,
    families,
    MEASURES,
    {
      numeric: (r, x) => ksComplementColumn(r, x, variant),
      categorical: (r, x) => tvComplementColumn(r, x, variant),
    },
    emptyReason,
  );
}

/**
 * The fast bootstrap of column shapes: per replicate, KS from one walk over the pooled sorted
 * values of each numeric column, TV from weighted level counts, averaged over the columns.
 */
export function weightedColumnShapes(
  real: Table,
  other: Table,
  variant: string,
  families: readonly ColumnFamily[],
): ReplicateValue {
  const nReal = real.nRows;
  const nOther = other.nRows;
  const sdmetrics = variant === "sdmetrics";
  const scorers = preparePair(real, other)
    .columns.filter((c) => families.includes(c.family))
    .map((column): ReplicateValue | null => {
      const r = column.real;
      const x = column.other;
      if (r === null || x === null) return null;
      if (r.family === "categorical" && x.family === "categorical")
        return (replicate) =>
          tvComplementOfCounts(
            weightedCellCounts(r, replicate.real, nReal),
            weightedCellCounts(x, replicate.other, nOther),
            variant,
          ).value;
      if (r.family !== "numeric" || x.family !== "numeric") throw new TypeError("aligned views of different families");
      const pooled = sdmetrics ? pooledOrder(r, x, (v) => roundDecimals(v, SDMETRICS_KS_DECIMALS)) : pooledOrder(r, x);
      return (replicate) => {
        // sosie: ∅ is −∞, below every value; sdmetrics: ∅ is dropped.
        const missingR = missingWeight(r, replicate.real);
        const missingX = missingWeight(x, replicate.other);
        if (sdmetrics) {
          const nR = nReal - missingR;
          const nX = nOther - missingX;
          if (nR === 0 || nX === 0) return null;
          return 1 - weightedKsDistance(pooled, replicate.real, replicate.other, 0, 0, nR, nX);
        }
        if (nReal === 0 || nOther === 0) return null;
        return 1 - weightedKsDistance(pooled, replicate.real, replicate.other, missingR, missingX, nReal, nOther);
      };
    });
  return meanOfColumns(scorers);
}

function shapesMetric(
  id: string,
  description: string,
  families: readonly ColumnFamily[],
  emptyReason: string,
): Metric<MetricOptions> {
  const spec: ComparisonMetricSpec<MetricOptions> = {
    id,
    variants: VARIANTS,
    min: 0,
    max: 1,
    objective: "max",
    compare: (real, other, options) => compareColumnShapes(real, other, options.variant, families, emptyReason),
    weighted: (real, other, options) => weightedColumnShapes(real, other, options.variant, families),
  };
  return comparisonMetric(spec, description);
}

export const ksComplement = shapesMetric(
  "ks-complement",
  "1 − Kolmogorov–Smirnov distance between real and synthetic numeric columns (SDMetrics KSComplement)",
  ["numeric"],
  "no numeric column could be compared",
);

export const tvComplement = shapesMetric(
  "tv-complement",
  "1 − total variation distance between real and synthetic category frequencies (SDMetrics TVComplement)",
  ["categorical"],
  "no categorical column could be compared",
);

export const columnShapes = shapesMetric(
  "column-shapes",
  "Mean of KS complement (numeric) and TV complement (categorical) over all columns (SDMetrics Column Shapes)",
  ["numeric", "categorical"],
  "no column could be compared",
);
