/**
 * The one interface every metric implements, utility and privacy alike (spec utility-metrics.md
 * §1.6). A metric is a definition (id, kind, the inputs it needs, its variants) and a `compute`
 * that turns tables into result records, plus what the evaluation must know about it (needs a
 * target, opt-in for its cost, batched model fits, a membership attack). Registries list
 * definitions; nothing else switches on metric ids.
 */
import type { Table } from "../table/table.ts";

export type MetricKind = "utility" | "privacy";

/** The tables (and row link) a metric can read: R, S, H and, for linked generators, S → R. */
export type MetricRole = "real" | "synthetic" | "holdout" | "link";

export interface MetricInput {
  /** R: the real training table. */
  readonly real: Table;
  /** S: synthetic rows from a model fitted on R. */
  readonly synthetic: Table;
  /** H: real rows the generator never saw; gives the reference (H vs R) where a metric has one. */
  readonly holdout?: Table;
  /** link[i] = row of R that synthetic row i was made from (privacy metrics only). */
  readonly link?: Int32Array;
}

/** Options every metric understands; metric-specific options extend this. */
export interface MetricOptions {
  /** "sosie" (default) or a reference-compatible variant the metric lists ("sdmetrics", "clover"). */
  readonly variant?: string;
  /** Report seed: every random draw derives from (seed, metric id, purpose, index). Default 0. */
  readonly seed?: number | string | bigint;
  /** Bootstrap replicates for the percentile interval (§6.1); 0 turns intervals off. */
  readonly bootstrap?: number;
}

export type Objective = "min" | "max";

export type CiMethod = "percentile-bootstrap" | "repetition" | "wilson";

/** One scored column or pair (or other unit) behind a metric value: aggregates only, never a real row. */
export interface MetricDetail {
  /** The column (one name) or the pair (two names) this entry scores. */
  readonly columns: readonly string[];
  /** The computation that scored it ("ks-complement", "correlation-similarity", ...). */
  readonly measure: string;
  /** S vs R; null when undefined or excluded. */
  readonly value: number | null;
  /** H vs R, or null. */
  readonly reference: number | null;
  /** "excluded": defined, but left out of the mean by an option (the pair filter). */
  readonly status: "ok" | "undefined" | "excluded";
  readonly reason: string | null;
  /** Aggregate statistics behind the value, e.g. the real and synthetic correlations. */
  readonly stats?: Readonly<Record<string, number | null>>;
}

/** The result record of §1.6, one per submetric. */
export interface MetricResult {
  readonly id: string;
  /** Equals `id` for metrics with a single submetric. */
  readonly submetric: string;
  readonly variant: string;
  /** Never NaN or ±∞ in sosie variants; null when status is "undefined". */
  readonly value: number | null;
  readonly min: number;
  readonly max: number;
  readonly objective: Objective;
  /** The same computation with H in place of S; null without a holdout. */
  readonly reference: number | null;
  readonly ci: readonly [number, number] | null;
  readonly ciMethod: CiMethod | null;
  readonly n: { readonly R: number; readonly S: number; readonly H: number | null };
  /** Columns or pairs left out of the value because they are undefined. */
  readonly nUndefined: number;
  readonly status: "ok" | "undefined";
  /** Why the value or the interval is missing; null when there is nothing to say. */
  readonly reason: string | null;
  /** Facts the report must state, e.g. that the tables were subsampled. */
  readonly notes: readonly string[];
  readonly details: readonly MetricDetail[];
}

export interface Metric<O extends MetricOptions = MetricOptions> {
  readonly id: string;
  readonly kind: MetricKind;
  /** Inputs the metric cannot run without. */
  readonly needs: readonly MetricRole[];
  /** Inputs it uses when given (a holdout gives the reference). */
  readonly optional: readonly MetricRole[];
  /** Accepted variants; the first is the default. */
  readonly variants: readonly string[];
  /** One line for listings and the report. */
  readonly description: string;
  /** Learns the declared target: the default evaluation runs it only when a target is given. */
  readonly needsTarget?: boolean;
  /** Left out of the default evaluation for its cost: it runs when named (--metrics). */
  readonly optIn?: boolean;
  /** Fits its models in batches through the LearnEngine, so worker threads pay off (runTstr). */
  readonly batchedFits?: boolean;
  /** A membership attack (privacy spec §5.2–5.7): judged against the MIA thresholds (§9.3). */
  readonly membershipAttack?: boolean;
  compute(input: MetricInput, options?: O): MetricResult[];
}
