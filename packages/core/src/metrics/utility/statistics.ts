/**
 * Small numeric routines shared by the utility metrics, following the numeric conventions of
 * spec §1.5: type-7 quantiles, average ranks, the two-sample Kolmogorov–Smirnov distance.
 */

/** The non-NaN values, sorted ascending (−∞ sorts first). */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) m++;
  const out = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[k++] = values[i];
  return out.sort();
}

/** Linear (type 7, numpy default) quantile of sorted values; NaN when there are none. */
export function quantileType7(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * p;
  const lo = Math.floor(h);
  if (lo >= m - 1) return sorted[m - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/**
 * sup |F_a − F_b| of the empirical CDFs of two sorted samples, evaluated at every pooled value.
 * Both samples must be non-empty.
 */
export function ksDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = a[i] <= b[j] ? a[i] : b[j];
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    const gap = Math.abs(i / n - j / m);
    if (gap > d) d = gap;
  }
  // Once one sample is exhausted its CDF is 1 and the gap only shrinks: nothing left to find.
  return d;
}

/** Round half to even, as numpy's `rint`. */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** numpy's `round(x, decimals)`: scale, round half to even, scale back. */
export function roundDecimals(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return rint(x * f) / f;
}

/** Average ranks (1-based; ties share the mean of their positions). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((p, q) => values[p] - values[q]);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/** Mean and sample standard deviation (divisor n − 1; 0 for a single value) of at least one value. */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, sd };
}

/** Arithmetic mean of the non-null entries, or null when there are none (spec §1.7). */
export function meanDefined(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    count++;
  }
  return count === 0 ? null : sum / count;
}
