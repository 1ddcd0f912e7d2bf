/**
 * Weighted contingency tables of column pairs, for the fast bootstrap of the pair metrics
 * (contingency similarity, column pair trends, Cramér's V, χ² decisions). A replicate's table of
 * the pair (a, b) is accumulated over the exception rows of a categorical member only (rows off
 * its most frequent level): the cells of its modal level follow from the other member's weighted
 * margin minus what the exception rows put there. Most health-table columns are dominated by one
 * level (a drug "No", a flag), so a pair costs the non-modal rows of its sparser member.
 *
 * The table lands in a dense scratch array of the pair's shape (cell a · nB + b, ∅ last on each
 * side, as `crossTabulate` lays it out), zero outside the cells the pair touched; sums run over
 * the touched cells only (the same terms as over the dense table, in another order), and the
 * rare table that needs a cell-by-cell formula (Yates' correction) is read densely.
 */
import type { ContingencyTable } from "./contingency.ts";
import type { PreparedCategorical, PreparedNumeric } from "./weighted.ts";

/** One column of one table on one replicate: a cell per row, weighted margins, exception rows. */
export interface WeightedCells {
  /** Cell of each row (∅ last). */
  readonly cells: Int32Array;
  readonly nCells: number;
  /** Weighted count of each cell. */
  readonly margin: Float64Array;
  /** Rows off the modal cell (null: not worth decomposing, e.g. a binned numeric column). */
  readonly exceptions: Int32Array | null;
  readonly mode: number;
}

/** A categorical column's cells on a replicate (its cells and exceptions never change). */
export function categoricalCells(column: PreparedCategorical, margin: Float64Array): WeightedCells {
  return { cells: column.cells, nCells: column.nCells, margin, exceptions: column.exceptions, mode: column.mode };
}

/**
 * A numeric column binned left-closed on `interior` edges (code = number of edges ≤ x, ∅ last):
 * each row's bin and the weighted bin counts, from one walk in value order.
 */
export function binnedCells(column: PreparedNumeric, w: Float64Array, interior: Float64Array): WeightedCells {
  const nBins = interior.length + 1;
  const cells = new Int32Array(column.nRows);
  const margin = new Float64Array(nBins + 1);
  const { order, sorted, missing } = column;
  let bin = 0;
  for (let k = 0; k < order.length; k++) {
    const x = sorted[k];
    while (bin < interior.length && interior[bin] <= x) bin++;
    const r = order[k];
    cells[r] = bin;
    margin[bin] += w[r];
  }
  for (let k = 0; k < missing.length; k++) {
    cells[missing[k]] = nBins;
    margin[nBins] += w[missing[k]];
  }
  return { cells, nCells: nBins + 1, margin, exceptions: null, mode: -1 };
}

/**
 * Scratch space for the tables of one pair at a time: a dense array per table side (R, other),
 * the union of touched cells, and per-level accumulators.
 */
export class PairScratch {
  private real = new Float64Array(0);
  private other = new Float64Array(0);
  private mark = new Uint8Array(0);
  private touchedCells = new Int32Array(0);
  private nTouched = 0;
  private acc = new Float64Array(0);
  private size = 0;
  nA = 0;
  nB = 0;

  /** Starts the pair's tables, nA × nB cells, all zero. */
  begin(nA: number, nB: number): void {
    const size = nA * nB;
    if (this.real.length < size) {
      this.real = new Float64Array(size);
      this.other = new Float64Array(size);
      this.mark = new Uint8Array(size);
      this.touchedCells = new Int32Array(size);
    }
    if (this.acc.length < Math.max(nA, nB)) this.acc = new Float64Array(Math.max(nA, nB));
    this.size = size;
    this.nA = nA;
    this.nB = nB;
    this.nTouched = 0;
  }

