/**
 * Growing one histogram tree on given gradients and hessians.
 *
 * Rows live in one index array; each leaf owns a contiguous range of it, and a split partitions
 * that range in place (stably, so row order and therefore every floating-point sum is fixed).
 * Depth-wise growth splits leaves in breadth-first order; leaf-wise growth always splits the leaf
 * with the largest gain. Both stop at `maxDepth` and `maxLeaves`.
 */
import type { BinMatrix } from "./binning.ts";
import {
  activeBundlesOf,
  buildBundledHistogram,
  buildHistogram,
  type FeatureBundles,
  type Histogram,
  type HistogramLayout,
  newHistogram,
  subtractHistogram,
} from "./histogram.ts";
import { findBestSplit, type NodeTotals, type SplitCandidate, type SplitConstraints } from "./split.ts";
import { type Tree, TreeBuilder } from "./tree.ts";

export interface GrowthParams {
  readonly growth: "depthwise" | "leafwise";
  readonly maxDepth: number;
  readonly maxLeaves: number;
  readonly learningRate: number;
  readonly constraints: SplitConstraints;
}

/** What stays fixed across the trees of one fit. */
export interface GrowthContext {
  readonly matrix: BinMatrix;
  readonly layout: HistogramLayout;
  readonly isCategorical: Uint8Array;
  readonly missingBins: Int32Array;
  /** Sparse features histogrammed together (see histogram.ts), or null. */
  readonly bundles?: FeatureBundles | null;
}

interface OpenLeaf {
  node: number;
  begin: number;
  end: number;
  depth: number;
  totals: NodeTotals;
  hist: Histogram | null;
  best: SplitCandidate | null;
}

/** Reuses histogram buffers across nodes and trees (they are large and allocation is slow). */
export class HistogramPool {
  private readonly free: Histogram[] = [];
  constructor(private readonly layout: HistogramLayout) {}
  acquire(): Histogram {
    return this.free.pop() ?? newHistogram(this.layout);
  }
  release(h: Histogram): void {
    this.free.push(h);
  }
}

/** A grown tree with the leaf of each of its training rows: rows[leafBegin[l]..leafEnd[l]) reached leafNode[l]. */
export interface GrownTree {
  readonly tree: Tree;
  readonly rows: Int32Array;
  readonly leafNode: Int32Array;
  readonly leafBegin: Int32Array;
  readonly leafEnd: Int32Array;
}

/**
 * Grows a tree on rows `rows` (reordered in place) using only `features`. Leaf values are
 * −η·G/(H + λ).
 */
