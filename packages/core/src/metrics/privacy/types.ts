/**
 * The privacy result record (privacy-metrics.md §1.2) as a compatible extension of the shared
 * MetricResult: a privacy record is a MetricResult (so registries, reports and the CLI handle it
 * unchanged) with the privacy fields added.
 *
 * Field mapping onto §1.2:
 * - id, value, ci, n, reason: the MetricResult fields of the same name (value null = undefined);
 * - status "confirmed" | "reconstructed" | "sosie" → `definitionStatus` (MetricResult.status is
 *   already "ok" | "undefined", the NOT-EVALUATED-like state);
 * - ciMethod: MetricResult's `ciMethod` is bootstrap-only, so Wilson score intervals set it to
 *   null and name themselves in `intervalMethod`;
 * - unit, target, met, space | distance, tieRule, needsLink, params: added below.
 *
 * The membership (§5) and Anonymeter (§6) records use the same type; the verdict (verdict.ts)
 * reads `attack` on Anonymeter records and `params` for nNeighbors / nCols.
 */
import type { MetricOptions, MetricResult } from "../types.ts";

export type DefinitionStatus = "confirmed" | "reconstructed" | "sosie";

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** The projected space of §2.1 a distance metric used. */
export interface ProjectedSpaceInfo {
  readonly type: "pca" | "mca" | "famd";
  readonly ncp: number;
  /** Column weights that differ from 1 (empty: all 1). */
  readonly weights: Readonly<Record<string, number>>;
  /** Share of R's variance on the first ncp axes. */
  readonly explainedVariance: number;
}

/** A histogram of per-row distances or ratios: counts on common bins, no row identities. */
export interface DistanceHistogram {
  /** Which comparison, e.g. "synthetic-train", and which quantity ("dcr" or "nndr"). */
  readonly comparison: string;
  readonly quantity: "dcr" | "nndr";
  /** Bin edges (length = counts.length + 1); the last bin is closed on the right. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** Success rates of an attack and its reference attackers (§6.1), read by the verdict. */
export interface AttackRates {
  readonly mainRate: number;
  readonly baselineRate: number;
  readonly controlRate: number | null;
  readonly nAttacks: number;
}

/** Why a privacy value is undefined, so the verdict can tell NOT-EVALUATED from INCONCLUSIVE (§9.1). */
export type UndefinedCause = "missing-input" | "too-small" | "degenerate";

export interface PrivacyResult extends MetricResult {
  /** "%", "share", "projected distance", "gower distance", "ratio", "count", "score". */
  readonly unit: string;
  /** The target as printed ("> 90", "≤ 0.5", "≥ 1"), or null when the metric has none. */
  readonly target: string | null;
  /** Whether the unrounded value meets the target; null without a target or a value. */
  readonly met: boolean | null;
  /** Projected space (§2.1) of a distance metric, or null. */
  readonly space: ProjectedSpaceInfo | null;
  /** The distance or equality rule used ("gower-sosie", "gower-clover", "hamming", "exact", ...), or null. */
  readonly distance: string | null;
  readonly tieRule: "expected" | "conservative" | null;
  readonly needsLink: boolean;
  readonly definitionStatus: DefinitionStatus;
  /** The parameters the value depends on (columns, thresholds, sample sizes, variant). */
  readonly params: Readonly<Record<string, JsonValue>>;
  /** "wilson-score" when `ci` is a Wilson interval (MetricResult.ciMethod stays null then). */
  readonly intervalMethod?: "wilson-score" | null;
  readonly undefinedCause?: UndefinedCause | null;
  readonly histograms?: readonly DistanceHistogram[];
  readonly attack?: AttackRates;
}

/** Options every privacy metric understands (a metric reads only those it needs). */
export interface PrivacyOptions extends MetricOptions {
  /** Declared quasi-identifier columns (what an attacker may know). */
  readonly quasiIdentifiers?: readonly string[];
  /** Declared sensitive columns (what must not be inferred). */
  readonly sensitive?: readonly string[];
  /** Number of projected axes for distances (default min(5, p′)). */
  readonly ncp?: number;
  /** Projection scale: "auto" (MCA scale when all categorical) or "famd". */
  readonly projection?: "auto" | "famd";
  /** Per-column weights of the projection. */
  readonly columnWeights?: Readonly<Record<string, number>>;
  /** Tie rule of the hidden rates (§3.0). */
  readonly tieRule?: "expected" | "conservative";
  /** Declared decimals per numeric column for exact equality (§1.1); default: the most observed in R. */
  readonly decimals?: Readonly<Record<string, number>>;
  /** Smallest holdout a holdout-based metric accepts (§1.1; default 500). */
  readonly minHoldoutRows?: number;
}

export function isPrivacyResult(r: MetricResult): r is PrivacyResult {
  return "definitionStatus" in r && "needsLink" in r;
}
