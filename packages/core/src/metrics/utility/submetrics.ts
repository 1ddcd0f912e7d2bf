/**
 * Comparison metrics with several submetrics (continuous-statistics, kl-*, pcd, pcsd, ...): one
 * computation yields every submetric, and each becomes its own §1.6 record with its reference
 * (H vs R) and bootstrap interval. The single-submetric shape lives in comparison.ts; this module
 * reuses its option resolution and bootstrap, and computes each replicate once for all submetrics.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricInput, MetricOptions, MetricResult } from "../types.ts";
import { bootstrapInterval, percentileInterval, weightedReplicateValues, type Replicate } from "./bootstrap.ts";
import {
  comparisonEntry,
  comparisonRecord,
  resolveOptions,
  type Comparison,
  type Resolved,
  type SubmetricDefinition,
} from "./comparison.ts";

export type { SubmetricDefinition };

export interface MultiComparisonMetricSpec<O extends MetricOptions> {
  readonly id: string;
  readonly variants: readonly string[];
  /** The submetrics a variant reports, in record order. */
  submetrics(variant: string): readonly SubmetricDefinition[];
  /** Every submetric of R against `other`, keyed by submetric name. */
  compare(real: Table, other: Table, options: Resolved<O>): ReadonlyMap<string, Comparison>;
  /**
   * The fast bootstrap (optional): for a replicate's row weights, every submetric's value that
   * `compare` gives on the resampled tables; null when these options have none.
   */
  weighted?(real: Table, other: Table, options: Resolved<O>): ReplicateValues | null;
}

/** Every submetric's value on one bootstrap replicate (null where undefined), keyed by name. */
export type ReplicateValues = (replicate: Replicate) => ReadonlyMap<string, number | null>;

function submetricOf(result: ReadonlyMap<string, Comparison>, name: string): Comparison {
  const comparison = result.get(name);
  if (comparison === undefined) throw new Error(`comparison did not produce submetric "${name}"`);
  return comparison;
}

/**
 * Bootstrap interval of each submetric. The replicates are those of `bootstrapInterval` (same
 * streams for every submetric, so each submetric sees the same resampled tables); the full
 * comparison of replicate b is computed once, on the first submetric's pass, and replayed for
 * the others. A non-finite replicate value (clover KL) counts as undefined: percentiles cannot
 * interpolate between infinities.
 */
function submetricIntervals<O extends MetricOptions>(
  spec: MultiComparisonMetricSpec<O>,
  input: MetricInput,
  options: Resolved<O>,
  names: readonly string[],
): Map<string, { ci: readonly [number, number] | null; reason: string | null }> {
  const out = new Map<string, { ci: readonly [number, number] | null; reason: string | null }>();
  const weighted = spec.weighted?.(input.real, input.synthetic, options) ?? null;
  if (weighted !== null) {
    const values = weightedReplicateValues(
      spec.id,
      options.seed,
      options.bootstrap,
      input.real.nRows,
      input.synthetic.nRows,
      weighted,
    );
    for (const name of names) {
      const kept: number[] = [];
      for (const replicate of values) {
        const value = replicate.get(name);
        if (value === undefined) throw new Error(`weighted replicate did not produce submetric "${name}"`);
        if (value !== null && Number.isFinite(value)) kept.push(value);
      }
      out.set(name, percentileInterval(kept, options.bootstrap));
    }
    return out;
  }
  const replicates: ReadonlyMap<string, Comparison>[] = [];
  for (const name of names) {
    // bootstrapInterval calls recompute once per replicate, in order b = 1..B.
    let b = 0;
    const interval = bootstrapInterval({
      metricId: spec.id,
      seed: options.seed,
      replicates: options.bootstrap,
      real: input.real,
      synthetic: input.synthetic,
      recompute: (r, s) => {
        if (b === replicates.length) replicates.push(spec.compare(r, s, options));
        const value = submetricOf(replicates[b++], name).value;
        return value !== null && Number.isFinite(value) ? value : null;
      },
    });
    out.set(name, interval);
  }
  return out;
}

/** Runs a multi-submetric comparison on S (values), H (references) and bootstrap replicates (intervals). */
export function runSubmetrics<O extends MetricOptions>(
  spec: MultiComparisonMetricSpec<O>,
  input: MetricInput,
  options: O | undefined,
): MetricResult[] {
  const resolved = resolveOptions(spec.id, spec.variants, options);
  const definitions = spec.submetrics(resolved.variant);
  const main = spec.compare(input.real, input.synthetic, resolved);
  const reference = input.holdout === undefined ? null : spec.compare(input.real, input.holdout, resolved);
  const wanted = definitions
    .map((d) => d.name)
    .filter((name) => {
      const value = submetricOf(main, name).value;
      return value !== null && Number.isFinite(value);
    });
  const intervals =
    resolved.bootstrap > 0 && wanted.length > 0 ? submetricIntervals(spec, input, resolved, wanted) : new Map();
  return definitions.map((definition): MetricResult => {
    const value = submetricOf(main, definition.name);
    const ref = reference === null ? null : submetricOf(reference, definition.name);
    const interval = intervals.get(definition.name);
    let reason = interval === undefined ? value.reason : interval.reason;
    if (value.value !== null && !Number.isFinite(value.value) && resolved.bootstrap > 0)
      reason = "no interval: the value is infinite";
    return comparisonRecord(spec.id, definition, resolved.variant, input, value, ref, interval?.ci ?? null, reason);
  });
}

/** The registry entry of a multi-submetric comparison metric. */
export function multiComparisonMetric<O extends MetricOptions>(
  spec: MultiComparisonMetricSpec<O>,
  description: string,
): Metric<O> {
  return comparisonEntry(spec, description, (input, options: O | undefined) => runSubmetrics(spec, input, options));
}
