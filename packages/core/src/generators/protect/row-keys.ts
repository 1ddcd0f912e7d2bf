/**
 * Rows as the guard compares them (privacy-metrics.md §1.1, on the finished representation):
 * numerics and dates rounded to the schema's decimals, categories and booleans by their text,
 * ∅ equal to ∅; identifiers and free text left out (they are regenerated or never written).
 * A key joins the tokens; the guard keeps only a 64-bit FNV-1a hash of it.
 */
import type { Column } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import { type ColumnSchema, roundHalfAway } from "../output-schema.ts";

const MISSING = "∅";
const SEPARATOR = "\u0001";
/** Categories and booleans are written "c" + their text. */
const CATEGORY_MARK = "c".charCodeAt(0);

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

/** FNV-1a, 64 bits, over UTF-16 code units, on two 32-bit halves (no BigInt). */
class Fnv64 {
  hi = 0xcbf29ce4;
  lo = 0x84222325;

  reset(): void {
    this.hi = 0xcbf29ce4;
    this.lo = 0x84222325;
  }

  /** h = (h ^ unit) · (2^40 + 0x1b3) mod 2^64 = (h ^ unit) · 0x1b3 + (lo · 2^8) · 2^32. */
  unit(code: number): void {
    const lo = (this.lo ^ code) >>> 0;
    const low = lo * 0x1b3; // < 2^41, exact
    this.hi = (this.hi * 0x1b3 + Math.floor(low / 0x100000000) + ((lo << 8) >>> 0)) % 0x100000000;
    this.lo = low % 0x100000000;
  }

  text(text: string): void {
    for (let i = 0; i < text.length; i++) this.unit(text.charCodeAt(i));
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, "0") + this.lo.toString(16).padStart(8, "0");
  }
}

/** 64-bit FNV-1a of a key (random/rng.ts fnv1a64) as 16 hex digits. */
export function hashKey(key: string): string {
  const h = new Fnv64();
  h.text(key);
  return h.hex();
}

/**
 * hashKey(rowKeys(table, schema)[i]) for every row, without building the keys: each row's tokens
 * and separators are fed to the hash as they come (the keys of a large table are mostly garbage).
 */
export function rowHashes(table: Table, schema: readonly ColumnSchema[]): string[] {
  const columns = compared(table, schema);
  const hashes = new Array<string>(table.nRows);
  const h = new Fnv64();
  const separator = SEPARATOR.charCodeAt(0);
  for (let i = 0; i < table.nRows; i++) {
    h.reset();
    for (const { column: c, decimals } of columns) {
      if (c.missing[i]) h.text(MISSING);
      else if (c.kind === "categorical" || c.kind === "boolean") {
        h.unit(CATEGORY_MARK);
        h.text(c.kind === "categorical" ? c.levels[c.codes[i]] : c.tokens[c.values[i]]);
      } else h.text(tokenOf(c, decimals, i));
      h.unit(separator);
    }
    hashes[i] = h.hex();
  }
  return hashes;
}
