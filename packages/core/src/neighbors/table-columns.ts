/** Which columns of a table the distance spaces compare, and how they read as numbers. */

import { type Column, isFloatColumn, isModelled } from "../table/column.ts";
import type { Table } from "../table/table.ts";
import type { CategoryDictionary } from "./category-dictionary.ts";

/** Numeric (continuous, integer, date, datetime) or categorical (categorical, boolean). */
export type DistanceKind = "numeric" | "categorical";

export function distanceKind(c: Column): DistanceKind {
  return isFloatColumn(c) ? "numeric" : "categorical";
}

/** The modelled columns (identifiers and free text are never compared), or the named ones. */
export function comparedColumns(table: Table, names?: readonly string[]): string[] {
  if (names !== undefined) {
    for (const n of names)
      if (!isModelled(table.column(n))) throw new RangeError(`column "${n}" is an identifier or text`);
    return [...names];
  }
  return table.columns.filter((c) => isModelled(c)).map((c) => c.name);
}

/** A numeric column's values with NaN where missing (a copy). */
export function numericValues(c: Column): Float64Array {
  if (!isFloatColumn(c)) throw new RangeError(`column "${c.name}" is not numeric`);
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c.missing[i] ? NaN : c.values[i];
  return out;
}

/** A categorical or boolean column's shared codes as numbers, NaN where missing. */
export function categoryValues(c: Column, dictionary: CategoryDictionary): Float64Array {
  if (c.kind !== "categorical" && c.kind !== "boolean") throw new RangeError(`column "${c.name}" is not categorical`);
  const codes = dictionary.encode(c);
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = codes[i] < 0 ? NaN : codes[i];
  return out;
}

/** Checks that `table` has every named column with the same distance kind as in `reference`. */
export function checkSameColumns(reference: Table, table: Table, names: readonly string[]): void {
  for (const n of names) {
    if (!table.has(n)) throw new RangeError(`table has no column "${n}"`);
    if (distanceKind(table.column(n)) !== distanceKind(reference.column(n)))
      throw new RangeError(`column "${n}" is numeric in one table and categorical in the other`);
  }
}

/** Minimum and maximum of the non-missing values over several columns (NaN when none). */
export function rangeOf(columns: readonly Float64Array[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of columns)
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x < min) min = x;
      if (x > max) max = x;
    }
  return min <= max ? { min, max } : { min: NaN, max: NaN };
}
