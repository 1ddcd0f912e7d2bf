/**
 * Training columns as plain JSON, for generators whose model is the real table itself (avatar,
 * SMOTE): typed arrays become number arrays (NaN, under the missing mask, becomes null) and come
 * back as the same typed arrays.
 */
import {
  type Column,
  booleanColumn,
  categoricalColumn,
  numericColumn,
  stringColumn,
  temporalColumn,
} from "../../table/column.ts";
import { Table } from "../../table/table.ts";

export type SavedColumn =
  | { kind: "continuous" | "integer"; name: string; values: (number | null)[]; missing: number[]; decimals?: number }
  | { kind: "date" | "datetime"; name: string; values: (number | null)[]; missing: number[]; format: string }
  | { kind: "categorical"; name: string; codes: number[]; missing: number[]; levels: string[]; ordered: boolean }
  | { kind: "boolean"; name: string; values: number[]; missing: number[]; tokens: [string, string] }
  | { kind: "identifier" | "text"; name: string; values: string[]; missing: number[] };

const floats = (v: Float64Array): (number | null)[] => Array.from(v, (x) => (Number.isFinite(x) ? x : null));
const unfloats = (v: readonly (number | null)[]): Float64Array => Float64Array.from(v, (x) => (x === null ? NaN : x));

export function saveColumn(c: Column): SavedColumn {
  const missing = Array.from(c.missing);
  switch (c.kind) {
    case "continuous":
    case "integer":
      return { kind: c.kind, name: c.name, values: floats(c.values), missing, ...(c.decimals !== undefined ? { decimals: c.decimals } : {}) };
    case "date":
    case "datetime":
      return { kind: c.kind, name: c.name, values: floats(c.values), missing, format: c.format };
    case "categorical":
      return { kind: c.kind, name: c.name, codes: Array.from(c.codes), missing, levels: [...c.levels], ordered: c.ordered };
    case "boolean":
      return { kind: c.kind, name: c.name, values: Array.from(c.values), missing, tokens: [c.tokens[0], c.tokens[1]] };
    case "identifier":
    case "text":
      return { kind: c.kind, name: c.name, values: [...c.values], missing };
  }
}

export function loadColumn(s: SavedColumn): Column {
  const missing = Uint8Array.from(s.missing);
  switch (s.kind) {
    case "continuous":
    case "integer":
      return numericColumn(s.name, unfloats(s.values), { kind: s.kind, missing, ...(s.decimals !== undefined ? { decimals: s.decimals } : {}) });
    case "date":
    case "datetime":
      return temporalColumn(s.name, s.kind, unfloats(s.values), s.format, { missing });
    case "categorical":
      return categoricalColumn(s.name, Int32Array.from(s.codes), s.levels, { missing, ordered: s.ordered });
    case "boolean":
      return booleanColumn(s.name, Uint8Array.from(s.values), { missing, tokens: s.tokens });
    case "identifier":
    case "text":
      return stringColumn(s.name, s.kind, [...s.values], { missing });
  }
}

export function saveColumns(table: Table): SavedColumn[] {
  return table.columns.map(saveColumn);
}

export function loadTable(saved: readonly SavedColumn[], nRows: number): Table {
  return new Table(saved.map(loadColumn), nRows);
}
