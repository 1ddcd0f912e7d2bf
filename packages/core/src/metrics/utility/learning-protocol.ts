/**
 * The learning protocol shared by the learned utility metrics (spec §5.1, also used by §4.1):
 * options and profiles, the feature encoding (one-hot up to `maxOneHot` levels, frequency ranks
 * above, median imputation plus a missing indicator), the target's label space, the model fit
 * (gradient-boosted trees from learn/) and the scores.
 *
 * Every fit is a pure function of (training table, encoding settings, profile, stream), so a
 * caller may run the fits of different repetitions in different workers and get the same numbers.
 */
import { SosieOptionError } from "../../errors.ts";
import {
  fitGbt,
  fitGbtBatch,
  fitWithProtocol,
  GBT_DEFAULTS,
  r2,
  rmse,
  type Dataset,
  type GbtModel,
  type GbtOptions,
  type LearnProfile,
  type NumericFeature,
  type Target,
} from "../../learn/index.ts";
import type { Rng } from "../../random/rng.ts";
import { categoricalColumn, numericColumn, type Column } from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import type { MetricDetail, MetricInput, MetricOptions, MetricResult, Objective } from "../types.ts";
import { columnFamily } from "./columns.ts";
import { subsampleRows } from "./sampling.ts";
import { fastProtocolAuc, repetitionSummary } from "./repetition-interval.ts";
import { quantileType7, sortedPresent } from "./statistics.ts";

export const LEARNED_VARIANTS = ["sosie", "clover"] as const;

/** Repetitions per profile (§5.1); `tuned` is Sosie's middle ground, repeated like `fast`. */
const DEFAULT_REPETITIONS: Readonly<Record<LearnProfile, number>> = { fast: 3, tuned: 3, clover: 20 };
export const DEFAULT_LEARNED_MAX_ROWS = 50_000;
export const DEFAULT_MAX_ONE_HOT = 32;
/** Clover's CV fold count; its label-space rule needs this many rows per class. */
export const CLOVER_FOLDS = 5;

export interface LearnedOptions extends MetricOptions {
  /** Target column (§5.2, §5.4, §5.5); its kind chooses classification or regression. */
  readonly target?: string;
  /**
   * `fast` (default, §5.1: one fit, fixed settings), `tuned` (learn's small protocol: a few random
   * configurations scored by k-fold CV) or `clover` (20 trials × 5 folds, Clover-like).
   */
  readonly profile?: LearnProfile;
  /** Repetitions (default 3; 20 in the clover profile). */
  readonly repetitions?: number;
  /** Each table is subsampled (seeded, without replacement) to at most this many rows. */
  readonly maxRows?: number;
  /** Categorical columns with more levels (∅ included) get one frequency-rank feature. */
  readonly maxOneHot?: number;
  /** Settings of the fast profile's fit that override §5.1's (e.g. subsample 1 in tests). */
  readonly learner?: GbtOptions;
}

export interface ResolvedLearnedOptions extends LearnedOptions {
  readonly variant: "sosie" | "clover";
  readonly seed: number | string | bigint;
  readonly profile: LearnProfile;
  readonly repetitions: number;
  readonly maxRows: number;
  readonly maxOneHot: number;
}

export function resolveLearnedOptions(id: string, options: LearnedOptions | undefined): ResolvedLearnedOptions {
  const given = options ?? {};
  const variant = given.variant ?? "sosie";
  if (variant !== "sosie" && variant !== "clover")
    throw new SosieOptionError(`metric "${id}" has no variant "${variant}" (it has: ${LEARNED_VARIANTS.join(", ")})`);
  const profile = given.profile ?? "fast";
  if (profile !== "fast" && profile !== "tuned" && profile !== "clover")
    throw new SosieOptionError(`metric "${id}": unknown profile "${String(profile)}" (fast, tuned or clover)`);
  const repetitions = given.repetitions ?? DEFAULT_REPETITIONS[profile];
  if (!(Number.isInteger(repetitions) && repetitions >= 1))
    throw new SosieOptionError(`metric "${id}": repetitions must be a positive integer, got ${repetitions}`);
  const maxRows = given.maxRows ?? DEFAULT_LEARNED_MAX_ROWS;
  if (!(Number.isInteger(maxRows) && maxRows >= 2))
    throw new SosieOptionError(`metric "${id}": maxRows must be an integer >= 2, got ${maxRows}`);
  const maxOneHot = given.maxOneHot ?? DEFAULT_MAX_ONE_HOT;
  if (!(Number.isInteger(maxOneHot) && maxOneHot >= 1))
    throw new SosieOptionError(`metric "${id}": maxOneHot must be a positive integer, got ${maxOneHot}`);
  return { ...given, variant, seed: given.seed ?? 0, profile, repetitions, maxRows, maxOneHot };
}

