/**
 * Privacy-safe histogram edges for the report. Edges are equal-width steps of 1, 2 or 5 × 10^k,
 * shifted by half a unit of the data's resolution (0.5 for integers and days, 0.05 for one
 * decimal...), so no edge can equal an observed value: neither a real extreme nor any rare value.
 */

/** Target number of bins; the nice step makes the actual count close to it. */
export const TARGET_BINS = 12;

/** The smallest 1, 2 or 5 × 10^k that is at least `raw` (and at least `unit`). */
export function niceStep(raw: number, unit: number): number {
  if (!(raw > unit)) return unit;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw * (1 - 1e-12)) return Math.max(unit, m * power);
  return Math.max(unit, 10 * power);
}

/** Rounds away binary noise (0.30000000000000004 → 0.3) without touching meaningful digits. */
export function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * Edges covering [min, max] with half-unit offsets: edges[0] < min and edges[last] > max.
 * `unit` is the data's resolution (a power of ten: 1 for integers, 0.1 for one decimal).
 */
export function safeEdges(min: number, max: number, unit: number, targetBins = TARGET_BINS): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max) && max >= min))
    throw new RangeError("safeEdges needs finite min ≤ max");
  const step = niceStep((max - min) / targetBins, unit);
  const first = clean(Math.floor(min / step) * step - unit / 2);
  const nBins = Math.max(1, Math.ceil((max - first) / step));
  const edges: number[] = [];
  for (let i = 0; i <= nBins; i++) edges.push(clean(first + i * step));
  // A last edge landing exactly on max would put max outside [first, last): add one more step.
  if (edges[edges.length - 1] <= max) edges.push(clean(first + (nBins + 1) * step));
  return edges;
}

/** Index of the bin of x (values outside the edges go to the end bins). */
export function binOf(x: number, edges: readonly number[]): number {
  const last = edges.length - 2;
  let lo = 0;
  let hi = last;
  if (x < edges[1]) return 0;
  if (x >= edges[last]) return last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (edges[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The resolution of numbers with `decimals` decimals: 10^-decimals (capped at 6 decimals). */
export function unitOfDecimals(decimals: number): number {
  return 10 ** -Math.min(6, Math.max(0, decimals));
}
