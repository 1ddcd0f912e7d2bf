/**
 * Columns as the utility metrics see them (spec §1.2): numeric (numbers, integers, dates as days,
 * datetimes as seconds) or categorical (categories, booleans), with identifiers and free text left
 * out. Categorical columns of R, S and H are put on one shared code space, so that a level means
 * the same thing in every table.
 */
import type { Column } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";

export type ColumnFamily = "numeric" | "categorical";

/** Numbers with NaN for ∅. */
export interface NumericView {
  readonly family: "numeric";
  readonly values: Float64Array;
}

/** Codes into a level space shared by the compared tables, -1 for ∅. */
export interface CategoricalView {
  readonly family: "categorical";
  readonly codes: Int32Array;
  readonly nLevels: number;
}

export type ColumnView = NumericView | CategoricalView;

/** How the metrics treat a column of this kind, or null when it is not evaluated. */
export function columnFamily(column: Column): ColumnFamily | null {
  switch (column.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime":
      return "numeric";
    case "categorical":
    case "boolean":
      return "categorical";
    case "identifier":
    case "text":
      return null;
  }
}

/** One evaluated column of R with its counterparts in the other tables, in the order given. */
export interface AlignedColumn {
  readonly name: string;
  readonly family: ColumnFamily;
  /** views[0] is R; null when the column is missing from that table or of another family. */
  readonly views: readonly (ColumnView | null)[];
}

/**
 * The evaluated columns of `tables[0]` (R), in its order, with views on every table. A column
 * that another table lacks, or holds with a different family, gets null there.
 */
export function alignColumns(tables: readonly Table[]): AlignedColumn[] {
  const [real] = tables;
  const out: AlignedColumn[] = [];
  for (const column of real.columns) {
    const family = columnFamily(column);
    if (family === null) continue;
    const counterparts = tables.map((t) => (t.has(column.name) ? t.column(column.name) : null));
    const matching = counterparts.map((c) => (c !== null && columnFamily(c) === family ? c : null));
    const views =
      family === "numeric" ? matching.map((c) => (c === null ? null : numericView(c))) : categoricalViews(matching);
    out.push({ name: column.name, family, views });
  }
  return out;
}

/** Names of the columns no metric evaluates (identifiers, free text), for "not evaluated" lists. */
export function notEvaluatedColumns(table: Table): string[] {
  return table.columns.filter((c) => columnFamily(c) === null).map((c) => c.name);
}

function numericView(column: Column): NumericView {
  if (column.kind !== "continuous" && column.kind !== "integer" && column.kind !== "date" && column.kind !== "datetime")
    throw new TypeError(`column "${column.name}" is not numeric`);
  // Sentinels under the mask are already NaN (table/column.ts), so the values serve as they are.
  return { family: "numeric", values: column.values };
}

/** The texts of a categorical or boolean column's levels, indexed by code. */
function levelTexts(column: Column): readonly string[] {
  if (column.kind === "categorical") return column.levels;
  if (column.kind === "boolean") return ["false", "true"];
  throw new TypeError(`column "${column.name}" is not categorical`);
}

function rowCodes(column: Column): ArrayLike<number> {
  if (column.kind === "categorical") return column.codes;
  if (column.kind === "boolean") return column.values;
  throw new TypeError(`column "${column.name}" is not categorical`);
}

const PLAIN_NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * The key a level is matched by across tables. Levels match by text, except when every level of
 * the column, in every table, is a number: then they match by value, so that "1" and "1.0" are one
 * level. That is what pandas does when it reads numeric category codes from two files, and what
 * the SDMetrics scores of the peer fixtures rely on.
 */
function levelKeys(columns: readonly (Column | null)[]): (text: string) => string {
  const allNumeric = columns.every(
    (c) => c === null || c.kind === "boolean" || levelTexts(c).every((t) => PLAIN_NUMBER.test(t)),
  );
  return allNumeric ? (text) => (PLAIN_NUMBER.test(text) ? String(Number(text)) : text) : (text) => text;
}

function categoricalViews(columns: readonly (Column | null)[]): (CategoricalView | null)[] {
  const keyOf = levelKeys(columns);
  const shared = new Map<string, number>();
  // All remaps first, so that every view sees the final number of shared levels.
  const remaps = columns.map((c) => {
    if (c === null) return null;
    return levelTexts(c).map((text) => {
      const key = keyOf(text);
      let code = shared.get(key);
      if (code === undefined) {
        code = shared.size;
        shared.set(key, code);
      }
      return code;
    });
  });
  return columns.map((c, t): CategoricalView | null => {
    const remap = remaps[t];
    if (c === null || remap === null) return null;
    const source = rowCodes(c);
    const codes = new Int32Array(c.length);
    for (let i = 0; i < c.length; i++) codes[i] = c.missing[i] ? -1 : remap[source[i]];
    return { family: "categorical", codes, nLevels: shared.size };
  });
}