// ---------------------------------------------------------------------------------------------
// Levels: categories match across tables by text, booleans by value, ∅ is a level of its own.

const MISSING_KEY = "\u0000∅";

/** The level key of every code of a categorical or boolean column. */
function levelKeysOf(column: Column): readonly string[] {
  if (column.kind === "categorical") return column.levels;
  if (column.kind === "boolean") return ["false", "true"];
  throw new SosieOptionError(`column "${column.name}" is ${column.kind}, expected categorical`);
}

function codesOf(column: Column): ArrayLike<number> {
  if (column.kind === "categorical") return column.codes;
  if (column.kind === "boolean") return column.values;
  throw new SosieOptionError(`column "${column.name}" is ${column.kind}, expected categorical`);
}

/** Level key of each row (∅ as MISSING_KEY), through a per-code lookup. */
function rowKeys(column: Column): { keys: readonly string[]; slotOfRow: (i: number) => number } {
  const keys = [...levelKeysOf(column), MISSING_KEY];
  const codes = codesOf(column);
  const missingSlot = keys.length - 1;
  return { keys, slotOfRow: (i) => (column.missing[i] ? missingSlot : codes[i]) };
}

function numericValues(column: Column): Float64Array {
  if (column.kind === "continuous" || column.kind === "integer" || column.kind === "date" || column.kind === "datetime")
    return column.values;
  throw new SosieOptionError(`column "${column.name}" is ${column.kind}, expected numeric`);
}

// ---------------------------------------------------------------------------------------------
// Feature encoding (§5.1), fitted on each model's own training table.

export type ColumnEncoder =
  | {
      readonly kind: "numeric";
      readonly name: string;
      /** Training median, replacing ∅ (0 when the training column is all ∅). */
      readonly fill: number;
      /** Whether a 0/1 `<name>_NA` feature follows (∅ occurred in training). */
      readonly indicator: boolean;
    }
  | { readonly kind: "one-hot"; readonly name: string; readonly levels: readonly string[] }
  | {
      readonly kind: "rank";
      readonly name: string;
      /** Rank (1 = most frequent) of each training level; unseen levels get size + 1. */
      readonly rankOf: ReadonlyMap<string, number>;
    };

export interface FeatureEncoder {
  readonly columns: readonly ColumnEncoder[];
}

export interface EncodingSettings {
  readonly variant: "sosie" | "clover";
  readonly maxOneHot: number;
}

/**
 * Encoders for `features` fitted on `train`. sosie: one-hot up to maxOneHot levels, frequency ranks
 * above; clover: one-hot for every categorical column (Clover also standardises numerics, which
 * trees ignore, so it is not done).
 */
export function fitFeatureEncoder(
  train: Table,
  features: readonly string[],
  settings: EncodingSettings,
): FeatureEncoder {
  const columns = features.map((name): ColumnEncoder => {
    const column = train.column(name);
    const family = columnFamily(column);
    if (family === null) throw new SosieOptionError(`column "${name}" is ${column.kind}: it cannot be a feature`);
    if (family === "numeric") {
      const values = numericValues(column);
      const sorted = sortedPresent(values);
      const hasMissing = sorted.length < values.length;
      return {
        kind: "numeric",
        name,
        fill: sorted.length > 0 ? quantileType7(sorted, 0.5) : 0,
        indicator: hasMissing,
      };
    }
    const { keys, slotOfRow } = rowKeys(column);
    const counts = new Float64Array(keys.length);
    for (let i = 0; i < column.length; i++) counts[slotOfRow(i)]++;
    const present: number[] = [];
    for (let s = 0; s < keys.length; s++) if (counts[s] > 0) present.push(s);
    if (settings.variant === "clover" || present.length <= settings.maxOneHot)
      return { kind: "one-hot", name, levels: present.map((s) => keys[s]) };
    // Stable sort: equal counts keep level order (∅ last).
    const ranked = [...present].sort((a, b) => counts[b] - counts[a]);
    return { kind: "rank", name, rankOf: new Map(ranked.map((s, r) => [keys[s], r + 1])) };
  });
  return { columns };
}

