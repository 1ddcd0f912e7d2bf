/**
 * Growing one tree with rpart semantics (spec generators.md §3.3).
 *
 * Exact and presorted: each predictor keeps the tree's rows sorted by its code, one counting sort
 * per tree; a split stably partitions every live list, so each node is a contiguous segment
 * [start, end) of every list and a split search is one linear pass. A predictor found constant in
 * a node is dropped for the whole subtree (it can never split there again), which matters on wide
 * tables of near-constant columns. Nodes are grown depth first, left child first.
 */
import { BestSplit, NodeStats } from "./node-stats.ts";
import type { Predictor, Response } from "./predictor.ts";
import {
  CategoricalScratch,
  type CategoricalScan,
  scanCategoricalClassification,
  scanCategoricalRegression,
} from "./split-categorical.ts";
import { scanNumericClassification, scanNumericRegression } from "./split-numeric.ts";
import { LEFT, type Tree, TreeBuilder } from "./tree.ts";

export interface GrowOptions {
  /** Minimum rows per leaf. */
  readonly minbucket: number;
  /** Minimum rows in a node for a split to be tried. */
  readonly minsplit: number;
  /** A split must lower the impurity by at least cp × the root's impurity. */
  readonly cp: number;
  /** The root has depth 0; nodes at maxDepth are leaves. */
  readonly maxDepth: number;
  readonly maxExhaustiveLevels: number;
  /** Subject of each row of R, when rows repeat subjects; each child must then hold minSubjects of them. */
  readonly subjects?: Int32Array;
  readonly minSubjects?: number;
}

/** Distinct subjects on each side of a candidate split, with a stamp per subject (no clearing). */
class SubjectCounter {
  private readonly stamp: Int32Array;
  private epoch = 0;
  constructor(
    private readonly subjects: Int32Array,
    private readonly rows: Int32Array,
  ) {
    let max = 0;
    for (let i = 0; i < subjects.length; i++) max = Math.max(max, subjects[i]);
    this.stamp = new Int32Array(max + 1);
  }
  /** Whether both sides of members[start..end) (split by goLeft) hold at least `min` distinct subjects. */
  bothAtLeast(members: Int32Array, start: number, end: number, goLeft: Uint8Array, min: number): boolean {
    for (const side of [1, 0]) {
      this.epoch++;
      let count = 0;
      for (let k = start; k < end && count < min; k++) {
        const t = members[k];
        if (goLeft[t] !== side) continue;
        const s = this.subjects[this.rows[t]];
        if (this.stamp[s] !== this.epoch) {
          this.stamp[s] = this.epoch;
          count++;
        }
      }
      if (count < min) return false;
    }
    return true;
  }
}

interface PendingNode {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  /** Predictors not yet found constant on the way down. */
  readonly live: Int32Array;
}

/** Stable counting sort of row positions 0..m-1 by code. */
function sortedByCode(codes: Int32Array, nCodes: number): Int32Array {
  const next = new Int32Array(nCodes + 1);
  for (let t = 0; t < codes.length; t++) next[codes[t] + 1]++;
  for (let c = 1; c <= nCodes; c++) next[c] += next[c - 1];
  const order = new Int32Array(codes.length);
  for (let t = 0; t < codes.length; t++) order[next[codes[t]]++] = t;
  return order;
}

function gatherInt(source: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let t = 0; t < rows.length; t++) out[t] = source[rows[t]];
  return out;
}

function gatherFloat(source: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let t = 0; t < rows.length; t++) out[t] = source[rows[t]];
  return out;
}

/** Stably move the segment's rows marked in `goLeft` to its front. */
function partition(list: Int32Array, start: number, end: number, goLeft: Uint8Array, spill: Int32Array): number {
  let l = start;
  let r = 0;
  // Branch-free: the side is unpredictable, so both slots are written and one cursor advances.
  for (let k = start; k < end; k++) {
    const t = list[k];
    const left = goLeft[t];
    list[l] = t;
    spill[r] = t;
    l += left;
    r += 1 - left;
  }
  list.set(spill.subarray(0, r), l);
  return l;
}

/** Midpoint threshold, nudged so that the lower value always goes left (x < t). */
function midpoint(low: number, high: number): number {
  const t = (low + high) / 2;
  return t > low ? t : high;
}

/**
 * Buffers shared by the trees of one fit: when a tree is grown on all of R in row order (the
 * default, not proper, no gate), each predictor's codes are R's own and its rows sorted by code
 * are the same for every tree, so they are sorted once and copied into a reused working list
 * instead of being gathered, sorted and allocated again per tree (wide tables grow one tree per
 * column, each over every earlier column).
 */
export class GrowWorkspace {
  private readonly sorted = new Map<Predictor, Int32Array>();
  private readonly working = new Map<Predictor, Int32Array>();

  constructor(readonly nRows: number) {}

  /** Whether `rows` is 0, 1, …, nRows − 1. */
  isAllRows(rows: Int32Array): boolean {
    if (rows.length !== this.nRows) return false;
    for (let t = 0; t < rows.length; t++) if (rows[t] !== t) return false;
    return true;
  }

  /** A working copy of R's rows sorted by the predictor's code (valid until the next tree). */
  order(p: Predictor): Int32Array {
    let sorted = this.sorted.get(p);
    if (!sorted) this.sorted.set(p, (sorted = sortedByCode(p.codes, p.nCodes)));
    let work = this.working.get(p);
    if (!work) this.working.set(p, (work = new Int32Array(this.nRows)));
    work.set(sorted);
    return work;
  }
}

