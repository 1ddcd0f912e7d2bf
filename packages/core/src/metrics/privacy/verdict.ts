/**
 * From privacy results to pass/fail (§9): the rule for one test (§9.2), the default thresholds
 * with their origins (§9.3), the WP29 criteria (§9.4), the release gate (§9.5) and the caveat
 * printed in every report (§9.6).
 *
 * Attack records (§5, §6) are recognised by id: Anonymeter risks carry the risk as the value with
 * its interval in `ci` and, when given, `attack` rates (main vs baseline); membership attacks
 * carry submetrics "auc", "tpr-at-1pct-fpr" and "tpr-at-10pct-fpr" (optionally prefixed by the
 * id and "." or "/"). Linkability's nNeighbors and singling-out's nCols are read from `params`.
 */
import type { MetricResult } from "../types.ts";
import { listMetrics } from "../registry.ts";
import { meetsTarget } from "./record.ts";
import { type PrivacyResult, isPrivacyResult } from "./types.ts";
import { NULL_RISK_UPPER } from "./wilson.ts";

export type VerdictStatus = "PASS" | "FAIL" | "INCONCLUSIVE" | "NOT-EVALUATED";
export type Criterion = "singling-out" | "linkability" | "inference";

export interface VerdictThresholds {
  /** Anonymeter risk τ (singling out, linkability, inference); default 0.09. */
  readonly anonymeterRisk: number;
  /** MIA AUC τ; default 0.60. */
  readonly miaAuc: number;
  readonly miaTprAt1PctFpr: number;
  readonly miaTprAt10PctFpr: number;
  /** Avatar targets by id (§3.0), as "> 90". */
  readonly avatarTargets: Readonly<Record<string, string>>;
  readonly gate: "wp29+targets" | "wp29";
}

/** The avatar targets of §3.0. */
export const AVATAR_TARGETS: Readonly<Record<string, string>> = {
  "hidden-rate": "> 90",
  "local-cloaking": "> 5",
  "distance-to-closest": "> 0.2",
  "closest-distance-ratio": "> 0.3",
  "column-direct-match-protection": "> 50",
  "categorical-hidden-rate": "> 90",
  "row-direct-match-protection": "> 90",
  "correlation-protection-rate": "> 95",
  "inference-continuous": "> 10",
  "inference-categorical": "> 10",
  "closest-rate": "> 90",
};

export const DEFAULT_THRESHOLDS: VerdictThresholds = {
  anonymeterRisk: 0.09,
  miaAuc: 0.6,
  miaTprAt1PctFpr: 0.05,
  miaTprAt10PctFpr: 0.2,
  avatarTargets: AVATAR_TARGETS,
  gate: "wp29+targets",
};

/** Where each default comes from (§9.3), recorded in the report. */
export const THRESHOLD_ORIGINS: Readonly<Record<keyof Omit<VerdictThresholds, "gate">, string>> = {
  anonymeterRisk:
    "EMA Policy 0070 and Health Canada PRCI: 0.09 re-identification risk threshold for public release of clinical reports; used as a default, not a legal requirement for synthetic data",
  miaAuc: "Sosie policy (no regulatory number exists)",
  miaTprAt1PctFpr: "Sosie policy: 5× random, on the point estimate",
  miaTprAt10PctFpr: "Sosie policy: 2× random, on the point estimate",
  avatarTargets: "vendor recommendations (Octopize), not law",
};

export interface TestVerdict {
  readonly id: string;
  readonly submetric: string;
  readonly criterion: Criterion | null;
  /** decisive and supporting tests of §9.4; "target" for avatar targets outside the criteria. */
  readonly role: "decisive" | "supporting";
  /** null: reported for context, no threshold. */
  readonly status: VerdictStatus | null;
  readonly value: number | null;
  readonly threshold: string | null;
  readonly reason: string | null;
}

export interface CriterionVerdict {
  readonly criterion: Criterion;
  readonly status: VerdictStatus;
  readonly decisive: readonly TestVerdict[];
  readonly supporting: readonly TestVerdict[];
  /** Failing supporting tests, one line each. */
  readonly warnings: readonly string[];
}

export interface PrivacyVerdict {
  readonly tests: readonly TestVerdict[];
  readonly criteria: readonly CriterionVerdict[];
  readonly overall: {
    readonly status: VerdictStatus;
    readonly gate: VerdictThresholds["gate"];
    /** Avatar targets computed and not met (they fail the gate under "wp29+targets"). */
    readonly unmetTargets: readonly string[];
    readonly warnings: readonly string[];
    /** INCONCLUSIVE and NOT-EVALUATED block publication; a named person may override in writing. */
    readonly publishable: boolean;
    readonly thresholds: VerdictThresholds;
    readonly origins: typeof THRESHOLD_ORIGINS;
  };
  readonly caveat: string;
}

