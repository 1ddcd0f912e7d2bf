/**
 * The utility–privacy frontier of a run: one point per (method, privacy preset) output with its
 * utility (overall quality score, TSTR when a target is given) and its risk figures (univariate
 * singling-out risk, best membership-attack AUC, share of synthetic rows closer to train than to
 * the holdout), each with its 95 % interval, and the recommendation: the highest-utility output
 * that passes the release gate (verdict.ts), or none. Everything is read from the metric records
 * and the verdict already computed; nothing is recomputed.
 */
import { DEFAULT_THRESHOLDS } from "../metrics/privacy/verdict.ts";
import type { MetricResult } from "../metrics/types.ts";
import { PRIVACY_PRESETS, type PrivacyPreset } from "../generators/protect/preset.ts";
import type { Light } from "./verdict.ts";
import type { MethodResult } from "./types.ts";

/** One figure of a point: a value with its interval, or null with the metric's reason. */
export interface FrontierFigure {
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
  /** The metric record it comes from ("id/submetric"). */
  readonly source: string;
  readonly reason: string | null;
}

export interface FrontierPoint {
  /** The output's name (its synthetic file is synthetic-<output>.csv). */
  readonly output: string;
  readonly method: string;
  readonly preset: PrivacyPreset;
  readonly status: "ok" | "failed";
  /** quality-score (Sosie's overall utility, the ranking key). */
  readonly quality: FrontierFigure;
  /** TSTR on the target: AUC (classification) or R² (regression) of a model trained on the synthetic table; null without a target. */
  readonly tstr: FrontierFigure | null;
  /** The same model trained on the real training table (the reference). */
  readonly tstrReal: number | null;
  readonly singlingOut: FrontierFigure;
  /** The highest AUC among the membership attacks that ran, with the attack's id in `source`. */
  readonly bestMiaAuc: FrontierFigure;
  readonly closerToTrain: FrontierFigure;
  /** The release gate's light (§9.5) and whether it says publishable. */
  readonly gate: Light;
  readonly publishable: boolean;
  /** Synthetic rows the post-generation guard regenerated (share of all rows), or null without a guard. */
  readonly guardShare: number | null;
}

export interface FrontierTargets {
  /** Anonymeter risk threshold τ of the verdict (singling-out). */
  readonly singlingOut: number;
  /** Membership-attack AUC threshold of the verdict. */
  readonly miaAuc: number;
  /** No-risk value of the share closer to train (no verdict threshold exists: drawn as a reference). */
  readonly closerToTrain: number;
}

export interface Recommendation {
  readonly output: string;
  readonly method: string;
  readonly preset: PrivacyPreset;
  readonly quality: number | null;
  readonly tstr: number | null;
}

export interface Frontier {
  readonly points: readonly FrontierPoint[];
  readonly targets: FrontierTargets;
  /** The highest-utility output whose release gate passes, or null when none passes. */
  readonly recommendation: Recommendation | null;
  /**
   * When none passes: the highest-utility output with no failed light (gate inconclusive), named
   * so the steward knows what to examine; it is not a recommendation.
   */
  readonly closestCandidate: Recommendation | null;
  readonly rule: string;
}

export const FRONTIER_TARGETS: FrontierTargets = {
  singlingOut: DEFAULT_THRESHOLDS.anonymeterRisk,
  miaAuc: DEFAULT_THRESHOLDS.miaAuc,
  closerToTrain: 0.5,
};

export const RECOMMENDATION_RULE =
  "the output with the highest overall quality score among those whose release gate passes (all WP29 criteria pass and every computable avatar target is met); " +
  "ties go to the higher TSTR score, then to the stricter preset";

/** Membership attacks whose AUC enters "best membership-attack AUC". */
export function isMembershipAuc(r: MetricResult): boolean {
  return r.id.startsWith("mia-") && r.submetric === "auc";
}

function figureOf(records: readonly MetricResult[], id: string, submetric: string): FrontierFigure {
  const source = `${id}/${submetric}`;
  // A metric that could not run leaves one undefined record named after itself, with its reason.
  const r =
    records.find((x) => x.id === id && x.submetric === submetric) ??
    records.find((x) => x.id === id && x.value === null);
  if (r === undefined) return { value: null, ci: null, source, reason: `${id} did not run` };
  return {
    value: r.value,
    ci: r.ci === null ? null : [r.ci[0], r.ci[1]],
    source,
    reason: r.value === null ? (r.reason ?? "undefined") : null,
  };
}

