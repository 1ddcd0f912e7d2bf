/**
 * Propensity metrics (spec §4): how well a classifier tells real rows from synthetic ones.
 *
 * - `distinguishability` (§4.1, Clover `dist`): a gradient-boosted classifier trained on
 *   R ∪ S_fit scores unseen rows H ∪ S_eval; repeated, with a repetition interval (§6.2).
 * - `pmse` (§4.2, synthpop `utility.gen`): an rpart-like classification tree fitted on R ∪ S,
 *   scored in sample, with the permutation null for S_pMSE.
 */
import { SosieOptionError } from "../../errors.ts";
import { growTree } from "../../generators/cart/grow.ts";
import { categoricalPredictor, numericPredictor, type Predictor } from "../../generators/cart/predictor.ts";
import { routeRow, type RoutingColumn, type Tree } from "../../generators/cart/tree.ts";
import { assignFolds, foldRows, selectDatasetRows, type Dataset } from "../../learn/index.ts";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { Metric, MetricInput, MetricResult } from "../types.ts";
import type { Comparison, Resolved } from "./comparison.ts";
import { columnFamily } from "./columns.ts";
import {
  capRows,
  encodeFeatures,
  featureColumns,
  fitFeatureEncoder,
  fitLearner,
  learnedRecords,
  resolveLearnedOptions,
  stackTables,
  undefinedRecords,
  LEARNED_VARIANTS,
  type LearnedOptions,
  type LearnedSubmetric,
  type ResolvedLearnedOptions,
} from "./learning-protocol.ts";
import { DEFAULT_MAX_PARAMS, fitLogitPropensity, logitNullExpectation } from "./propensity-logit.ts";
import { mannWhitneyAuc } from "./repetition-interval.ts";
import { runSubmetrics, type SubmetricDefinition } from "./submetrics.ts";
import { ksDistance } from "./statistics.ts";

// ---------------------------------------------------------------------------------------------
// §4.1 distinguishability

export interface DistinguishabilityOptions extends LearnedOptions {
  /** A second synthetic table to evaluate on (Clover's `synthetic.test`); S is then all S_fit. */
  readonly syntheticTest?: Table;
}

const DISTINGUISHABILITY = "distinguishability";

const CROSS_FIT_NOTE =
  "no holdout: scores are 5-fold cross-fitted predictions on R ∪ S (each row scored by a model that did not train on it)";

const DIST_SUBMETRICS = ["propensity-mse", "prediction-mse", "auc-rescaled", "auc"] as const;

/** pMSE(v) = 4 · mean (v − ½)², in [0, 1]. */
function propensityMse(p: ArrayLike<number>): number {
  if (p.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i] - 0.5) ** 2;
  return (4 * s) / p.length;
}

export interface PropensityScores {
  readonly propensityMse: number;
  readonly predictionMse: number;
  readonly predictionMseReal: number;
  readonly predictionMseSynthetic: number;
  readonly auc: number;
  readonly aucRescaled: number;
}

/**
 * The §4.1 submetrics from P(real) of the real and the synthetic rows of E. Only confident
 * correct predictions count in prediction-mse: real rows are floored and synthetic rows capped at ½.
 */
export function propensityScores(real: Float64Array, synthetic: Float64Array): PropensityScores {
  const all = new Float64Array(real.length + synthetic.length);
  all.set(real, 0);
  all.set(synthetic, real.length);
  const predictionMseReal = propensityMse(real.map((p) => Math.max(0.5, p)));
  const predictionMseSynthetic = propensityMse(synthetic.map((p) => Math.min(0.5, p)));
  const auc = mannWhitneyAuc(real, synthetic);
  return {
    propensityMse: propensityMse(all),
    predictionMse: (predictionMseReal + predictionMseSynthetic) / 2,
    predictionMseReal,
    predictionMseSynthetic,
    auc,
    aucRescaled: 2 * Math.max(0.5, auc) - 1,
  };
}

/** Rows 0..n-1 of a table in random order, cut into the first k and the rest (both ascending). */
function splitRows(n: number, k: number, rng: Rng): [Int32Array, Int32Array] {
  const order = rng.permutation(n);
  return [order.slice(0, k).sort(), order.slice(k).sort()];
}

