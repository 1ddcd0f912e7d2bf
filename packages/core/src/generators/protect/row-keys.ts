/**
 * Rows as the guard compares them (privacy-metrics.md §1.1, on the finished representation):
 * numerics and dates rounded to the schema's decimals, categories and booleans by their text,
 * ∅ equal to ∅; identifiers and free text left out (they are regenerated or never written).
 * A key joins the tokens; the guard keeps only a 64-bit FNV-1a hash of it.
 */
import type { Column } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import { type ColumnSchema, roundHalfAway } from "../schema.ts";

const MISSING = "∅";
const SEPARATOR = "\u0001";

function tokenOf(c: Column, decimals: number, i: number): string {
  if (c.missing[i]) return MISSING;
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime":
      return String(roundHalfAway(c.values[i], decimals));
    case "categorical":
      return `c${c.levels[c.codes[i]]}`;
    case "boolean":
      return `c${c.tokens[c.values[i]]}`;
    default:
      return "";
  }
}

/** The compared columns of `table`, in schema order. */
function compared(table: Table, schema: readonly ColumnSchema[]): { column: Column; decimals: number }[] {
  return schema
    .filter((s) => s.kind !== "identifier" && s.kind !== "text" && table.has(s.name))
    .map((s) => ({ column: table.column(s.name), decimals: s.roundDecimals ?? 12 }));
}

export function rowKeys(table: Table, schema: readonly ColumnSchema[]): string[] {
  const columns = compared(table, schema);
  const keys = new Array<string>(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    let key = "";
    for (const { column, decimals } of columns) key += tokenOf(column, decimals, i) + SEPARATOR;
    keys[i] = key;
  }
  return keys;
}

/**
 * The discrete cell of each row: its categorical and boolean texts and which numerics are ∅. The
 * guard replaces a row by one of the same cell, so that rejecting rows does not shift the joint
 * distribution of categories and missingness (rows of some cells are unique more often).
 */
export function stratumKeys(table: Table, schema: readonly ColumnSchema[]): string[] {
  const columns = compared(table, schema);
  const keys = new Array<string>(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    let key = "";
    for (const { column, decimals } of columns)
      key +=
        (column.kind === "categorical" || column.kind === "boolean"
          ? tokenOf(column, decimals, i)
          : column.missing[i]
            ? MISSING
            : "") + SEPARATOR;
    keys[i] = key;
  }
  return keys;
}

/**
 * 64-bit FNV-1a of the key's UTF-16 code units (random/rng.ts fnv1a64) as 16 hex digits, computed
 * on two 32-bit halves instead of BigInt: h · (2^40 + 0x1b3) = h · 0x1b3 + (lo · 2^8) · 2^32.
 */
export function hashKey(key: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < key.length; i++) {
    lo = (lo ^ key.charCodeAt(i)) >>> 0;
    const low = lo * 0x1b3; // < 2^41, exact
    const carry = Math.floor(low / 0x100000000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) % 0x100000000;
    lo = low % 0x100000000;
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}
