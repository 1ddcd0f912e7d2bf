/**
 * Train on synthetic, test on real (spec §5.2, Clover `classif` and `regression`): per repetition,
 * a model trained on R and one trained on S, with the same seed, are both scored on the holdout H;
 * the metric is the mean gap between their scores. The runs (models included) are kept per input
 * tables, so that feature-importance-difference (§5.5) reuses the very same models: both metrics
 * derive their models from the tstr metric's stream, so results never depend on which ran first.
 */
import { SosieOptionError } from "../../errors.ts";
import type { Dataset, GbtModel } from "../../learn/index.ts";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { Metric, MetricInput, MetricResult } from "../types.ts";
import {
  capRows,
  classCounts,
  CLOVER_FOLDS,
  encodeDataset,
  featureColumns,
  fitFeatureEncoder,
  fitLearners,
  learnedRecords,
  presentClassKeys,
  resolveLearnedOptions,
  scoreOnTest,
  targetSpecOf,
  undefinedRecords,
  LEARNED_VARIANTS,
  type LearnedOptions,
  type LearnedSubmetric,
  type ResolvedLearnedOptions,
  type TargetSpec,
  type TestScores,
} from "./learning-protocol.ts";

export type TaskKind = "classification" | "regression";

/** One side (trained on R or on S) of one repetition. */
export interface TrainedSide {
  readonly model: GbtModel;
  /** H encoded with this model's own encoder (fitted on its training table). */
  readonly test: Dataset;
  /** Index of the raw feature column behind each encoded feature of `test`. */
  readonly group: Int32Array;
  readonly scores: TestScores;
}

export interface TstrRepetition {
  readonly real: TrainedSide;
  readonly synthetic: TrainedSide;
}

export interface TstrRun {
  readonly target: TargetSpec;
  /** Raw feature columns, in encoder order (the `group` indices point here). */
  readonly features: readonly string[];
  readonly repetitions: readonly TstrRepetition[];
  readonly nFits: number;
  readonly notes: readonly string[];
}

/** Checks of §5.1's label space; a string says why the run is undefined. */
function labelSpaceProblem(
  real: Table,
  synthetic: Table,
  holdout: Table,
  target: TargetSpec & { kind: "classification" },
  variant: string,
): string | null {
  if (target.classes.length < 2) return `target "${target.name}" has fewer than 2 classes in R`;
  const inHoldout = classCounts(holdout, target).filter((c) => c > 0).length;
  if (inHoldout < 2) return `target "${target.name}" has fewer than 2 classes of R in H`;
  if (variant !== "clover") return null;
  const realKeys = presentClassKeys(real, target.name);
  const synthKeys = presentClassKeys(synthetic, target.name);
  if (realKeys.size !== synthKeys.size || [...realKeys].some((k) => !synthKeys.has(k)))
    return `clover: the classes of "${target.name}" differ between R and S`;
  if (synthKeys.size < 2) return `clover: S has a single class of "${target.name}"`;
  const counts = classCounts(real, target);
  if (counts.some((c) => c < CLOVER_FOLDS))
    return `clover: a class of "${target.name}" has fewer than ${CLOVER_FOLDS} rows in R`;
  return null;
}

/** A side ready to fit: its training data and H under the encoder fitted on its training table. */
interface PreparedSide {
  readonly data: Dataset;
  readonly test: Dataset;
  readonly group: Int32Array;
  readonly rng: Rng;
}

function prepareSide(
  train: Table,
  holdout: Table,
  target: TargetSpec,
  features: string[],
  o: ResolvedLearnedOptions,
  rng: Rng,
): PreparedSide {
  const encoder = fitFeatureEncoder(train, features, o);
  const { data } = encodeDataset(train, encoder, target);
  if (data.nRows === 0) throw new SosieOptionError(`no training row has a usable "${target.name}"`);
  const { data: test, group } = encodeDataset(holdout, encoder, target);
  return { data, test, group, rng };
}

