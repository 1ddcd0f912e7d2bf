/**
 * The one interface every generator implements (spec generators.md §1.1).
 *
 * A generator is a definition (id, parameters, fit). `fit` learns from a real training table
 * and returns a fitted model; `sample` draws any number of synthetic rows from it. Models say
 * whether they hold real values (`containsRealValues`) so a steward knows whether the saved file
 * may leave the building.
 */
import type { Table } from "../table/table.ts";
import type { Rng } from "../random/rng.ts";
import type { ColumnSchema } from "./output-schema.ts";
import type { PrivacyPreset } from "./protect/preset.ts";
import type { PrivacyRecord, ProtectionState } from "./protect/protection.ts";
import type { GuardReport } from "./protect/guard.ts";
import type { Neighbors } from "../neighbors/search-result.ts";
import type { EncodedRows, MixedRules } from "../neighbors/mixed-kernel.ts";

export type ParamType = "number" | "integer" | "boolean" | "string" | "enum" | "string[]" | "json";

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly default: unknown;
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values for "enum". */
  readonly values?: readonly string[];
}

export type Params = Record<string, unknown>;

/** Progress callback: fraction in [0, 1] of the current phase, and a short label. */
export type ProgressFn = (fraction: number, label: string) => void;

export interface FitContext {
  /** Stream for everything `fit` draws; derive sub-streams from it by purpose. */
  readonly rng: Rng;
  readonly onProgress?: ProgressFn;
  /** The declared outcome column, if any: SMOTE's groups; CART's tree for it gets the preset's lower cp floor. */
  readonly target?: string;
  /** Protections against copying R (generators/PRIVACY.md); default "balanced". */
  readonly privacy?: PrivacyPreset;
  /**
   * The column naming each row's person (metadata role "subject"): rare values and leaf sizes are
   * counted in subjects. Null: every row is its own subject. Absent: inferred
   * (table/subjects.ts subjectColumn).
   */
  readonly subject?: string | null;
  /**
   * The within-table search avatar (and SMOTE, through `mixed`) run: each row's k nearest other
   * rows (self excluded by index, exact, ties by lower row index). Default: core's search in this
   * thread. The CLI passes one that runs fixed query ranges on worker threads; any replacement must
   * return the same lists, so the output does not depend on it.
   */
  readonly neighbourSearch?: NeighbourSearchHook;
}

/** FitContext.neighbourSearch: on coordinates (Euclidean), and optionally on mixed-kernel rows. */
export interface NeighbourSearchHook {
  (coords: { readonly values: Float64Array; readonly nRows: number; readonly dims: number }, k: number): Neighbors;
  /**
   * `mixedKnn(rules, rows, rows, k, { excludeSelf: true })` (SMOTE-NC's distance). Absent: the fit
   * runs that search in its own thread (through the active NeighbourEngine, if any).
   */
  readonly mixed?: (rules: MixedRules, rows: EncodedRows, k: number) => Neighbors;
}

export interface SampleOptions {
  readonly seed: number | string;
  readonly onProgress?: ProgressFn;
  /**
   * Per identifier column, real values that fresh identifiers must not take besides the training
   * rows' (which the model excludes itself): `sosie run` passes the holdout's.
   */
  readonly avoidIdentifiers?: AvoidIdentifiers;
}

/** Column name → identifier values to avoid. */
export type AvoidIdentifiers = ReadonlyMap<string, ReadonlySet<string>>;

/** A synthetic table and, for generators that make one row per real row, the link to it. */
export interface SampleResult {
  readonly table: Table;
  /**
   * link[i] = index of the real training row that synthetic row i was made from (avatar,
   * SMOTE). Kept in memory for the privacy metrics; never written unless the user asks.
   */
  readonly link?: Int32Array;
  /** What the post-generation guard did (absent when the model has no guard). */
  readonly guard?: GuardReport;
}

/** Differential-privacy ledger (spec §1.5). */
export interface DpLedger {
  readonly neighbour: "add-remove" | "replace-one";
  readonly guarantee: "pure-epsilon" | "zcdp" | "void";
  readonly entries: readonly {
    mechanism: string;
    sensitivity: number;
    scale: number;
    epsilon?: number;
    rho?: number;
  }[];
  readonly epsilon: number;
  readonly delta?: number;
}

export interface ModelManifest {
  readonly generator: string;
  readonly version: string;
  /** The full resolved parameter set. */
  readonly params: Params;
  readonly fitSeed: string;
  /** Output schema: names, kinds, levels, bounds, decimals, formats, missing rates. */
  readonly columns: readonly ColumnSchema[];
  readonly dp: DpLedger | null;
  /** True when the model stores values copied from the real data (leaf donors, empirical marginals, training rows). */
  readonly containsRealValues: boolean;
  readonly trainingRows: number;
  readonly fitMilliseconds: number;
  /** Diagnostics for the steward (e.g. "k below 5", a column dominated by a rare modality); never a real value. */
  readonly warnings?: readonly string[];
  /** The privacy preset and what it resolved to (absent in models saved before presets existed). */
  readonly privacy?: PrivacyRecord;
}

export interface FittedGenerator {
  readonly manifest: ModelManifest;
  sample(nRows: number, options: SampleOptions): SampleResult;
  /** The model as JSON-serialisable data (generator-specific state under `state`). */
  toJSON(): SavedModel;
}

export interface SavedModel {
  readonly format: "sosie-model/1";
  /** Stated plainly at the top of the file for a steward reading it. */
  readonly containsRealValues: boolean;
  readonly manifest: ModelManifest;
  readonly state: unknown;
  /** Shared protections (rare levels, coding bounds, missingness rules, guard hashes). */
  readonly protection?: ProtectionState | null;
}

export interface GeneratorDefinition {
  readonly id: string;
  readonly version: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  /** How ∅ is modelled: by the method itself, or through companion indicator columns. */
  readonly missing: "native" | "indicator";
  /** A reference every metric must beat (the independent baseline): evaluated and drawn, never recommended. */
  readonly baseline?: boolean;
  /**
   * The fit searches neighbours among all pairs of training rows (quadratic): `sosie run` leaves
   * the method out of its defaults on large tables (pipeline/default-methods.ts).
   */
  readonly allPairsNeighbours?: boolean;
  fit(train: Table, params: Params, context: FitContext): FittedGenerator;
  /** Rebuild a fitted model from `toJSON()` output. */
  load(saved: SavedModel): FittedGenerator;
}
