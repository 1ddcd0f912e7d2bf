/**
 * The plain data a run produces (architecture: split → fit → sample → evaluate → Results → report).
 * Results hold aggregates only: metric records, binned distributions, verdict lights. Synthetic
 * tables travel beside them (they are outputs, not part of the report) and the avatar/SMOTE link
 * never leaves the evaluation.
 */
import type { MetricResult } from "../metrics/types.ts";
import type { Table } from "../table/table.ts";
import type { ColumnKind } from "../table/column.ts";
import type { DpLedger, Params } from "../generators/types.ts";
import type { ColumnDistribution } from "./distributions.ts";
import type { Verdict } from "./verdict.ts";

/** How the holdout was made: a seeded fraction of the input, or a separate file. */
export type HoldoutSpec =
  | { readonly kind: "fraction"; readonly fraction: number }
  | { readonly kind: "table"; readonly table: Table; readonly label: string };

export interface RunSettings {
  /** Generator ids, in the order they run; empty or absent: defaultMethods(). */
  readonly methods?: readonly string[];
  /** Per-method parameter overrides. */
  readonly params?: Readonly<Record<string, Params>>;
  /** Column to stratify the split on and to learn in TSTR metrics. */
  readonly target?: string;
  readonly seed: number | string;
  readonly holdout: HoldoutSpec;
  /** Declared quasi-identifier and sensitive columns (metadata roles), for the privacy metrics. */
  readonly quasiIdentifiers?: readonly string[];
  readonly sensitive?: readonly string[];
  /** Synthetic rows per method; default: as many as the training table. */
  readonly syntheticRows?: number;
}

/** Everything needed to reproduce a run, printed on the report. */
export interface Provenance {
  readonly seed: string;
  readonly tool: string;
  readonly coreVersion: string;
  readonly input: {
    readonly name: string;
    readonly sha256: string | null;
    readonly rows: number;
    readonly columns: number;
  };
  readonly holdout: string;
  readonly target: string | null;
  readonly metadata: string | null;
  /** The command line (or API call) as given. */
  readonly command: string | null;
}

export interface ColumnInfo {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Identifiers and free text are never modelled nor evaluated. */
  readonly evaluated: boolean;
}

export type MethodStatus = "ok" | "failed";

export interface MethodResult {
  readonly method: string;
  readonly version: string;
  readonly summary: string;
  readonly status: MethodStatus;
  /** Why the method failed (an error message without data values), or null. */
  readonly error: string | null;
  readonly params: Params;
  readonly dp: DpLedger | null;
  readonly modelHoldsRealValues: boolean;
  readonly linked: boolean;
  readonly syntheticRows: number;
  readonly utility: readonly MetricResult[];
  readonly privacy: readonly MetricResult[];
  /** The overall utility score in [0, 1] (quality-score), or null when undefined. */
  readonly utilityScore: number | null;
  readonly verdict: Verdict;
  readonly distributions: readonly ColumnDistribution[];
  /** Facts the report must state (subsampling, skipped metrics). */
  readonly notes: readonly string[];
}

export interface RunResults {
  readonly format: "sosie-run/1";
  readonly provenance: Provenance;
  readonly sizes: { readonly input: number; readonly train: number; readonly holdout: number };
  readonly columns: readonly ColumnInfo[];
  /** Real training distributions, binned exactly like each method's synthetic ones. */
  readonly realDistributions: readonly ColumnDistribution[];
  readonly holdoutDistributions: readonly ColumnDistribution[];
  readonly methods: readonly MethodResult[];
  readonly evaluation: EvaluationSettings;
  readonly notes: readonly string[];
}

/** The evaluation plan actually used, stated on the report. */
export interface EvaluationSettings {
  readonly utilityMetrics: readonly string[];
  readonly privacyMetrics: readonly string[];
  readonly bootstrap: number;
  /** Rows per table the costly metrics (pairs, learned, privacy) worked on at most. */
  readonly maxRows: number;
  readonly privacyMaxRows: number;
}

/** A run's outputs: the Results plus each method's synthetic table (absent for failed methods). */
export interface RunOutput {
  readonly results: RunResults;
  readonly synthetic: ReadonlyMap<string, Table>;
}