/** Fits the prepared sides as one batch (they are independent) and scores each on its H. */
function trainSides(prepared: readonly PreparedSide[], o: ResolvedLearnedOptions) {
  const fitted = fitLearners(prepared, o);
  return prepared.map((p, i) => ({
    side: { model: fitted[i].model, test: p.test, group: p.group, scores: scoreOnTest(fitted[i].model, p.test) },
    nFits: fitted[i].nFits,
  }));
}

// Models trained on R depend on (R, H, settings, stream) only, not on S: kept so that comparing
// several synthetic tables against the same R and H fits them once.
const realSideCache = new WeakMap<Table, WeakMap<Table, Map<string, { side: TrainedSide; nFits: number }>>>();

function settingsKey(o: ResolvedLearnedOptions): string {
  return JSON.stringify({
    variant: o.variant,
    profile: o.profile,
    repetitions: o.repetitions,
    maxRows: o.maxRows,
    maxOneHot: o.maxOneHot,
    learner: o.learner ?? null,
    seed: String(o.seed),
  });
}

/**
 * The TSTR run for `targetName`: `repetitions` pairs of models with seeds derived from `stream`.
 * Throws SosieOptionError when the task cannot be learned (the caller reports it as undefined).
 */
export function runTstr(input: MetricInput, targetName: string, o: ResolvedLearnedOptions, stream: Rng): TstrRun {
  if (input.holdout === undefined) throw new SosieOptionError("needs a holdout H to test on");
  const target = targetSpecOf(input.real, targetName);
  const notes: string[] = [];
  const real = capRows(input.real, o.maxRows, stream.derive("max-rows", 0));
  let synthetic = capRows(input.synthetic, o.maxRows, stream.derive("max-rows", 1));
  const holdout = capRows(input.holdout, o.maxRows, stream.derive("max-rows", 2));
  if (real !== input.real || synthetic !== input.synthetic || holdout !== input.holdout)
    notes.push(`tables subsampled to at most ${o.maxRows} rows`);
  if (o.variant === "sosie" && synthetic.nRows > real.nRows) {
    // Both models see the same amount of data.
    synthetic = capRows(synthetic, real.nRows, stream.derive("synthetic-size"));
    notes.push(`S subsampled to n_R = ${real.nRows} rows`);
  }
  if (!synthetic.has(targetName)) throw new SosieOptionError(`target "${targetName}" is absent from S`);
  if (!holdout.has(targetName)) throw new SosieOptionError(`target "${targetName}" is absent from H`);
  if (target.kind === "classification") {
    const problem = labelSpaceProblem(real, synthetic, holdout, target, o.variant);
    if (problem !== null) throw new SosieOptionError(problem);
  }
  const features = featureColumns(real, targetName);
  if (features.length === 0) throw new SosieOptionError("no feature column besides the target");
  const byHoldout = nested(
    realSideCache,
    input.real,
    () => new WeakMap<Table, Map<string, { side: TrainedSide; nFits: number }>>(),
  );
  const sides = nested(byHoldout, input.holdout, () => new Map<string, { side: TrainedSide; nFits: number }>());
  // Every model of the run is prepared first and fitted as one batch (independent fits).
  const realKeys: string[] = [];
  const toFit: PreparedSide[] = [];
  const fitIndex = new Map<string, number>();
  for (let r = 0; r < o.repetitions; r++) {
    // The same seed for both models, as Clover does.
    const seed = stream.derive("repetition", r);
    const realKey = `${targetName}\u0000${seed.key}\u0000${settingsKey(o)}`;
    realKeys.push(realKey);
    if (!sides.has(realKey) && !fitIndex.has(realKey)) {
      fitIndex.set(realKey, toFit.length);
      toFit.push(prepareSide(real, holdout, target, features, o, seed));
    }
    toFit.push(prepareSide(synthetic, holdout, target, features, o, seed));
  }
  const trained = trainSides(toFit, o);
  for (const [key, i] of fitIndex) sides.set(key, trained[i]);
  const repetitions: TstrRepetition[] = [];
  let nFits = 0;
  let next = 0;
  for (let r = 0; r < o.repetitions; r++) {
    const realKey = realKeys[r];
    if (fitIndex.get(realKey) === next) next++;
    const onReal = sides.get(realKey)!;
    const onSynthetic = trained[next++];
    nFits += onReal.nFits + onSynthetic.nFits;
    repetitions.push({ real: onReal.side, synthetic: onSynthetic.side });
  }
  notes.push(`profile ${o.profile}: ${repetitions.length} repetitions, ${nFits} model fits`);
  return { target, features, repetitions, nFits, notes };
}

