/**
 * `feature-importance-difference` (spec §5.5, Clover `feature_imp`): permutation importance on H
 * of every raw feature column, for the model trained on R and the one trained on S (the §5.2
 * models, shared with tstr), and the mean absolute gap between the two sides.
 *
 * A raw column's encoded features are permuted together. The permuted score is computed
 * exactly as the model would predict, but only the trees that split on the column are re-routed
 * (the others keep their outputs), and a column no tree splits on has importance exactly 0.
 */
import { SosieOptionError } from "../../errors.ts";
import { binDataset, missingBin } from "../../learn/binning.ts";
import { selectDatasetRows, type Dataset, type GbtModel } from "../../learn/index.ts";
import { rawToPrediction } from "../../learn/losses.ts";
import { Rng } from "../../random/rng.ts";
import type { Metric, MetricDetail, MetricInput, MetricResult } from "../types.ts";
import {
  learnedRecords,
  resolveLearnedOptions,
  targetSpecOf,
  undefinedRecords,
  LEARNED_VARIANTS,
  type LearnedOptions,
} from "./learning-protocol.ts";
import { fastProtocolAuc } from "./repetition-interval.ts";
import { sharedTstrRun, type TrainedSide, type TstrRun } from "./tstr.ts";

const ID = "feature-importance-difference";
/** Shuffles per column (§5.5). */
const N_REPEATS = 5;
/** Rows of H the permutations are scored on (cost cap: every shuffle re-routes trees over them). */
export const DEFAULT_IMPORTANCE_ROWS = 2_000;

export interface FeatureImportanceOptions extends LearnedOptions {
  /** Shuffles per column (default 5). */
  readonly nRepeats?: number;
  /** Seeded subsample of H, the same for both sides, that permutations are scored on (default 2,000). */
  readonly importanceRows?: number;
}

/** The protocol's score, higher is better: AUC, or −RMSE. */
function scoreOf(model: GbtModel, raw: Float64Array, test: Dataset): number {
  const predicted = rawToPrediction(model.objective, raw, test.nRows, model.nClasses);
  const t = test.target;
  if (t.kind === "classification") return fastProtocolAuc(t.codes, predicted, t.classes.length);
  let s = 0;
  for (let i = 0; i < t.values.length; i++) s += (t.values[i] - predicted[i]) ** 2;
  return -Math.sqrt(s / t.values.length);
}

/**
 * A model's trees in one set of flat arrays (node ids global, children included), routed with
 * one rule: left when bin <= threshold or bin is the node's left-going missing bin, or, on a
 * categorical split (maskOffset >= 0), when the mask says so. Same routing as tree.ts's goesLeft.
 */
interface FlatForest {
  /** First node of each tree. */
  readonly root: Int32Array;
  readonly feature: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly threshold: Int32Array;
  /** The feature's missing bin when it goes left, else −1. */
  readonly missingLeftBin: Int32Array;
  readonly maskOffset: Int32Array;
  readonly masks: Uint8Array;
  readonly value: Float64Array;
}

function flatForest(trees: GbtModel["trees"], missing: Int32Array): FlatForest {
  let nNodes = 0;
  let nMasks = 0;
  for (const t of trees) {
    nNodes += t.feature.length;
    nMasks += t.catMasks.length;
  }
  const f: FlatForest = {
    root: new Int32Array(trees.length),
    feature: new Int32Array(nNodes),
    left: new Int32Array(nNodes),
    right: new Int32Array(nNodes),
    threshold: new Int32Array(nNodes),
    missingLeftBin: new Int32Array(nNodes),
    maskOffset: new Int32Array(nNodes),
    masks: new Uint8Array(nMasks),
    value: new Float64Array(nNodes),
  };
  let base = 0;
  let maskBase = 0;
  trees.forEach((t, ti) => {
    f.root[ti] = base;
    f.masks.set(t.catMasks, maskBase);
    for (let node = 0; node < t.feature.length; node++) {
      const at = base + node;
      const j = t.feature[node];
      f.feature[at] = j;
      f.value[at] = t.value[node];
      if (j < 0) continue;
      f.left[at] = base + t.left[node];
      f.right[at] = base + t.right[node];
      f.threshold[at] = t.threshold[node];
      f.missingLeftBin[at] = t.missingLeft[node] === 1 ? missing[j] : -1;
      f.maskOffset[at] = t.maskOffset[node] >= 0 ? maskBase + t.maskOffset[node] : -1;
    }
    base += t.feature.length;
    maskBase += t.catMasks.length;
  });
  return f;
}

