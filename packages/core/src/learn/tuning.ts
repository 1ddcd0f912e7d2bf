/**
 * Learning protocols: how a model is chosen and fitted for the utility metrics and attacks.
 *
 * - `fast`: one fit with the fixed settings of utility-metrics §5.1 (100 trees, η 0.1, depth 6,
 *   subsample and colsample 0.8); no tuning.
 * - `tuned` (default): seeded stratified k-fold CV over a few random configurations from a fixed
 *   search space (the first is the `fast` configuration), chosen by CV score, then refitted on all
 *   rows with early stopping.
 * - `clover`: the heavy Clover-like protocol of §5.1: 20 random trials over η, depth, subsample
 *   and colsample, unshuffled stratified 5-fold CV, 100 trees, refit on all rows.
 *
 * The CV fits are independent, deterministic chunks (`evaluateTrialFold`), so a caller may spread
 * them over workers and combine the scores with `chooseTrial`.
 */
import { SosieOptionError } from "../errors.ts";
import type { Rng } from "../random/rng.ts";
import { type Dataset, selectDatasetRows } from "./dataset.ts";
import { assignFolds, foldRows } from "./folds.ts";
import { fitGbt, GBT_DEFAULTS, type GbtModel, type GbtOptions } from "./gbt.ts";
import { rmse, rocAucAuto } from "./scores.ts";

export type LearnProfile = "fast" | "tuned" | "clover";

export interface TuningPlan {
  readonly profile: LearnProfile;
  /** Candidate configurations (empty for `fast`). */
  readonly trials: readonly GbtOptions[];
  readonly nFolds: number;
  /** Fold of each row (empty for `fast`). */
  readonly folds: Int32Array;
  /** Settings of the final fit, merged over the chosen trial. */
  readonly refit: GbtOptions;
}

export interface ProtocolOptions {
  profile?: LearnProfile;
  /** `tuned` profile: number of configurations (first = the fixed defaults). */
  nTrials?: number;
  /** `tuned` profile: folds. */
  nFolds?: number;
}

const FAST: GbtOptions = {
  nTrees: GBT_DEFAULTS.nTrees,
  learningRate: GBT_DEFAULTS.learningRate,
  maxDepth: GBT_DEFAULTS.maxDepth,
  subsample: GBT_DEFAULTS.subsample,
  colsample: GBT_DEFAULTS.colsample,
};

function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)));
}

function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + rng.next() * (hi - lo);
}