export const VERDICT_CAVEAT = `What a verdict does not prove.
Passing distance metrics is not evidence of anonymity. Distances measure how far synthetic rows lie from real ones; they do not measure what an attacker who knows the generator can reconstruct. Published results:
- Avatar, k = 2. Lautraite et al. (arXiv:2608.27037; known to us only through a secondary summary, not yet verified against the paper) report that an avatar release with a 97.77 % hidden rate still let a reconstruction attack recover 122 of 449 Wisconsin breast-cancer records at 80 % precision. The same work reports an ensemble membership attack reaching 5-7 times the random TPR at 10 % FPR against avatars with k = 10. The attacker regenerates avatars from candidate seed records and keeps the candidates that best explain the release.
- Similarity filters as an oracle. Ganev & De Cristofaro ("On the inadequacy of similarity-based privacy metrics", arXiv:2312.05114) show that the DCR, NNDR and identical-match checks used to certify synthetic data can be used as an oracle to reconstruct at least 78 % of outliers.
- Interpolating generators. Ganev et al. ("SMOTE and mirrors", arXiv:2510.15083) show that distance-based checks miss the leakage of interpolation methods. Avatar with a small k is structurally close to SMOTE.
Consequences:
1. A PASS means only that these attacks, with this attacker knowledge and these sample sizes, did not succeed beyond the thresholds.
2. Only differential privacy, with correct accounting, gives a guarantee that does not depend on the attacks tried.
3. Outliers are the records at risk. The vulnerable-record results must be read before any release.`;

/**
 * The membership attacks of §5.2–5.7 (registered metrics flagged `membershipAttack`): the
 * verdict's membership tests, the reports' "best attack".
 */
export const MEMBERSHIP_ATTACKS: readonly string[] = listMetrics("privacy")
  .filter((m) => m.membershipAttack === true)
  .map((m) => m.id);

const MIA_IDS: ReadonlySet<string> = new Set(MEMBERSHIP_ATTACKS);

/** The submetric name without a leading "<id>." or "<id>/" or "<id>-". */
function measureOf(r: MetricResult): string {
  const s = r.submetric;
  if (s === r.id) return "";
  for (const sep of [".", "/", "-", ":"]) if (s.startsWith(r.id + sep)) return s.slice(r.id.length + 1);
  return s;
}

function param(r: MetricResult, name: string): unknown {
  return isPrivacyResult(r) ? r.params[name] : undefined;
}

/** Undefined value: NOT-EVALUATED when inputs are missing, INCONCLUSIVE otherwise (§9.1). */
function undefinedStatus(r: MetricResult): VerdictStatus {
  const cause = isPrivacyResult(r) ? r.undefinedCause : undefined;
  if (cause === "missing-input") return "NOT-EVALUATED";
  if (cause === "too-small" || cause === "degenerate") return "INCONCLUSIVE";
  return /no holdout|no control|no link|not declared|no declared|needs declared|not evaluated|missing input/i.test(
    r.reason ?? "",
  )
    ? "NOT-EVALUATED"
    : "INCONCLUSIVE";
}

/** §9.2, interval tests where lower is better: PASS if the upper bound ≤ τ, FAIL if the value > τ. */
export function intervalTest(value: number, ci: readonly [number, number] | null, tau: number): VerdictStatus {
  if (value > tau) return "FAIL";
  if (ci !== null && ci[1] <= tau) return "PASS";
  return "INCONCLUSIVE";
}

/** Whether an attack beat random guessing: `attack` rates, or the "informative" detail of the risk record. */
function informative(r: MetricResult): boolean | null {
  const attack = isPrivacyResult(r) ? r.attack : undefined;
  if (attack !== undefined) return attack.mainRate > attack.baselineRate;
  const flag = r.details.find((d) => d.measure === "informative");
  return flag === undefined || flag.value === null ? null : flag.value === 1;
}

function judgeAnonymeter(r: MetricResult, tau: number): { status: VerdictStatus; reason: string | null } {
  if (r.value === null) return { status: undefinedStatus(r), reason: r.reason };
  if (informative(r) === false) return { status: "INCONCLUSIVE", reason: "attack not better than random guessing" };
  // Too few attacks to pass even at zero risk (§9.1, "a sample is too small"): only a lower bound above τ fails.
  const nullUpper = r.details.find((d) => d.measure === NULL_RISK_UPPER);
  if (nullUpper?.value != null && nullUpper.value > tau && !(r.ci !== null && r.ci[0] > tau))
    return {
      status: "INCONCLUSIVE",
      reason:
        `too few attacks (${String(nullUpper.stats?.mainAttacks)}): at zero risk the upper bound would be ` +
        `${nullUpper.value.toFixed(3)}, above ${tau}, so the estimate ${r.value.toFixed(3)} settles nothing`,
    };
  const status = intervalTest(r.value, r.ci, tau);
  return {
    status,
    reason: status === "INCONCLUSIVE" ? (r.ci === null ? "no interval" : "the interval straddles the threshold") : null,
  };
}

