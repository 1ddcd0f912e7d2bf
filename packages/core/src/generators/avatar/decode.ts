/**
 * Categorical decoding of reconstructed dummies (spec generators.md §2.2 step 6): `max` takes the
 * modality with the largest value (ties: first in fitted order); `sample` draws with probability
 * ∝ max(0, value), falling back to `max` when no value is positive. Candidates are given in
 * ascending modality order.
 */
import type { Rng } from "../../random/rng.ts";

export type CategoricalDecoding = "max" | "sample";

/** The candidate with the largest value; the first one on ties. */
export function decodeMax(values: Float64Array, candidates: Int32Array, count: number): number {
  let best = candidates[0];
  let bestValue = values[best];
  for (let c = 1; c < count; c++) {
    const m = candidates[c];
    if (values[m] > bestValue) {
      bestValue = values[m];
      best = m;
    }
  }
  return best;
}

/** A candidate drawn ∝ max(0, value), or `decodeMax` when none is positive. */
export function decodeSample(values: Float64Array, candidates: Int32Array, count: number, rng: Rng): number {
  let total = 0;
  for (let c = 0; c < count; c++) total += Math.max(0, values[candidates[c]]);
  if (!(total > 0)) return decodeMax(values, candidates, count);
  const u = rng.next() * total;
  let cum = 0;
  let last = -1;
  for (let c = 0; c < count; c++) {
    const v = Math.max(0, values[candidates[c]]);
    if (v <= 0) continue;
    cum += v;
    last = candidates[c];
    if (cum > u) return last;
  }
  return last; // rounding left u at the very top
}