function integer(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** `tuned` search space; CV fits stop early on an inner split, so the tree count is an upper bound. */
function drawTunedTrial(rng: Rng): GbtOptions {
  return {
    nTrees: 300,
    learningRate: logUniform(rng, 0.03, 0.2),
    maxDepth: integer(rng, 3, 8),
    subsample: uniform(rng, 0.6, 1),
    colsample: uniform(rng, 0.5, 1),
    lambda: logUniform(rng, 0.3, 10),
    minChildWeight: [1, 2, 5][rng.int(3)],
    earlyStopping: { validationFraction: 0.1, patience: 10 },
  };
}

/** Clover search space (utility-metrics §5.1). */
function drawCloverTrial(rng: Rng): GbtOptions {
  return {
    nTrees: 100,
    learningRate: logUniform(rng, 0.001, 0.1),
    maxDepth: integer(rng, 4, 10),
    subsample: uniform(rng, 0.5, 1),
    colsample: uniform(rng, 0.5, 1),
  };
}

/** Trials, folds and refit settings for a dataset. Streams: "trials", "folds". */
export function planTuning(data: Dataset, rng: Rng, options: ProtocolOptions = {}): TuningPlan {
  const profile = options.profile ?? "tuned";
  const strata = data.target.kind === "classification" ? data.target.codes : undefined;
  if (profile === "fast") return { profile, trials: [], nFolds: 0, folds: new Int32Array(0), refit: FAST };
  if (profile === "clover") {
    const trialRng = rng.derive("trials");
    const trials = Array.from({ length: 20 }, (_, t) => drawCloverTrial(trialRng.derive("trial", t)));
    return { profile, trials, nFolds: 5, folds: assignFolds(data.nRows, 5, { strata }), refit: {} };
  }
  if (profile !== "tuned") throw new SosieOptionError(`unknown learning profile "${String(profile)}"`);
  const nTrials = options.nTrials ?? 4;
  const nFolds = options.nFolds ?? 3;
  if (!(Number.isInteger(nTrials) && nTrials >= 1)) throw new SosieOptionError(`nTrials must be >= 1, got ${nTrials}`);
  const trialRng = rng.derive("trials");
  const trials: GbtOptions[] = [{ ...FAST, nTrees: 300, earlyStopping: { validationFraction: 0.1, patience: 10 } }];
  for (let t = 1; t < nTrials; t++) trials.push(drawTunedTrial(trialRng.derive("trial", t)));
  const folds = assignFolds(data.nRows, nFolds, { strata, rng: rng.derive("folds") });
  return {
    profile,
    trials,
    nFolds,
    folds,
    refit: { nTrees: 1000, earlyStopping: { validationFraction: 0.1, patience: 20 } },
  };
}

/** The protocol's score, higher is better: AUC (binary), Hand & Till AUC (multiclass), −RMSE. */
export function protocolScore(model: GbtModel, test: Dataset): number {
  const t = test.target;
  const p = model.predict(test);
  return t.kind === "classification" ? rocAucAuto(t.codes, p, t.classes.length) : -rmse(t.values, p);
}

/** CV score of one trial on one fold: fit on the other folds, score on this one. Stream: "cv"/fold. */
export function evaluateTrialFold(data: Dataset, plan: TuningPlan, trial: number, fold: number, rng: Rng): number {
  const { train, test } = foldRows(plan.folds, fold);
  const model = fitGbt(selectDatasetRows(data, train), plan.trials[trial], rng.derive("cv", fold));
  return protocolScore(model, selectDatasetRows(data, test));
}

export interface TrialResult {
  readonly options: GbtOptions;
  /** Mean CV score over the folds where it is defined (NaN if none). */
  readonly cvScore: number;
}

/** Index of the best trial by mean CV score (first on ties; NaN scores lose). */
export function chooseTrial(results: readonly TrialResult[]): number {
  let best = 0;
  for (let t = 1; t < results.length; t++)
    if (results[t].cvScore > results[best].cvScore || Number.isNaN(results[best].cvScore)) best = t;
  return best;
}

export interface ProtocolResult {
  readonly model: GbtModel;
  readonly profile: LearnProfile;
  /** Options of the final fit. */
  readonly options: GbtOptions;
  readonly trials: readonly TrialResult[];
  /** Models fitted in total (CV fits + refit). */
  readonly nFits: number;
}

function meanDefined(xs: readonly number[]): number {
  const ok = xs.filter((x) => !Number.isNaN(x));
  return ok.length > 0 ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
}

/**
 * Chooses and fits a model with a learning protocol (default `tuned`). Same seed and data give
 * the same model. Streams: "trials", "folds", "cv"/fold, "refit".
 */
export function fitWithProtocol(data: Dataset, rng: Rng, options: ProtocolOptions = {}): ProtocolResult {
  const plan = planTuning(data, rng, options);
  if (plan.trials.length === 0) {
    return {
      model: fitGbt(data, plan.refit, rng.derive("refit")),
      profile: plan.profile,
      options: plan.refit,
      trials: [],
      nFits: 1,
    };
  }
  const results: TrialResult[] = plan.trials.map((trial, t) => {
    const scores: number[] = [];
    for (let f = 0; f < plan.nFolds; f++) scores.push(evaluateTrialFold(data, plan, t, f, rng));
    return { options: trial, cvScore: meanDefined(scores) };
  });
  const chosen = { ...plan.trials[chooseTrial(results)], ...plan.refit };
  return {
    model: fitGbt(data, chosen, rng.derive("refit")),
    profile: plan.profile,
    options: chosen,
    trials: results,
    nFits: plan.trials.length * plan.nFolds + 1,
  };
}