function judgeTarget(r: MetricResult, target: string): { status: VerdictStatus | null; reason: string | null } {
  if (r.value === null) return { status: undefinedStatus(r), reason: r.reason };
  // A record may judge its own target on an interval (dcr-closer-to-train): keep its verdict then.
  const own = isPrivacyResult(r) && r.target === target && r.met !== null ? r.met : meetsTarget(r.value, target);
  return { status: own ? "PASS" : "FAIL", reason: own ? null : `fails target ${target}` };
}

interface Classified {
  readonly criterion: Criterion | null;
  readonly role: "decisive" | "supporting";
  readonly judge: () => { status: VerdictStatus | null; reason: string | null; threshold: string | null };
}

/** Where a result sits in §9.4 and how it is judged; null for results the verdict does not use. */
function classify(r: MetricResult, t: VerdictThresholds): Classified | null {
  const measure = measureOf(r);
  const avatarTarget = t.avatarTargets[r.id];
  const targetJudge = (target: string) => () => ({ ...judgeTarget(r, target), threshold: target });
  const ownTarget = (): { status: VerdictStatus | null; reason: string | null; threshold: string | null } => {
    const target = isPrivacyResult(r) ? r.target : null;
    if (target === null)
      return { status: r.value === null ? undefinedStatus(r) : null, reason: r.reason, threshold: null };
    return { ...judgeTarget(r, target), threshold: target };
  };
  const anonymeter = (criterion: Criterion, role: "decisive" | "supporting"): Classified => ({
    criterion,
    role,
    judge: () => ({ ...judgeAnonymeter(r, t.anonymeterRisk), threshold: `≤ ${t.anonymeterRisk}` }),
  });
  // Anonymeter records: only the risk ("risk", "risk<suffix>" or the main record) is a test; the
  // success rates beside it are not. A number in the suffix is nNeighbors or nCols when params lack it.
  const anonymeterIds = ["singling-out-univariate", "singling-out-multivariate", "linkability", "inference"];
  if (anonymeterIds.includes(r.id)) {
    if (!(measure === "" || measure.startsWith("risk"))) return null;
    // The risk on Anonymeter's count is shown beside the variant's own (§6.1); the variant's decides.
    if (measure.startsWith("risk-anonymeter-count")) return null;
    const suffixNumber = /(\d+)/.exec(measure.slice(4))?.[1];
    const size = (name: string) =>
      (param(r, name) as number | undefined) ?? (suffixNumber === undefined ? undefined : Number(suffixNumber));
    switch (r.id) {
      case "singling-out-univariate":
        return anonymeter("singling-out", "decisive");
      case "singling-out-multivariate":
        return anonymeter("singling-out", (size("nCols") ?? 3) === 3 ? "decisive" : "supporting");
      case "linkability":
        return anonymeter("linkability", (size("nNeighbors") ?? 1) === 1 ? "decisive" : "supporting");
      default:
        return anonymeter("inference", "decisive");
    }
  }
  if (MIA_IDS.has(r.id)) {
    if (measure === "auc")
      return {
        criterion: "inference",
        role: "decisive",
        judge: () => ({ ...judgeMiaAuc(r, t.miaAuc), threshold: `≤ ${t.miaAuc}` }),
      };
    const tau =
      measure === "tpr-at-1pct-fpr" ? t.miaTprAt1PctFpr : measure === "tpr-at-10pct-fpr" ? t.miaTprAt10PctFpr : null;
    if (tau === null) return null;
    return {
      criterion: "inference",
      role: "decisive",
      judge: () =>
        r.value === null
          ? { status: "INCONCLUSIVE", reason: r.reason ?? "undefined for lack of non-members", threshold: `≤ ${tau}` }
          : { status: r.value <= tau ? "PASS" : "FAIL", reason: null, threshold: `≤ ${tau}` },
    };
  }
  if (avatarTarget !== undefined && measure === "") {
    const criterion: Criterion =
      r.id === "distance-to-closest" || r.id === "closest-distance-ratio" || r.id === "closest-rate"
        ? "singling-out"
        : r.id === "column-direct-match-protection" || r.id === "correlation-protection-rate"
          ? "linkability"
          : r.id === "row-direct-match-protection"
            ? "singling-out"
            : "inference";
    return { criterion, role: "supporting", judge: targetJudge(avatarTarget) };
  }
  const supporting = (criterion: Criterion): Classified => ({ criterion, role: "supporting", judge: ownTarget });
  if (r.id === "exact-match-rate" || (r.id === "dcr-distribution" && measure === "dcr-p5-ratio"))
    return supporting("singling-out");
  if (r.id === "k-map" || r.id === "k-anonymity") return supporting("singling-out");
  if (r.id === "replicated-uniques") return supporting("linkability");
  if (["disclosure-protection", "disco", "l-diversity", "identifiability-score"].includes(r.id))
    return supporting("inference");
  if (r.id === "dcr-closer-to-train" && measure === "share-closer-to-train") return supporting("inference");
  return null;
}

