/**
 * Building small tables by hand for the metric tests: numbers and level texts, null for ∅.
 */
import { categoricalColumn, numericColumn, type Column } from "../../table/column.ts";
import { Table } from "../../table/table.ts";

export function num(name: string, values: readonly (number | null)[]): Column {
  const missing = Uint8Array.from(values, (v) => (v === null ? 1 : 0));
  return numericColumn(
    name,
    Float64Array.from(values, (v) => v ?? NaN),
    { missing },
  );
}

/** Levels in order of first appearance, as a reader would record them. */
export function cat(name: string, values: readonly (string | null)[]): Column {
  const levels: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let code = levels.indexOf(v);
    if (code < 0) code = levels.push(v) - 1;
    return code;
  });
  return categoricalColumn(name, codes, levels);
}

export function table(...columns: Column[]): Table {
  return new Table(columns);
}
