/**
 * Best split of a categorical predictor in a node (spec §3.3). The node's rows are sorted by level
 * code, so each present level is one contiguous run.
 *
 * - numeric response, or at most two classes present: order the levels by mean response (or by
 *   share of the node's most frequent class) and try the L − 1 ordered splits; this is optimal;
 * - more classes and 3 ≤ L ≤ maxExhaustiveLevels: all 2^(L−1) − 1 bipartitions, enumerated in
 *   Gray-code order so that each step moves one level (O(classes) per step);
 * - more classes and L > maxExhaustiveLevels: order by share of the most frequent class (rpart is
 *   exhaustive here and hangs on many-level factors, bnowok/synthpop#18).
 *
 * The resulting split sends present levels LEFT or RIGHT; levels absent from the node are UNSEEN.
 * Equal candidates of one predictor go to the lexicographically smaller left level set (its level
 * codes in ascending order); equal candidates of different predictors to the earlier predictor.
 */
import type { BestSplit, NodeStats } from "./node-stats.ts";
import { LEFT, RIGHT, UNSEEN } from "./tree.ts";

/** Buffers reused across nodes and predictors. */
export class CategoricalScratch {
  readonly levels: Int32Array;
  readonly runStart: Int32Array;
  readonly runEnd: Int32Array;
  readonly keys: Float64Array;
  readonly sums: Float64Array;
  readonly orderOfLevels: Int32Array;
  readonly slot: Int32Array;
  readonly matrix: Float64Array;
  /** Per level of an exhaustive search, its classes present (slots, ascending) and their counts. */
  readonly nonZeroSlot: Int32Array;
  readonly nonZeroCount: Float64Array;
  readonly nonZeroEnd: Int32Array;
  readonly leftBySlot: Float64Array;
  readonly totalBySlot: Float64Array;

  constructor(maxCodes: number, nClasses: number, maxExhaustiveLevels: number) {
    this.levels = new Int32Array(maxCodes);
    this.runStart = new Int32Array(maxCodes);
    this.runEnd = new Int32Array(maxCodes);
    this.keys = new Float64Array(maxCodes);
    this.sums = new Float64Array(maxCodes);
    this.orderOfLevels = new Int32Array(maxCodes);
    this.slot = new Int32Array(nClasses);
    this.matrix = new Float64Array(Math.max(1, maxExhaustiveLevels * nClasses));
    this.nonZeroSlot = new Int32Array(Math.max(1, maxExhaustiveLevels * nClasses));
    this.nonZeroCount = new Float64Array(Math.max(1, maxExhaustiveLevels * nClasses));
    this.nonZeroEnd = new Int32Array(Math.max(1, maxExhaustiveLevels));
    this.leftBySlot = new Float64Array(nClasses);
    this.totalBySlot = new Float64Array(nClasses);
  }
}

export interface CategoricalScan {
  readonly node: NodeStats;
  readonly order: Int32Array;
  readonly codes: Int32Array;
  readonly nCodes: number;
  readonly minbucket: number;
  readonly maxExhaustiveLevels: number;
  readonly feature: number;
  readonly best: BestSplit;
  readonly scratch: CategoricalScratch;
}

/** Find the present levels' runs; returns their number. */
function collectRuns(scan: CategoricalScan): number {
  const { node, order, codes, scratch } = scan;
  let count = 0;
  let previous = -1;
  for (let k = node.start; k < node.end; k++) {
    const code = codes[order[k]];
    if (code !== previous) {
      if (count > 0) scratch.runEnd[count - 1] = k;
      scratch.levels[count] = code;
      scratch.runStart[count] = k;
      count++;
      previous = code;
    }
  }
  if (count > 0) scratch.runEnd[count - 1] = node.end;
  return count;
}

export function scanCategoricalRegression(scan: CategoricalScan, y: Float64Array): void {
  const { node, order, scratch, minbucket } = scan;
  const nLevels = collectRuns(scan);
  if (nLevels < 2) return;
  for (let j = 0; j < nLevels; j++) {
    let sum = 0;
    for (let k = scratch.runStart[j]; k < scratch.runEnd[j]; k++) sum += y[order[k]] - node.mean;
    scratch.sums[j] = sum;
    scratch.keys[j] = sum / (scratch.runEnd[j] - scratch.runStart[j]);
  }
  const ranked = sortByKey(scratch, nLevels);
  const n = node.size;
  let sumLeft = 0;
  let nLeft = 0;
  let bestImprovement = -Infinity;
  let bestPosition = -1;
  for (let p = 0; p < nLevels - 1; p++) {
    const j = ranked[p];
    sumLeft += scratch.sums[j];
    nLeft += scratch.runEnd[j] - scratch.runStart[j];
    if (nLeft < minbucket || n - nLeft < minbucket) continue;
    const improvement = (sumLeft * sumLeft * n) / (nLeft * (n - nLeft));
    if (orderedCutWins(scratch, ranked, improvement, p, bestImprovement, bestPosition)) {
      bestImprovement = improvement;
      bestPosition = p;
    }
  }
  offerOrdered(scan, ranked, nLevels, bestPosition, bestImprovement);
}