export interface EncodedFeatures {
  readonly features: NumericFeature[];
  /** Index in the encoder's columns of the raw column behind each feature. */
  readonly group: Int32Array;
}

/** Features of `rows` of `table` under `encoder` (all rows when absent). */
export function encodeFeatures(table: Table, encoder: FeatureEncoder, rows?: Int32Array): EncodedFeatures {
  const n = rows?.length ?? table.nRows;
  const rowAt = rows === undefined ? (i: number) => i : (i: number) => rows[i];
  const features: NumericFeature[] = [];
  const group: number[] = [];
  encoder.columns.forEach((enc, g) => {
    const column = table.column(enc.name);
    if (enc.kind === "numeric") {
      const source = numericValues(column);
      const values = new Float64Array(n);
      const flag = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = rowAt(i);
        if (column.missing[r]) {
          values[i] = enc.fill;
          flag[i] = 1;
        } else values[i] = source[r];
      }
      features.push({ kind: "numeric", name: enc.name, values });
      group.push(g);
      if (enc.indicator) {
        features.push({ kind: "numeric", name: `${enc.name}_NA`, values: flag });
        group.push(g);
      }
      return;
    }
    const { keys, slotOfRow } = rowKeys(column);
    if (enc.kind === "one-hot") {
      const position = new Map(enc.levels.map((l, k) => [l, k]));
      const featureOfSlot = keys.map((k) => position.get(k) ?? -1);
      const onehot = enc.levels.map(() => new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const f = featureOfSlot[slotOfRow(rowAt(i))];
        if (f >= 0) onehot[f][i] = 1; // an unseen level is the all-zero vector
      }
      enc.levels.forEach((level, k) => {
        const label = level === MISSING_KEY ? "∅" : level;
        features.push({ kind: "numeric", name: `${enc.name}=${label}`, values: onehot[k] });
        group.push(g);
      });
      return;
    }
    const unseen = enc.rankOf.size + 1;
    const rankOfSlot = keys.map((k) => enc.rankOf.get(k) ?? unseen);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = rankOfSlot[slotOfRow(rowAt(i))];
    features.push({ kind: "numeric", name: `${enc.name}#rank`, values });
    group.push(g);
  });
  return { features, group: Int32Array.from(group) };
}

// ---------------------------------------------------------------------------------------------
// Target and datasets.

export type TargetSpec =
  | { readonly kind: "classification"; readonly name: string; readonly classes: readonly string[] }
  | { readonly kind: "regression"; readonly name: string };

/**
 * The learning task for column `name` of R: classification over the levels present in R
 * (categorical, boolean) or regression (numeric, date, datetime).
 */
export function targetSpecOf(real: Table, name: string): TargetSpec {
  if (!real.has(name)) throw new SosieOptionError(`target "${name}" is not a column of the real table`);
  const column = real.column(name);
  const family = columnFamily(column);
  if (family === null) throw new SosieOptionError(`target "${name}" is ${column.kind}: it cannot be learned`);
  if (family === "numeric") return { kind: "regression", name };
  const { keys, slotOfRow } = rowKeys(column);
  const seen = new Uint8Array(keys.length);
  for (let i = 0; i < column.length; i++) if (!column.missing[i]) seen[slotOfRow(i)] = 1;
  return { kind: "classification", name, classes: keys.filter((_, s) => seen[s] === 1) };
}

/** Rows of `table` with a usable target (present, and a class of the label space). */
function targetRows(table: Table, target: TargetSpec): { rows: Int32Array; target: Target } {
  const column = table.column(target.name);
  const keep: number[] = [];
  if (target.kind === "regression") {
    const values = numericValues(column);
    for (let i = 0; i < column.length; i++) if (!column.missing[i]) keep.push(i);
    const rows = Int32Array.from(keep);
    return {
      rows,
      target: { kind: "regression", name: target.name, values: Float64Array.from(rows, (r) => values[r]) },
    };
  }
  const { keys, slotOfRow } = rowKeys(column);
  const position = new Map(target.classes.map((c, k) => [c, k]));
  const classOfSlot = keys.map((k) => position.get(k) ?? -1);
  const codes: number[] = [];
  for (let i = 0; i < column.length; i++) {
    if (column.missing[i]) continue;
    const c = classOfSlot[slotOfRow(i)];
    if (c < 0) continue;
    keep.push(i);
    codes.push(c);
  }
  return {
    rows: Int32Array.from(keep),
    target: { kind: "classification", name: target.name, codes: Int32Array.from(codes), classes: target.classes },
  };
}

