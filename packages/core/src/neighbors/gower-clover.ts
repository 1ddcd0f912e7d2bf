/**
 * Gower distance, `clover` variant (privacy-metrics.md §2.2), reproducing Clover's modified
 * Gower code: float32 arithmetic; numeric ranges from the union of the two tables, recomputed on
 * every call; contribution |x − y|/(max − min), 0 when the range is 0 and 0 when max is 0 (the
 * quirk); categorical 0/1 on the raw values with ∅ ≠ ∅; a numeric ∅ makes the distance NaN;
 * mean over all columns.
 *
 * Search sorts NaN distances after every number (ties by index), as numpy's sort does.
 */

import type { Table } from "../table/table.ts";
import { CategoryDictionary } from "./category-dictionary.ts";
import { type Neighbors, type SearchOptions, emptyNeighbors, offerCandidate, resolveSearch } from "./search-result.ts";
import {
  categoryValues,
  checkSameColumns,
  comparedColumns,
  distanceKind,
  numericValues,
  rangeOf,
} from "./table-columns.ts";

const f32 = Math.fround;

export interface CloverPair {
  readonly p: number;
  /** Per column: true for numeric. */
  readonly numeric: readonly boolean[];
  /** Per column: float32 range, or 0 when the column contributes nothing (range 0 or max 0). */
  readonly range: Float32Array;
  readonly query: readonly Float64Array[];
  readonly ref: readonly Float64Array[];
  readonly nQuery: number;
  readonly nRef: number;
}

export function cloverEncode(query: Table, ref: Table, options: { columns?: readonly string[] } = {}): CloverPair {
  const names = comparedColumns(query, options.columns);
  if (names.length === 0) throw new RangeError("Gower distance needs at least one column");
  checkSameColumns(query, ref, names);
  const numeric: boolean[] = [];
  const range = new Float32Array(names.length);
  const qCols: Float64Array[] = [];
  const rCols: Float64Array[] = [];
  for (const [c, name] of names.entries()) {
    if (distanceKind(query.column(name)) === "numeric") {
      const q = numericValues(query.column(name)).map(f32);
      const r = numericValues(ref.column(name)).map(f32);
      let { min, max } = rangeOf([q, r]);
      if (Number.isNaN(max)) max = 0;
      if (Number.isNaN(min)) min = 0;
      range[c] = max === 0 ? 0 : f32(max - min);
      numeric.push(true);
      qCols.push(q);
      rCols.push(r);
    } else {
      const dictionary = new CategoryDictionary();
      numeric.push(false);
      qCols.push(categoryValues(query.column(name), dictionary));
      rCols.push(categoryValues(ref.column(name), dictionary));
    }
  }
  return { p: names.length, numeric, range, query: qCols, ref: rCols, nQuery: query.nRows, nRef: ref.nRows };
}

/** Clover's Gower distance between query row i and reference row j (float32 value as a number). */
export function cloverDistance(pair: CloverPair, i: number, j: number): number {
  let s = 0;
  for (let c = 0; c < pair.p; c++) {
    const a = pair.query[c][i];
    const b = pair.ref[c][j];
    if (pair.numeric[c]) {
      if (a !== a || b !== b) return NaN;
      const r = pair.range[c];
      if (r !== 0) s = f32(s + f32(f32(Math.abs(f32(a - b))) / r));
    } else if (a !== b) s = f32(s + 1); // missing codes are NaN, so ∅ never equals ∅
  }
  return f32(s / pair.p);
}

export function cloverKnn(pair: CloverPair, k: number, options: SearchOptions = {}): Neighbors {
  const { start, end } = resolveSearch(pair.nQuery, pair.nRef, k, options);
  const nq = end - start;
  const result = emptyNeighbors(nq, k, start);
  const keys = new Float64Array(nq * k);
  const sortKeys = new Float64Array(nq * k).fill(Infinity);
  for (let ql = 0; ql < nq; ql++) {
    const q = start + ql;
    for (let r = 0; r < pair.nRef; r++) {
      if (options.excludeSelf && r === q) continue;
      const d = cloverDistance(pair, q, r);
      // NaN is ordered after every number; its key is +∞ and the distance is restored below.
      offerCandidate(sortKeys, result.indices, keys, ql * k, k, Number.isNaN(d) ? Infinity : d, r, d);
    }
  }
  for (let i = 0; i < nq * k; i++) result.distances[i] = keys[i];
  return result;
}