export function scanCategoricalClassification(scan: CategoricalScan, y: Int32Array, leftCount: Float64Array): void {
  const nLevels = collectRuns(scan);
  if (nLevels < 2) return;
  if (scan.node.nPresent > 2 && nLevels >= 3 && nLevels <= scan.maxExhaustiveLevels) exhaustive(scan, y, nLevels);
  else orderedByMajorShare(scan, y, nLevels, leftCount);
}

function orderedByMajorShare(scan: CategoricalScan, y: Int32Array, nLevels: number, leftCount: Float64Array): void {
  const { node, order, scratch, minbucket } = scan;
  const major = node.major;
  for (let j = 0; j < nLevels; j++) {
    let hits = 0;
    for (let k = scratch.runStart[j]; k < scratch.runEnd[j]; k++) if (y[order[k]] === major) hits++;
    scratch.keys[j] = hits / (scratch.runEnd[j] - scratch.runStart[j]);
  }
  const ranked = sortByKey(scratch, nLevels);
  for (let i = 0; i < node.nPresent; i++) leftCount[node.present[i]] = 0;
  const n = node.size;
  const base = node.sumSquares / n;
  let squaresLeft = 0;
  let squaresRight = node.sumSquares;
  let nLeft = 0;
  let bestImprovement = -Infinity;
  let bestPosition = -1;
  for (let p = 0; p < nLevels - 1; p++) {
    const j = ranked[p];
    for (let k = scratch.runStart[j]; k < scratch.runEnd[j]; k++) {
      const c = y[order[k]];
      const l = leftCount[c];
      squaresLeft += 2 * l + 1;
      squaresRight -= 2 * (node.classCount[c] - l) - 1;
      leftCount[c] = l + 1;
    }
    nLeft += scratch.runEnd[j] - scratch.runStart[j];
    if (nLeft < minbucket || n - nLeft < minbucket) continue;
    const improvement = squaresLeft / nLeft + squaresRight / (n - nLeft) - base;
    if (orderedCutWins(scratch, ranked, improvement, p, bestImprovement, bestPosition)) {
      bestImprovement = improvement;
      bestPosition = p;
    }
  }
  offerOrdered(scan, ranked, nLevels, bestPosition, bestImprovement);
}

/**
 * Whether ordered cut `position` with `improvement` replaces the best cut so far (visited in
 * increasing position): a larger improvement, or an equal one with the smaller left level set.
 */
function orderedCutWins(
  scratch: CategoricalScratch,
  ranked: Int32Array,
  improvement: number,
  position: number,
  bestImprovement: number,
  bestPosition: number,
): boolean {
  return (
    improvement > bestImprovement ||
    (improvement === bestImprovement && longerPrefixIsSmaller(scratch, ranked, bestPosition, position))
  );
}

/**
 * Lexicographic order of two ascending code lists X ≠ Y: at the first code c held by one list
 * only, say X, X is smaller when Y goes on past c, and Y (then a prefix of X) is smaller otherwise.
 */

/** Whether the left set of ordered cut `longer` (a superset) is smaller than that of cut `shorter`. */
function longerPrefixIsSmaller(
  scratch: CategoricalScratch,
  ranked: Int32Array,
  shorter: number,
  longer: number,
): boolean {
  let firstExtra = Infinity;
  for (let p = shorter + 1; p <= longer; p++) firstExtra = Math.min(firstExtra, scratch.levels[ranked[p]]);
  for (let p = 0; p <= shorter; p++) if (scratch.levels[ranked[p]] > firstExtra) return true;
  return false;
}

/** The same order on left sets as bit masks over level positions (positions follow code order). */
function maskIsSmaller(mask: number, best: number): boolean {
  const differing = mask ^ best;
  if (differing === 0) return false;
  const lowest = differing & -differing;
  const above = ~(2 * lowest - 1);
  return mask & lowest ? (best & above) !== 0 : (mask & above) === 0;
}

