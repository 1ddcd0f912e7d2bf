/**
 * A fitted regression tree over binned features, stored as flat arrays indexed by node (node 0 is
 * the root). Split nodes route a row by its bin: numeric splits by threshold with a default
 * direction for the missing bin, categorical splits by a per-bin mask.
 */
import type { BinMatrix } from "./binning.ts";

export interface Tree {
  /** Feature of each split node; -1 marks a leaf. */
  readonly feature: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Numeric splits: bins <= threshold go left. -1 on categorical splits and leaves. */
  readonly threshold: Int32Array;
  /** Numeric splits: 1 when the missing bin goes left. */
  readonly missingLeft: Uint8Array;
  /** Categorical splits: offset of the node's left-bin mask in `catMasks`; -1 otherwise. */
  readonly maskOffset: Int32Array;
  readonly catMasks: Uint8Array;
  /** Leaf output (already scaled by the learning rate). */
  readonly value: Float64Array;
  /** Split gain (0 on leaves), for gain-based importance. */
  readonly gain: Float64Array;
  /** Hessian sum of the training rows that reached the node. */
  readonly cover: Float64Array;
}

/** Growable node arrays used while a tree is built. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly threshold: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly maskOffset: number[] = [];
  private readonly masks: number[] = [];
  private readonly value: number[] = [];
  private readonly gain: number[] = [];
  private readonly cover: number[] = [];

  /** A new leaf; returns its node id. */
  addLeaf(value: number, cover: number): number {
    this.feature.push(-1);
    this.left.push(-1);
    this.right.push(-1);
    this.threshold.push(-1);
    this.missingLeft.push(0);
    this.maskOffset.push(-1);
    this.value.push(value);
    this.gain.push(0);
    this.cover.push(cover);
    return this.feature.length - 1;
  }

  /** Turns leaf `node` into a split with two new leaves; returns [left, right]. */
  split(
    node: number,
    split: { feature: number; threshold: number; missingLeft: boolean; leftBins: Uint8Array | null; gain: number },
    leftCover: number,
    rightCover: number,
  ): [number, number] {
    const l = this.addLeaf(0, leftCover);
    const r = this.addLeaf(0, rightCover);
    this.feature[node] = split.feature;
    this.left[node] = l;
    this.right[node] = r;
    this.threshold[node] = split.threshold;
    this.missingLeft[node] = split.missingLeft ? 1 : 0;
    this.gain[node] = split.gain;
    this.value[node] = 0;
    if (split.leftBins !== null) {
      this.maskOffset[node] = this.masks.length;
      for (let b = 0; b < split.leftBins.length; b++) this.masks.push(split.leftBins[b]);
    }
    return [l, r];
  }

  build(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      threshold: Int32Array.from(this.threshold),
      missingLeft: Uint8Array.from(this.missingLeft),
      maskOffset: Int32Array.from(this.maskOffset),
      catMasks: Uint8Array.from(this.masks),
      value: Float64Array.from(this.value),
      gain: Float64Array.from(this.gain),
      cover: Float64Array.from(this.cover),
    };
  }
}

/** Whether a row whose bin on the node's feature is `bin` goes left. `missingBin` is that feature's last bin. */
export function goesLeft(tree: Tree, node: number, bin: number, missingBin: number): boolean {
  const off = tree.maskOffset[node];
  if (off >= 0) return tree.catMasks[off + bin] === 1;
  if (bin === missingBin) return tree.missingLeft[node] === 1;
  return bin <= tree.threshold[node];
}

/** Leaf reached by row `row` of a bin matrix. `missingBins[j]` is feature j's missing bin. */
export function leafOf(tree: Tree, m: BinMatrix, row: number, missingBins: Int32Array): number {
  const { feature, maskOffset, catMasks, missingLeft, threshold, left, right } = tree;
  const bins = m.bins;
  const n = m.nRows;
  let node = 0;
  let j = feature[0];
  while (j >= 0) {
    const bin = bins[j * n + row];
    const off = maskOffset[node];
    const toLeft =
      off >= 0 ? catMasks[off + bin] === 1 : bin === missingBins[j] ? missingLeft[node] === 1 : bin <= threshold[node];
    node = toLeft ? left[node] : right[node];
    j = feature[node];
  }
  return node;
}

/** out[r * stride + offset] += the tree's output for row r, for each r in `rows` (every row when null). */
export function addTreeOutput(
  tree: Tree,
  m: BinMatrix,
  missingBins: Int32Array,
  out: Float64Array,
  stride: number,
  offset: number,
  rows: Int32Array | null = null,
): void {
  if (rows === null)
    for (let r = 0; r < m.nRows; r++) out[r * stride + offset] += tree.value[leafOf(tree, m, r, missingBins)];
  else
    for (let i = 0; i < rows.length; i++)
      out[rows[i] * stride + offset] += tree.value[leafOf(tree, m, rows[i], missingBins)];
}

export interface TreeJson {
  feature: number[];
  left: number[];
  right: number[];
  threshold: number[];
  missingLeft: number[];
  maskOffset: number[];
  /** Categorical masks as a string of "0"/"1" characters. */
  catMasks: string;
  value: number[];
  gain: number[];
  cover: number[];
}

export function treeToJson(t: Tree): TreeJson {
  return {
    feature: Array.from(t.feature),
    left: Array.from(t.left),
    right: Array.from(t.right),
    threshold: Array.from(t.threshold),
    missingLeft: Array.from(t.missingLeft),
    maskOffset: Array.from(t.maskOffset),
    catMasks: Array.from(t.catMasks).join(""),
    value: Array.from(t.value),
    gain: Array.from(t.gain),
    cover: Array.from(t.cover),
  };
}

export function treeFromJson(j: TreeJson): Tree {
  const masks = new Uint8Array(j.catMasks.length);
  for (let i = 0; i < masks.length; i++) masks[i] = j.catMasks.charCodeAt(i) === 49 ? 1 : 0;
  return {
    feature: Int32Array.from(j.feature),
    left: Int32Array.from(j.left),
    right: Int32Array.from(j.right),
    threshold: Int32Array.from(j.threshold),
    missingLeft: Uint8Array.from(j.missingLeft),
    maskOffset: Int32Array.from(j.maskOffset),
    catMasks: masks,
    value: Float64Array.from(j.value),
    gain: Float64Array.from(j.gain),
    cover: Float64Array.from(j.cover),
  };
}