// Runs kept per (R, S, H) and settings; weak keys let the tables (and models) go with them.
const runCache = new WeakMap<Table, WeakMap<Table, WeakMap<Table, Map<string, TstrRun>>>>();

function nested<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/** The tstr metric id of a task; its stream seeds every model of the run. */
export function tstrId(kind: TaskKind): string {
  return kind === "classification" ? "tstr-classification" : "tstr-regression";
}

/**
 * The shared run of the tstr metric for `targetName`, computed once per input tables and
 * settings. Its models are those of `tstr-classification` / `tstr-regression` whichever metric
 * asks first.
 */
export function sharedTstrRun(input: MetricInput, targetName: string, o: ResolvedLearnedOptions): TstrRun {
  if (input.holdout === undefined) throw new SosieOptionError("needs a holdout H to test on");
  const kind = targetSpecOf(input.real, targetName).kind;
  const key = `${targetName}\u0000${settingsKey(o)}`;
  const byS = nested(runCache, input.real, () => new WeakMap<Table, WeakMap<Table, Map<string, TstrRun>>>());
  const byH = nested(byS, input.synthetic, () => new WeakMap<Table, Map<string, TstrRun>>());
  const runs = nested(byH, input.holdout, () => new Map<string, TstrRun>());
  let run = runs.get(key);
  if (run === undefined) {
    run = runTstr(input, targetName, o, Rng.fromSeed(o.seed).derive(tstrId(kind)));
    runs.set(key, run);
  }
  return run;
}

// ---------------------------------------------------------------------------------------------
// Submetrics.

interface GapValues {
  readonly diff: number[];
  readonly real: number[];
  readonly synthetic: number[];
}

function gaps(run: TstrRun, pick: (s: TestScores) => number | undefined): GapValues {
  const out: GapValues = { diff: [], real: [], synthetic: [] };
  for (const rep of run.repetitions) {
    const a = pick(rep.real.scores);
    const b = pick(rep.synthetic.scores);
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    out.diff.push(Math.abs(a - b));
    out.real.push(a);
    out.synthetic.push(b);
  }
  return out;
}

