/**
 * Turning numeric columns into bins for contingency tables (spec §3.6, §2.5 sosie rule).
 */
import type { CategoricalView } from "./columns.ts";
import { quantileType7, sortedPresent } from "./statistics.ts";

const SDMETRICS_BINS = 10;

/**
 * The classic SDMetrics rule: 10 equal-width bins over this table's own non-missing range
 * (numpy `histogram_bin_edges`), then numpy `digitize`: code = number of edges ≤ x. Values in
 * range get codes 1..10, the maximum and ∅ (NaN sorts last) get 11, as in SDMetrics.
 */
export function binEqualWidthOwnRange(values: Float64Array): CategoricalView {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // numpy's outer edges: (0, 1) for no values, ±0.5 around a constant.
  if (lo > hi) [lo, hi] = [0, 1];
  else if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const edges = new Float64Array(SDMETRICS_BINS + 1);
  const step = (hi - lo) / SDMETRICS_BINS;
  // numpy linspace: i·step + start, with the last edge set to stop exactly.
  for (let i = 0; i < SDMETRICS_BINS; i++) edges[i] = i * step + lo;
  edges[SDMETRICS_BINS] = hi;
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = Number.isNaN(v) ? edges.length : countEdgesAtMost(edges, v);
  }
  return { family: "categorical", codes, nLevels: edges.length + 1 };
}

/** Number of sorted edges ≤ x (binary search). */
function countEdgesAtMost(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Interior edges of the sosie rule (§2.5): type-7 quantiles Q_{b/B} of R's non-missing values,
 * duplicates removed, the outer two dropped (they become −∞ and +∞).
 */
export function quantileInteriorEdges(realValues: Float64Array, bins: number): Float64Array {
  const sorted = sortedPresent(realValues);
  if (sorted.length === 0) return new Float64Array(0);
  const edges: number[] = [];
  for (let b = 0; b <= bins; b++) {
    const q = quantileType7(sorted, b / bins);
    if (edges.length === 0 || q > edges[edges.length - 1]) edges.push(q);
  }
  return Float64Array.from(edges.slice(1, -1));
}

/**
 * Left-closed bins [e_b, e_{b+1}) between open outer edges: code = number of interior edges ≤ x.
 * ∅ stays −1 (its own level for contingency tables).
 */
export function binWithInteriorEdges(values: Float64Array, interior: Float64Array): CategoricalView {
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++)
    codes[i] = Number.isNaN(values[i]) ? -1 : countEdgesAtMost(interior, values[i]);
  return { family: "categorical", codes, nLevels: interior.length + 1 };
}
