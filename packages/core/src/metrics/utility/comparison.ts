/**
 * The shape shared by metrics that compare R with one other table: the value compares S with R,
 * the reference repeats it with H (§1.1), the interval bootstraps it (§6.1). A metric of this
 * shape supplies only `compare`; this module builds the §1.6 record around it.
 */
import { SosieOptionError } from "../../errors.ts";
import type { Table } from "../../table/table.ts";
import type { Metric, MetricDetail, MetricInput, MetricOptions, MetricResult, Objective } from "../types.ts";
import { bootstrapInterval, weightedBootstrapInterval, type Replicate } from "./bootstrap.ts";

/** Bootstrap replicates when the caller does not say (spec §7.1). */
export const DEFAULT_BOOTSTRAP = 200;

/** One scored unit of a comparison (a column, a pair), before the reference is attached. */
export interface ScoredUnit {
  readonly columns: readonly string[];
  readonly measure: string;
  readonly value: number | null;
  readonly status: "ok" | "undefined" | "excluded";
  readonly reason: string | null;
  readonly stats?: Readonly<Record<string, number | null>>;
}

/** What comparing R with one other table yields. */
export interface Comparison {
  readonly value: number | null;
  readonly units: readonly ScoredUnit[];
  readonly nUndefined: number;
  /** Why value is null. */
  readonly reason: string | null;
  readonly notes: readonly string[];
}

/** Options with every shared field filled in. */
export type Resolved<O extends MetricOptions> = O & {
  readonly variant: string;
  readonly seed: number | string | bigint;
  readonly bootstrap: number;
};

export interface ComparisonMetricSpec<O extends MetricOptions> {
  readonly id: string;
  readonly variants: readonly string[];
  readonly min: number;
  readonly max: number;
  readonly objective: Objective;
  compare(real: Table, other: Table, options: Resolved<O>): Comparison;
  /**
   * The fast bootstrap (optional): a function giving, for a replicate's row weights, the value
   * `compare` gives on the resampled tables, from statistics prepared once; null when these
   * options have none (the replicates are then recomputed from resampled tables).
   */
  weighted?(real: Table, other: Table, options: Resolved<O>): ReplicateValue | null;
}

/** A metric's value on one bootstrap replicate, null where undefined. */
export type ReplicateValue = (replicate: Replicate) => number | null;

/** The shared options with their defaults; an unknown variant is an option error. */
export function resolveOptions<O extends MetricOptions>(
  id: string,
  variants: readonly string[],
  options: O | undefined,
): Resolved<O> {
  const given = options ?? ({} as O);
  const variant = given.variant ?? variants[0];
  if (!variants.includes(variant))
    throw new SosieOptionError(`metric "${id}" has no variant "${variant}" (it has: ${variants.join(", ")})`);
  const bootstrap = given.bootstrap ?? DEFAULT_BOOTSTRAP;
  if (!(Number.isInteger(bootstrap) && bootstrap >= 0))
    throw new SosieOptionError(`bootstrap must be a non-negative integer, got ${bootstrap}`);
  return { ...given, variant, seed: given.seed ?? 0, bootstrap };
}

/** Mean of the units' values where defined (§1.7), as a Comparison. */
export function averageUnits(
  units: readonly ScoredUnit[],
  emptyReason: string,
  notes: readonly string[] = [],
): Comparison {
  let sum = 0;
  let count = 0;
  let nUndefined = 0;
  for (const u of units) {
    if (u.status === "undefined") nUndefined++;
    if (u.status !== "ok" || u.value === null) continue;
    sum += u.value;
    count++;
  }
  const value = count === 0 ? null : sum / count;
  return { value, units, nUndefined, reason: value === null ? emptyReason : null, notes };
}

function unitKey(u: ScoredUnit): string {
  return `${u.measure}\u0000${u.columns.join("\u0000")}`;
}

function withReferences(units: readonly ScoredUnit[], reference: Comparison | null): MetricDetail[] {
  const references = new Map<string, number | null>();
  for (const u of reference?.units ?? []) references.set(unitKey(u), u.status === "ok" ? u.value : null);
  return units.map((u) => ({ ...u, reference: references.get(unitKey(u)) ?? null }));
}

