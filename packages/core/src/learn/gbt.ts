/**
 * Gradient-boosted histogram trees: binary (log loss), multiclass (softmax, one tree per class per
 * round) and regression (squared error), with Newton leaf values, row and column subsampling per
 * round, and early stopping on a seeded (stratified) validation split.
 *
 * Deterministic: every draw comes from streams derived from the `rng` passed in, and all sums run
 * in a fixed row order, so the same seed and data give bit-identical models.
 */
import { SosieOptionError } from "../errors.ts";
import type { Rng } from "../random/rng.ts";
import { trainHoldoutSplit } from "../random/train-holdout-split.ts";
import { binDataset, type Binner, type BinningOptions, fitBinners, missingBin, numericBin } from "./binning.ts";
import { type Dataset, type Encoding, encodingOf } from "./dataset.ts";
import { type GrownTree, type GrowthContext, type GrowthParams, growTree, HistogramPool } from "./grow.ts";
import { bundleFeatures, histogramLayout } from "./histogram.ts";
import { computeGradients, initialScores, meanLoss, nOutputsOf, type Objective, rawToPrediction } from "./losses.ts";
import { addTreeOutput, type Tree, treeFromJson, type TreeJson, treeToJson } from "./tree.ts";

export interface EarlyStopping {
  /** Share of the rows held out for validation, in (0, 1). */
  validationFraction: number;
  /** Stop after this many rounds without a lower validation loss. */
  patience: number;
}

export interface GbtOptions {
  /** Boosting rounds (upper bound when early stopping). */
  nTrees?: number;
  learningRate?: number;
  growth?: "depthwise" | "leafwise";
  maxDepth?: number;
  /** Default: 2^maxDepth for depth-wise growth, 31 for leaf-wise. */
  maxLeaves?: number;
  /** Minimum hessian sum per child. */
  minChildWeight?: number;
  /** Minimum training rows per child. */
  minDataInLeaf?: number;
  /** L2 penalty λ on leaf values. */
  lambda?: number;
  /** Splits need a gain strictly above this. */
  minSplitGain?: number;
  /** Hessian smoothing when ordering categories. */
  catSmooth?: number;
  /** Rows drawn per round without replacement, as a share. */
  subsample?: number;
  /** Features drawn per round, as a share (at least one feature). */
  colsample?: number;
  earlyStopping?: EarlyStopping | null;
  binning?: BinningOptions;
  /**
   * Histogram mutually exclusive sparse features together (one-hot levels of a column): one pass
   * per bundle instead of one per feature. Default true; the trees are the same up to round-off.
   */
  bundling?: boolean;
}

export type ResolvedGbtOptions = Required<Omit<GbtOptions, "binning" | "earlyStopping" | "bundling">> & {
  bundling: boolean;
  earlyStopping: EarlyStopping | null;
  binning: BinningOptions;
};

/** Defaults follow the `fast` profile of the learning protocol (utility-metrics §5.1). */
export const GBT_DEFAULTS = {
  nTrees: 100,
  learningRate: 0.1,
  growth: "depthwise",
  maxDepth: 6,
  minChildWeight: 1,
  minDataInLeaf: 1,
  lambda: 1,
  minSplitGain: 0,
  catSmooth: 10,
  subsample: 0.8,
  colsample: 0.8,
} as const;