function judgeMiaAuc(r: MetricResult, tau: number): { status: VerdictStatus; reason: string | null } {
  if (r.value === null) return { status: undefinedStatus(r), reason: r.reason };
  const status = intervalTest(r.value, r.ci, tau);
  return {
    status,
    reason: status === "INCONCLUSIVE" ? (r.ci === null ? "no interval" : "the interval straddles the threshold") : null,
  };
}

/** §9.4: FAIL if a decisive test fails, PASS if all pass, NOT-EVALUATED if none ran, else INCONCLUSIVE. */
export function criterionStatus(decisive: readonly TestVerdict[]): VerdictStatus {
  if (decisive.some((d) => d.status === "FAIL")) return "FAIL";
  if (decisive.length > 0 && decisive.every((d) => d.status === "PASS")) return "PASS";
  if (decisive.every((d) => d.status === "NOT-EVALUATED")) return "NOT-EVALUATED";
  return "INCONCLUSIVE";
}

const CRITERIA: readonly Criterion[] = ["singling-out", "linkability", "inference"];

/** The verdict of §9 on the results of every privacy metric and attack. */
export function privacyVerdict(
  results: readonly (MetricResult | PrivacyResult)[],
  thresholds: Partial<VerdictThresholds> = {},
): PrivacyVerdict {
  const t: VerdictThresholds = {
    ...DEFAULT_THRESHOLDS,
    ...thresholds,
    avatarTargets: { ...AVATAR_TARGETS, ...(thresholds.avatarTargets ?? {}) },
  };
  const tests: TestVerdict[] = [];
  for (const r of results) {
    const c = classify(r, t);
    if (c === null) continue;
    const j = c.judge();
    tests.push({
      id: r.id,
      submetric: r.submetric,
      criterion: c.criterion,
      role: c.role,
      status: j.status,
      value: r.value,
      threshold: j.threshold,
      reason: j.reason,
    });
  }
  const criteria: CriterionVerdict[] = CRITERIA.map((criterion) => {
    const decisive = tests.filter((x) => x.criterion === criterion && x.role === "decisive");
    const supporting = tests.filter((x) => x.criterion === criterion && x.role === "supporting");
    const warnings = supporting
      .filter((x) => x.status === "FAIL")
      .map(
        (x) =>
          `${x.submetric === x.id ? x.id : `${x.id} ${x.submetric}`}: ${x.reason ?? "fails"} (value ${shortValue(x.value)})`,
      );
    return { criterion, status: criterionStatus(decisive), decisive, supporting, warnings };
  });
  const targetTests = tests.filter(
    (x) => t.avatarTargets[x.id] !== undefined && x.submetric === x.id && x.role === "supporting",
  );
  const unmetTargets = targetTests
    .filter((x) => x.status === "FAIL")
    .map((x) => `${x.id} ${x.threshold} (value ${shortValue(x.value)})`);
  const statuses = criteria.map((c) => c.status);
  let status: VerdictStatus;
  if (statuses.includes("FAIL") || (t.gate === "wp29+targets" && unmetTargets.length > 0)) status = "FAIL";
  else if (statuses.every((s) => s === "PASS")) status = "PASS";
  else if (statuses.includes("INCONCLUSIVE")) status = "INCONCLUSIVE";
  else status = "NOT-EVALUATED";
  const warnings = [
    ...criteria.flatMap((c) => c.warnings.map((w) => `${c.criterion}: ${w}`)),
    ...(t.gate === "wp29" ? unmetTargets.map((u) => `avatar target not met: ${u}`) : []),
  ];
  return {
    tests,
    criteria,
    overall: {
      status,
      gate: t.gate,
      unmetTargets,
      warnings,
      publishable: status === "PASS",
      thresholds: t,
      origins: THRESHOLD_ORIGINS,
    },
    caveat: VERDICT_CAVEAT,
  };
}

/** A value as a message shows it: 4 significant digits (21.999999999999996 reads 22). */
function shortValue(value: number | null): string {
  return value === null ? "undefined" : String(Number(value.toPrecision(4)));
}