export function growTree(
  ctx: GrowthContext,
  pool: HistogramPool,
  rows: Int32Array,
  features: Int32Array,
  grad: Float64Array,
  hess: Float64Array,
  p: GrowthParams,
): GrownTree {
  const c = p.constraints;
  const n = rows.length;
  const orderedGrad = new Float64Array(n);
  const orderedHess = new Float64Array(n);
  const scratch = new Int32Array(n);
  const builder = new TreeBuilder();

  let g0 = 0;
  let h0 = 0;
  for (let i = 0; i < n; i++) {
    g0 += grad[rows[i]];
    h0 += hess[rows[i]];
  }
  const leafValue = (t: NodeTotals) => (-p.learningRate * t.grad) / (t.hess + c.lambda);
  const canSplit = (leaf: OpenLeaf) => leaf.depth < p.maxDepth && leaf.totals.count >= 2 * Math.max(1, c.minDataInLeaf);

  const bundles = ctx.bundles ?? null;
  const activeBundles = bundles === null ? null : activeBundlesOf(bundles, features);
  const fill = (leaf: OpenLeaf, hist: Histogram) => {
    for (let i = leaf.begin; i < leaf.end; i++) {
      orderedGrad[i - leaf.begin] = grad[rows[i]];
      orderedHess[i - leaf.begin] = hess[rows[i]];
    }
    if (bundles !== null) {
      buildBundledHistogram(
        hist,
        ctx.layout,
        ctx.matrix.bins,
        ctx.matrix.nRows,
        features,
        bundles,
        activeBundles!,
        rows,
        leaf.begin,
        leaf.end,
        orderedGrad,
        orderedHess,
      );
      return;
    }
    buildHistogram(
      hist,
      ctx.layout,
      ctx.matrix.bins,
      ctx.matrix.nRows,
      features,
      rows,
      leaf.begin,
      leaf.end,
      orderedGrad,
      orderedHess,
    );
  };
  const evaluate = (leaf: OpenLeaf) => {
    leaf.best = canSplit(leaf)
      ? findBestSplit(leaf.hist!, ctx.layout, features, ctx.isCategorical, leaf.totals, c)
      : null;
  };

  const root: OpenLeaf = {
    node: builder.addLeaf(0, h0),
    begin: 0,
    end: n,
    depth: 0,
    totals: { grad: g0, hess: h0, count: n },
    hist: null,
    best: null,
  };
  const leaves: OpenLeaf[] = [root];
  if (canSplit(root)) {
    root.hist = pool.acquire();
    fill(root, root.hist);
    evaluate(root);
  }
  const open: OpenLeaf[] = root.best !== null ? [root] : [];
  let nLeaves = 1;

  while (nLeaves < p.maxLeaves && open.length > 0) {
    let pick = 0;
    if (p.growth === "leafwise")
      for (let k = 1; k < open.length; k++) if (open[k].best!.gain > open[pick].best!.gain) pick = k;
    const leaf = open[pick];
    open.splice(pick, 1);
    const s = leaf.best!;

    // Stable in-place partition of the leaf's rows.
    const col = s.feature * ctx.matrix.nRows;
    const missingBin = ctx.missingBins[s.feature];
    const bins = ctx.matrix.bins;
    const [l, r] = builder.split(leaf.node, s, s.leftHess, leaf.totals.hess - s.leftHess);
    let wl = leaf.begin;
    let wr = 0;
    for (let i = leaf.begin; i < leaf.end; i++) {
      const row = rows[i];
      if (candidateGoesLeft(s, bins[col + row], missingBin)) rows[wl++] = row;
      else scratch[wr++] = row;
    }
    rows.set(scratch.subarray(0, wr), wl);
    nLeaves++;

    const leftLeaf: OpenLeaf = {
      node: l,
      begin: leaf.begin,
      end: wl,
      depth: leaf.depth + 1,
      totals: { grad: s.leftGrad, hess: s.leftHess, count: s.leftCount },
      hist: null,
      best: null,
    };
    const rightLeaf: OpenLeaf = {
      node: r,
      begin: wl,
      end: leaf.end,
      depth: leaf.depth + 1,
      totals: {
        grad: leaf.totals.grad - s.leftGrad,
        hess: leaf.totals.hess - s.leftHess,
        count: leaf.totals.count - s.leftCount,
      },
      hist: null,
      best: null,
    };
    leaves.push(leftLeaf, rightLeaf);

    const parentHist = leaf.hist!;
    leaf.hist = null;
    if (nLeaves < p.maxLeaves && (canSplit(leftLeaf) || canSplit(rightLeaf))) {
      const [small, large] =
        leftLeaf.end - leftLeaf.begin <= rightLeaf.end - rightLeaf.begin
          ? [leftLeaf, rightLeaf]
          : [rightLeaf, leftLeaf];
      small.hist = pool.acquire();
      fill(small, small.hist);
      subtractHistogram(parentHist, parentHist, small.hist, ctx.layout, features);
      large.hist = parentHist;
      evaluate(leftLeaf);
      evaluate(rightLeaf);
      for (const child of [leftLeaf, rightLeaf]) {
        if (child.best !== null) open.push(child);
        else {
          pool.release(child.hist!);
          child.hist = null;
        }
      }
    } else {
      pool.release(parentHist);
    }
  }
  for (const leaf of open) if (leaf.hist !== null) pool.release(leaf.hist);
  // Every node was a leaf once; only the ones still leaves get a value.
  const tree = builder.build();
  const final = leaves.filter((leaf) => tree.feature[leaf.node] < 0);
  for (const leaf of final) tree.value[leaf.node] = leafValue(leaf.totals);
  return {
    tree,
    rows,
    leafNode: Int32Array.from(final, (leaf) => leaf.node),
    leafBegin: Int32Array.from(final, (leaf) => leaf.begin),
    leafEnd: Int32Array.from(final, (leaf) => leaf.end),
  };
}

/** The routing rule of a split candidate (same as `goesLeft` on the recorded node). */
function candidateGoesLeft(s: SplitCandidate, bin: number, missingBin: number): boolean {
  if (s.leftBins !== null) return s.leftBins[bin] === 1;
  if (bin === missingBin) return s.missingLeft;
  return bin <= s.threshold;
}