/** Leaf (global node id) reached from `node` by row `row` of the column-major `bins` (n rows). */
function leafFrom(f: FlatForest, bins: Uint8Array, n: number, row: number, node: number): number {
  const { feature, left, right, threshold, missingLeftBin, maskOffset, masks } = f;
  let j = feature[node];
  while (j >= 0) {
    const bin = bins[j * n + row];
    const off = maskOffset[node];
    const toLeft = off >= 0 ? masks[off + bin] === 1 : bin <= threshold[node] || bin === missingLeftBin[node];
    node = toLeft ? left[node] : right[node];
    j = feature[node];
  }
  return node;
}

/**
 * Where a permutation of a column can change a model's outputs: for each column, the (row, tree)
 * pairs whose path in the tree meets a split on the column, with the first such node of the path.
 * Above that node the path only reads other columns, so a permuted row reaches it unchanged; a
 * pair not listed reaches its original leaf. Pairs are sorted by row, then tree.
 */
interface ColumnPairs {
  readonly row: Int32Array;
  readonly tree: Int32Array;
  readonly node: Int32Array;
}

/**
 * Per row, every tree's output (row-major, n × T) and the running raw score of the tree's output
 * after adding it (the partial sums of GbtModel.predictRaw, in tree order), plus each column's pairs.
 */
function routingOf(
  model: GbtModel,
  forest: FlatForest,
  matrix: { readonly bins: Uint8Array; readonly nRows: number },
  group: Int32Array,
  nGroups: number,
): { outputs: Float64Array; running: Float64Array; raw: Float64Array; pairs: ColumnPairs[] } {
  const { root, feature, left, right, threshold, missingLeftBin, maskOffset, masks, value } = forest;
  const nTrees = root.length;
  const n = matrix.nRows;
  const k = model.nOutputs;
  const bins = matrix.bins;
  const outputs = new Float64Array(n * nTrees);
  const running = new Float64Array(n * nTrees);
  const raw = new Float64Array(n * k);
  const counts = new Int32Array(nGroups);
  const stamp = new Int32Array(nGroups).fill(-1);
  let visit = 0;
  // Pass 0 counts the pairs of each column, pass 1 records them.
  let pairs: ColumnPairs[] = [];
  const fill = new Int32Array(nGroups);
  for (let pass = 0; pass < 2; pass++) {
    if (pass === 1)
      pairs = Array.from(counts, (m) => ({ row: new Int32Array(m), tree: new Int32Array(m), node: new Int32Array(m) }));
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) raw[i * k + c] = model.initScore[c];
      for (let t = 0; t < nTrees; t++) {
        visit++;
        let node = root[t];
        let j = feature[node];
        while (j >= 0) {
          const g = group[j];
          if (stamp[g] !== visit) {
            stamp[g] = visit;
            if (pass === 0) counts[g]++;
            else {
              const w = fill[g]++;
              const p = pairs[g];
              p.row[w] = i;
              p.tree[w] = t;
              p.node[w] = node;
            }
          }
          const bin = bins[j * n + i];
          const off = maskOffset[node];
          const toLeft = off >= 0 ? masks[off + bin] === 1 : bin <= threshold[node] || bin === missingLeftBin[node];
          node = toLeft ? left[node] : right[node];
          j = feature[node];
        }
        if (pass === 1) {
          const v = value[node];
          outputs[i * nTrees + t] = v;
          const c = t % k;
          raw[i * k + c] += v;
          running[i * nTrees + t] = raw[i * k + c];
        }
      }
    }
  }
  return { outputs, running, raw, pairs };
}

/**
 * Permutation importance of each raw column (`nGroups` of them; `group` maps encoded features to
 * columns) for one model on its encoded H. Permutations come from rng.derive(column name, repeat).
 *
 * The permuted scores are exactly those of the model's own prediction on the permuted rows:
 * only the (row, tree) pairs whose path meets a split on the column are re-routed (from that
 * split down), only rows whose bins on the column changed are tried, and a row whose outputs all
 * stayed equal keeps its base score. A changed row is summed again in tree order from the first
 * changed tree, starting from the base partial sums before it: the same additions in the same
 * order as GbtModel.predictRaw, so tied rows stay tied (ties count ½ in AUC) and every value is
 * bit-identical.
 */