  /** Accumulates one table side: the weighted counts of (a, b) over the rows weighted by w. */
  accumulate(side: "real" | "other", a: WeightedCells, b: WeightedCells, w: Float64Array): void {
    const target = side === "real" ? this.real : this.other;
    const nB = this.nB;
    const acc = this.acc;
    const ac = a.cells;
    const bc = b.cells;
    const useB = b.exceptions !== null && (a.exceptions === null || b.exceptions.length <= a.exceptions.length);
    if (useB || a.exceptions !== null) {
      // Cells off the decomposed member's mode row by row; its modal cells from the other's margin.
      const exceptions = useB ? b.exceptions! : a.exceptions!;
      const key = useB ? ac : bc;
      for (let k = 0; k < exceptions.length; k++) {
        const r = exceptions[k];
        const x = w[r];
        if (x === 0) continue;
        this.add(target, ac[r] * nB + bc[r], x);
        acc[key[r]] += x;
      }
      const margin = useB ? a.margin : b.margin;
      const levels = useB ? a.nCells : b.nCells;
      for (let level = 0; level < levels; level++) {
        const rest = margin[level] - acc[level];
        acc[level] = 0;
        if (rest === 0) continue;
        this.add(target, useB ? level * nB + b.mode : a.mode * nB + level, rest);
      }
    } else {
      for (let r = 0; r < w.length; r++) {
        const x = w[r];
        if (x === 0) continue;
        this.add(target, ac[r] * nB + bc[r], x);
      }
    }
  }

  /** Adds x to a cell of one side, recording the cell as touched. */
  private add(target: Float64Array, cell: number, x: number): void {
    if (this.mark[cell] === 0) {
      this.mark[cell] = 1;
      this.touchedCells[this.nTouched++] = cell;
    }
    target[cell] += x;
  }

  /** The side's table as `crossTabulate` would give it (a view on the scratch: use before `end`). */
  table(side: "real" | "other", total: number): ContingencyTable {
    const counts = (side === "real" ? this.real : this.other).subarray(0, this.size);
    return { nA: this.nA, nB: this.nB, counts, total };
  }

  /** ½ Σ |p − q| over the touched cells (the other cells are 0 on both sides). */
  sparseTotalVariation(totalReal: number, totalOther: number): number {
    let sum = 0;
    for (let k = 0; k < this.nTouched; k++) {
      const cell = this.touchedCells[k];
      sum += Math.abs(this.real[cell] / totalReal - this.other[cell] / totalOther);
    }
    return sum / 2;
  }

  /**
   * Pearson's χ² (no correction) of one side over its non-empty rows and columns, from the
   * touched cells: Σ (O − E)²/E over non-zero cells, plus Σ E over the zero cells, which is
   * r_a/n · (n − Σ of c_b over the row's non-zero cells) per row. Margins are the side's own.
   */
  sparseChiSquare(side: "real" | "other", rowMargin: Float64Array, colMargin: Float64Array, n: number): number {
    const counts = side === "real" ? this.real : this.other;
    const nB = this.nB;
    const seen = this.acc; // per row: Σ c_b over the row's non-zero cells
    let chi2 = 0;
    for (let k = 0; k < this.nTouched; k++) {
      const cell = this.touchedCells[k];
      const o = counts[cell];
      if (o === 0) continue;
      const ai = (cell / nB) | 0;
      const c = colMargin[cell - ai * nB];
      const expected = (rowMargin[ai] * c) / n;
      const diff = o - expected;
      chi2 += (diff * diff) / expected;
      seen[ai] += c;
    }
    for (let ai = 0; ai < this.nA; ai++) {
      if (rowMargin[ai] > 0) chi2 += (rowMargin[ai] / n) * (n - seen[ai]);
      seen[ai] = 0;
    }
    return chi2;
  }

  /** Clears the touched cells for the next pair. */
  end(): void {
    for (let k = 0; k < this.nTouched; k++) {
      const cell = this.touchedCells[k];
      this.real[cell] = 0;
      this.other[cell] = 0;
      this.mark[cell] = 0;
    }
    this.nTouched = 0;
  }
}

/**
 * Pearson r of the rows `rows` (both values present) weighted by w: `correlation` of the resampled
 * columns (two passes, means first). Null below 3 drawn rows or for a constant column.
 */