function sampleRows(table: Table, k: number, rng: Rng): Table {
  return k >= table.nRows ? table : table.select(rng.sampleWithoutReplacement(table.nRows, k).sort());
}

/**
 * Both tables cut to the smaller one's size, each by its own stream: equal classes keep ½ the
 * no-information value.
 */
function balanced(real: Table, synthetic: Table, rng: Rng, realTag: string, syntheticTag: string): [Table, Table] {
  const n = Math.min(real.nRows, synthetic.nRows);
  return [sampleRows(real, n, rng.derive(realTag)), sampleRows(synthetic, n, rng.derive(syntheticTag))];
}

/** A dataset of stacked real (label 1) and synthetic (label 0) rows under an encoder fitted on it. */
function labelledDataset(features: ReturnType<typeof encodeFeatures>, nReal: number, nSynthetic: number): Dataset {
  const codes = new Int32Array(nReal + nSynthetic);
  codes.fill(1, 0, nReal);
  return {
    nRows: codes.length,
    features: features.features,
    target: { kind: "classification", name: "is-real", codes, classes: ["synthetic", "real"] },
    sourceRows: Int32Array.from(codes.keys()),
  };
}

interface DistinguishabilityRepetition {
  readonly scores: PropensityScores;
  readonly nFits: number;
}

/** One repetition with a holdout: train on R ∪ S_fit, score H ∪ S_eval. */
function holdoutRepetition(
  real: Table,
  syntheticFit: Table,
  holdout: Table,
  syntheticEval: Table,
  options: ResolvedLearnedOptions,
  rng: Rng,
): DistinguishabilityRepetition {
  const sosie = options.variant === "sosie";
  const [r, sFit] = sosie
    ? balanced(real, syntheticFit, rng, "balance-real", "balance-synthetic")
    : [real, syntheticFit];
  const [h, sEval] = sosie
    ? balanced(holdout, syntheticEval, rng, "balance-holdout", "balance-synthetic-eval")
    : [holdout, syntheticEval];
  const names = featureColumns(real, null);
  const train = stackTables(r, sFit, names);
  const evaluation = stackTables(h, sEval, names);
  const encoder = fitFeatureEncoder(train, names, options);
  const trainData = labelledDataset(encodeFeatures(train, encoder), r.nRows, sFit.nRows);
  const evalData = labelledDataset(encodeFeatures(evaluation, encoder), h.nRows, sEval.nRows);
  const fitted = fitLearner(trainData, options, rng.derive("model"));
  const p = fitted.model.predict(evalData);
  const realP = new Float64Array(h.nRows);
  const synthP = new Float64Array(sEval.nRows);
  for (let i = 0; i < h.nRows; i++) realP[i] = p[2 * i + 1];
  for (let i = 0; i < sEval.nRows; i++) synthP[i] = p[2 * (h.nRows + i) + 1];
  return { scores: propensityScores(realP, synthP), nFits: fitted.nFits };
}

/** One repetition without a holdout: 5-fold cross-fitted P(real) on R ∪ S. */
function crossFittedRepetition(
  real: Table,
  synthetic: Table,
  options: ResolvedLearnedOptions,
  rng: Rng,
): DistinguishabilityRepetition {
  const [r, s] =
    options.variant === "sosie"
      ? balanced(real, synthetic, rng, "balance-real", "balance-synthetic")
      : [real, synthetic];
  const names = featureColumns(real, null);
  const stacked = stackTables(r, s, names);
  const labels = labelledDataset({ features: [], group: new Int32Array(0) }, r.nRows, s.nRows).target;
  const folds = assignFolds(stacked.nRows, 5, {
    strata: labels.kind === "classification" ? labels.codes : undefined,
    rng: rng.derive("folds"),
  });
  const p = new Float64Array(stacked.nRows);
  let nFits = 0;
  for (let f = 0; f < 5; f++) {
    const { train, test } = foldRows(folds, f);
    // Encoders are fitted on each model's own training rows.
    const encoder = fitFeatureEncoder(stacked.select(train), names, options);
    const all = labelledDataset(encodeFeatures(stacked, encoder), r.nRows, s.nRows);
    const fitted = fitLearner(selectDatasetRows(all, train), options, rng.derive("fold-model", f));
    nFits += fitted.nFits;
    const q = fitted.model.predict(selectDatasetRows(all, test));
    for (let i = 0; i < test.length; i++) p[test[i]] = q[2 * i + 1];
  }
  return { scores: propensityScores(p.slice(0, r.nRows), p.slice(r.nRows)), nFits };
}

