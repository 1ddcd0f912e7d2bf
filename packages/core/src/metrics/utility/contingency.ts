/**
 * Contingency tables of two categorical views, with ∅ as a level of its own (spec §1.3, §3.1,
 * §3.6). Both the association measures and contingency similarity count cells this way.
 */
import type { CategoricalView } from "./columns.ts";

/** Row-major counts: cell (a, b) at a * nB + b; the last level of each side is ∅. */
export interface ContingencyTable {
  readonly nA: number;
  readonly nB: number;
  readonly counts: Float64Array;
  /** Rows counted (every row of the table: ∅ is a level). */
  readonly total: number;
}

/** Joint counts of two equally long views; code −1 (∅) counts as the extra level nLevels. */
export function crossTabulate(a: CategoricalView, b: CategoricalView): ContingencyTable {
  if (a.codes.length !== b.codes.length) throw new RangeError("views of different lengths");
  const nA = a.nLevels + 1;
  const nB = b.nLevels + 1;
  const counts = new Float64Array(nA * nB);
  const ca = a.codes;
  const cb = b.codes;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i] < 0 ? a.nLevels : ca[i];
    const y = cb[i] < 0 ? b.nLevels : cb[i];
    counts[x * nB + y]++;
  }
  return { nA, nB, counts, total: ca.length };
}

/** Level counts of one view, ∅ last (at index nLevels). */
export function levelCounts(view: CategoricalView): Float64Array {
  const counts = new Float64Array(view.nLevels + 1);
  const codes = view.codes;
  for (let i = 0; i < codes.length; i++) counts[codes[i] < 0 ? view.nLevels : codes[i]]++;
  return counts;
}

/**
 * Total variation between the relative frequencies of two tables of the same shape:
 * ½ Σ |p − q| over cells. A table with no rows has no frequencies: the caller must not pass one.
 */
export function totalVariation(p: Float64Array, pTotal: number, q: Float64Array, qTotal: number): number {
  if (p.length !== q.length) throw new RangeError("tables of different shapes");
  let sum = 0;
  for (let k = 0; k < p.length; k++) sum += Math.abs(p[k] / pTotal - q[k] / qTotal);
  return sum / 2;
}

/** Row and column totals of a contingency table, and its grand total. */
export interface TableMargins {
  readonly rowTotals: Float64Array;
  readonly colTotals: Float64Array;
  readonly n: number;
}

export function tableMargins(table: ContingencyTable): TableMargins {
  const { nA, nB, counts } = table;
  const rowTotals = new Float64Array(nA);
  const colTotals = new Float64Array(nB);
  let n = 0;
  for (let a = 0; a < nA; a++)
    for (let b = 0; b < nB; b++) {
      const c = counts[a * nB + b];
      rowTotals[a] += c;
      colTotals[b] += c;
      n += c;
    }
  return { rowTotals, colTotals, n };
}

/** Number of non-zero entries (non-empty rows or columns, levels drawn, ...). */
export function nonZero(margin: Float64Array): number {
  let k = 0;
  for (let i = 0; i < margin.length; i++) if (margin[i] > 0) k++;
  return k;
}

/**
 * Pearson's χ² = Σ (|O − E| − c)²/E over the cells of non-empty rows and columns, with Yates'
 * correction c = min(0.5, |O − E|) when asked and c = 0 otherwise (n > 0).
 */
export function pearsonChiSquare(table: ContingencyTable, margins: TableMargins, yates: boolean): number {
  const { nA, nB, counts } = table;
  const { rowTotals, colTotals, n } = margins;
  let statistic = 0;
  for (let a = 0; a < nA; a++) {
    if (rowTotals[a] === 0) continue;
    for (let b = 0; b < nB; b++) {
      if (colTotals[b] === 0) continue;
      const expected = (rowTotals[a] * colTotals[b]) / n;
      let gap = Math.abs(counts[a * nB + b] - expected);
      if (yates) gap -= Math.min(0.5, gap);
      statistic += (gap * gap) / expected;
    }
  }
  return statistic;
}
