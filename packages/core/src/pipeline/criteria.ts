/**
 * The three WP29 criteria (privacy spec §9.4) from the decisive tests present in a method's
 * privacy records, each judged by the §9.2 rule with the §9.3 default thresholds. Supporting
 * tests (records with a target) never make a criterion pass; a failing one becomes a warning.
 */
import { isPrivacyResult } from "../metrics/privacy/types.ts";
import type { MetricResult } from "../metrics/types.ts";
import type { CriterionLight, Light, Wp29Criterion } from "./verdict.ts";

/** §9.3 defaults: Anonymeter risk τ, MIA AUC τ, MIA TPR limits on the point estimate. */
export const DEFAULT_THRESHOLDS = { risk: 0.09, miaAuc: 0.6, tprAt1: 0.05, tprAt10: 0.2 } as const;

const MIA_PREFIX = "mia-";

/** Decisive attack ids per criterion (§9.4). Membership attacks count under inference. */
const DECISIVE: Record<Wp29Criterion, (r: MetricResult) => boolean> = {
  "singling-out": (r) => r.id === "singling-out-univariate" || r.id === "singling-out-multivariate",
  linkability: (r) => r.id === "linkability" && numberParam(r, "nNeighbors", 1) === 1,
  inference: (r) => r.id === "inference" || (r.id.startsWith(MIA_PREFIX) && MIA_SUBMETRICS.has(r.submetric)),
};

const MIA_SUBMETRICS = new Set(["auc", "tpr-at-1pct-fpr", "tpr-at-10pct-fpr"]);

/** Supporting tests per criterion (§9.4), by id: a failed target is listed as a warning. */
const SUPPORTING: Record<Wp29Criterion, ReadonlySet<string>> = {
  "singling-out": new Set(["distance-to-closest", "closest-distance-ratio", "closest-rate", "row-direct-match-protection", "exact-match-rate", "dcr-distribution"]),
  linkability: new Set(["column-direct-match-protection", "row-direct-match-protection", "correlation-protection-rate", "linkability"]),
  inference: new Set(["hidden-rate", "local-cloaking", "categorical-hidden-rate", "inference-continuous", "inference-categorical", "disclosure-protection", "identifiability-score", "dcr-closer-to-train"]),
};

function numberParam(r: MetricResult, name: string, fallback: number): number {
  if (!isPrivacyResult(r)) return fallback;
  const v = r.params[name];
  return typeof v === "number" ? v : fallback;
}

/** §9.2 for one decisive record, with the reason in words. */
export function judgeTest(r: MetricResult): { light: Light; reason: string } {
  const label = r.submetric === r.id ? r.id : `${r.id} ${r.submetric}`;
  if (r.value === null) return { light: isTooSmall(r) ? "inconclusive" : "not-evaluated", reason: `${label}: ${r.reason ?? "undefined"}` };
  if (r.id.startsWith(MIA_PREFIX) && r.submetric !== "auc") {
    const limit = r.submetric === "tpr-at-1pct-fpr" ? DEFAULT_THRESHOLDS.tprAt1 : DEFAULT_THRESHOLDS.tprAt10;
    return r.value <= limit
      ? { light: "pass", reason: `${label} ${fmt(r.value)} ≤ ${limit}` }
      : { light: "fail", reason: `${label} ${fmt(r.value)} > ${limit}` };
  }
  const tau = r.id.startsWith(MIA_PREFIX) ? DEFAULT_THRESHOLDS.miaAuc : DEFAULT_THRESHOLDS.risk;
  if (isPrivacyResult(r) && r.attack !== undefined && r.attack.mainRate <= r.attack.baselineRate)
    return { light: "inconclusive", reason: `${label}: attack not better than random guessing` };
  if (r.value > tau) return { light: "fail", reason: `${label} ${fmt(r.value)} > ${tau}` };
  if (r.ci !== null && r.ci[1] <= tau) return { light: "pass", reason: `${label} upper bound ${fmt(r.ci[1])} ≤ ${tau}` };
  return { light: "inconclusive", reason: `${label} ${fmt(r.value)}: ${r.ci === null ? "no interval" : `interval reaches ${fmt(r.ci[1])}`} (τ = ${tau})` };
}

function isTooSmall(r: MetricResult): boolean {
  return isPrivacyResult(r) ? r.undefinedCause === "too-small" : /fewer than|needs at least/.test(r.reason ?? "");
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

export function criteriaLights(privacy: readonly MetricResult[]): CriterionLight[] {
  return (Object.keys(DECISIVE) as Wp29Criterion[]).map((criterion) => {
    const tests = privacy.filter(DECISIVE[criterion]).map(judgeTest);
    const warnings = privacy
      .filter((r) => SUPPORTING[criterion].has(r.id) && isPrivacyResult(r) && r.met === false)
      .map((r) => `${r.submetric === r.id ? r.id : `${r.id} ${r.submetric}`} misses its target ${isPrivacyResult(r) ? r.target : ""}`.trim());
    const ran = tests.filter((t) => t.light !== "not-evaluated");
    if (ran.length === 0)
      return {
        criterion,
        light: "not-evaluated",
        reason: tests.length === 0 ? "no decisive attack ran for this criterion" : tests.map((t) => t.reason).join("; "),
        warnings,
      };
    const failed = ran.filter((t) => t.light === "fail");
    if (failed.length > 0) return { criterion, light: "fail", reason: failed.map((t) => t.reason).join("; "), warnings };
    if (tests.every((t) => t.light === "pass")) return { criterion, light: "pass", reason: `${tests.length} decisive test${tests.length === 1 ? "" : "s"} passed`, warnings };
    return {
      criterion,
      light: "inconclusive",
      reason: tests.filter((t) => t.light !== "pass").map((t) => t.reason).join("; "),
      warnings,
    };
  });
}