/**
 * Grow a tree on the rows `rows` of R (repeats allowed: a bootstrap sample). Predictor codes and
 * response values are indexed by rows of R.
 */
export function growTree(
  predictors: readonly Predictor[],
  response: Response,
  rows: Int32Array,
  options: GrowOptions,
  workspace?: GrowWorkspace,
): Tree {
  const m = rows.length;
  const shared = workspace !== undefined && workspace.isAllRows(rows);
  const codes = predictors.map((p) => (shared ? p.codes : gatherInt(p.codes, rows)));
  const orders = predictors.map((p, f) => (shared ? workspace.order(p) : sortedByCode(codes[f], p.nCodes)));
  const members = new Int32Array(m);
  for (let t = 0; t < m; t++) members[t] = t;
  const numericY = response.kind === "numeric" ? gatherFloat(response.values, rows) : null;
  const classY = response.kind === "categorical" ? gatherInt(response.codes, rows) : null;
  const nClasses = response.kind === "categorical" ? response.nLevels : 0;
  const donorSource: ArrayLike<number> = numericY ?? classY!;

  const stats = new NodeStats(nClasses);
  const best = new BestSplit();
  const leftCount = new Float64Array(nClasses);
  const maxCodes = predictors.reduce((a, p) => (p.kind === "categorical" ? Math.max(a, p.nCodes) : a), 1);
  const scratch = new CategoricalScratch(maxCodes, nClasses, Math.min(options.maxExhaustiveLevels, maxCodes));
  const goLeft = new Uint8Array(m);
  const spill = new Int32Array(m);
  const builder = new TreeBuilder();
  const subjectCounter = options.subjects && options.minSubjects ? new SubjectCounter(options.subjects, rows) : null;

  const impurityOf = (start: number, end: number): number =>
    numericY ? stats.numeric(numericY, members, start, end) : stats.categorical(classY!, members, start, end);

  const rootImpurity = m > 0 ? impurityOf(0, m) : 0;
  const minImprovement = options.cp * rootImpurity;
  const stack: PendingNode[] = [
    { id: builder.addNode(), start: 0, end: m, depth: 0, live: Int32Array.from(predictors.keys()) },
  ];

  while (stack.length > 0) {
    const { id, start, end, depth, live } = stack.pop()!;
    const size = end - start;
    if (size === 0) {
      builder.setLeaf(id, donorSource, members, start, end);
      continue;
    }
    impurityOf(start, end);
    const pure = numericY ? stats.isPureNumeric(numericY, members) : stats.isPureCategorical();
    if (size < options.minsplit || size < 2 * options.minbucket || depth >= options.maxDepth || pure) {
      builder.setLeaf(id, donorSource, members, start, end);
      continue;
    }
    const stillLive: number[] = [];
    for (const f of live) if (codes[f][orders[f][start]] !== codes[f][orders[f][end - 1]]) stillLive.push(f);
    best.reset();
    for (const f of stillLive) {
      const p = predictors[f];
      if (p.kind === "numeric") {
        if (numericY) scanNumericRegression(stats, numericY, orders[f], codes[f], options.minbucket, f, best);
        else scanNumericClassification(stats, classY!, orders[f], codes[f], options.minbucket, f, best, leftCount);
      } else {
        const scan: CategoricalScan = {
          node: stats,
          order: orders[f],
          codes: codes[f],
          nCodes: p.nCodes,
          minbucket: options.minbucket,
          maxExhaustiveLevels: options.maxExhaustiveLevels,
          feature: f,
          best,
          scratch,
        };
        if (numericY) scanCategoricalRegression(scan, numericY);
        else scanCategoricalClassification(scan, classY!, leftCount);
      }
    }
    if (best.feature < 0 || !(best.improvement > 0) || best.improvement < minImprovement) {
      builder.setLeaf(id, donorSource, members, start, end);
      continue;
    }

    const f = best.feature;
    const splitCodes = codes[f];
    const directions = best.directions;
    for (let k = start; k < end; k++) {
      const t = members[k];
      goLeft[t] = directions ? (directions[splitCodes[t]] === LEFT ? 1 : 0) : splitCodes[t] <= best.cutCode ? 1 : 0;
    }
    // A leaf must not describe fewer than minSubjects people: the split is refused, not replaced.
    if (subjectCounter && !subjectCounter.bothAtLeast(members, start, end, goLeft, options.minSubjects!)) {
      builder.setLeaf(id, donorSource, members, start, end);
      continue;
    }
    const middle = partition(members, start, end, goLeft, spill);
    const childLive = Int32Array.from(stillLive);
    // Children that are leaves by size or depth never read the sorted lists.
    const leafBySize = (size: number) =>
      size < options.minsplit || size < 2 * options.minbucket || depth + 1 >= options.maxDepth;
    if (!leafBySize(middle - start) || !leafBySize(end - middle))
      for (const g of stillLive) partition(orders[g], start, end, goLeft, spill);
    const left = builder.addNode();
    const right = builder.addNode();
    if (directions) builder.setCategoricalSplit(id, f, directions, left, right);
    else {
      const values = predictors[f].values!;
      builder.setNumericSplit(id, f, midpoint(values[best.cutCode], values[best.nextCode]), left, right);
    }
    stack.push({ id: right, start: middle, end, depth: depth + 1, live: childLive });
    stack.push({ id: left, start, end: middle, depth: depth + 1, live: childLive });
  }
  return builder.build();
}