/** §5.2 submetrics of one run. */
export function tstrSubmetrics(run: TstrRun, variant: string): LearnedSubmetric[] {
  const perRepetition = run.repetitions.map((rep, r) => ({
    columns: [run.target.name],
    measure: `repetition-${r}`,
    value: null,
    reference: null,
    status: "ok" as const,
    reason: null,
    stats: {
      scoreReal: rep.real.scores.score,
      scoreSynthetic: rep.synthetic.scores.score,
      ...(rep.real.scores.nrmse === undefined
        ? {}
        : {
            nrmseReal: rep.real.scores.nrmse,
            nrmseSynthetic: rep.synthetic.scores.nrmse ?? null,
            r2Real: rep.real.scores.r2 ?? null,
            r2Synthetic: rep.synthetic.scores.r2 ?? null,
          }),
    },
  }));
  if (run.target.kind === "classification") {
    const auc = gaps(run, (s) => s.score);
    return [
      { name: "diff-real-synth", min: 0, max: 1, objective: "min", values: auc.diff, details: perRepetition },
      { name: "score-real", min: 0, max: 1, objective: "max", values: auc.real },
      { name: "score-synthetic", min: 0, max: 1, objective: "max", values: auc.synthetic },
    ];
  }
  const raw = gaps(run, (s) => s.score);
  if (variant === "clover")
    return [
      { name: "diff-real-synth", min: 0, max: Infinity, objective: "min", values: raw.diff, details: perRepetition },
      { name: "score-real", min: 0, max: Infinity, objective: "min", values: raw.real },
      { name: "score-synthetic", min: 0, max: Infinity, objective: "min", values: raw.synthetic },
    ];
  const normalised = gaps(run, (s) => s.nrmse);
  const r2 = gaps(run, (s) => s.r2);
  const rawDiff = raw.diff.length === 0 ? null : raw.diff.reduce((a, b) => a + b, 0) / raw.diff.length;
  return [
    {
      name: "diff-real-synth",
      min: 0,
      max: Infinity,
      objective: "min",
      values: normalised.diff,
      details: [
        ...perRepetition,
        {
          columns: [run.target.name],
          measure: "rmse-diff-real-synth",
          value: rawDiff,
          reference: null,
          status: rawDiff === null ? "undefined" : "ok",
          reason: null,
        },
      ],
    },
    { name: "score-real", min: 0, max: Infinity, objective: "min", values: normalised.real },
    { name: "score-synthetic", min: 0, max: Infinity, objective: "min", values: normalised.synthetic },
    { name: "r2-real", min: -Infinity, max: 1, objective: "max", values: r2.real },
    { name: "r2-synthetic", min: -Infinity, max: 1, objective: "max", values: r2.synthetic },
  ];
}

function submetricShapes(kind: TaskKind, variant: string): Omit<LearnedSubmetric, "values">[] {
  const names =
    kind === "regression" && variant === "sosie"
      ? ["diff-real-synth", "score-real", "score-synthetic", "r2-real", "r2-synthetic"]
      : ["diff-real-synth", "score-real", "score-synthetic"];
  return names.map((name) => ({
    name,
    min: name.startsWith("r2") ? -Infinity : 0,
    max: kind === "classification" || name.startsWith("r2") ? 1 : Infinity,
    objective: name === "diff-real-synth" || (kind === "regression" && !name.startsWith("r2")) ? "min" : "max",
  }));
}

function computeTstr(kind: TaskKind, input: MetricInput, options?: LearnedOptions): MetricResult[] {
  const id = tstrId(kind);
  const o = resolveLearnedOptions(id, options);
  const fail = (reason: string) => undefinedRecords(id, o.variant, input, submetricShapes(kind, o.variant), reason);
  if (o.target === undefined) return fail("no target column: set the `target` option");
  if (!input.real.has(o.target)) return fail(`target "${o.target}" is not a column of R`);
  let run: TstrRun;
  try {
    const spec = targetSpecOf(input.real, o.target);
    if (spec.kind !== kind)
      return fail(
        kind === "classification"
          ? `target "${o.target}" is numeric: use tstr-regression`
          : `target "${o.target}" is categorical: use tstr-classification`,
      );
    run = sharedTstrRun(input, o.target, o);
  } catch (error) {
    if (error instanceof SosieOptionError) return fail(error.message);
    throw error;
  }
  return learnedRecords({
    id,
    variant: o.variant,
    input,
    reason: null,
    notes: run.notes,
    submetrics: tstrSubmetrics(run, o.variant),
  });
}

function tstrMetric(kind: TaskKind, description: string): Metric<LearnedOptions> {
  return {
    id: tstrId(kind),
    kind: "utility",
    needsTarget: true,
    batchedFits: true,
    needs: ["real", "synthetic", "holdout"],
    optional: [],
    variants: LEARNED_VARIANTS,
    description,
    compute: (input, options) => computeTstr(kind, input, options),
  };
}

export const tstrClassification = tstrMetric(
  "classification",
  "AUC gap on H between models trained on R and on S for the categorical target (Clover classif)",
);

export const tstrRegression = tstrMetric(
  "regression",
  "Normalised RMSE gap on H between models trained on R and on S for the numeric target (Clover regression)",
);
