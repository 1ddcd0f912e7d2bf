/**
 * One numeric column's marginal in the copula: empirical (R's sorted values) or parametric (a
 * fitted family), behind one pair of maps value → u and u → value.
 */
import { empiricalQuantile, midRankUniforms, sortedObserved } from "./empirical-marginal.ts";
import {
  type ParametricFamily,
  type ParametricMarginal,
  fitBestParametric,
  fitParametric,
  parametricCdf,
  parametricQuantile,
} from "./parametric-marginal.ts";

export const MARGINAL_CHOICES = [
  "empirical",
  "normal",
  "truncnorm",
  "beta",
  "gamma",
  "uniform",
  "lognormal",
  "auto",
] as const;
export type MarginalChoice = (typeof MARGINAL_CHOICES)[number];

export type Marginal = { readonly family: "empirical"; readonly sorted: readonly number[] } | ParametricMarginal;

export function fitMarginal(values: Float64Array, missing: Uint8Array, choice: MarginalChoice): Marginal {
  const sorted = sortedObserved(values, missing);
  if (choice === "empirical") return { family: "empirical", sorted: Array.from(sorted) };
  if (choice === "auto") return fitBestParametric(sorted);
  return fitParametric(sorted, choice as ParametricFamily);
}

/** u per row (NaN where missing), before clipping. */
export function marginalUniforms(marginal: Marginal, values: Float64Array, missing: Uint8Array): Float64Array {
  if (marginal.family === "empirical") return midRankUniforms(values, missing);
  const u = new Float64Array(values.length).fill(NaN);
  for (let i = 0; i < values.length; i++) if (!missing[i]) u[i] = parametricCdf(marginal, values[i]);
  return u;
}

export function marginalQuantile(marginal: Marginal, u: number): number {
  return marginal.family === "empirical" ? empiricalQuantile(marginal.sorted, u) : parametricQuantile(marginal, u);
}

export function storesRealValues(marginal: Marginal): boolean {
  return marginal.family === "empirical";
}
