/**
 * The at-a-glance lights of one method: its overall utility against the real-vs-real floor, each
 * avatar target of privacy spec §3.0 (met or not, on the unrounded value), and the three WP29
 * criteria. Lights are read from the metric records; nothing is recomputed here.
 */
import { isPrivacyResult } from "../metrics/privacy/types.ts";
import type { MetricResult } from "../metrics/types.ts";

export type Light = "pass" | "fail" | "inconclusive" | "not-evaluated";

export interface TargetLight {
  readonly id: string;
  readonly submetric: string;
  readonly value: number | null;
  readonly unit: string;
  readonly target: string;
  readonly light: Light;
  /** "reconstructed" definitions must say so next to the value (privacy spec preface). */
  readonly definitionStatus: string;
  readonly reason: string | null;
}

export type Wp29Criterion = "singling-out" | "linkability" | "inference";

export interface CriterionLight {
  readonly criterion: Wp29Criterion;
  readonly light: Light;
  readonly reason: string;
  readonly warnings: readonly string[];
}

export interface UtilityLight {
  readonly score: number | null;
  /** The same score with the holdout in place of the synthetic table: the best one can expect. */
  readonly reference: number | null;
  readonly light: Light;
  readonly rule: string;
}

export interface Verdict {
  readonly utility: UtilityLight;
  readonly targets: readonly TargetLight[];
  readonly criteria: readonly CriterionLight[];
}

/** Utility within this distance of the real-vs-real reference passes; within twice, inconclusive. */
export const UTILITY_TOLERANCE = 0.05;

export const UTILITY_RULE =
  `pass when the quality score is within ${UTILITY_TOLERANCE * 100} points of the holdout's own score (real vs real), ` +
  `fail when more than ${UTILITY_TOLERANCE * 200} points below it (Sosie display rule, not a standard)`;

export function utilityLight(utility: readonly MetricResult[]): UtilityLight {
  const quality = utility.find((r) => r.id === "quality-score" && r.submetric === "quality-score");
  const score = quality?.value ?? null;
  const reference = quality?.reference ?? null;
  let light: Light = "not-evaluated";
  if (score !== null && reference !== null) {
    const gap = reference - score;
    light = gap <= UTILITY_TOLERANCE ? "pass" : gap <= 2 * UTILITY_TOLERANCE ? "inconclusive" : "fail";
  } else if (score !== null) light = "inconclusive";
  return { score, reference, light, rule: UTILITY_RULE };
}

/** One light per privacy record that carries a target (the avatar targets and similar). */
export function targetLights(privacy: readonly MetricResult[]): TargetLight[] {
  const lights: TargetLight[] = [];
  for (const record of privacy) {
    if (!isPrivacyResult(record) || record.target === null) continue;
    lights.push({
      id: record.id,
      submetric: record.submetric,
      value: record.value,
      unit: record.unit,
      target: record.target,
      light: record.met === null ? "not-evaluated" : record.met ? "pass" : "fail",
      definitionStatus: record.definitionStatus,
      reason: record.reason,
    });
  }
  return lights;
}