export function groupedPermutationImportance(
  side: TrainedSide,
  columnNames: readonly string[],
  nRepeats: number,
  rng: Rng,
  rows?: Int32Array,
): Float64Array {
  const { model, group } = side;
  const test = rows === undefined ? side.test : selectDatasetRows(side.test, rows);
  const n = test.nRows;
  const k = model.nOutputs;
  const matrix = binDataset(test, model.binners);
  const missing = Int32Array.from(model.binners, missingBin);
  const forest = flatForest(model.trees, missing);
  const nTrees = forest.root.length;
  const { outputs, running, raw: baseRaw, pairs } = routingOf(model, forest, matrix, group, columnNames.length);
  const base = scoreOf(model, baseRaw, test);
  const importance = new Float64Array(columnNames.length);
  const permuted = matrix.bins.slice();
  const binsChanged = new Uint8Array(n);
  // The changed trees of the current row (ascending) and their base outputs, restored after the sum.
  const patchTree = new Int32Array(nTrees);
  const patchSaved = new Float64Array(nTrees);
  columnNames.forEach((name, g) => {
    const p = pairs[g];
    // No tree splits on the column: permuting it changes nothing.
    if (p.row.length === 0) return;
    const features: number[] = [];
    group.forEach((gf, f) => {
      if (gf === g) features.push(f);
    });
    let drop = 0;
    for (let r = 0; r < nRepeats; r++) {
      const order = rng.derive(name, r).permutation(n);
      binsChanged.fill(0);
      for (const f of features) {
        const offset = f * n;
        for (let i = 0; i < n; i++) {
          const b = matrix.bins[offset + order[i]];
          permuted[offset + i] = b;
          if (b !== matrix.bins[offset + i]) binsChanged[i] = 1;
        }
      }
      let raw: Float64Array | null = null;
      const nPairs = p.row.length;
      let q = 0;
      while (q < nPairs) {
        const row = p.row[q];
        if (binsChanged[row] === 0) {
          q++;
          continue;
        }
        const at = row * nTrees;
        let nPatches = 0;
        // Permuted outputs go into `outputs` in place (the base ones are saved and put back).
        for (; q < nPairs && p.row[q] === row; q++) {
          const t = p.tree[q];
          const v = forest.value[leafFrom(forest, permuted, n, row, p.node[q])];
          const before = outputs[at + t];
          if (v !== before) {
            patchTree[nPatches] = t;
            patchSaved[nPatches++] = before;
            outputs[at + t] = v;
          }
        }
        if (nPatches === 0) continue;
        raw ??= baseRaw.slice();
        // Per output, the partial sum just before the first changed tree, then its trees from there in order.
        const first = patchTree[0];
        for (let c = 0; c < k; c++) {
          const d = first - 1 - c;
          let t = d >= 0 ? first - 1 - (d % k) : c;
          let s = d >= 0 ? running[at + t] : model.initScore[c];
          for (t += d >= 0 ? k : 0; t < nTrees; t += k) s += outputs[at + t];
          raw[row * k + c] = s;
        }
        for (let x = 0; x < nPatches; x++) outputs[at + patchTree[x]] = patchSaved[x];
      }
      // No row changed: the permuted score is the base score.
      drop += base - (raw === null ? base : scoreOf(model, raw, test));
    }
    for (const f of features) permuted.set(matrix.bins.subarray(f * n, (f + 1) * n), f * n);
    importance[g] = drop / nRepeats;
  });
  return importance;
}

interface SideImportances {
  readonly real: Float64Array;
  readonly synthetic: Float64Array;
}

