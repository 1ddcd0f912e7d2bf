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
import type { Verdict } from "./lights.ts";
import type { PrivacyPreset } from "../generators/protect/preset.ts";
import type { GuardReport } from "../generators/protect/guard.ts";
import type { Frontier } from "./frontier.ts";

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
  /**
   * The column naming each row's person (metadata role "subject"); absent: inferred
   * (table/subjects.ts). Its subjects stay on one side of the split and are what protections count.
   */
  readonly subject?: string;
  /** Synthetic rows per method; default: as many as the training table. */
  readonly syntheticRows?: number;
  /**
   * Privacy presets each method runs at, in order (the frontier); absent or empty: the default
   * preset only. With several, every method is fitted, sampled and evaluated once per preset.
   */
  readonly privacy?: readonly PrivacyPreset[];
  /**
   * Runs of each membership attack, each on its own generator refit and candidate draw, averaged
   * (privacy spec §5.1; attack-runs.ts); absent: defaultAttackRuns() (5 up to 5,000 training rows, else 1).
   */
  readonly attackRuns?: number;
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
  /**
   * The output's name: the method id when the run has one preset, "<method>-<preset>" when it has
   * several. Its synthetic table is synthetic-<output>.csv.
   */
  readonly output: string;
  readonly method: string;
  /** The privacy preset the method was fitted with. */
  readonly preset: PrivacyPreset;
  /** What the post-generation guard did (null when the output has no guard, or the method failed). */
  readonly guard: GuardReport | null;
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
  /** The privacy presets the run evaluated, in order. */
  readonly presets: readonly PrivacyPreset[];
  /** One entry per (method, preset) output. */
  readonly methods: readonly MethodResult[];
  /** Utility against risk for every output, and the recommended one. */
  readonly frontier: Frontier;
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
  /** Smallest holdout the holdout-based privacy metrics accepted, when lowered from their 500. */
  readonly minHoldoutRows?: number;
  /** Runs each membership attack's figures average (attack-runs.ts); absent in results written before. */
  readonly attackRuns?: number;
}

/** A run's outputs: the Results plus each output's synthetic table, keyed by output name (absent for failed ones). */
export interface RunOutput {
  readonly results: RunResults;
  readonly synthetic: ReadonlyMap<string, Table>;
}
