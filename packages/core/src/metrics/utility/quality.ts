/**
 * `quality-score` (spec §3.8): the mean of column shapes and column pair trends, whichever are
 * defined, as in the SDMetrics Quality Report.
 */
import type { Table } from "../../table/table.ts";
import type { Metric } from "../types.ts";
import {
  averageUnits,
  type Comparison,
  type ComparisonMetricSpec,
  type ReplicateValue,
  type Resolved,
  type ScoredUnit,
  comparisonMetric,
} from "./comparison.ts";
import { compareColumnPairTrends, weightedPairs, type PairTrendsOptions } from "./pair-trends.ts";
import { compareColumnShapes, weightedColumnShapes } from "./shapes.ts";
import { meanDefined } from "./statistics.ts";

export type QualityOptions = PairTrendsOptions;

const VARIANTS = ["sosie", "sdmetrics"] as const;

function propertyUnit(measure: string, comparison: Comparison): ScoredUnit {
  return {
    columns: [],
    measure,
    value: comparison.value,
    status: comparison.value === null ? "undefined" : "ok",
    reason: comparison.reason,
  };
}

/** Quality of `other` against R, with the two properties as its units. */
export function compareQuality(real: Table, other: Table, options: Resolved<QualityOptions>): Comparison {
  const shapes = compareColumnShapes(
    real,
    other,
    options.variant,
    ["numeric", "categorical"],
    "no column could be compared",
  );
  const pairTrends = compareColumnPairTrends(real, other, options);
  const units = [propertyUnit("column-shapes", shapes), propertyUnit("column-pair-trends", pairTrends)];
  return averageUnits(units, "neither column shapes nor column pair trends could be computed", pairTrends.notes);
}

/** The fast bootstrap: column shapes and column pair trends of each replicate from weights. */
function weightedQuality(real: Table, other: Table, options: Resolved<QualityOptions>): ReplicateValue | null {
  const pairs = weightedPairs(real, other, options, "all", false);
  if (pairs === null) return null;
  const shapes = weightedColumnShapes(real, other, options.variant, ["numeric", "categorical"]);
  return (replicate) => {
    const columnShapes = shapes(replicate);
    const { sum, count } = pairs(replicate);
    return meanDefined([columnShapes, count === 0 ? null : sum / count]);
  };
}

const spec: ComparisonMetricSpec<QualityOptions> = {
  id: "quality-score",
  variants: VARIANTS,
  min: 0,
  max: 1,
  objective: "max",
  compare: compareQuality,
  weighted: weightedQuality,
};

export const qualityScore: Metric<QualityOptions> = comparisonMetric(
  spec,
  "Mean of column shapes and column pair trends (SDMetrics Quality Report overall score)",
);
