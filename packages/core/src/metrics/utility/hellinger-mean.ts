/**
 * `hellinger-mean` (spec §3.9): the mean Hellinger distance over every evaluated column, in the
 * spirit of the avatar reports' utility target (< 0.1). Categorical columns use their levels and
 * numeric columns Sosie's bins (§2.5 sosie rule), ∅ a level or bin in both.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricInput } from "../types.ts";
import { alignColumns } from "./columns.ts";
import {
  averageUnits,
  runComparison,
  type Comparison,
  type ComparisonMetricSpec,
  type ScoredUnit,
} from "./comparison.ts";
import { columnCells, hellingerDistance, type DistanceOptions } from "./distribution-distances.ts";

const ID = "hellinger-mean";
const VARIANTS = ["sosie"] as const;
const VENDOR_NOTE =
  "comparable in spirit only with the avatar reports' target (< 0.1): the vendor's binning is not public";

function compareHellingerMean(real: Table, other: Table, options: DistanceOptions): Comparison {
  const units: ScoredUnit[] = [];
  for (const column of alignColumns([real, other])) {
    // Always the sosie rule, whatever variant other metrics of the report use.
    const cells = columnCells(column, "sosie", options);
    const measure = column.family === "numeric" ? "hellinger-binned" : "hellinger";
    units.push(
      "reason" in cells
        ? { columns: [column.name], measure, value: null, status: "undefined", reason: cells.reason }
        : { columns: [column.name], measure, value: hellingerDistance(cells), status: "ok", reason: null },
    );
  }
  return averageUnits(units, "no column could be compared", [VENDOR_NOTE]);
}

const spec: ComparisonMetricSpec<DistanceOptions> = {
  id: ID,
  variants: VARIANTS,
  min: 0,
  max: 1,
  objective: "min",
  compare: compareHellingerMean,
};

export const hellingerMean: Metric<DistanceOptions> = {
  id: ID,
  kind: "utility",
  needs: ["real", "synthetic"],
  optional: ["holdout"],
  variants: VARIANTS,
  description:
    "Mean Hellinger distance over all columns, numeric columns on quantile bins of the real data (avatar-style target < 0.1)",
  compute: (input: MetricInput, options?: DistanceOptions) => runComparison(spec, input, options),
};
