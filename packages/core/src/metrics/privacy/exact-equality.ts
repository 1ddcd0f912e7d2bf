/**
 * Exact equality of values and rows (privacy-metrics.md §1.1), used by exact matches, uniques,
 * direct-match protections, CPR and the equivalence classes:
 * - numeric values (dates as days or seconds) are compared after rounding to the column's
 *   declared decimals (option, then the column's own `decimals`, else the most observed in R);
 * - categorical values (booleans included) are compared as their level text;
 * - ∅ equals ∅.
 * Each value becomes a token; a row's key joins its tokens. Keys stay in memory only.
 */
import { SosieOptionError } from "../../errors.ts";
import { decimalsOf } from "../../generators/output-schema.ts";
import type { Table } from "../../table/table.ts";
import { type AlignedColumn, alignColumns } from "../utility/columns.ts";
import { roundDecimals } from "../utility/statistics.ts";

const MISSING_TOKEN = "∅";
const SEPARATOR = "\u0001";

/** The evaluated columns of R (identifiers and free text left out), present in every other table. */
export function evaluatedColumns(tables: readonly Table[], names?: readonly string[]): AlignedColumn[] {
  const aligned = alignColumns(tables);
  const chosen = names === undefined ? aligned : names.map((n) => aligned.find((c) => c.name === n));
  return chosen.map((c, i) => {
    if (c === undefined)
      throw new SosieOptionError(`column "${names![i]}" is not an evaluated column of the real table`);
    c.views.forEach((v, t) => {
      if (v === null) throw new SosieOptionError(`column "${c.name}" is missing or of another kind in table ${t + 1}`);
    });
    return c;
  });
}

/** Decimals used to compare a numeric column: declared, else the column's, else the most observed in R. */
export function comparisonDecimals(real: Table, name: string, declared?: Readonly<Record<string, number>>): number {
  const given = declared?.[name];
  if (given !== undefined) {
    if (!(Number.isInteger(given) && given >= 0))
      throw new SosieOptionError(`decimals of "${name}" must be a non-negative integer`);
    return given;
  }
  const column = real.column(name);
  if ((column.kind === "continuous" || column.kind === "integer") && column.decimals !== undefined)
    return column.decimals;
  if (column.kind !== "continuous") return 0; // integers, dates and datetimes are whole numbers
  let most = 0;
  for (let i = 0; i < column.length; i++) if (!column.missing[i]) most = Math.max(most, decimalsOf(column.values[i]));
  return most;
}

/**
 * Per column and per table, the token of every row: "∅", the level code, or the rounded number.
 * tokens[c][t][i] is column c of table t, row i.
 */
export function valueTokens(
  columns: readonly AlignedColumn[],
  real: Table,
  declared?: Readonly<Record<string, number>>,
): string[][][] {
  return columns.map((c) => {
    const decimals = c.family === "numeric" ? comparisonDecimals(real, c.name, declared) : 0;
    return c.views.map((view) => {
      if (view === null) throw new Error(`column "${c.name}" has no view`);
      if (view.family === "categorical")
        return Array.from(view.codes, (code) => (code < 0 ? MISSING_TOKEN : String(code)));
      return Array.from(view.values, (x) => (Number.isNaN(x) ? MISSING_TOKEN : String(roundDecimals(x, decimals) + 0)));
    });
  });
}

/** Row keys of table t over the given token columns. */
export function rowKeys(tokens: readonly string[][][], t: number, nRows: number): string[] {
  const keys = new Array<string>(nRows);
  for (let i = 0; i < nRows; i++) {
    let key = "";
    for (let c = 0; c < tokens.length; c++) key += (c === 0 ? "" : SEPARATOR) + tokens[c][t][i];
    keys[i] = key;
  }
  return keys;
}

/** How many times each key occurs. */
export function countKeys(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** Row keys of R (table 0) and each other table over the evaluated columns (or the named ones). */
export function exactRowKeys(
  tables: readonly Table[],
  options: { columns?: readonly string[]; decimals?: Readonly<Record<string, number>> } = {},
): { columns: AlignedColumn[]; keys: string[][] } {
  const columns = evaluatedColumns(tables, options.columns);
  const tokens = valueTokens(columns, tables[0], options.decimals);
  return { columns, keys: tables.map((t, i) => rowKeys(tokens, i, t.nRows)) };
}
