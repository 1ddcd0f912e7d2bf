/**
 * The default evaluation: which registered metrics run, and how much each may cost. The lists
 * below only name exceptions; every other registered metric runs by default, so a metric that
 * lands in the registry shows up in `sosie run` without touching this file.
 */
import { listMetrics } from "../metrics/registry.ts";

/** Utility metrics that learn the declared target: they run only when one is given. */
export const TARGET_METRICS: ReadonlySet<string> = new Set([
  "tstr-classification",
  "tstr-regression",
  "fscore-difference",
  "feature-importance-difference",
]);

/** Metrics left out of the default set for their cost (run them with --metrics). */
export const OPT_IN_METRICS: ReadonlySet<string> = new Set(["pmse", "cross-classification", "cross-regression"]);

/** Bootstrap replicates of the interval, by training-table size: intervals cost B × the metric. */
export function defaultBootstrap(trainRows: number): number {
  if (trainRows <= 2_000) return 50;
  if (trainRows <= 10_000) return 20;
  return 0;
}

/** Rows per table for the utility and privacy metrics (seeded subsamples, stated on the report). */
export const DEFAULT_MAX_ROWS = 10_000;
export const DEFAULT_PRIVACY_MAX_ROWS = 5_000;

/** Metrics whose interval is worth its cost on the headline (bootstrapped when `bootstrap` > 0). */
export const BOOTSTRAPPED_METRICS: ReadonlySet<string> = new Set([
  "quality-score",
  "column-shapes",
  "column-pair-trends",
]);

export function defaultUtilityMetrics(target: string | undefined): string[] {
  return listMetrics("utility")
    .map((m) => m.id)
    .filter((id) => !OPT_IN_METRICS.has(id) && (target !== undefined || !TARGET_METRICS.has(id)));
}

export function defaultPrivacyMetrics(): string[] {
  return listMetrics("privacy")
    .map((m) => m.id)
    .filter((id) => !OPT_IN_METRICS.has(id));
}
