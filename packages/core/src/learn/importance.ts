/**
 * Permutation feature importance (utility-metrics §5.5): how much a model's score drops when one
 * feature's values are shuffled across the rows of a test set, averaged over seeded repeats.
 */
import type { Rng } from "../random/rng.ts";
import { type Dataset, type Feature, withFeature } from "./dataset.ts";
import type { GbtModel } from "./gbt.ts";
import { protocolScore } from "./tuning.ts";

export interface PermutationImportanceOptions {
  /** Shuffles per feature (default 5). */
  nRepeats?: number;
  /** Score to compare, higher is better (default: AUC, Hand & Till AUC, or −RMSE). */
  score?: (model: GbtModel, data: Dataset) => number;
}

export interface FeatureImportance {
  readonly feature: string;
  /** Base score minus the mean permuted score. */
  readonly importance: number;
  /** Standard deviation of the drop over repeats (population). */
  readonly sd: number;
}

function permuted(f: Feature, order: Int32Array): Feature {
  if (f.kind === "numeric") {
    const v = new Float64Array(order.length);
    for (let i = 0; i < order.length; i++) v[i] = f.values[order[i]];
    return { ...f, values: v };
  }
  const c = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) c[i] = f.codes[order[i]];
  return { ...f, codes: c };
}

/**
 * Importance of every feature of `data` for `model`. Permutations come from
 * rng.derive(feature name, repeat), so a feature's result does not depend on the other features.
 */
export function permutationImportance(
  model: GbtModel,
  data: Dataset,
  rng: Rng,
  options: PermutationImportanceOptions = {},
): FeatureImportance[] {
  const nRepeats = options.nRepeats ?? 5;
  const score = options.score ?? protocolScore;
  const base = score(model, data);
  return data.features.map((f, j) => {
    const drops: number[] = [];
    for (let r = 0; r < nRepeats; r++) {
      const order = rng.derive(f.name, r).permutation(data.nRows);
      drops.push(base - score(model, withFeature(data, j, permuted(f, order))));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / nRepeats;
    const sd = Math.sqrt(drops.reduce((a, d) => a + (d - mean) ** 2, 0) / nRepeats);
    return { feature: f.name, importance: mean, sd };
  });
}