function distinguishabilitySubmetrics(): Omit<LearnedSubmetric, "values">[] {
  return DIST_SUBMETRICS.map((name) => ({ name, min: 0, max: 1, objective: "min" as const }));
}

export function computeDistinguishability(input: MetricInput, options?: DistinguishabilityOptions): MetricResult[] {
  const o = resolveLearnedOptions(DISTINGUISHABILITY, options);
  const stream = Rng.fromSeed(o.seed).derive(DISTINGUISHABILITY);
  const fail = (reason: string, notes: string[] = []) =>
    undefinedRecords(DISTINGUISHABILITY, o.variant, input, distinguishabilitySubmetrics(), reason, notes);
  if (featureColumns(input.real, null).length === 0) return fail("no evaluated column");
  const notes: string[] = [];
  const real = capRows(input.real, o.maxRows, stream.derive("max-rows", 0));
  const synthetic = capRows(input.synthetic, o.maxRows, stream.derive("max-rows", 1));
  const holdout =
    input.holdout === undefined ? undefined : capRows(input.holdout, o.maxRows, stream.derive("max-rows", 2));
  const syntheticTest =
    options?.syntheticTest === undefined
      ? undefined
      : capRows(options.syntheticTest, o.maxRows, stream.derive("max-rows", 3));
  if (real !== input.real || synthetic !== input.synthetic || holdout !== input.holdout)
    notes.push(`tables subsampled to at most ${o.maxRows} rows`);
  const repetitions: DistinguishabilityRepetition[] = [];
  let reason: string | null = null;
  try {
    for (let rep = 0; rep < o.repetitions; rep++) {
      const rng = stream.derive("repetition", rep);
      if (holdout === undefined) {
        repetitions.push(crossFittedRepetition(real, synthetic, o, rng));
        continue;
      }
      let sFit = synthetic;
      let sEval: Table;
      if (syntheticTest !== undefined) sEval = syntheticTest;
      else {
        const nEval = Math.min(holdout.nRows, Math.floor(synthetic.nRows / 2));
        if (nEval === 0) return fail("too few synthetic rows to set some aside for evaluation");
        const [evalRows, fitRows] = splitRows(synthetic.nRows, nEval, rng.derive("synthetic-split"));
        sEval = synthetic.select(evalRows);
        sFit = synthetic.select(fitRows);
      }
      if (o.variant === "clover" && (sFit.nRows !== real.nRows || sEval.nRows !== holdout.nRows))
        return fail(
          `the clover variant needs as many fitting synthetic rows as R (${real.nRows}, has ${sFit.nRows}) and ` +
            `as many evaluation synthetic rows as H (${holdout.nRows}, has ${sEval.nRows}): give S with n_R + n_H rows ` +
            "or a syntheticTest table",
        );
      if (real.nRows === 0 || sFit.nRows === 0 || holdout.nRows === 0) return fail("a table has no rows");
      repetitions.push(holdoutRepetition(real, sFit, holdout, sEval, o, rng));
    }
  } catch (error) {
    if (!(error instanceof SosieOptionError)) throw error;
    reason = error.message;
  }
  if (reason !== null) return fail(reason, notes);
  if (holdout === undefined) notes.push(CROSS_FIT_NOTE);
  const nFits = repetitions.reduce((a, r) => a + r.nFits, 0);
  notes.push(`profile ${o.profile}: ${repetitions.length} repetitions, ${nFits} model fits`);
  const pick = (f: (s: PropensityScores) => number) => repetitions.map((r) => f(r.scores)).filter(Number.isFinite);
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  const details = [
    {
      columns: [],
      measure: "prediction-mse-halves",
      value: null,
      reference: null,
      status: "ok" as const,
      reason: null,
      stats: {
        predictionMseReal: mean(pick((s) => s.predictionMseReal)),
        predictionMseSynthetic: mean(pick((s) => s.predictionMseSynthetic)),
      },
    },
  ];
  const records = learnedRecords({
    id: DISTINGUISHABILITY,
    variant: o.variant,
    input,
    reason: null,
    notes,
    submetrics: [
      { name: "propensity-mse", min: 0, max: 1, objective: "min", values: pick((s) => s.propensityMse), details },
      { name: "prediction-mse", min: 0, max: 1, objective: "min", values: pick((s) => s.predictionMse) },
      { name: "auc-rescaled", min: 0, max: 1, objective: "min", values: pick((s) => s.aucRescaled) },
      { name: "auc", min: 0, max: 1, objective: "min", values: pick((s) => s.auc) },
    ],
  });
  // §4.1: without H the cross-fitting is stated in `reason`, not only in the notes.
  return holdout === undefined
    ? records.map((r) => ({ ...r, reason: r.reason === null ? CROSS_FIT_NOTE : `${CROSS_FIT_NOTE}; ${r.reason}` }))
    : records;
}

