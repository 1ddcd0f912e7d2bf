/**
 * Columns prepared once for weighted recomputation (the fast bootstrap of §6.1). A bootstrap
 * replicate of a table is a weight per row (how many times the row was drawn); statistics of the
 * resampled table are weighted statistics of the original one:
 *
 * - level counts of a categorical column come from its *exception rows* (rows not at the
 *   column's most frequent level): the modal count is the total weight minus theirs, so the cost
 *   follows the share of non-modal rows, not the number of rows;
 * - order statistics of a numeric column (quantiles, extremes, bins, KS steps) come from one
 *   walk over the rows in sorted order, sorted once.
 *
 * Weights are whole numbers, so counts are exact and the values computed from them are those of
 * the resampled tables (sums of real values up to round-off).
 */
import type { Table } from "../../table/table.ts";
import { alignColumns, type AlignedColumn, type CategoricalView, type NumericView } from "./columns.ts";

/** A categorical view with ∅ as the last cell (code nLevels), and its exception rows. */
export interface PreparedCategorical {
  readonly family: "categorical";
  /** Cell of each row: the level code, nLevels for ∅. */
  readonly cells: Int32Array;
  /** nLevels + 1. */
  readonly nCells: number;
  /** The most frequent cell. */
  readonly mode: number;
  /** Rows whose cell is not the mode, ascending. */
  readonly exceptions: Int32Array;
  readonly nRows: number;
}

/** A numeric view with its present rows in value order and its ∅ rows. */
export interface PreparedNumeric {
  readonly family: "numeric";
  readonly values: Float64Array;
  /** Rows with a value, by ascending value (ties in row order). */
  readonly order: Int32Array;
  /** Values in that order. */
  readonly sorted: Float64Array;
  /** Rows with ∅. */
  readonly missing: Int32Array;
  readonly nRows: number;
}

export type PreparedView = PreparedCategorical | PreparedNumeric;

export function prepareCategorical(view: CategoricalView): PreparedCategorical {
  const n = view.codes.length;
  const nCells = view.nLevels + 1;
  const cells = new Int32Array(n);
  const counts = new Float64Array(nCells);
  for (let i = 0; i < n; i++) {
    const c = view.codes[i] < 0 ? view.nLevels : view.codes[i];
    cells[i] = c;
    counts[c]++;
  }
  let mode = 0;
  for (let c = 1; c < nCells; c++) if (counts[c] > counts[mode]) mode = c;
  const exceptions = new Int32Array(n - counts[mode]);
  let k = 0;
  for (let i = 0; i < n; i++) if (cells[i] !== mode) exceptions[k++] = i;
  return { family: "categorical", cells, nCells, mode, exceptions, nRows: n };
}

export function prepareNumeric(view: NumericView): PreparedNumeric {
  const values = view.values;
  const present: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < values.length; i++) (Number.isNaN(values[i]) ? missing : present).push(i);
  const order = Int32Array.from(present).sort((a, b) =>
    values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : a - b,
  );
  return {
    family: "numeric",
    values,
    order,
    sorted: Float64Array.from(order, (r) => values[r]),
    missing: Int32Array.from(missing),
    nRows: values.length,
  };
}

/** One aligned column of (R, other), each side prepared when present. */
export interface PreparedColumn {
  readonly name: string;
  readonly family: AlignedColumn["family"];
  readonly aligned: AlignedColumn;
  readonly real: PreparedView | null;
  readonly other: PreparedView | null;
}

export interface PreparedPair {
  readonly real: Table;
  readonly other: Table;
  readonly columns: readonly PreparedColumn[];
}

// Prepared per (R, other): every metric bootstrapping the same tables shares one preparation.
const cache = new WeakMap<Table, WeakMap<Table, PreparedPair>>();

function prepareView(view: AlignedColumn["views"][number]): PreparedView | null {
  if (view === null) return null;
  return view.family === "numeric" ? prepareNumeric(view) : prepareCategorical(view);
}

/** The evaluated columns of R aligned with `other` and prepared for weighted statistics. */
export function preparePair(real: Table, other: Table): PreparedPair {
  let byOther = cache.get(real);
  if (byOther === undefined) cache.set(real, (byOther = new WeakMap()));
  let prepared = byOther.get(other);
  if (prepared === undefined) {
    const columns = alignColumns([real, other]).map((aligned): PreparedColumn => ({
      name: aligned.name,
      family: aligned.family,
      aligned,
      real: prepareView(aligned.views[0]),
      other: prepareView(aligned.views[1]),
    }));
    prepared = { real, other, columns };
    byOther.set(other, prepared);
  }
  return prepared;
}

/** Sum of the weights (the resampled table's row count). */
export function totalWeight(w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i];
  return s;
}

/**
 * Cell counts of the resampled column, ∅ last: what `levelCounts` gives on the resampled view.
 * `total` is the sum of the weights.
 */
export function weightedCellCounts(column: PreparedCategorical, w: Float64Array, total: number): Float64Array {
  const counts = new Float64Array(column.nCells);
  const { cells, exceptions } = column;
  let rest = 0;
  for (let k = 0; k < exceptions.length; k++) {
    const r = exceptions[k];
    const x = w[r];
    counts[cells[r]] += x;
    rest += x;
  }
  counts[column.mode] = total - rest;
  return counts;
}

/** Weight of the ∅ rows of a numeric column. */
export function missingWeight(column: PreparedNumeric, w: Float64Array): number {
  let s = 0;
  for (let k = 0; k < column.missing.length; k++) s += w[column.missing[k]];
  return s;
}

