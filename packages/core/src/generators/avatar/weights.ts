/**
 * The avatar's random weights (spec generators.md §2.2 step 4): for neighbours j = 1..k at
 * distances d_j, P_j = (1/max(d_j, δ_floor)) · R_j · 2^(−π_j) with R_j ~ Exponential(1) and π a
 * uniform random permutation of 1..k, normalised to sum to 1. The floor keeps 1/d finite for
 * duplicates and for the row itself.
 */
import type { Rng } from "../../random/rng.ts";

/**
 * Weights from given draws (pure, for hand checks): `exponentials` R_1..R_k, `ranks` π_1..π_k
 * (1-based). Writes w into `out` (length ≥ k) and returns it.
 */
export function avatarWeights(
  distances: ArrayLike<number>,
  floor: number,
  exponentials: ArrayLike<number>,
  ranks: ArrayLike<number>,
  k: number,
  out: Float64Array = new Float64Array(k),
): Float64Array {
  let total = 0;
  for (let j = 0; j < k; j++) {
    const p = (exponentials[j] * 2 ** -ranks[j]) / Math.max(distances[j], floor);
    out[j] = p;
    total += p;
  }
  for (let j = 0; j < k; j++) out[j] /= total;
  return out;
}

/** Where R and π come from: the seeded stream, or fixed values in tests. */
export interface WeightDraws {
  /** Fills `exponentials` (k values) and `ranks` (a permutation of 1..k) for the next row. */
  draw(rng: Rng, k: number, exponentials: Float64Array, ranks: Int32Array): void;
}

/** The spec's draw order: k uniforms for R_1..R_k, then the k − 1 of a Fisher–Yates shuffle of 1..k. */
export const seededWeightDraws: WeightDraws = {
  draw(rng, k, exponentials, ranks) {
    for (let j = 0; j < k; j++) exponentials[j] = rng.exponential();
    for (let j = 0; j < k; j++) ranks[j] = j + 1;
    rng.shuffle(ranks.subarray(0, k));
  },
};