/** Level positions sorted by key, ties by level code (runs are in code order). */
function sortByKey(scratch: CategoricalScratch, nLevels: number): Int32Array {
  const ranked = scratch.orderOfLevels.subarray(0, nLevels);
  for (let j = 0; j < nLevels; j++) ranked[j] = j;
  const keys = scratch.keys;
  ranked.sort((a, b) => keys[a] - keys[b] || a - b);
  return ranked;
}

function offerOrdered(
  scan: CategoricalScan,
  ranked: Int32Array,
  nLevels: number,
  position: number,
  improvement: number,
): void {
  if (position < 0 || !scan.best.beats(improvement)) return;
  const directions = new Uint8Array(scan.nCodes).fill(UNSEEN);
  for (let p = 0; p < nLevels; p++) directions[scan.scratch.levels[ranked[p]]] = p <= position ? LEFT : RIGHT;
  scan.best.takeCategorical(improvement, scan.feature, directions);
}

/** All bipartitions; the last present level always stays right so each one is visited once. */
function exhaustive(scan: CategoricalScan, y: Int32Array, nLevels: number): void {
  const { node, order, scratch, minbucket } = scan;
  const nSlots = node.nPresent;
  for (let s = 0; s < nSlots; s++) {
    const c = node.present[s];
    scratch.slot[c] = s;
    scratch.totalBySlot[s] = node.classCount[c];
    scratch.leftBySlot[s] = 0;
  }
  const matrix = scratch.matrix;
  matrix.fill(0, 0, nLevels * nSlots);
  for (let j = 0; j < nLevels; j++) {
    const row = j * nSlots;
    for (let k = scratch.runStart[j]; k < scratch.runEnd[j]; k++) matrix[row + scratch.slot[y[order[k]]]]++;
  }
  // Each Gray-code step visits the moving level's present classes only (many-class responses).
  const { nonZeroSlot, nonZeroCount, nonZeroEnd } = scratch;
  let nNonZero = 0;
  for (let j = 0; j < nLevels; j++) {
    const row = j * nSlots;
    for (let s = 0; s < nSlots; s++) {
      const a = matrix[row + s];
      if (a === 0) continue;
      nonZeroSlot[nNonZero] = s;
      nonZeroCount[nNonZero++] = a;
    }
    nonZeroEnd[j] = nNonZero;
  }
  const n = node.size;
  const base = node.sumSquares / n;
  const left = scratch.leftBySlot;
  const total = scratch.totalBySlot;
  let squaresLeft = 0;
  let squaresRight = node.sumSquares;
  let nLeft = 0;
  let mask = 0;
  let bestImprovement = -Infinity;
  let bestMask = 0;
  const steps = 2 ** (nLevels - 1);
  for (let i = 1; i < steps; i++) {
    const level = 31 - Math.clz32(i & -i);
    const bit = 1 << level;
    const entering = (mask & bit) === 0;
    mask ^= bit;
    for (let e = level === 0 ? 0 : nonZeroEnd[level - 1]; e < nonZeroEnd[level]; e++) {
      const s = nonZeroSlot[e];
      const a = nonZeroCount[e];
      const l = left[s];
      const r = total[s] - l;
      if (entering) {
        squaresLeft += (2 * l + a) * a;
        squaresRight += (a - 2 * r) * a;
        left[s] = l + a;
      } else {
        squaresLeft += (a - 2 * l) * a;
        squaresRight += (2 * r + a) * a;
        left[s] = l - a;
      }
    }
    const size = scratch.runEnd[level] - scratch.runStart[level];
    nLeft += entering ? size : -size;
    if (nLeft < minbucket || n - nLeft < minbucket) continue;
    const improvement = squaresLeft / nLeft + squaresRight / (n - nLeft) - base;
    if (improvement > bestImprovement || (improvement === bestImprovement && maskIsSmaller(mask, bestMask))) {
      bestImprovement = improvement;
      bestMask = mask;
    }
  }
  if (bestMask === 0 || !scan.best.beats(bestImprovement)) return;
  const directions = new Uint8Array(scan.nCodes).fill(UNSEEN);
  for (let j = 0; j < nLevels; j++) directions[scratch.levels[j]] = (bestMask >> j) & 1 ? LEFT : RIGHT;
  scan.best.takeCategorical(bestImprovement, scan.feature, directions);
}
