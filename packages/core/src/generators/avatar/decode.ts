/**
 * Categorical decoding of reconstructed dummies (spec generators.md §2.2 step 6): `max` takes the
 * modality with the largest value (ties: first in fitted order); `sample` draws with probability
 * ∝ max(0, value), falling back to `max` when no value is positive. Candidates are given in
 * ascending modality order.
 *
 * The ∅ modality (a categorical column's ∅, a numeric column's "missing" companion saying "yes") is
 * decoded first and always by a draw: ∅ with probability equal to its clipped share of the clipped
 * values (with `inverse = full`, the weighted share of neighbours with ∅), else the column is
 * decoded among its other modalities by `max` or `sample`. Decoding ∅ by `max` would make it
 * whenever it is the plurality among the neighbours, which inflates the missing rate of a column
 * whose ∅ is its largest modality (diabetes-130 medical_specialty: 49 % → 55 %); the draw keeps
 * the rate to within the neighbour averaging.
 */
import type { Rng } from "../../random/rng.ts";

export type CategoricalDecoding = "max" | "sample";

/** The candidate with the largest value, `skip` excepted; the first one on ties. */
export function decodeMax(values: Float64Array, candidates: Int32Array, count: number, skip = -1): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let c = 0; c < count; c++) {
    const m = candidates[c];
    if (m === skip) continue;
    if (best < 0 || values[m] > bestValue) {
      bestValue = values[m];
      best = m;
    }
  }
  return best;
}

/** A candidate (`skip` excepted) drawn ∝ max(0, value), or `decodeMax` when none is positive. */
export function decodeSample(values: Float64Array, candidates: Int32Array, count: number, rng: Rng, skip = -1): number {
  let total = 0;
  for (let c = 0; c < count; c++) if (candidates[c] !== skip) total += Math.max(0, values[candidates[c]]);
  if (!(total > 0)) return decodeMax(values, candidates, count, skip);
  const u = rng.next() * total;
  let cum = 0;
  let last = -1;
  for (let c = 0; c < count; c++) {
    if (candidates[c] === skip) continue;
    const v = Math.max(0, values[candidates[c]]);
    if (v <= 0) continue;
    cum += v;
    last = candidates[c];
    if (cum > u) return last;
  }
  return last; // rounding left u at the very top
}

/**
 * One cell: the ∅ modality `missing` (−1: none) drawn with probability max(0, v∅) / Σ max(0, v),
 * then the other modalities by `decoding`. When no value is positive (possible with
 * `inverse = ncp` only), `max` over every candidate, ∅ included, as the spec's fallback.
 * Draw order: the ∅ uniform (only when 0 < P(∅) < 1), then `sample`'s uniform if any.
 */
export function decodeCell(
  values: Float64Array,
  candidates: Int32Array,
  count: number,
  missing: number,
  decoding: CategoricalDecoding,
  rng: Rng,
): number {
  if (missing >= 0) {
    let total = 0;
    let share = 0;
    for (let c = 0; c < count; c++) {
      const v = Math.max(0, values[candidates[c]]);
      total += v;
      if (candidates[c] === missing) share = v;
    }
    if (!(total > 0)) return decodeMax(values, candidates, count);
    if (share > 0 && (share >= total || rng.next() * total < share)) return missing;
    return decoding === "sample"
      ? decodeSample(values, candidates, count, rng, missing)
      : decodeMax(values, candidates, count, missing);
  }
  return decoding === "sample" ? decodeSample(values, candidates, count, rng) : decodeMax(values, candidates, count);
}
