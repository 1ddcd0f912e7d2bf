/**
 * Frequency-interval encoding of categories (RDT's UniformEncoder; generators.md §4.2): levels
 * are laid end to end on [0, 1) in a fixed order, each covering an interval as wide as its
 * frequency in R. A row with level c gets a uniform point of c's interval; a u decodes to the
 * level whose interval holds it. Unobserved levels get no interval and are never produced.
 */
import type { Rng } from "../../random/rng.ts";

export type CategoricalOrder = "frequency" | "levels";

export interface Intervals {
  /** Level codes in interval order (observed levels only). */
  readonly order: readonly number[];
  /** Upper ends b_c of the intervals, in the same order; the last is exactly 1. */
  readonly upper: readonly number[];
}

/**
 * Interval layout from codes: `frequency` orders by decreasing count, ties by first appearance
 * in R; `levels` keeps the declared level order (natural for ordinals).
 */
export function fitIntervals(
  codes: ArrayLike<number>,
  missing: Uint8Array,
  nLevels: number,
  order: CategoricalOrder,
): Intervals {
  const counts = new Float64Array(nLevels);
  const firstSeen = new Float64Array(nLevels).fill(Infinity);
  let m = 0;
  for (let i = 0; i < codes.length; i++) {
    if (missing[i]) continue;
    const c = codes[i];
    if (counts[c] === 0) firstSeen[c] = i;
    counts[c]++;
    m++;
  }
  const levels: number[] = [];
  for (let c = 0; c < nLevels; c++) if (counts[c] > 0) levels.push(c);
  if (order === "frequency") levels.sort((a, b) => counts[b] - counts[a] || firstSeen[a] - firstSeen[b]);
  const upper: number[] = [];
  let cumulative = 0;
  for (const c of levels) {
    cumulative += counts[c];
    // From integer counts, so the last upper end is exactly 1 and no drift accumulates.
    upper.push(cumulative / m);
  }
  return { order: levels, upper };
}

/** u per row (NaN where missing): a uniform point of the row's level interval, from `rng`. */
export function encodeIntervals(
  intervals: Intervals,
  codes: ArrayLike<number>,
  missing: Uint8Array,
  rng: Rng,
): Float64Array {
  const position = new Map<number, number>();
  intervals.order.forEach((c, k) => position.set(c, k));
  const u = new Float64Array(codes.length).fill(NaN);
  for (let i = 0; i < codes.length; i++) {
    if (missing[i]) continue;
    const k = position.get(codes[i])!;
    const a = k === 0 ? 0 : intervals.upper[k - 1];
    const b = intervals.upper[k];
    const x = a + rng.next() * (b - a);
    // Rounding can land a + U·f on b itself, which belongs to the next level.
    u[i] = x < b ? x : a;
  }
  return u;
}

/** The level code whose interval [a_c, b_c) holds u (u ≥ 1 decodes to the last level). */
export function decodeInterval(intervals: Intervals, u: number): number {
  const upper = intervals.upper;
  let lo = 0;
  let hi = upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (upper[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return intervals.order[lo];
}