export const distinguishability: Metric<DistinguishabilityOptions> = {
  id: DISTINGUISHABILITY,
  kind: "utility",
  needs: ["real", "synthetic"],
  optional: ["holdout"],
  variants: LEARNED_VARIANTS,
  description:
    "How well gradient-boosted trees trained on R ∪ S_fit tell unseen real rows (H) from unseen synthetic rows (Clover dist)",
  compute: computeDistinguishability,
};

// ---------------------------------------------------------------------------------------------
// §4.2 pmse and s-pmse

export interface PmseOptions extends LearnedOptions {
  /** Permutations for the null expectation of pMSE (default 50). */
  readonly nperms?: number;
  /** Minimum rows per leaf (default 5); splits are tried on nodes of at least 3 × minbucket. */
  readonly minbucket?: number;
  /** Complexity threshold (default 10⁻³). */
  readonly cp?: number;
  /** Propensity model: "cart" (default, permutation null) or "logit" (two-way interactions, analytic null). */
  readonly method?: "cart" | "logit";
  /** logit: largest number of coefficients accepted (default 400, synthpop's max.params). */
  readonly maxParams?: number;
}

const PMSE = "pmse";

/** A predictor per evaluated column of the stacked table (§4.2): ∅ → 0 plus `_NA`, ∅ a level. */
function propensityPredictors(stacked: Table): { predictors: Predictor[]; routing: RoutingColumn[]; names: string[] } {
  const predictors: Predictor[] = [];
  const routing: RoutingColumn[] = [];
  const names: string[] = [];
  for (const column of stacked.columns) {
    const family = columnFamily(column);
    if (family === "numeric") {
      const source = (column as { values: Float64Array }).values;
      const values = new Float64Array(column.length);
      let anyMissing = false;
      for (let i = 0; i < column.length; i++) {
        if (column.missing[i]) anyMissing = true;
        else values[i] = source[i];
      }
      const add = (name: string, v: Float64Array) => {
        const p = numericPredictor(v);
        if (p.nCodes < 2) return; // constant over R ∪ S: dropped
        predictors.push(p);
        routing.push({ kind: "numeric", values: v });
        names.push(name);
      };
      add(column.name, values);
      if (anyMissing) add(`${column.name}_NA`, Float64Array.from(column.missing));
    } else if (family === "categorical" && column.kind === "categorical") {
      const nLevels = column.levels.length + 1; // ∅ is the last level
      const codes = Int32Array.from(column.codes, (c, i) => (column.missing[i] ? nLevels - 1 : c));
      const seen = new Set(codes);
      if (seen.size < 2) continue;
      predictors.push(categoricalPredictor(codes, nLevels));
      routing.push({ kind: "categorical", codes });
      names.push(column.name);
    }
  }
  return { predictors, routing, names };
}

interface TreeSettings {
  readonly minbucket: number;
  readonly cp: number;
}

interface PmseSettings extends TreeSettings {
  readonly nperms: number;
  readonly method: "cart" | "logit";
  readonly maxParams: number;
}

