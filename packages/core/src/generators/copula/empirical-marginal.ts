/**
 * The empirical marginal of the Gaussian copula (generators.md §4.2–4.3): a value maps to its
 * interpolated mid-rank u = (r − 0.5)/m, with tied values sharing their average rank, and u maps
 * back by linear interpolation between R's order statistics (h = u·m + 0.5 clamped to [1, m]).
 * Outputs therefore stay within [min R, max R] and interpolate between real values.
 */

/** The observed values of a column, sorted ascending. */
export function sortedObserved(values: Float64Array, missing: Uint8Array): Float64Array {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (!missing[i]) m++;
  const out = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!missing[i]) out[k++] = values[i];
  return out.sort();
}

/** Mid-rank uniforms per row (NaN where missing); ties get the average of their ranks. */
export function midRankUniforms(values: Float64Array, missing: Uint8Array): Float64Array {
  const n = values.length;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (!missing[i]) rows.push(i);
  rows.sort((a, b) => values[a] - values[b] || a - b);
  const m = rows.length;
  const u = new Float64Array(n).fill(NaN);
  for (let start = 0; start < m;) {
    let end = start + 1;
    while (end < m && values[rows[end]] === values[rows[start]]) end++;
    // 1-based ranks start+1 .. end share their average (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    const value = (rank - 0.5) / m;
    for (let k = start; k < end; k++) u[rows[k]] = value;
    start = end;
  }
  return u;
}

/** The inverse of the mid-rank map: interpolate R's order statistics at h = u·m + 0.5. */
export function empiricalQuantile(sorted: ArrayLike<number>, u: number): number {
  const m = sorted.length;
  const h = Math.min(m, Math.max(1, u * m + 0.5));
  const lo = Math.floor(h);
  if (lo >= m) return sorted[m - 1];
  const a = sorted[lo - 1];
  return a + (h - lo) * (sorted[lo] - a);
}
