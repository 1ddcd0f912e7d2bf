/**
 * Turning declared columns into group keys for the disclosure (§7) and equivalence-class (§8)
 * measures: numeric columns binned on R (equal-width or quantile), dates optionally to the year or
 * month, categories by level, ∅ as its own value. Keys stay in memory only.
 */
import type { Table } from "../../table/table.ts";
import type { MetricInput } from "../types.ts";
import type { AlignedColumn, NumericView } from "../utility/columns.ts";
import { binWithInteriorEdges, quantileInteriorEdges } from "../utility/discretize.ts";
import { evaluatedColumns } from "./exact-equality.ts";

export type Binning = "equal-width" | "quantile";

export interface Generalization {
  /** Numeric columns: 10 bins of R by default. */
  readonly binning: Binning;
  readonly bins: number;
  /** Dates and datetimes: "year" or "month" instead of bins (§8), or "bins" to bin them like numbers. */
  readonly dates: "year" | "month" | "bins";
  /** Per column: explicit numeric cut points, or a map from level text to its group. */
  readonly hierarchies?: Readonly<
    Record<string, { readonly edges?: readonly number[]; readonly groups?: Readonly<Record<string, string>> }>
  >;
}

/** Interior edges of `bins` equal-width bins over R's non-missing range (outer edges open). */
export function equalWidthInteriorEdges(values: Float64Array, bins: number): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (!Number.isNaN(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!(lo < hi)) return new Float64Array(0);
  return Float64Array.from({ length: bins - 1 }, (_, b) => lo + ((b + 1) * (hi - lo)) / bins);
}

function calendarToken(value: number, kind: "date" | "datetime", unit: "year" | "month"): string {
  const ms = kind === "date" ? value * 86_400_000 : value * 1000;
  const d = new Date(ms);
  return unit === "year" ? String(d.getUTCFullYear()) : `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}`;
}

/**
 * Per table (R first) and row, the generalised value of each column as a token; tokens[c][t][i].
 * Level texts go through `groups` when a hierarchy gives them.
 */
export function generalizedTokens(
  tables: readonly Table[],
  names: readonly string[],
  g: Generalization,
): { columns: AlignedColumn[]; tokens: string[][][] } {
  const columns = evaluatedColumns(tables, names);
  const tokens = columns.map((c) => {
    const hierarchy = g.hierarchies?.[c.name];
    const realColumn = tables[0].column(c.name);
    if (c.family === "categorical") {
      const groups = hierarchy?.groups;
      return c.views.map((v, t) => {
        const column = tables[t].column(c.name);
        if (v === null || v.family !== "categorical") throw new Error(`column "${c.name}" has no categorical view`);
        if (groups === undefined) return Array.from(v.codes, (code) => (code < 0 ? "∅" : String(code)));
        const text = (i: number): string =>
          column.kind === "categorical"
            ? column.levels[column.codes[i]]
            : column.kind === "boolean"
              ? String(column.values[i] === 1)
              : "";
        return Array.from(v.codes, (code, i) => (code < 0 ? "∅" : `=${groups[text(i)] ?? text(i)}`));
      });
    }
    const views = c.views as readonly NumericView[];
    const kind = realColumn.kind;
    if ((kind === "date" || kind === "datetime") && g.dates !== "bins" && hierarchy?.edges === undefined) {
      const unit = g.dates;
      return views.map((v) => Array.from(v.values, (x) => (Number.isNaN(x) ? "∅" : calendarToken(x, kind, unit))));
    }
    const interior =
      hierarchy?.edges !== undefined
        ? Float64Array.from(hierarchy.edges).sort()
        : g.binning === "quantile"
          ? quantileInteriorEdges(views[0].values, g.bins)
          : equalWidthInteriorEdges(views[0].values, g.bins);
    return views.map((v) =>
      Array.from(binWithInteriorEdges(v.values, interior).codes, (code) => (code < 0 ? "∅" : String(code))),
    );
  });
  return { columns, tokens };
}

/** The key of row i of table t over the given token columns. */
export function groupKey(tokens: readonly string[][][], t: number, i: number): string {
  let key = "";
  for (let c = 0; c < tokens.length; c++) key += (c === 0 ? "" : "\u0001") + tokens[c][t][i];
  return key;
}

export function groupKeys(tokens: readonly string[][][], t: number, nRows: number): string[] {
  return Array.from({ length: nRows }, (_, i) => groupKey(tokens, t, i));
}

/** The group key of every row of R and of S over the given columns, generalised alike (bins fitted on R). */
export function realAndSyntheticKeys(
  input: MetricInput,
  columns: readonly string[],
  generalization: Generalization,
): { real: string[]; synthetic: string[] } {
  const { tokens } = generalizedTokens([input.real, input.synthetic], columns, generalization);
  return { real: groupKeys(tokens, 0, input.real.nRows), synthetic: groupKeys(tokens, 1, input.synthetic.nRows) };
}

export const DEFAULT_QUANTILE_GENERALIZATION: Generalization = { binning: "quantile", bins: 10, dates: "year" };