function importancesOf(
  run: TstrRun,
  nRepeats: number,
  rng: Rng,
  variant: string,
  rows: Int32Array | undefined,
): SideImportances[] {
  if (variant === "clover") {
    // Clover: each side's best model over the repetitions (highest AUC, lowest RMSE on H).
    const better = (a: number, b: number) => (run.target.kind === "classification" ? a > b : a < b);
    let bestReal = 0;
    let bestSynthetic = 0;
    run.repetitions.forEach((rep, r) => {
      if (better(rep.real.scores.score, run.repetitions[bestReal].real.scores.score)) bestReal = r;
      if (better(rep.synthetic.scores.score, run.repetitions[bestSynthetic].synthetic.scores.score)) bestSynthetic = r;
    });
    return [
      {
        real: groupedPermutationImportance(
          run.repetitions[bestReal].real,
          run.features,
          nRepeats,
          rng.derive("best"),
          rows,
        ),
        synthetic: groupedPermutationImportance(
          run.repetitions[bestSynthetic].synthetic,
          run.features,
          nRepeats,
          rng.derive("best"),
          rows,
        ),
      },
    ];
  }
  // Both sides shuffle H the same way, so that equal models get equal importances.
  return run.repetitions.map((rep, r) => ({
    real: groupedPermutationImportance(rep.real, run.features, nRepeats, rng.derive("repetition", r), rows),
    synthetic: groupedPermutationImportance(rep.synthetic, run.features, nRepeats, rng.derive("repetition", r), rows),
  }));
}

function computeFeatureImportance(input: MetricInput, options?: FeatureImportanceOptions): MetricResult[] {
  const o = resolveLearnedOptions(ID, options);
  const shape = [{ name: ID, min: 0, max: Infinity, objective: "min" as const }];
  const fail = (reason: string) => undefinedRecords(ID, o.variant, input, shape, reason);
  const nRepeats = options?.nRepeats ?? N_REPEATS;
  if (!(Number.isInteger(nRepeats) && nRepeats >= 1))
    throw new SosieOptionError(`${ID}: nRepeats must be a positive integer, got ${nRepeats}`);
  if (o.target === undefined) return fail("no target column: set the `target` option");
  if (!input.real.has(o.target)) return fail(`target "${o.target}" is not a column of R`);
  let run: TstrRun;
  try {
    targetSpecOf(input.real, o.target);
    run = sharedTstrRun(input, o.target, o);
  } catch (error) {
    if (error instanceof SosieOptionError) return fail(error.message);
    throw error;
  }
  const importanceRows = options?.importanceRows ?? DEFAULT_IMPORTANCE_ROWS;
  if (!(Number.isInteger(importanceRows) && importanceRows >= 2))
    throw new SosieOptionError(`${ID}: importanceRows must be an integer >= 2, got ${importanceRows}`);
  const stream = Rng.fromSeed(o.seed).derive(ID);
  // Both sides' test sets are the same H rows (same target filter), so one subsample serves both.
  const nTest = run.repetitions[0].real.test.nRows;
  const rows =
    nTest > importanceRows ? stream.derive("rows").sampleWithoutReplacement(nTest, importanceRows).sort() : undefined;
  const sides = importancesOf(run, nRepeats, stream, o.variant, rows);
  // One value per repetition (sosie) or one for the best models (clover): mean_j |imp_R − imp_S|.
  const values = sides.map((s) => {
    let sum = 0;
    for (let j = 0; j < run.features.length; j++) sum += Math.abs(s.real[j] - s.synthetic[j]);
    return sum / run.features.length;
  });
  const details: MetricDetail[] = run.features.map((name, j) => {
    const real = sides.reduce((a, s) => a + s.real[j], 0) / sides.length;
    const synthetic = sides.reduce((a, s) => a + s.synthetic[j], 0) / sides.length;
    return {
      columns: [name],
      measure: "permutation-importance",
      value: Math.abs(real - synthetic),
      reference: null,
      status: "ok",
      reason: null,
      stats: { importanceReal: real, importanceSynthetic: synthetic },
    };
  });
  return learnedRecords({
    id: ID,
    variant: o.variant,
    input,
    reason: null,
    notes: [
      ...run.notes,
      `permutation importance: ${nRepeats} shuffles per column on ${rows === undefined ? "H" : `${rows.length} seeded rows of H`}; models shared with ${run.target.kind === "classification" ? "tstr-classification" : "tstr-regression"}`,
    ],
    submetrics: [{ name: ID, min: 0, max: Infinity, objective: "min", values, details }],
  });
}

export const featureImportanceDifference: Metric<FeatureImportanceOptions> = {
  id: ID,
  kind: "utility",
  needsTarget: true,
  batchedFits: true,
  needs: ["real", "synthetic", "holdout"],
  optional: [],
  variants: LEARNED_VARIANTS,
  description:
    "Mean absolute gap between permutation importances on H of the models trained on R and on S (Clover feature_imp)",
  compute: computeFeatureImportance,
};
