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
import { addTreeOutput } from "../../learn/tree.ts";
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

/** Per node of `tree`: 1 when its subtree splits on a feature flagged in `flagged`. */
function nodesReading(
  tree: { readonly feature: Int32Array; readonly left: Int32Array; readonly right: Int32Array },
  flagged: Uint8Array,
): Uint8Array {
  const reads = new Uint8Array(tree.feature.length);
  // Children have larger ids than their parent (nodes are appended as leaves split).
  for (let node = tree.feature.length - 1; node >= 0; node--) {
    const j = tree.feature[node];
    if (j < 0) continue;
    reads[node] = flagged[j] === 1 || reads[tree.left[node]] === 1 || reads[tree.right[node]] === 1 ? 1 : 0;
  }
  return reads;
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
 * Permutation importance of each raw column (`nGroups` of them; `group` maps encoded features to
 * columns) for one model on its encoded H. Permutations come from rng.derive(column name, repeat).
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
  const trees = model.trees;
  // Each tree's output per row, so that a permutation only re-routes the trees that read the column.
  const outputs = trees.map((tree) => {
    const out = new Float64Array(n);
    addTreeOutput(tree, matrix, missing, out, 1, 0);
    return out;
  });
  // Summed in tree order, as GbtModel.predictRaw does, so that tied rows stay tied (ties count ½ in AUC).
  const sumInTreeOrder = (outputOf: (t: number) => Float64Array) => {
    const raw = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) raw[i * k + c] = model.initScore[c];
    for (let t = 0; t < trees.length; t++) {
      const out = outputOf(t);
      const c = t % k;
      for (let i = 0; i < n; i++) raw[i * k + c] += out[i];
    }
    return raw;
  };
  const permutedOutputs = trees.map(() => new Float64Array(n));
  const readsColumn = new Uint8Array(trees.length);
  const baseRaw = sumInTreeOrder((t) => outputs[t]);
  const base = scoreOf(model, baseRaw, test);
  const treesOfGroup: number[][] = columnNames.map(() => []);
  trees.forEach((tree, t) => {
    const seen = new Set<number>();
    for (const f of tree.feature) if (f >= 0) seen.add(group[f]);
    for (const g of seen) treesOfGroup[g].push(t);
  });
  // Rows whose outputs the permutation left unchanged in every re-routed tree keep their base
  // sum; the others are summed again in tree order (the same sums, so ties stay ties).
  const changed = new Uint8Array(n);
  const changedRows = new Int32Array(n);
  const resumChangedRows = (rerouted: readonly number[]): Float64Array => {
    changed.fill(0);
    for (const t of rerouted) {
      const before = outputs[t];
      const after = permutedOutputs[t];
      for (let i = 0; i < n; i++) if (after[i] !== before[i]) changed[i] = 1;
    }
    let m = 0;
    for (let i = 0; i < n; i++) if (changed[i] === 1) changedRows[m++] = i;
    const raw = baseRaw.slice();
    for (let j = 0; j < m; j++) for (let c = 0; c < k; c++) raw[changedRows[j] * k + c] = model.initScore[c];
    for (let t = 0; t < trees.length; t++) {
      const out = readsColumn[t] === 1 ? permutedOutputs[t] : outputs[t];
      const c = t % k;
      for (let j = 0; j < m; j++) {
        const i = changedRows[j];
        raw[i * k + c] += out[i];
      }
    }
    return raw;
  };
  const importance = new Float64Array(columnNames.length);
  const scratch = { ...matrix, bins: matrix.bins.slice() };
  const isGroupFeature = new Uint8Array(group.length);
  /**
   * The permuted outputs of tree t: `addTreeOutput` on the permuted bins, except that a row still
   * on its original path when it enters a subtree with no split on the column keeps its leaf.
   */
  const rerouteTree = (t: number, reads: Uint8Array): void => {
    const { feature, maskOffset, catMasks, missingLeft, threshold, left, right, value } = trees[t];
    const out = permutedOutputs[t];
    const before = outputs[t];
    const goesLeft = (bins: Uint8Array, node: number, j: number, row: number): boolean => {
      const bin = bins[j * n + row];
      const off = maskOffset[node];
      return off >= 0
        ? catMasks[off + bin] === 1
        : bin === missing[j]
          ? missingLeft[node] === 1
          : bin <= threshold[node];
    };
    for (let row = 0; row < n; row++) {
      let node = 0;
      let deviated = false;
      let j = feature[0];
      while (j >= 0) {
        if (!deviated && reads[node] === 0) break;
        const toLeft = goesLeft(scratch.bins, node, j, row);
        if (!deviated && isGroupFeature[j] === 1 && toLeft !== goesLeft(matrix.bins, node, j, row)) deviated = true;
        node = toLeft ? left[node] : right[node];
        j = feature[node];
      }
      out[row] = j >= 0 ? before[row] : value[node];
    }
  };
  columnNames.forEach((name, g) => {
    // No tree reads the column: permuting it changes nothing.
    if (treesOfGroup[g].length === 0) return;
    const features: number[] = [];
    group.forEach((gf, f) => {
      if (gf === g) features.push(f);
    });
    readsColumn.fill(0);
    for (const t of treesOfGroup[g]) readsColumn[t] = 1;
    isGroupFeature.fill(0);
    for (const f of features) isGroupFeature[f] = 1;
    // Per re-routed tree, the nodes whose subtree splits on the column.
    const subtreeReads = new Map<number, Uint8Array>();
    for (const t of treesOfGroup[g]) subtreeReads.set(t, nodesReading(trees[t], isGroupFeature));
    let drop = 0;
    for (let r = 0; r < nRepeats; r++) {
      const order = rng.derive(name, r).permutation(n);
      for (const f of features) {
        const offset = f * n;
        for (let i = 0; i < n; i++) scratch.bins[offset + i] = matrix.bins[offset + order[i]];
      }
      for (const t of treesOfGroup[g]) rerouteTree(t, subtreeReads.get(t)!);
      const raw = resumChangedRows(treesOfGroup[g]);
      drop += base - scoreOf(model, raw, test);
    }
    for (const f of features) scratch.bins.set(matrix.bins.subarray(f * n, (f + 1) * n), f * n);
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
  needs: ["real", "synthetic", "holdout"],
  optional: [],
  variants: LEARNED_VARIANTS,
  description:
    "Mean absolute gap between permutation importances on H of the models trained on R and on S (Clover feature_imp)",
  compute: computeFeatureImportance,
};
