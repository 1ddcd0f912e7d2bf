/**
 * The Anonymeter mixed distance (privacy-metrics.md §2.3): numeric columns divided by their range
 * over the union of the two frames (range 0 → 1), categorical 0/1, summed (not averaged).
 *
 * ∅ rules: `sosie` (default) both ∅ → 0, one ∅ → 1; `anonymeter` both ∅ → 1 (as the reference
 * code), one ∅ → 1. Both rules apply to numeric and categorical columns alike.
 */

import type { Table } from "../table/table.ts";
import { CategoryDictionary } from "./category-dictionary.ts";
import {
  CATEGORICAL,
  type EncodedRows,
  type MixedRules,
  NUMERIC,
  contributionOrder,
  mixedKnn,
  mixedSum,
  permuteRules,
  rowsFromColumns,
} from "./mixed-kernel.ts";
import type { Neighbors, SearchOptions } from "./search-result.ts";
import {
  categoryValues,
  checkSameColumns,
  comparedColumns,
  distanceKind,
  numericValues,
  rangeOf,
} from "./table-columns.ts";

export type AnonymeterMissingRule = "sosie" | "anonymeter";

export interface AnonymeterPair {
  readonly query: EncodedRows;
  readonly ref: EncodedRows;
  readonly rules: MixedRules;
  /** Compared columns in evaluation order. */
  readonly columns: readonly string[];
}

/** Encodes two frames on the given columns (default: all modelled columns of `query`). */
export function anonymeterEncode(
  query: Table,
  ref: Table,
  options: { columns?: readonly string[]; missing?: AnonymeterMissingRule } = {},
): AnonymeterPair {
  const names = comparedColumns(query, options.columns);
  if (names.length === 0) throw new RangeError("Anonymeter distance needs at least one column");
  checkSameColumns(query, ref, names);
  const both = options.missing === "anonymeter" ? 1 : 0;
  const p = names.length;
  const kind = new Uint8Array(p);
  const range = new Float64Array(p).fill(1);
  const qCols: Float64Array[] = [];
  const rCols: Float64Array[] = [];
  for (const [c, name] of names.entries()) {
    if (distanceKind(query.column(name)) === "numeric") {
      const q = numericValues(query.column(name));
      const r = numericValues(ref.column(name));
      const { min, max } = rangeOf([q, r]);
      kind[c] = NUMERIC;
      range[c] = max - min > 0 ? max - min : 1;
      qCols.push(q);
      rCols.push(r);
    } else {
      const dictionary = new CategoryDictionary();
      kind[c] = CATEGORICAL;
      qCols.push(categoryValues(query.column(name), dictionary));
      rCols.push(categoryValues(ref.column(name), dictionary));
    }
  }
  const natural: MixedRules = {
    kind,
    range,
    cap: new Float64Array(p).fill(Infinity),
    weight: new Float64Array(p).fill(1),
    bothMissing: new Float64Array(p).fill(both),
    oneMissing: new Float64Array(p).fill(1),
    divisor: 1,
  };
  const identity = Int32Array.from({ length: p }, (_, c) => c);
  const order = contributionOrder(natural, rowsFromColumns(rCols, ref.nRows, identity));
  return {
    query: rowsFromColumns(qCols, query.nRows, order),
    ref: rowsFromColumns(rCols, ref.nRows, order),
    rules: permuteRules(natural, order),
    columns: Array.from(order, (c) => names[c]),
  };
}

/** Anonymeter distance between query row i and reference row j of an encoded pair. */
export function anonymeterDistance(pair: AnonymeterPair, i: number, j: number): number {
  return mixedSum(pair.rules, pair.query, i, pair.ref, j);
}

/** Exact k nearest reference rows (Anonymeter distance) of each query row in the range. */
export function anonymeterKnn(pair: AnonymeterPair, k: number, options: SearchOptions = {}): Neighbors {
  return mixedKnn(pair.rules, pair.query, pair.ref, k, options);
}