/** In-sample share of label-1 rows in each row's leaf. */
function inSampleScores(
  predictors: readonly Predictor[],
  routing: readonly RoutingColumn[],
  labels: Int32Array,
  settings: TreeSettings,
): Float64Array {
  const n = labels.length;
  const tree: Tree = growTree(
    predictors,
    { kind: "categorical", codes: labels, nLevels: 2 },
    Int32Array.from(labels.keys()),
    {
      minbucket: settings.minbucket,
      minsplit: 3 * settings.minbucket,
      cp: settings.cp,
      maxDepth: 30,
      maxExhaustiveLevels: 2,
    },
  );
  // Training rows never meet an unseen level, so routing draws nothing from this stream.
  const unused = Rng.fromSeed(0);
  const leaf = new Int32Array(n);
  const sum = new Float64Array(tree.feature.length);
  const count = new Float64Array(tree.feature.length);
  for (let i = 0; i < n; i++) {
    leaf[i] = routeRow(tree, routing, i, unused);
    sum[leaf[i]] += labels[i];
    count[leaf[i]]++;
  }
  return Float64Array.from(leaf, (l) => sum[l] / count[l]);
}

function meanSquaredGap(scores: Float64Array, c: number): number {
  let s = 0;
  for (let i = 0; i < scores.length; i++) s += (scores[i] - c) ** 2;
  return s / scores.length;
}

interface PmseValues {
  readonly pmse: number;
  readonly normalised: number;
  readonly sPmse: number | null;
  readonly nullExpectation: number;
  readonly specks: number;
  readonly po50: number;
  readonly notes: readonly string[];
}

/** pMSE of R against `other` (S, or H for the reference), with its permutation null. */
export function pmseOf(
  real: Table,
  other: Table,
  settings: TreeSettings & { nperms: number; method?: "cart" | "logit"; maxParams?: number },
  rng: Rng,
): PmseValues | string {
  const names = featureColumns(real, null);
  if (names.length === 0) return "no evaluated column";
  if (real.nRows === 0 || other.nRows === 0) return "a table has no rows";
  const stacked = stackTables(real, other, names);
  const n = stacked.nRows;
  const labels = new Int32Array(n);
  labels.fill(1, real.nRows);
  const c = other.nRows / n;
  let scores: Float64Array;
  let nullExpectation: number;
  const notes: string[] = [];
  if (settings.method === "logit") {
    const fit = fitLogitPropensity(stacked, labels, settings.maxParams ?? DEFAULT_MAX_PARAMS);
    if (typeof fit === "string") return fit;
    scores = fit.scores;
    nullExpectation = logitNullExpectation(fit.km1, c, n);
    notes.push(`logit propensity model with ${fit.km1} estimated coefficients besides the intercept`);
    if (!fit.converged) notes.push("the logistic fit did not converge (fitted probabilities near 0 or 1)");
  } else {
    const { predictors, routing } = propensityPredictors(stacked);
    const fitScores = (t: Int32Array) =>
      predictors.length === 0 ? new Float64Array(n).fill(c) : inSampleScores(predictors, routing, t, settings);
    scores = fitScores(labels);
    let nullSum = 0;
    for (let p = 0; p < settings.nperms; p++) {
      const permuted = labels.slice();
      rng.derive("permutation", p).shuffle(permuted);
      nullSum += meanSquaredGap(fitScores(permuted), c);
    }
    // synthpop halves the permutation values.
    nullExpectation = settings.nperms > 0 ? nullSum / settings.nperms / 2 : NaN;
  }
  const pmse = meanSquaredGap(scores, c);
  const realScores = scores.slice(0, real.nRows).sort();
  const otherScores = scores.slice(real.nRows).sort();
  let correct = 0;
  for (let i = 0; i < n; i++) if (scores[i] > 0.5 === (labels[i] === 1)) correct++;
  return {
    pmse,
    normalised: pmse / (c * (1 - c)),
    sPmse: nullExpectation > 0 ? pmse / nullExpectation : null,
    nullExpectation,
    specks: ksDistance(otherScores, realScores),
    po50: (100 * correct) / n - 50,
    notes,
  };
}

const PMSE_SUBMETRICS: readonly SubmetricDefinition[] = [
  { name: "pmse", min: 0, max: 0.25, objective: "min" },
  { name: "pmse-normalised", min: 0, max: 1, objective: "min" },
  { name: "s-pmse", min: 0, max: Infinity, objective: "min" },
  { name: "specks", min: 0, max: 1, objective: "min" },
  { name: "po50", min: 0, max: 50, objective: "min" },
];

