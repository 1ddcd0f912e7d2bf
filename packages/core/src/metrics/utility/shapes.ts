/**
 * Column shapes (spec §2.9–2.11): `ks-complement` on numeric columns, `tv-complement` on
 * categorical ones, and `column-shapes`, their mean over every evaluated column.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricInput, MetricOptions } from "../types.ts";
import { alignColumns, type CategoricalView, type ColumnFamily, type NumericView } from "./columns.ts";
import {
  averageUnits,
  runComparison,
  type Comparison,
  type ComparisonMetricSpec,
  type ScoredUnit,
} from "./comparison.ts";
import { levelCounts, totalVariation } from "./contingency.ts";
import { ksDistance, roundDecimals } from "./statistics.ts";

export type ShapesVariant = "sosie" | "sdmetrics";

const VARIANTS: readonly ShapesVariant[] = ["sosie", "sdmetrics"];

interface ColumnScore {
  readonly value: number | null;
  readonly reason: string | null;
}

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
  const r = levelCounts(real);
  const s = levelCounts(other);
  if (variant === "sdmetrics") {
    r[real.nLevels] = 0;
    s[other.nLevels] = 0;
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

/** Per-column scores of the chosen families, R against `other`. */
export function compareColumnShapes(
  real: Table,
  other: Table,
  variant: string,
  families: readonly ColumnFamily[],
  emptyReason: string,
): Comparison {
  const units: ScoredUnit[] = [];
  for (const column of alignColumns([real, other])) {
    if (!families.includes(column.family)) continue;
    const measure = column.family === "numeric" ? "ks-complement" : "tv-complement";
    const [r, x] = column.views;
    let score: ColumnScore;
    if (r === null || x === null)
      score = { value: null, reason: "column absent from the compared table, or of another kind there" };
    else if (r.family === "numeric" && x.family === "numeric") score = ksComplementColumn(r, x, variant);
    else if (r.family === "categorical" && x.family === "categorical") score = tvComplementColumn(r, x, variant);
    else throw new TypeError("aligned views of different families");
    units.push({
      columns: [column.name],
      measure,
      value: score.value,
      status: score.value === null ? "undefined" : "ok",
      reason: score.reason,
    });
  }
  return averageUnits(units, emptyReason);
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
  };
  return {
    id,
    kind: "utility",
    needs: ["real", "synthetic"],
    optional: ["holdout"],
    variants: VARIANTS,
    description,
    compute: (input: MetricInput, options?: MetricOptions) => runComparison(spec, input, options),
  };
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