export function resolveGbtOptions(o: GbtOptions = {}): ResolvedGbtOptions {
  const growth = o.growth ?? GBT_DEFAULTS.growth;
  const maxDepth = o.maxDepth ?? (growth === "leafwise" && o.maxLeaves !== undefined ? 64 : GBT_DEFAULTS.maxDepth);
  const r: ResolvedGbtOptions = {
    nTrees: o.nTrees ?? GBT_DEFAULTS.nTrees,
    learningRate: o.learningRate ?? GBT_DEFAULTS.learningRate,
    growth,
    maxDepth,
    maxLeaves: o.maxLeaves ?? (growth === "depthwise" ? 2 ** Math.min(maxDepth, 30) : 31),
    minChildWeight: o.minChildWeight ?? GBT_DEFAULTS.minChildWeight,
    minDataInLeaf: o.minDataInLeaf ?? GBT_DEFAULTS.minDataInLeaf,
    lambda: o.lambda ?? GBT_DEFAULTS.lambda,
    minSplitGain: o.minSplitGain ?? GBT_DEFAULTS.minSplitGain,
    catSmooth: o.catSmooth ?? GBT_DEFAULTS.catSmooth,
    subsample: o.subsample ?? GBT_DEFAULTS.subsample,
    colsample: o.colsample ?? GBT_DEFAULTS.colsample,
    earlyStopping: o.earlyStopping ?? null,
    binning: o.binning ?? {},
    bundling: o.bundling ?? true,
  };
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new SosieOptionError(`gradient boosting: ${what}`);
  };
  check(Number.isInteger(r.nTrees) && r.nTrees >= 0, `nTrees must be a non-negative integer, got ${r.nTrees}`);
  check(r.learningRate > 0, `learningRate must be positive, got ${r.learningRate}`);
  check(Number.isInteger(r.maxDepth) && r.maxDepth >= 0, `maxDepth must be a non-negative integer, got ${r.maxDepth}`);
  check(Number.isInteger(r.maxLeaves) && r.maxLeaves >= 1, `maxLeaves must be a positive integer, got ${r.maxLeaves}`);
  check(r.lambda >= 0, `lambda must be >= 0, got ${r.lambda}`);
  check(r.minChildWeight >= 0 && r.minDataInLeaf >= 0, "minChildWeight and minDataInLeaf must be >= 0");
  check(r.subsample > 0 && r.subsample <= 1, `subsample must be in (0, 1], got ${r.subsample}`);
  check(r.colsample > 0 && r.colsample <= 1, `colsample must be in (0, 1], got ${r.colsample}`);
  if (r.earlyStopping !== null) {
    const f = r.earlyStopping.validationFraction;
    check(f > 0 && f < 1, `early stopping validationFraction must be in (0, 1), got ${f}`);
    check(r.earlyStopping.patience >= 1, `early stopping patience must be >= 1`);
  }
  return r;
}

export function objectiveOf(data: Dataset): Objective {
  if (data.target.kind === "regression") return "regression";
  const k = data.target.classes.length;
  if (k < 2) throw new SosieOptionError(`target "${data.target.name}" needs at least 2 classes, has ${k}`);
  return k === 2 ? "binary" : "multiclass";
}

/** A fitted model. Trees are stored round-major: tree r·nOutputs + k is round r's tree for output k. */
export class GbtModel {
  constructor(
    readonly objective: Objective,
    readonly encoding: Encoding,
    readonly binners: readonly Binner[],
    readonly initScore: Float64Array,
    readonly trees: readonly Tree[],
    readonly nOutputs: number,
    /** Rounds kept (the best round under early stopping). */
    readonly nRounds: number,
    /** Validation loss per round when early stopping ran, else empty. */
    readonly validationLoss: readonly number[],
  ) {}

  get nClasses(): number {
    return this.encoding.target.kind === "classification" ? this.encoding.target.classes.length : 0;
  }

  private checkCompatible(data: Dataset): void {
    const want = this.encoding.features;
    if (data.features.length !== want.length)
      throw new SosieOptionError(`model expects ${want.length} features, dataset has ${data.features.length}`);
    want.forEach((f, j) => {
      const got = data.features[j];
      if (got.name !== f.name || got.kind !== f.kind)
        throw new SosieOptionError(`feature ${j} should be ${f.kind} "${f.name}", got ${got.kind} "${got.name}"`);
    });
  }

  /** Raw scores, n × nOutputs row-major (log-odds, per-class logits, or values). */
  predictRaw(data: Dataset): Float64Array {
    this.checkCompatible(data);
    const m = binDataset(data, this.binners);
    const missing = Int32Array.from(this.binners, missingBin);
    const k = this.nOutputs;
    const raw = new Float64Array(data.nRows * k);
    for (let i = 0; i < data.nRows; i++) for (let c = 0; c < k; c++) raw[i * k + c] = this.initScore[c];
    for (let t = 0; t < this.trees.length; t++) addTreeOutput(this.trees[t], m, missing, raw, k, t % k);
    return raw;
  }

  /** Class probabilities (n × nClasses row-major, binary included) or regression values. */
  predict(data: Dataset): Float64Array {
    return rawToPrediction(this.objective, this.predictRaw(data), data.nRows, this.nClasses);
  }