function resolvePmseSettings(options: PmseOptions): PmseSettings {
  const nperms = options.nperms ?? 50;
  const minbucket = options.minbucket ?? 5;
  const cp = options.cp ?? 1e-3;
  if (!(Number.isInteger(nperms) && nperms >= 1))
    throw new SosieOptionError(`pmse: nperms must be >= 1, got ${nperms}`);
  if (!(Number.isInteger(minbucket) && minbucket >= 1))
    throw new SosieOptionError(`pmse: minbucket must be a positive integer, got ${minbucket}`);
  if (!(cp >= 0)) throw new SosieOptionError(`pmse: cp must be >= 0, got ${cp}`);
  const method = options.method ?? "cart";
  if (method !== "cart" && method !== "logit")
    throw new SosieOptionError(`pmse: method must be "cart" or "logit", got "${String(method)}"`);
  const maxParams = options.maxParams ?? DEFAULT_MAX_PARAMS;
  return { nperms, minbucket, cp, method, maxParams };
}

function comparePmse(
  real: Table,
  other: Table,
  options: Resolved<PmseOptions>,
  withNull: boolean,
): Map<string, Comparison> {
  const resolvedSettings = resolvePmseSettings(options);
  // The analytic logit null is free; the cart permutation null is skipped for the reference.
  const settings =
    withNull || resolvedSettings.method === "logit" ? resolvedSettings : { ...resolvedSettings, nperms: 0 };
  const rng = Rng.fromSeed(options.seed).derive(PMSE).derive("null");
  let result: PmseValues | string;
  try {
    result = pmseOf(real, other, settings, rng);
  } catch (error) {
    if (!(error instanceof SosieOptionError)) throw error;
    result = error.message;
  }
  const out = new Map<string, Comparison>();
  const c = other.nRows / (real.nRows + other.nRows);
  for (const { name } of PMSE_SUBMETRICS) {
    let value: number | null = null;
    let reason: string | null = typeof result === "string" ? result : null;
    if (typeof result !== "string") {
      if (name === "pmse") value = result.pmse;
      else if (name === "pmse-normalised") value = result.normalised;
      else if (name === "s-pmse") {
        value = result.sPmse;
        if (value === null)
          reason =
            withNull || settings.method === "logit"
              ? "the permutation null expectation is 0: no permuted tree split"
              : "not computed for the reference (H vs R): it would double the cost";
      } else if (name === "specks") value = result.specks;
      else value = result.po50;
    }
    const stats =
      typeof result === "string" ? undefined : { c, nullExpectation: result.nullExpectation, nperms: settings.nperms };
    out.set(name, {
      value,
      units:
        stats === undefined
          ? []
          : [{ columns: [], measure: "cart-propensity", value, status: "ok", reason: null, stats }],
      nUndefined: 0,
      reason,
      notes:
        name === "pmse"
          ? [
              `pmse range is [0, c(1 − c)] with c = n_S / (n_R + n_S) = ${c.toFixed(4)}`,
              ...(typeof result === "string" ? [] : result.notes),
            ]
          : [],
    });
  }
  return out;
}

export const pmse: Metric<PmseOptions> = {
  id: PMSE,
  kind: "utility",
  optIn: true,
  needs: ["real", "synthetic"],
  optional: ["holdout"],
  variants: ["sosie"],
  description:
    "Propensity mean squared error of a CART tree on R ∪ S, normalised and against its permutation null (synthpop utility.gen)",
  compute: (input: MetricInput, options?: PmseOptions) =>
    // Each replicate refits 1 + nperms trees: the bootstrap is opt-in here (§7.2 cost guide).
    runSubmetrics(
      {
        id: PMSE,
        variants: ["sosie"],
        submetrics: () => PMSE_SUBMETRICS,
        // The reference (H vs R) skips the permutation null: half the cost, s-pmse reference null.
        compare: (real, other, resolved) => comparePmse(real, other, resolved, other !== input.holdout),
      },
      input,
      { ...options, bootstrap: options?.bootstrap ?? 0 },
    ),
};
