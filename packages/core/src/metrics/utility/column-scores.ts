/**
 * The shape shared by the per-column comparison metrics (consistency, column shapes, summary
 * statistics): every aligned column of the chosen families scored from its views in R and in the
 * compared table, and the mean of the defined scores (§1.7); on a bootstrap replicate, the mean of
 * per-column scorers of the row weights.
 */
import type { Table } from "../../table/table.ts";
import type { Replicate } from "./bootstrap.ts";
import { alignColumns, type CategoricalView, type ColumnFamily, type ColumnView, type NumericView } from "./columns.ts";
import { averageUnits, type Comparison, type ReplicateValue, type ScoredUnit } from "./comparison.ts";
import { meanDefined } from "./statistics.ts";
import type { ReplicateValues } from "./submetrics.ts";

const ABSENT = "column absent from the compared table, or of another kind there";

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
    if (r === null || x === null) score = { value: null, reason: ABSENT };
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

/** A column's values under each of several submetrics (null where undefined, with the reason). */
export interface ColumnScores {
  readonly values: readonly (number | null)[];
  readonly reason: string | null;
  readonly stats?: Readonly<Record<string, number>>;
}

/**
 * Several submetrics scored on every column of one family by one `score`: a unit per column and
 * submetric (`measures`, in order), each submetric averaged over its columns, keyed by measure.
 */
export function scoreColumnsPerSubmetric<V extends ColumnView>(
  real: Table,
  other: Table,
  family: V["family"],
  measures: readonly string[],
  score: (real: V, other: V) => ColumnScores,
  emptyReason: string,
): Map<string, Comparison> {
  const units = measures.map((): ScoredUnit[] => []);
  for (const column of alignColumns([real, other])) {
    if (column.family !== family) continue;
    const [r, x] = column.views;
    const scores: ColumnScores =
      r?.family === family && x?.family === family
        ? score(r as V, x as V)
        : { values: measures.map(() => null), reason: ABSENT };
    measures.forEach((measure, k) => {
      const value = scores.values[k];
      units[k].push({
        columns: [column.name],
        measure,
        value,
        status: value === null ? "undefined" : "ok",
        reason: scores.reason,
        ...(scores.stats === undefined ? {} : { stats: scores.stats }),
      });
    });
  }
  return new Map(measures.map((measure, k) => [measure, averageUnits(units[k], emptyReason)]));
}

/**
 * A replicate's mean of each submetric over the columns whose scorer gives values (null: the
 * column is left out of every submetric), keyed by measure.
 */
export function meanOfColumnsPerSubmetric(
  measures: readonly string[],
  scorers: readonly ((replicate: Replicate) => readonly number[] | null)[],
): ReplicateValues {
  return (replicate) => {
    const sums = measures.map(() => 0);
    let count = 0;
    for (const scorer of scorers) {
      const values = scorer(replicate);
      if (values === null) continue;
      for (let k = 0; k < sums.length; k++) sums[k] += values[k];
      count++;
    }
    return new Map(measures.map((measure, k) => [measure, count === 0 ? null : sums[k] / count]));
  };
}
