/**
 * The shape shared by the per-column comparison metrics (consistency, column shapes): every
 * aligned column of the chosen families scored from its views in R and in the compared table,
 * and the mean of the defined scores (§1.7); on a bootstrap replicate, the mean of per-column
 * scorers of the row weights.
 */
import type { Table } from "../../table/table.ts";
import { alignColumns, type CategoricalView, type ColumnFamily, type NumericView } from "./columns.ts";
import { averageUnits, type Comparison, type ReplicateValue, type ScoredUnit } from "./comparison.ts";
import { meanDefined } from "./statistics.ts";

/** A column's score, or null with the reason. */
export interface ColumnScore {
  readonly value: number | null;
  readonly reason: string | null;
}

/** How a metric scores one column of each family, R's view first. */
export interface ColumnScorers {
  numeric(real: NumericView, other: NumericView): ColumnScore;
  categorical(real: CategoricalView, other: CategoricalView): ColumnScore;
}

/** One unit per column of `families`, named `measures[family]`, and their mean. */
export function scoreColumns(
  real: Table,
  other: Table,
  families: readonly ColumnFamily[],
  measures: Readonly<Record<ColumnFamily, string>>,
  scorers: ColumnScorers,
  emptyReason: string,
): Comparison {
  const units: ScoredUnit[] = [];
  for (const column of alignColumns([real, other])) {
    if (!families.includes(column.family)) continue;
    const [r, x] = column.views;
    let score: ColumnScore;
    if (r === null || x === null)
      score = { value: null, reason: "column absent from the compared table, or of another kind there" };
    else if (r.family === "numeric" && x.family === "numeric") score = scorers.numeric(r, x);
    else if (r.family === "categorical" && x.family === "categorical") score = scorers.categorical(r, x);
    else throw new TypeError("aligned views of different families");
    units.push({
      columns: [column.name],
      measure: measures[column.family],
      value: score.value,
      status: score.value === null ? "undefined" : "ok",
      reason: score.reason,
    });
  }
  return averageUnits(units, emptyReason);
}

/** A replicate's mean over the columns whose scorer (null: none) gives a value. */
export function meanOfColumns(scorers: readonly (ReplicateValue | null)[]): ReplicateValue {
  return (replicate) => meanDefined(scorers.map((scorer) => scorer?.(replicate) ?? null));
}