  /** Most probable class per row (lowest class index on ties); classification only. */
  predictClass(data: Dataset): Int32Array {
    if (this.objective === "regression") throw new SosieOptionError("predictClass needs a classification model");
    const k = this.nClasses;
    const p = this.predict(data);
    const out = new Int32Array(data.nRows);
    for (let i = 0; i < data.nRows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /** Total split gain per feature, summed over all trees. */
  gainImportance(): Float64Array {
    const imp = new Float64Array(this.encoding.features.length);
    for (const t of this.trees)
      for (let n = 0; n < t.feature.length; n++) if (t.feature[n] >= 0) imp[t.feature[n]] += t.gain[n];
    return imp;
  }

  toJSON(): GbtModelJson {
    return {
      format: "sosie-gbt/1",
      objective: this.objective,
      encoding: this.encoding,
      binners: this.binners.map((b) =>
        b.kind === "numeric"
          ? { kind: "numeric", edges: Array.from(b.edges), nBins: b.nBins }
          : { kind: "categorical", binOfCode: Array.from(b.binOfCode), otherBin: b.otherBin, nBins: b.nBins },
      ),
      initScore: Array.from(this.initScore),
      trees: this.trees.map(treeToJson),
      nOutputs: this.nOutputs,
      nRounds: this.nRounds,
      validationLoss: [...this.validationLoss],
    };
  }

  static fromJSON(j: GbtModelJson): GbtModel {
    if (j.format !== "sosie-gbt/1") throw new SosieOptionError(`unknown model format "${j.format}"`);
    const binners: Binner[] = j.binners.map((b) =>
      b.kind === "numeric"
        ? { kind: "numeric", edges: Float64Array.from(b.edges), nBins: b.nBins }
        : { kind: "categorical", binOfCode: Int32Array.from(b.binOfCode), otherBin: b.otherBin, nBins: b.nBins },
    );
    return new GbtModel(
      j.objective,
      j.encoding,
      binners,
      Float64Array.from(j.initScore),
      j.trees.map(treeFromJson),
      j.nOutputs,
      j.nRounds,
      j.validationLoss,
    );
  }
}

export interface GbtModelJson {
  format: "sosie-gbt/1";
  objective: Objective;
  encoding: Encoding;
  binners: (
    | { kind: "numeric"; edges: number[]; nBins: number }
    | { kind: "categorical"; binOfCode: number[]; otherBin: number; nBins: number }
  )[];
  initScore: number[];
  trees: TreeJson[];
  nOutputs: number;
  nRounds: number;
  validationLoss: number[];
}

function range(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/**
 * k of 0..n-1 without replacement, ascending: selection sampling (Knuth's Algorithm S) keeps row
 * i with probability (k − kept)/(n − i), one draw per row and no sort.
 */
function sortedSample(rng: Rng, n: number, k: number): Int32Array {
  if (k >= n) return range(n);
  const out = new Int32Array(k);
  let w = 0;
  for (let i = 0; i < n && w < k; i++) if (rng.next() * (n - i) < k - w) out[w++] = i;
  return out;
}

/** Rows of the matrix that did not train this round: unpicked training rows and validation rows. */
function rowsNotIn(picked: Int32Array, trainRows: Int32Array, validRows: Int32Array, n: number): Int32Array {
  if (picked.length === trainRows.length) return validRows;
  const inTree = new Uint8Array(n);
  for (let i = 0; i < picked.length; i++) inTree[trainRows[picked[i]]] = 1;
  const out = new Int32Array(n - picked.length);
  for (let r = 0, w = 0; r < n; r++) if (!inTree[r]) out[w++] = r;
  return out;
}

/** Adds each leaf's value to the rows that the partition put in it (no traversal needed). */
function addGrownOutput(g: GrownTree, raw: Float64Array, stride: number, offset: number): void {
  for (let l = 0; l < g.leafNode.length; l++) {
    const v = g.tree.value[g.leafNode[l]];
    for (let i = g.leafBegin[l]; i < g.leafEnd[l]; i++) raw[g.rows[i] * stride + offset] += v;
  }
}

/**
 * Fits a boosted model on all rows of `data` (minus a validation split under early stopping).
 * Streams used: "binning", "validation", and per round r "rows"/r and "columns"/r.
 */
export function fitGbt(data: Dataset, options: GbtOptions, rng: Rng): GbtModel {
  const o = resolveGbtOptions(options);
  const objective = objectiveOf(data);
  const nClasses = data.target.kind === "classification" ? data.target.classes.length : 0;
  const k = nOutputsOf(objective, nClasses);
  const labels = data.target.kind === "classification" ? data.target.codes : null;
  const values = data.target.kind === "regression" ? data.target.values : null;
  const n = data.nRows;

  let trainRows: Int32Array = range(n);
  let validRows: Int32Array = new Int32Array(0);
  if (o.earlyStopping !== null && n >= 2) {
    const split = trainHoldoutSplit(n, {
      holdoutFraction: o.earlyStopping.validationFraction,
      rng: rng.derive("validation"),
      strata: labels ?? undefined,
    });
    if (split.train.length > 0 && split.holdout.length > 0) {
      trainRows = split.train;
      validRows = split.holdout;
    }
  }
  if (trainRows.length === 0) throw new SosieOptionError("gradient boosting needs at least one training row");

  const binners = fitBinners(data, rng.derive("binning"), o.binning);
  const matrix = binDataset(data, binners);
  const layout = histogramLayout(binners.map((b) => b.nBins));
  const ctx: GrowthContext = {
    matrix,
    layout,
    isCategorical: Uint8Array.from(binners, (b) => (b.kind === "categorical" ? 1 : 0)),
    missingBins: Int32Array.from(binners, missingBin),
    bundles: !o.bundling
      ? null
      : bundleFeatures(
          matrix.bins,
          matrix.nRows,
          binners.map((b) => b.nBins),
          layout,
          // The bin of 0 is the default of numeric features: one-hot levels are then exclusive.
          binners.map((b) => (b.kind === "numeric" ? numericBin(b, 0) : -1)),
        ),
  };
  const params: GrowthParams = {
    growth: o.growth,
    maxDepth: o.maxDepth,
    maxLeaves: o.maxLeaves,
    learningRate: o.learningRate,
    constraints: {
      lambda: o.lambda,
      minChildWeight: o.minChildWeight,
      minDataInLeaf: o.minDataInLeaf,
      minSplitGain: o.minSplitGain,
      catSmooth: o.catSmooth,
    },
  };

  const init = initialScores(objective, trainRows, labels, values, nClasses);
  const raw = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) raw[i * k + c] = init[c];
  const grad = Array.from({ length: k }, () => new Float64Array(n));
  const hess = Array.from({ length: k }, () => new Float64Array(n));
  const pool = new HistogramPool(layout);
  const nFeatures = data.features.length;
  const nRowsPerTree = Math.max(1, Math.round(o.subsample * trainRows.length));
  const nColsPerTree = Math.max(1, Math.round(o.colsample * nFeatures));

  const trees: Tree[] = [];
  const losses: number[] = [];
  let bestRound = 0;
  let bestLoss = Infinity;
  const patience = o.earlyStopping?.patience ?? Infinity;
  for (let round = 0; round < o.nTrees; round++) {
    computeGradients(objective, raw, trainRows, labels, values, grad, hess);
    const picked = sortedSample(rng.derive("rows", round), trainRows.length, nRowsPerTree);
    const features =
      nFeatures === 0 ? new Int32Array(0) : sortedSample(rng.derive("columns", round), nFeatures, nColsPerTree);
    const rows = new Int32Array(picked.length);
    const unpicked = rowsNotIn(picked, trainRows, validRows, n);
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < picked.length; i++) rows[i] = trainRows[picked[i]];
      const grown = growTree(ctx, pool, rows, features, grad[c], hess[c], params);
      trees.push(grown.tree);
      addGrownOutput(grown, raw, k, c);
      addTreeOutput(grown.tree, matrix, ctx.missingBins, raw, k, c, unpicked);
    }
    if (validRows.length > 0) {
      const loss = meanLoss(objective, raw, validRows, labels, values, k);
      losses.push(loss);
      if (loss < bestLoss) {
        bestLoss = loss;
        bestRound = round + 1;
      } else if (round + 1 - bestRound >= patience) break;
    } else bestRound = round + 1;
  }
  trees.length = bestRound * k;
  return new GbtModel(objective, encodingOf(data), binners, init, trees, k, bestRound, losses);
}
