/**
 * `hellinger-mean` (spec §3.9): the mean Hellinger distance over every evaluated column, in the
 * spirit of the avatar reports' utility target (< 0.1). Categorical columns use their levels and
 * numeric columns Sosie's bins (§2.5 sosie rule), ∅ a level or bin in both.
 */
import type { Table } from "../../table/table.ts";
import type { Metric } from "../types.ts";
import { alignColumns } from "./columns.ts";
import { meanOfColumns } from "./column-scores.ts";
import {
  averageUnits,
  type Comparison,
  type ComparisonMetricSpec,
  type ReplicateValue,
  type ScoredUnit,
  comparisonMetric,
} from "./comparison.ts";
import {
  columnCells,
  hellingerDistance,
  resolveBinning,
  weightedSosieCells,
  type DistanceOptions,
} from "./distribution-distances.ts";
import { preparePair } from "./weighted.ts";

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

/** The fast bootstrap: Hellinger distances of every column on weighted cells (sosie rule). */
function weightedHellingerMean(real: Table, other: Table, options: DistanceOptions): ReplicateValue {
  const columns = preparePair(real, other).columns;
  const hasNumeric = columns.some((c) => c.family === "numeric");
  // Read (and checked) only where a numeric column is binned, as columnCells does.
  const { bins, binning } = hasNumeric ? resolveBinning(options) : { bins: 0, binning: "quantile" as const };
  return meanOfColumns(
    columns.map((column) => (replicate) => {
      const cells = weightedSosieCells(column, replicate, real.nRows, other.nRows, bins, binning);
      return cells === null ? null : hellingerDistance(cells);
    }),
  );
}

const spec: ComparisonMetricSpec<DistanceOptions> = {
  id: ID,
  variants: VARIANTS,
  min: 0,
  max: 1,
  objective: "min",
  compare: compareHellingerMean,
  weighted: weightedHellingerMean,
};

export const hellingerMean: Metric<DistanceOptions> = comparisonMetric(
  spec,
  "Mean Hellinger distance over all columns, numeric columns on quantile bins of the real data (avatar-style target < 0.1)",
);
