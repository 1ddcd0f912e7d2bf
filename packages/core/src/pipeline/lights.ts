/**
 * The at-a-glance lights of one method: its overall utility against the real-vs-real floor, and
 * the privacy verdict of privacy spec §9 (privacyVerdict: WP29 criteria, avatar targets, release
 * gate) turned into lights. Everything is read from the metric records; nothing is recomputed.
 */
import { type VerdictStatus, privacyVerdict } from "../metrics/privacy/verdict.ts";
import { isPrivacyResult } from "../metrics/privacy/types.ts";
import type { MetricResult } from "../metrics/types.ts";

export type Light = "pass" | "fail" | "inconclusive" | "not-evaluated";

export function lightOf(status: VerdictStatus | null): Light {
  switch (status) {
    case "PASS":
      return "pass";
    case "FAIL":
      return "fail";
    case "INCONCLUSIVE":
      return "inconclusive";
    default:
      return "not-evaluated";
  }
}

export interface TargetLight {
  readonly id: string;
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
  /** The decisive tests behind the light, one phrase each. */
  readonly reasons: readonly string[];
  readonly warnings: readonly string[];
}

/** The §9.2 light of one judged record, keyed "id/submetric" (read by the attack charts). */
export interface TestLight {
  readonly id: string;
  readonly submetric: string;
  readonly light: Light;
  readonly threshold: string | null;
}

export interface UtilityLight {
  readonly score: number | null;
  /**
   * The same score with the holdout in place of the synthetic table: what fresh real rows score.
   * A scale, not a ceiling: the holdout is smaller than the synthetic table (more sampling noise)
   * and shares none of train's particulars, so a synthetic table can score above it.
   */
  readonly reference: number | null;
  readonly light: Light;
  readonly rule: string;
}

export interface Verdict {
  readonly utility: UtilityLight;
  readonly criteria: readonly CriterionLight[];
  readonly targets: readonly TargetLight[];
  readonly tests: readonly TestLight[];
  /** The release gate (§9.5): all criteria pass and every computable avatar target is met. */
  readonly gate: {
    readonly light: Light;
    readonly rule: string;
    readonly publishable: boolean;
    readonly unmetTargets: readonly string[];
  };
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

/**
 * What a failed test measured, "0.101 [0.000, 0.292] against ≤ 0.09": the point estimate decides
 * (spec §9.2), and the interval shows the steward whether it could be chance (small holdouts).
 */
function measured(record: MetricResult | undefined, threshold: string | null): string | null {
  if (record === undefined || record.value === null) return null;
  const ci = record.ci === null ? "" : ` [${record.ci[0].toFixed(3)}, ${record.ci[1].toFixed(3)}]`;
  return `${record.value.toFixed(3)}${ci}${threshold === null ? "" : ` against ${threshold}`}`;
}

export function methodVerdict(utility: readonly MetricResult[], privacy: readonly MetricResult[]): Verdict {
  const verdict = privacyVerdict(privacy);
  const records = new Map(privacy.map((r) => [`${r.id}/${r.submetric}`, r]));
  const name = (id: string, submetric: string): string => (submetric === id ? id : `${id} ${submetric}`);
  const targetIds = verdict.overall.thresholds.avatarTargets;
  const targets: TargetLight[] = verdict.tests
    .filter((t) => targetIds[t.id] !== undefined && t.submetric === t.id)
    .map((t) => {
      const record = records.get(`${t.id}/${t.submetric}`);
      return {
        id: t.id,
        value: t.value,
        unit: record !== undefined && isPrivacyResult(record) ? record.unit : "",
        target: t.threshold ?? targetIds[t.id],
        light: lightOf(t.status),
        definitionStatus: record !== undefined && isPrivacyResult(record) ? record.definitionStatus : "sosie",
        reason: t.reason,
      };
    });
  return {
    utility: utilityLight(utility),
    criteria: verdict.criteria.map((c) => ({
      criterion: c.criterion,
      light: lightOf(c.status),
      reasons: c.decisive.map((d) => {
        const why =
          d.reason ?? (d.status === "FAIL" ? measured(records.get(`${d.id}/${d.submetric}`), d.threshold) : null);
        return `${name(d.id, d.submetric)}: ${d.status ?? "reported"}${why ? ` (${why})` : ""}`;
      }),
      warnings: c.warnings,
    })),
    targets,
    tests: verdict.tests.map((t) => ({
      id: t.id,
      submetric: t.submetric,
      light: lightOf(t.status),
      threshold: t.threshold,
    })),
    gate: {
      light: lightOf(verdict.overall.status),
      rule: verdict.overall.gate,
      publishable: verdict.overall.publishable,
      unmetTargets: verdict.overall.unmetTargets,
    },
  };
}
