/**
 * Best threshold of a numeric predictor in a node (spec §3.3): the node's rows are already sorted
 * by the predictor's rank code, so one pass moves rows from right to left and evaluates the cut
 * between every two consecutive distinct values that leaves ≥ minbucket rows on each side. Cuts
 * are tried in increasing order and replace the best only when strictly better, so ties keep the
 * smaller threshold.
 */
import type { BestSplit, NodeStats } from "./node-stats.ts";

/** Numeric response: decrease = sumL² · n / (nL · nR) with values centred on the node mean. */
export function scanNumericRegression(
  node: NodeStats,
  y: Float64Array,
  order: Int32Array,
  codes: Int32Array,
  minbucket: number,
  feature: number,
  best: BestSplit,
): void {
  const { start, end, mean } = node;
  const n = end - start;
  const lastCut = end - minbucket; // the left side may end at most here
  let sumLeft = 0;
  let bestImprovement = -Infinity;
  let bestCut = -1;
  for (let k = start; k < lastCut; k++) {
    const t = order[k];
    sumLeft += y[t] - mean;
    const nLeft = k - start + 1;
    if (nLeft < minbucket) continue;
    const code = codes[t];
    if (codes[order[k + 1]] === code) continue;
    const improvement = (sumLeft * sumLeft * n) / (nLeft * (n - nLeft));
    if (improvement > bestImprovement) {
      bestImprovement = improvement;
      bestCut = k;
    }
  }
  if (bestCut >= 0 && best.beats(bestImprovement))
    best.offerNumeric(bestImprovement, feature, codes[order[bestCut]], codes[order[bestCut + 1]]);
}

/** Categorical response: Gini decrease, class counts updated in O(1) per row. */
export function scanNumericClassification(
  node: NodeStats,
  y: Int32Array,
  order: Int32Array,
  codes: Int32Array,
  minbucket: number,
  feature: number,
  best: BestSplit,
  leftCount: Float64Array,
): void {
  const { start, end, classCount } = node;
  const n = end - start;
  for (let i = 0; i < node.nPresent; i++) leftCount[node.present[i]] = 0;
  const lastCut = end - minbucket;
  let squaresLeft = 0;
  let squaresRight = node.sumSquares;
  const base = node.sumSquares / n;
  let bestImprovement = -Infinity;
  let bestCut = -1;
  for (let k = start; k < lastCut; k++) {
    const t = order[k];
    const c = y[t];
    const l = leftCount[c];
    squaresLeft += 2 * l + 1;
    squaresRight -= 2 * (classCount[c] - l) - 1;
    leftCount[c] = l + 1;
    const nLeft = k - start + 1;
    if (nLeft < minbucket) continue;
    const code = codes[t];
    if (codes[order[k + 1]] === code) continue;
    const improvement = squaresLeft / nLeft + squaresRight / (n - nLeft) - base;
    if (improvement > bestImprovement) {
      bestImprovement = improvement;
      bestCut = k;
    }
  }
  if (bestCut >= 0 && best.beats(bestImprovement))
    best.offerNumeric(bestImprovement, feature, codes[order[bestCut]], codes[order[bestCut + 1]]);
}