export function weightedPearson(x: Float64Array, y: Float64Array, rows: Int32Array, w: Float64Array): number | null {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const v = w[r];
    if (v === 0) continue;
    m += v;
    sx += v * x[r];
    sy += v * y[r];
  }
  if (m < 3) return null;
  const mx = sx / m;
  const my = sy / m;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const v = w[r];
    if (v === 0) continue;
    const dx = x[r] - mx;
    const dy = y[r] - my;
    sxx += v * dx * dx;
    syy += v * dy * dy;
    sxy += v * dx * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Rows where both numbers are present. */
export function completeRows(x: Float64Array, y: Float64Array): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) rows.push(i);
  return Int32Array.from(rows);
}

/** Weighted moments of a numeric column over its present rows, shared by all its η pairs. */
export interface NumericMoments {
  /** Weight of the present rows. */
  readonly m: number;
  readonly total: number;
  readonly mean: number;
  /** Σ w (y − mean)². */
  readonly ssTotal: number;
}

/** The moments of y over the rows `present` weighted by w (two passes, mean first). */
export function numericMoments(y: Float64Array, present: Int32Array, w: Float64Array): NumericMoments {
  let m = 0;
  let total = 0;
  for (let k = 0; k < present.length; k++) {
    const r = present[k];
    const v = w[r];
    if (v === 0) continue;
    m += v;
    total += v * y[r];
  }
  const mean = total / m;
  let ssTotal = 0;
  if (m > 0)
    for (let k = 0; k < present.length; k++) {
      const r = present[k];
      const v = w[r];
      if (v === 0) continue;
      const d = y[r] - mean;
      ssTotal += v * d * d;
    }
  return { m, total, mean, ssTotal };
}

/**
 * The correlation ratio η of numbers y by the cells of `groups` (∅ a group), over the rows where y
 * is present, weighted by w: `correlationRatio` of the resampled columns. The group sums are
 * taken over the exception rows of `groups`; its modal group gets the rest of the moments.
 * `sums` and `counts` are zeroed scratch arrays of at least nCells entries (left zeroed). Null
 * when no row is drawn or SS_total is 0.
 */
export function weightedCorrelationRatio(
  y: Float64Array,
  moments: NumericMoments,
  groups: WeightedCells & { readonly exceptions: Int32Array },
  w: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): number | null {
  const { m, total, mean, ssTotal } = moments;
  if (m === 0 || ssTotal === 0) return null;
  const { exceptions, cells, mode, nCells } = groups;
  let restSum = total;
  let restCount = m;
  for (let k = 0; k < exceptions.length; k++) {
    const r = exceptions[k];
    const v = w[r];
    if (v === 0 || Number.isNaN(y[r])) continue;
    const x = v * y[r];
    sums[cells[r]] += x;
    counts[cells[r]] += v;
    restSum -= x;
    restCount -= v;
  }
  sums[mode] = restSum;
  counts[mode] = restCount;
  let ssBetween = 0;
  for (let g = 0; g < nCells; g++) {
    if (counts[g] > 0) ssBetween += counts[g] * (sums[g] / counts[g] - mean) ** 2;
    sums[g] = 0;
    counts[g] = 0;
  }
  return Math.min(1, Math.sqrt(ssBetween / ssTotal));
}

/** Rows where the number is present. */
export function presentRows(x: Float64Array): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) rows.push(i);
  return Int32Array.from(rows);
}

/**
 * `weightedPearson` when the pair's complete rows are all the present rows of both columns: the
 * columns' own moments (same sums, same order) serve every pair, and only Σ w·dx·dy is summed.
 */
export function weightedPearsonOfMoments(
  x: Float64Array,
  y: Float64Array,
  rows: Int32Array,
  w: Float64Array,
  mx: NumericMoments,
  my: NumericMoments,
): number | null {
  if (mx.m < 3) return null;
  const a = mx.mean;
  const b = my.mean;
  let sxy = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const v = w[r];
    if (v === 0) continue;
    sxy += v * (x[r] - a) * (y[r] - b);
  }
  if (mx.ssTotal === 0 || my.ssTotal === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(mx.ssTotal * my.ssTotal)));
}
