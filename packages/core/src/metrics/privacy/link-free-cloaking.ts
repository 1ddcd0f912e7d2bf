/**
 * Link-free analogues of the hidden rate and local cloaking (§3.11, status sosie), for generators
 * without a link: identifiability-score (synthcity IdentifiabilityScore) and radius-cloaking.
 * Each original's natural radius r_i is its distance to the nearest other original.
 */
import type { MetricInput } from "../types.ts";
import { privacyMetric } from "./definition.ts";
import { type Points, countWithinRadius, nearestTwo, projectTables } from "./projected-space.ts";
import { median, privacyRecord, resolveVariant, undefinedRecord } from "./record.ts";
import type { PrivacyOptions, PrivacyResult } from "./types.ts";

/** r_i: each original's distance to its nearest other original. */
function naturalRadius(real: Points): Float64Array {
  return nearestTwo(real, real, { excludeSelf: true }).d1;
}

/** identified_i = d1(o_i, S) < r_i. */
function identifiedOf(real: Points, synthetic: Points, radius: Float64Array): Uint8Array {
  const toSynthetic = nearestTwo(real, synthetic).d1;
  return Uint8Array.from(toSynthetic, (d, i) => (d < radius[i] ? 1 : 0));
}

/** r_i, identified_i = d1(o_i, S) < r_i, and c_i = #{s : d(o_i, s) ≤ r_i}. */
export function radiusExposure(
  real: Points,
  synthetic: Points,
  radius?: Float64Array,
): { identified: Uint8Array; cloaking: Int32Array; radius: Float64Array } {
  const r = radius ?? naturalRadius(real);
  const identified = identifiedOf(real, synthetic, r);
  const cloaking = countWithinRadius(
    real,
    synthetic,
    r.map((x) => x * x),
  );
  return { identified, cloaking, radius: r };
}

interface IdentifiabilityOptions extends PrivacyOptions {
  /** Weight each column by 1/entropy of its real distribution before distances (synthcity). */
  readonly entropyWeights?: boolean;
}

function entropyWeights(input: MetricInput): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const c of input.real.columns) {
    if (c.kind === "identifier" || c.kind === "text") continue;
    const counts = new Map<string, number>();
    for (let i = 0; i < c.length; i++) {
      const key = c.missing[i] ? "∅" : c.kind === "categorical" ? String(c.codes[i]) : String(c.values[i]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let h = 0;
    for (const n of counts.values()) h -= (n / c.length) * Math.log(n / c.length);
    // A constant column has zero entropy: give it the weight of a two-value column instead of ∞.
    weights[c.name] = 1 / Math.max(h, Math.log(2));
  }
  return weights;
}

function space(input: MetricInput, options: IdentifiabilityOptions | undefined) {
  const weighted = options?.entropyWeights === true ? { ...options, columnWeights: entropyWeights(input) } : options;
  const projected = projectTables([input.real, input.synthetic], weighted);
  return { info: projected.info, real: projected.points[0], synthetic: projected.points[1] };
}

function computeIdentifiability(input: MetricInput, options?: IdentifiabilityOptions): PrivacyResult[] {
  resolveVariant("identifiability-score", ["sosie"], options);
  const base = {
    id: "identifiability-score",
    unit: "share",
    min: 0,
    max: 1,
    objective: "min" as const,
    definitionStatus: "sosie" as const,
    distance: "euclidean-projected",
  };
  if (input.real.nRows < 2) return [undefinedRecord(input, base, "needs at least two real rows", "too-small")];
  const p = space(input, options);
  const identified = identifiedOf(p.real, p.synthetic, naturalRadius(p.real));
  const score = identified.reduce((a, b) => a + b, 0) / identified.length;
  const params = { ncp: p.info.ncp, entropyWeights: options?.entropyWeights === true };
  return [
    privacyRecord(input, { ...base, value: score, space: p.info, params }),
    privacyRecord(input, {
      ...base,
      submetric: "identifiability-hidden-rate",
      value: 100 * (1 - score),
      unit: "%",
      max: 100,
      objective: "max",
      space: p.info,
      params,
    }),
  ];
}

export const identifiabilityScore = privacyMetric<IdentifiabilityOptions>({
  id: "identifiability-score",
  description:
    "Share of originals with a synthetic row closer than their nearest other original (link-free hidden rate)",
  compute: computeIdentifiability,
});

function computeRadiusCloaking(input: MetricInput, options?: PrivacyOptions): PrivacyResult[] {
  resolveVariant("radius-cloaking", ["sosie"], options);
  const base = {
    id: "radius-cloaking",
    unit: "count",
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    objective: "max" as const,
    definitionStatus: "sosie" as const,
    distance: "euclidean-projected",
  };
  if (input.real.nRows < 2) return [undefinedRecord(input, base, "needs at least two real rows", "too-small")];
  const p = space(input, options);
  const { cloaking } = radiusExposure(p.real, p.synthetic);
  const zero = cloaking.reduce((a, c) => a + (c === 0 ? 1 : 0), 0) / cloaking.length;
  return [
    privacyRecord(input, {
      ...base,
      value: median(cloaking),
      space: p.info,
      params: { ncp: p.info.ncp, aggregation: "median (type 7)" },
      details: [{ columns: [], measure: "share-zero", value: zero, reference: null, status: "ok", reason: null }],
    }),
  ];
}

export const radiusCloaking = privacyMetric<PrivacyOptions>({
  id: "radius-cloaking",
  description: "Median number of synthetic rows within each original's distance to its nearest other original",
  compute: computeRadiusCloaking,
});