function bestMia(records: readonly MetricResult[]): FrontierFigure {
  const attacks = records.filter(isMembershipAuc);
  let best: MetricResult | null = null;
  for (const r of attacks) if (r.value !== null && (best === null || r.value > best.value!)) best = r;
  if (best === null)
    return {
      value: null,
      ci: null,
      source: "mia-*/auc",
      reason: attacks.find((r) => r.reason !== null)?.reason ?? "no membership attack ran",
    };
  return {
    value: best.value,
    ci: best.ci === null ? null : [best.ci[0], best.ci[1]],
    source: `${best.id}/auc`,
    reason: null,
  };
}

function tstrOf(
  utility: readonly MetricResult[],
  hasTarget: boolean,
): { tstr: FrontierFigure | null; real: number | null } {
  if (!hasTarget) return { tstr: null, real: null };
  const classification = figureOf(utility, "tstr-classification", "score-synthetic");
  if (classification.value !== null)
    return {
      tstr: classification,
      real: utility.find((r) => r.id === "tstr-classification" && r.submetric === "score-real")?.value ?? null,
    };
  const regression = figureOf(utility, "tstr-regression", "r2-synthetic");
  if (regression.value !== null)
    return {
      tstr: regression,
      real: utility.find((r) => r.id === "tstr-regression" && r.submetric === "r2-real")?.value ?? null,
    };
  return { tstr: classification.reason?.endsWith("did not run") ? regression : classification, real: null };
}

export function frontierPoint(m: MethodResult, hasTarget: boolean): FrontierPoint {
  const { tstr, real } = tstrOf(m.utility, hasTarget);
  return {
    output: m.output,
    method: m.method,
    preset: m.preset,
    status: m.status,
    quality: {
      value: m.utilityScore,
      ci: qualityCi(m.utility),
      source: "quality-score/quality-score",
      reason: m.utilityScore === null ? (m.error ?? "quality-score undefined") : null,
    },
    tstr,
    tstrReal: real,
    singlingOut: figureOf(m.privacy, "singling-out-univariate", "risk"),
    bestMiaAuc: bestMia(m.privacy),
    closerToTrain: figureOf(m.privacy, "dcr-closer-to-train", "share-closer-to-train"),
    gate: m.status === "ok" ? m.verdict.gate.light : "not-evaluated",
    publishable: m.status === "ok" && m.verdict.gate.publishable && m.verdict.gate.light === "pass",
    guardShare: m.guard === null ? null : m.guard.share,
  };
}

function qualityCi(utility: readonly MetricResult[]): readonly [number, number] | null {
  const r = utility.find((x) => x.id === "quality-score" && x.submetric === "quality-score");
  return r?.ci == null ? null : [r.ci[0], r.ci[1]];
}

/** Higher first: quality, then TSTR, then the stricter preset, then run order (stable sort). */
function byUtility(a: FrontierPoint, b: FrontierPoint): number {
  const qa = a.quality.value ?? -Infinity;
  const qb = b.quality.value ?? -Infinity;
  if (qa !== qb) return qb - qa;
  const ta = a.tstr?.value ?? -Infinity;
  const tb = b.tstr?.value ?? -Infinity;
  if (ta !== tb) return tb - ta;
  return PRIVACY_PRESETS.indexOf(a.preset) - PRIVACY_PRESETS.indexOf(b.preset);
}

function asRecommendation(p: FrontierPoint): Recommendation {
  return {
    output: p.output,
    method: p.method,
    preset: p.preset,
    quality: p.quality.value,
    tstr: p.tstr?.value ?? null,
  };
}

/** The recommendation among `points` (all of them, or those of one preset). */
export function recommend(points: readonly FrontierPoint[]): {
  recommendation: Recommendation | null;
  closestCandidate: Recommendation | null;
} {
  const ranked = points.filter((p) => p.status === "ok" && p.quality.value !== null).sort(byUtility);
  const passing = ranked.find((p) => p.publishable);
  if (passing !== undefined) return { recommendation: asRecommendation(passing), closestCandidate: null };
  const candidate = ranked.find((p) => p.gate === "inconclusive");
  return { recommendation: null, closestCandidate: candidate === undefined ? null : asRecommendation(candidate) };
}

export function buildFrontier(methods: readonly MethodResult[], hasTarget: boolean): Frontier {
  const points = methods.map((m) => frontierPoint(m, hasTarget));
  return { points, targets: FRONTIER_TARGETS, ...recommend(points), rule: RECOMMENDATION_RULE };
}