export interface EncodedDataset {
  readonly data: Dataset;
  readonly group: Int32Array;
}

/** A learning dataset of `table`: features under `encoder`, rows with a usable target. */
export function encodeDataset(table: Table, encoder: FeatureEncoder, target: TargetSpec): EncodedDataset {
  const { rows, target: t } = targetRows(table, target);
  const { features, group } = encodeFeatures(table, encoder, rows);
  return { data: { nRows: rows.length, features, target: t, sourceRows: rows }, group };
}

/** The evaluated columns of R other than the target, as features. */
export function featureColumns(real: Table, target: string | null): string[] {
  return real.columns.filter((c) => c.name !== target && columnFamily(c) !== null).map((c) => c.name);
}

// ---------------------------------------------------------------------------------------------
// Fitting and scoring.

export interface FittedLearner {
  readonly model: GbtModel;
  readonly nFits: number;
}

/** §5.1's fixed settings of the fast profile. */
export const FAST_SETTINGS: GbtOptions = {
  nTrees: GBT_DEFAULTS.nTrees,
  learningRate: GBT_DEFAULTS.learningRate,
  maxDepth: GBT_DEFAULTS.maxDepth,
  subsample: GBT_DEFAULTS.subsample,
  colsample: GBT_DEFAULTS.colsample,
};

/**
 * Fits a model under the profile. fast: one fit (stream "refit", as learn's protocol does);
 * tuned and clover: learn's CV protocols.
 */
export function fitLearner(data: Dataset, options: ResolvedLearnedOptions, rng: Rng): FittedLearner {
  if (options.profile === "fast")
    return { model: fitGbt(data, { ...FAST_SETTINGS, ...options.learner }, rng.derive("refit")), nFits: 1 };
  const result = fitWithProtocol(data, rng, { profile: options.profile });
  return { model: result.model, nFits: result.nFits };
}

/**
 * `fitLearner` on each (data, rng), in order. In the fast profile the fits go as one batch
 * (learn/engine.ts), which a host with threads may run in parallel; the models are the same.
 */
export function fitLearners(
  jobs: readonly { readonly data: Dataset; readonly rng: Rng }[],
  options: ResolvedLearnedOptions,
): FittedLearner[] {
  if (options.profile !== "fast") return jobs.map((j) => fitLearner(j.data, options, j.rng));
  const settings = { ...FAST_SETTINGS, ...options.learner };
  const models = fitGbtBatch(jobs.map((j) => ({ data: j.data, options: settings, rng: j.rng.derive("refit") })));
  return models.map((model) => ({ model, nFits: 1 }));
}

export interface TestScores {
  /** AUC (binary or Hand & Till), or RMSE. NaN when undefined on the test rows. */
  readonly score: number;
  /** Regression only: RMSE / population sd of the test target, and R². */
  readonly nrmse?: number;
  readonly r2?: number;
}

/** Population standard deviation. */
export function populationSd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return Math.sqrt(ss / n);
}

export function scoreOnTest(model: GbtModel, test: Dataset): TestScores {
  const t = test.target;
  const predicted = model.predict(test);
  if (t.kind === "classification") return { score: fastProtocolAuc(t.codes, predicted, t.classes.length) };
  const error = rmse(t.values, predicted);
  const sd = populationSd(t.values);
  return { score: error, nrmse: sd > 0 ? error / sd : NaN, r2: r2(t.values, predicted) };
}

// ---------------------------------------------------------------------------------------------
// Row budgets.

/** The table subsampled to maxRows (seeded), and whether it was. */
export function capRows(table: Table, maxRows: number, rng: Rng): Table {
  return subsampleRows(table, maxRows, rng);
}

/** Classes of the label space with their row counts in `table` (rows with a usable target). */
export function classCounts(table: Table, target: TargetSpec & { kind: "classification" }): Float64Array {
  const { target: t } = targetRows(table, target);
  const counts = new Float64Array(target.classes.length);
  if (t.kind === "classification") for (const c of t.codes) counts[c]++;
  return counts;
}