/** A submetric's name and range, as its record states them. */
export interface SubmetricDefinition {
  /** The submetric name in the record; the metric id for the main submetric. */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly objective: Objective;
}

/**
 * The §1.6 record of one submetric: its comparison of S with R (value, details), that of H
 * (reference, null without H) and its bootstrap interval (null when off), with `reason` saying
 * why the value or the interval is missing.
 */
export function comparisonRecord(
  id: string,
  definition: SubmetricDefinition,
  variant: string,
  input: MetricInput,
  main: Comparison,
  reference: Comparison | null,
  ci: readonly [number, number] | null,
  reason: string | null,
): MetricResult {
  const notes = [...main.notes];
  // Resampling adds noise, and noise moves a score near the edge of its range one way only (§6.2).
  if (ci !== null && main.value !== null && (main.value < ci[0] || main.value > ci[1]))
    notes.push(
      "the value lies outside its bootstrap interval: percentile intervals are biased near the edge of the range",
    );
  return {
    id,
    submetric: definition.name,
    variant,
    value: main.value,
    min: definition.min,
    max: definition.max,
    objective: definition.objective,
    reference: reference?.value ?? null,
    ci,
    ciMethod: ci === null ? null : "percentile-bootstrap",
    n: { R: input.real.nRows, S: input.synthetic.nRows, H: input.holdout?.nRows ?? null },
    nUndefined: main.nUndefined,
    status: main.value === null ? "undefined" : "ok",
    reason,
    notes,
    details: withReferences(main.units, reference),
  };
}

/**
 * The registry entry of a metric scoring S against R, with H as the reference when given;
 * `run` computes its records.
 */
export function comparisonEntry<O extends MetricOptions>(
  spec: { readonly id: string; readonly variants: readonly string[] },
  description: string,
  run: (input: MetricInput, options: O | undefined) => MetricResult[],
): Metric<O> {
  return {
    id: spec.id,
    kind: "utility",
    needs: ["real", "synthetic"],
    optional: ["holdout"],
    variants: spec.variants,
    description,
    compute: (input: MetricInput, options?: O) => run(input, options),
  };
}

/** The registry entry of a comparison metric. */
export function comparisonMetric<O extends MetricOptions>(
  spec: ComparisonMetricSpec<O>,
  description: string,
): Metric<O> {
  return comparisonEntry(spec, description, (input, options: O | undefined) => runComparison(spec, input, options));
}

/** Runs a comparison metric on S (value), H (reference) and bootstrap replicates (interval). */
export function runComparison<O extends MetricOptions>(
  spec: ComparisonMetricSpec<O>,
  input: MetricInput,
  options: O | undefined,
): MetricResult[] {
  const resolved = resolveOptions(spec.id, spec.variants, options);
  const main = spec.compare(input.real, input.synthetic, resolved);
  const reference = input.holdout === undefined ? null : spec.compare(input.real, input.holdout, resolved);
  let ci: readonly [number, number] | null = null;
  let reason = main.reason;
  if (main.value !== null && resolved.bootstrap > 0) {
    const weighted = spec.weighted?.(input.real, input.synthetic, resolved) ?? null;
    const interval =
      weighted === null
        ? bootstrapInterval({
            metricId: spec.id,
            seed: resolved.seed,
            replicates: resolved.bootstrap,
            real: input.real,
            synthetic: input.synthetic,
            recompute: (r, s) => spec.compare(r, s, resolved).value,
          })
        : weightedBootstrapInterval(
            spec.id,
            resolved.seed,
            resolved.bootstrap,
            input.real.nRows,
            input.synthetic.nRows,
            weighted,
          );
    ci = interval.ci;
    reason = interval.reason;
  }
  const definition = { name: spec.id, min: spec.min, max: spec.max, objective: spec.objective };
  return [comparisonRecord(spec.id, definition, resolved.variant, input, main, reference, ci, reason)];
}
