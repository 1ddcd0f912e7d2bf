/**
 * Shared category codes for comparing tables: the same level text gets the same code in every
 * table encoded through one dictionary, whatever each table's own level order.
 * Booleans are keyed by value (false/true), not by their written tokens.
 */

import type { BooleanColumn, CategoricalColumn } from "../table/column.ts";

export class CategoryDictionary {
  private readonly codes = new Map<string, number>();

  /** Number of distinct levels seen so far. */
  get size(): number {
    return this.codes.size;
  }

  /** The code of a level, adding it if new. */
  codeOf(level: string): number {
    let c = this.codes.get(level);
    if (c === undefined) {
      c = this.codes.size;
      this.codes.set(level, c);
    }
    return c;
  }

  /** Codes of every row of a categorical or boolean column; missing rows get −1. */
  encode(column: CategoricalColumn | BooleanColumn): Int32Array {
    const out = new Int32Array(column.length);
    if (column.kind === "categorical") {
      const map = column.levels.map((l) => this.codeOf(l));
      for (let i = 0; i < column.length; i++) out[i] = column.missing[i] ? -1 : map[column.codes[i]];
    } else {
      const map = [this.codeOf("false"), this.codeOf("true")];
      for (let i = 0; i < column.length; i++) out[i] = column.missing[i] ? -1 : map[column.values[i]];
    }
    return out;
  }
}