/** Distinct class labels present in a table's target column (any level, ∅ excluded). */
export function presentClassKeys(table: Table, name: string): Set<string> {
  const column = table.column(name);
  const { keys, slotOfRow } = rowKeys(column);
  const out = new Set<string>();
  for (let i = 0; i < column.length; i++) if (!column.missing[i]) out.add(keys[slotOfRow(i)]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Result records.

export interface LearnedSubmetric {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly objective: Objective;
  /** One value per repetition that gave one. */
  readonly values: readonly number[];
  /** The same computation with H in place of S, or null. */
  readonly reference?: number | null;
  readonly details?: readonly MetricDetail[];
  readonly nUndefined?: number;
}

export interface LearnedRun {
  readonly id: string;
  readonly variant: string;
  readonly input: MetricInput;
  /** Why the whole metric is undefined (every submetric then is). */
  readonly reason: string | null;
  readonly notes: readonly string[];
  readonly submetrics: readonly LearnedSubmetric[];
}

/** §1.6 records of a learned metric: the mean over repetitions with its §6.2 interval. */
export function learnedRecords(run: LearnedRun): MetricResult[] {
  const { input } = run;
  return run.submetrics.map((s): MetricResult => {
    const summary = run.reason === null ? repetitionSummary(s.values) : null;
    const value = summary !== null && Number.isFinite(summary.mean) ? summary.mean : null;
    const reason = run.reason ?? (value === null ? (summary?.reason ?? null) : summary!.reason);
    return {
      id: run.id,
      submetric: s.name,
      variant: run.variant,
      value,
      min: s.min,
      max: s.max,
      objective: s.objective,
      reference: s.reference ?? null,
      ci: value === null ? null : (summary?.ci ?? null),
      ciMethod: value !== null && summary?.ci ? "repetition" : null,
      n: { R: input.real.nRows, S: input.synthetic.nRows, H: input.holdout?.nRows ?? null },
      nUndefined: s.nUndefined ?? 0,
      status: value === null ? "undefined" : "ok",
      reason,
      notes:
        value !== null && summary?.ci
          ? [
              ...run.notes,
              "the interval reflects model and split randomness only, not the sampling variability of R and H",
            ]
          : run.notes,
      details: s.details ?? [],
    };
  });
}

/** Records of a metric that cannot run, one per submetric, with the reason. */
export function undefinedRecords(
  id: string,
  variant: string,
  input: MetricInput,
  submetrics: readonly Omit<LearnedSubmetric, "values">[],
  reason: string,
  notes: readonly string[] = [],
): MetricResult[] {
  return learnedRecords({
    id,
    variant,
    input,
    reason,
    notes,
    submetrics: submetrics.map((s) => ({ ...s, values: [] })),
  });
}

// ---------------------------------------------------------------------------------------------
// Stacking tables (R ∪ S for the propensity models).

/**
 * The rows of `a` followed by those of `b`, over the evaluated columns of `a`. Categories are put
 * on the union of both level sets by text; a column that `b` lacks, or holds as another family,
 * is an option error (the metric reports it as undefined).
 */
export function stackTables(a: Table, b: Table, names: readonly string[]): Table {
  const columns = names.map((name): Column => {
    const x = a.column(name);
    if (!b.has(name)) throw new SosieOptionError(`column "${name}" is absent from the compared table`);
    const y = b.column(name);
    const family = columnFamily(x);
    if (family === null || columnFamily(y) !== family)
      throw new SosieOptionError(`column "${name}" is of another kind in the compared table`);
    const n = x.length + y.length;
    const missing = new Uint8Array(n);
    missing.set(x.missing, 0);
    missing.set(y.missing, x.length);
    if (family === "numeric") {
      const values = new Float64Array(n);
      values.set(numericValues(x), 0);
      values.set(numericValues(y), x.length);
      return numericColumn(name, values, { missing });
    }
    const levels: string[] = [];
    const index = new Map<string, number>();
    const remap = (c: Column) =>
      levelKeysOf(c).map((key) => {
        let k = index.get(key);
        if (k === undefined) {
          k = levels.push(key) - 1;
          index.set(key, k);
        }
        return k;
      });
    const codes = new Int32Array(n);
    let offset = 0;
    for (const c of [x, y]) {
      const map = remap(c);
      const source = codesOf(c);
      for (let i = 0; i < c.length; i++) codes[offset + i] = c.missing[i] ? -1 : map[source[i]];
      offset += c.length;
    }
    return categoricalColumn(name, codes, levels, { missing });
  });
  return new Table(columns, a.nRows + b.nRows);
}