/**
 * Type-7 quantiles (§1.5) of the resampled column's values at probabilities `ps` (ascending):
 * `quantileType7` of the resampled sorted values. NaN for all when no value was drawn.
 */
export function weightedQuantiles(column: PreparedNumeric, w: Float64Array, ps: readonly number[]): Float64Array {
  const { order, sorted } = column;
  let m = 0;
  for (let k = 0; k < order.length; k++) m += w[order[k]];
  const out = new Float64Array(ps.length);
  if (m === 0) return out.fill(NaN);
  // Positions (0-based) in the resampled sorted values that each quantile reads.
  let k = 0; // index into order
  let before = 0; // resampled values before order[k]
  const valueAt = (position: number): number => {
    // Move to the sorted entry covering `position` (positions come nearly in order: rarely back one).
    while (position < before) {
      k--;
      before -= w[order[k]];
    }
    while (before + w[order[k]] <= position) {
      before += w[order[k]];
      k++;
    }
    return sorted[k];
  };
  for (let q = 0; q < ps.length; q++) {
    const h = (m - 1) * ps[q];
    const lo = Math.floor(h);
    if (lo >= m - 1) out[q] = valueAt(m - 1);
    else {
      const a = valueAt(lo);
      const b = valueAt(lo + 1);
      out[q] = a + (h - lo) * (b - a);
    }
  }
  return out;
}

/** The smallest and largest drawn values, or null when no value was drawn. */
export function weightedRange(column: PreparedNumeric, w: Float64Array): [number, number] | null {
  const { order, sorted } = column;
  let first = 0;
  while (first < order.length && w[order[first]] === 0) first++;
  if (first === order.length) return null;
  let last = order.length - 1;
  while (w[order[last]] === 0) last--;
  return [sorted[first], sorted[last]];
}

/**
 * Counts of the resampled column in left-closed bins between open outer edges (`interior` edges,
 * ascending; code = number of interior edges ≤ x), ∅ last: what `levelCounts` gives on
 * `binWithInteriorEdges` of the resampled values.
 */
export function weightedBinCounts(column: PreparedNumeric, w: Float64Array, interior: Float64Array): Float64Array {
  const nBins = interior.length + 1;
  const counts = new Float64Array(nBins + 1);
  const { order, sorted } = column;
  let bin = 0;
  for (let k = 0; k < order.length; k++) {
    const x = sorted[k];
    while (bin < interior.length && interior[bin] <= x) bin++;
    counts[bin] += w[order[k]];
  }
  counts[nBins] = missingWeight(column, w);
  return counts;
}

/** The pooled value order of two numeric columns, for two-sample statistics (KS). */
export interface PooledOrder {
  /** Row of each pooled entry, by ascending value; entries of `b` are offset by a's row count. */
  readonly rows: Int32Array;
  readonly values: Float64Array;
  readonly offset: number;
}

/** The present values of both columns in one ascending order, through a non-decreasing `transform`. */
export function pooledOrder(
  a: PreparedNumeric,
  b: PreparedNumeric,
  transform: (x: number) => number = (x) => x,
): PooledOrder {
  const total = a.order.length + b.order.length;
  const rows = new Int32Array(total);
  const values = new Float64Array(total);
  const va = a.sorted.map(transform);
  const vb = b.sorted.map(transform);
  let i = 0;
  let j = 0;
  for (let k = 0; k < total; k++) {
    if (j >= vb.length || (i < va.length && va[i] <= vb[j])) {
      rows[k] = a.order[i];
      values[k] = va[i++];
    } else {
      rows[k] = b.order[j] + a.nRows;
      values[k] = vb[j++];
    }
  }
  return { rows, values, offset: a.nRows };
}

/**
 * sup |F_a − F_b| of the resampled columns over every pooled value (`ksDistance` of the resampled
 * sorted samples). `startA` and `startB` are weights counted below every value (∅ coded −∞), and
 * `nA`, `nB` the resampled sample sizes; both must be positive.
 */
export function weightedKsDistance(
  pooled: PooledOrder,
  wa: Float64Array,
  wb: Float64Array,
  startA: number,
  startB: number,
  nA: number,
  nB: number,
): number {
  const { rows, values, offset } = pooled;
  let i = startA;
  let j = startB;
  let d = startA + startB > 0 ? Math.abs(i / nA - j / nB) : 0;
  const total = rows.length;
  let k = 0;
  while (k < total) {
    const v = values[k];
    while (k < total && values[k] === v) {
      const r = rows[k];
      if (r < offset) i += wa[r];
      else j += wb[r - offset];
      k++;
    }
    const gap = Math.abs(i / nA - j / nB);
    if (gap > d) d = gap;
  }
  return d;
}

/**
 * Interior edges of the sosie rule (§2.5) on the resampled column: `quantileInteriorEdges` of the
 * resampled values (quantiles Q_{b/B}, duplicates removed, outer two dropped).
 */
export function weightedQuantileInteriorEdges(column: PreparedNumeric, w: Float64Array, bins: number): Float64Array {
  const ps: number[] = [];
  for (let b = 0; b <= bins; b++) ps.push(b / bins);
  const q = weightedQuantiles(column, w, ps);
  if (Number.isNaN(q[0])) return new Float64Array(0);
  const edges: number[] = [];
  for (let b = 0; b <= bins; b++) if (edges.length === 0 || q[b] > edges[edges.length - 1]) edges.push(q[b]);
  return Float64Array.from(edges.slice(1, -1));
}
