/**
 * A fitted tree as flat typed arrays (node i is described at index i of each array), its routing of
 * synthetic rows, and its JSON form.
 *
 * Leaves keep their donors: the response values (numeric) or codes (categorical) of the training
 * rows that ended there. Drawing a donor uniformly is synthpop's draw for both kinds of response.
 */
import type { Rng } from "../../random/rng.ts";

/** Direction of a level at a categorical split. */
export const RIGHT = 0;
export const LEFT = 1;
/** The level had no training rows in the node: synthetic rows go either way with probability ½. */
export const UNSEEN = 2;

export interface Tree {
  /** Split predictor (index into the tree's predictor list), or -1 at a leaf. */
  readonly feature: Int32Array;
  /** Numeric split: rows with x < threshold go left. */
  readonly threshold: Float64Array;
  /** Categorical split: offset of this node's per-level directions in `directions`. */
  readonly directionStart: Int32Array;
  readonly directions: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Leaf: donors[donorStart .. donorStart + donorCount). */
  readonly donorStart: Int32Array;
  readonly donorCount: Int32Array;
  readonly donors: Float64Array;
}

export function nodeCount(tree: Tree): number {
  return tree.feature.length;
}

export function isLeaf(tree: Tree, node: number): boolean {
  return tree.feature[node] < 0;
}

/** A synthetic predictor column as routing reads it. */
export type RoutingColumn = { readonly kind: "numeric"; readonly values: Float64Array } | { readonly kind: "categorical"; readonly codes: Int32Array };

/** The leaf synthetic row `row` falls into; unseen levels are routed with `rng`. */
export function routeRow(tree: Tree, columns: readonly RoutingColumn[], row: number, rng: Rng): number {
  let node = 0;
  for (let f = tree.feature[0]; f >= 0; f = tree.feature[node]) {
    const column = columns[f];
    let goLeft: boolean;
    if (column.kind === "numeric") goLeft = column.values[row] < tree.threshold[node];
    else {
      const direction = tree.directions[tree.directionStart[node] + column.codes[row]];
      goLeft = direction === UNSEEN ? rng.next() < 0.5 : direction === LEFT;
    }
    node = goLeft ? tree.left[node] : tree.right[node];
  }
  return node;
}

/** Uniform donor of a leaf. */
export function drawDonor(tree: Tree, leaf: number, rng: Rng): number {
  return tree.donors[tree.donorStart[leaf] + rng.int(tree.donorCount[leaf])];
}

/**
 * A uniform donor among the leaf's donors outside `avoid` (rare levels), i.e. the leaf's
 * distribution given a frequent level; the plain draw when every donor is rare (the shared
 * rare-level step then replaces it).
 */
export function drawDonorAvoiding(tree: Tree, leaf: number, rng: Rng, avoid: ReadonlySet<number>): number {
  const start = tree.donorStart[leaf];
  const count = tree.donorCount[leaf];
  let allowed = 0;
  for (let d = 0; d < count; d++) if (!avoid.has(tree.donors[start + d])) allowed++;
  if (allowed === 0 || allowed === count) return drawDonor(tree, leaf, rng);
  let pick = rng.int(allowed);
  for (let d = 0; d < count; d++) {
    const donor = tree.donors[start + d];
    if (avoid.has(donor)) continue;
    if (pick-- === 0) return donor;
  }
  return drawDonor(tree, leaf, rng); // unreachable: pick < allowed
}

/** Growable node storage used while a tree is grown. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly directionStart: number[] = [];
  private readonly directions: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly donorStart: number[] = [];
  private readonly donorCount: number[] = [];
  private readonly donors: number[] = [];

  /** A new undetermined node; returns its index. */
  addNode(): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.directionStart.push(-1);
    this.left.push(-1);
    this.right.push(-1);
    this.donorStart.push(-1);
    this.donorCount.push(0);
    return this.feature.length - 1;
  }

  /** A leaf whose donors are source[rows[start..end)]. */
  setLeaf(node: number, source: ArrayLike<number>, rows: Int32Array, start: number, end: number): void {
    this.donorStart[node] = this.donors.length;
    this.donorCount[node] = end - start;
    for (let k = start; k < end; k++) this.donors.push(source[rows[k]]);
  }

  setNumericSplit(node: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = left;
    this.right[node] = right;
  }

  setCategoricalSplit(node: number, feature: number, directions: ArrayLike<number>, left: number, right: number): void {
    this.feature[node] = feature;
    this.directionStart[node] = this.directions.length;
    for (let i = 0; i < directions.length; i++) this.directions.push(directions[i]);
    this.left[node] = left;
    this.right[node] = right;
  }

  build(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      directionStart: Int32Array.from(this.directionStart),
      directions: Uint8Array.from(this.directions),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      donorStart: Int32Array.from(this.donorStart),
      donorCount: Int32Array.from(this.donorCount),
      donors: Float64Array.from(this.donors),
    };
  }
}

/** A tree as JSON: each array as a list of numbers. */
export type SavedTree = { readonly [K in keyof Tree]: number[] };

export function saveTree(tree: Tree): SavedTree {
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    directionStart: Array.from(tree.directionStart),
    directions: Array.from(tree.directions),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    donorStart: Array.from(tree.donorStart),
    donorCount: Array.from(tree.donorCount),
    donors: Array.from(tree.donors),
  };
}

export function loadTree(saved: SavedTree): Tree {
  return {
    feature: Int32Array.from(saved.feature),
    threshold: Float64Array.from(saved.threshold),
    directionStart: Int32Array.from(saved.directionStart),
    directions: Uint8Array.from(saved.directions),
    left: Int32Array.from(saved.left),
    right: Int32Array.from(saved.right),
    donorStart: Int32Array.from(saved.donorStart),
    donorCount: Int32Array.from(saved.donorCount),
    donors: Float64Array.from(saved.donors),
  };
}
