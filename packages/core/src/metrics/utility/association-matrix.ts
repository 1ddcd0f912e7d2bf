/**
 * `association-matrix` (spec §3.2): the p × p matrix of §3.1 associations over the evaluated
 * columns (Pearson or Spearman, Cramér's V, correlation ratio η), diagonal 1, for R, S and H.
 * It is descriptive (the report draws A_R, A_S and A_S − A_R as heat maps over [−1, 1]); the
 * record's value summarises it as the mean |A_S − A_R| over the pairs defined in both, the
 * quantity `pairwise-correlation-difference` (sosie) bootstraps.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricDetail, MetricInput, MetricOptions, MetricResult } from "../types.ts";
import { association, type AssociationMeasure, type AssociationOptions } from "./associations.ts";
import { alignColumns, type ColumnView } from "./columns.ts";
import { resolveOptions } from "./comparison.ts";

export interface AssociationMatrixOptions extends MetricOptions, AssociationOptions {}

/** A symmetric matrix of associations; null where undefined (or the column is absent). */
export interface AssociationMatrix {
  readonly names: readonly string[];
  /** values[i][j]; the diagonal is 1. */
  readonly values: readonly (readonly (number | null)[])[];
  /** The measure of each pair, by the families of its columns. */
  readonly measures: readonly (readonly (AssociationMeasure | null)[])[];
}

/** The §3.1 association matrix of one table's views (null = column absent from that table). */
export function associationMatrix(
  names: readonly string[],
  views: readonly (ColumnView | null)[],
  options: AssociationOptions = {},
): AssociationMatrix {
  const p = names.length;
  const values = Array.from({ length: p }, () => new Array<number | null>(p).fill(null));
  const measures = Array.from({ length: p }, () => new Array<AssociationMeasure | null>(p).fill(null));
  for (let i = 0; i < p; i++) {
    values[i][i] = 1;
    for (let j = i + 1; j < p; j++) {
      const a = views[i];
      const b = views[j];
      if (a === null || b === null) continue;
      const result = association(a, b, options);
      values[i][j] = values[j][i] = result.value;
      measures[i][j] = measures[j][i] = result.measure;
    }
  }
  return { names, values, measures };
}

/** The association matrices of every table, columns aligned on R's evaluated columns. */
export function associationMatrices(tables: readonly Table[], options: AssociationOptions = {}): AssociationMatrix[] {
  const columns = alignColumns(tables);
  const names = columns.map((c) => c.name);
  return tables.map((_, t) =>
    associationMatrix(
      names,
      columns.map((c) => c.views[t]),
      options,
    ),
  );
}

/** One unordered pair of two matrices over the same columns. */
export interface PairDifference {
  readonly columns: readonly [string, string];
  readonly measure: AssociationMeasure | null;
  readonly real: number | null;
  readonly other: number | null;
  /** other − real, null when either is undefined. */
  readonly difference: number | null;
}

/** Every unordered pair (i < j) of A_other − A_real, in column order. */
export function pairDifferences(real: AssociationMatrix, other: AssociationMatrix): PairDifference[] {
  const out: PairDifference[] = [];
  const p = real.names.length;
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++) {
      const r = real.values[i][j];
      const x = other.values[i][j];
      out.push({
        columns: [real.names[i], real.names[j]],
        measure: real.measures[i][j] ?? other.measures[i][j],
        real: r,
        other: x,
        difference: r === null || x === null ? null : x - r,
      });
    }
  return out;
}

/** Mean |difference| over the defined pairs, or null. */
export function meanAbsoluteDifference(pairs: readonly PairDifference[]): number | null {
  let sum = 0;
  let count = 0;
  for (const pair of pairs) {
    if (pair.difference === null) continue;
    sum += Math.abs(pair.difference);
    count++;
  }
  return count === 0 ? null : sum / count;
}

const ID = "association-matrix";
const VARIANTS = ["sosie"] as const;

function computeAssociationMatrix(input: MetricInput, options?: AssociationMatrixOptions): MetricResult[] {
  const resolved = resolveOptions(ID, VARIANTS, options);
  const tables =
    input.holdout === undefined ? [input.real, input.synthetic] : [input.real, input.synthetic, input.holdout];
  const [real, synthetic, holdout] = associationMatrices(tables, resolved);
  const main = pairDifferences(real, synthetic);
  const reference = holdout === undefined ? null : pairDifferences(real, holdout);
  const details: MetricDetail[] = main.map((pair, k) => {
    const ref = reference?.[k] ?? null;
    const stats: Record<string, number | null> = { real: pair.real, synthetic: pair.other };
    if (ref !== null) stats.holdout = ref.other;
    const defined = pair.difference !== null;
    return {
      columns: pair.columns,
      measure: pair.measure ?? "association",
      value: defined ? Math.abs(pair.difference!) : null,
      reference: ref === null || ref.difference === null ? null : Math.abs(ref.difference),
      status: defined ? "ok" : "undefined",
      reason: defined ? null : "association undefined in one of the tables (a constant column or too few rows)",
      stats,
    };
  });
  const value = meanAbsoluteDifference(main);
  return [
    {
      id: ID,
      submetric: ID,
      variant: resolved.variant,
      value,
      min: 0,
      max: 2,
      objective: "min",
      reference: reference === null ? null : meanAbsoluteDifference(reference),
      ci: null,
      ciMethod: null,
      n: { R: input.real.nRows, S: input.synthetic.nRows, H: input.holdout?.nRows ?? null },
      nUndefined: details.filter((d) => d.status === "undefined").length,
      status: value === null ? "undefined" : "ok",
      reason: value === null ? "no pair of columns has an association defined in both tables" : null,
      notes: [
        "descriptive: the details hold the real, synthetic and holdout matrices; the value is mean |A_S − A_R|, with its interval under pairwise-correlation-difference",
      ],
      details,
    },
  ];
}

export const associationMatrixMetric: Metric<AssociationMatrixOptions> = {
  id: ID,
  kind: "utility",
  needs: ["real", "synthetic"],
  optional: ["holdout"],
  variants: VARIANTS,
  description:
    "Matrices of pairwise associations (Pearson/Spearman, Cramér's V, correlation ratio) of the real, synthetic and holdout tables",
  compute: computeAssociationMatrix,
};
