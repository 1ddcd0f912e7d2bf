/**
 * The default evaluation: which registered metrics run, and how much each may cost. Every
 * registered metric runs by default except those that declare otherwise (`optIn` for their cost,
 * `needsTarget` without a target), so a metric that lands in the registry shows up in `sosie run`
 * without touching this file.
 */
import { listMetrics } from "../metrics/registry.ts";

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
    .filter((m) => !m.optIn && (target !== undefined || !m.needsTarget))
    .map((m) => m.id);
}

export function defaultPrivacyMetrics(): string[] {
  return listMetrics("privacy")
    .filter((m) => !m.optIn)
    .map((m) => m.id);
}
