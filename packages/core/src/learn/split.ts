/**
 * Best split of a node from its histogram, with second-order gain
 *   gain = ½ [ G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ) ].
 *
 * Numeric features split on a bin threshold; the missing bin goes to whichever side gains more
 * (its learned default direction). Categorical features sort their categories by G/(H + smoothing)
 * and scan the ordered prefixes, as LightGBM does; the missing bin takes part as one more
 * category. Bins that no training row of the node reached go to the heavier child.
 */
import type { Histogram, HistogramLayout } from "./histogram.ts";

export interface SplitConstraints {
  /** L2 penalty λ on leaf values. */
  readonly lambda: number;
  /** Minimum hessian sum in each child. */
  readonly minChildWeight: number;
  /** Minimum rows in each child. */
  readonly minDataInLeaf: number;
  /** A split is kept only if its gain is strictly greater. */
  readonly minSplitGain: number;
  /** Added to the hessian when ordering categories (stabilises rare ones). */
  readonly catSmooth: number;
}

export interface SplitCandidate {
  feature: number;
  gain: number;
  /** Numeric: bins <= threshold go left. -1 for categorical splits. */
  threshold: number;
  /** Numeric: whether the missing bin goes left. */
  missingLeft: boolean;
  /** Categorical: 1 for each bin going left (length = the feature's bin count). */
  leftBins: Uint8Array | null;
  leftGrad: number;
  leftHess: number;
  leftCount: number;
}

export interface NodeTotals {
  grad: number;
  hess: number;
  count: number;
}

function score(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

/** Best split over `features`, or null when none has positive gain under the constraints. */
export function findBestSplit(
  hist: Histogram,
  layout: HistogramLayout,
  features: Int32Array,
  isCategorical: Uint8Array,
  totals: NodeTotals,
  c: SplitConstraints,
): SplitCandidate | null {
  let best: SplitCandidate | null = null;
  for (let fi = 0; fi < features.length; fi++) {
    const j = features[fi];
    const cand = isCategorical[j]
      ? bestCategoricalSplit(hist, layout, j, totals, c)
      : bestNumericSplit(hist, layout, j, totals, c);
    if (cand !== null && (best === null || cand.gain > best.gain)) best = cand;
  }
  return best;
}

function admissible(hl: number, cl: number, hr: number, cr: number, c: SplitConstraints): boolean {
  return (
    cl >= c.minDataInLeaf &&
    cr >= c.minDataInLeaf &&
    cl > 0 &&
    cr > 0 &&
    hl >= c.minChildWeight &&
    hr >= c.minChildWeight
  );
}

/**
 * Gain of sending the left sums (gl, hl, cl) left and the rest of the node right, given the
 * parent's score; −∞ when a child breaks the constraints (so it never beats the best gain).
 */
function splitGain(gl: number, hl: number, cl: number, t: NodeTotals, parent: number, c: SplitConstraints): number {
  const gr = t.grad - gl;
  const hr = t.hess - hl;
  const cr = t.count - cl;
  if (!admissible(hl, cl, hr, cr, c)) return -Infinity;
  return 0.5 * (score(gl, hl, c.lambda) + score(gr, hr, c.lambda) - parent);
}

function bestNumericSplit(
  hist: Histogram,
  layout: HistogramLayout,
  j: number,
  t: NodeTotals,
  c: SplitConstraints,
): SplitCandidate | null {
  const lo = layout.offsets[j];
  const miss = layout.offsets[j + 1] - 1;
  const mg = hist[3 * miss];
  const mh = hist[3 * miss + 1];
  const mc = hist[3 * miss + 2];
  const parent = score(t.grad, t.hess, c.lambda);
  let bestGain = c.minSplitGain;
  let bestT = -1;
  let bestMissLeft = false;
  let gl = 0;
  let hl = 0;
  let cl = 0;
  // Threshold bin b: value bins 0..b left. The last value bin as threshold leaves only missing on the right.
  for (let s = lo; s < miss; s++) {
    if (hist[3 * s + 2] === 0) continue; // empty bin: same partition as the previous threshold
    gl += hist[3 * s];
    hl += hist[3 * s + 1];
    cl += hist[3 * s + 2];
    // Missing right.
    const gainRight = splitGain(gl, hl, cl, t, parent, c);
    if (gainRight > bestGain) {
      bestGain = gainRight;
      bestT = s - lo;
      bestMissLeft = false;
    }
    // Missing left (only a different partition when some rows are missing).
    if (mc > 0) {
      const gainLeft = splitGain(gl + mg, hl + mh, cl + mc, t, parent, c);
      if (gainLeft > bestGain) {
        bestGain = gainLeft;
        bestT = s - lo;
        bestMissLeft = true;
      }
    }
  }
  if (bestT < 0) return null;
  let lg = 0;
  let lh = 0;
  let lc = 0;
  for (let s = lo; s <= lo + bestT; s++) {
    lg += hist[3 * s];
    lh += hist[3 * s + 1];
    lc += hist[3 * s + 2];
  }
  if (mc === 0) {
    // No training row was missing here: send future missing values to the heavier child.
    bestMissLeft = lh >= t.hess - lh;
  } else if (bestMissLeft) {
    lg += mg;
    lh += mh;
    lc += mc;
  }
  return {
    feature: j,
    gain: bestGain,
    threshold: bestT,
    missingLeft: bestMissLeft,
    leftBins: null,
    leftGrad: lg,
    leftHess: lh,
    leftCount: lc,
  };
}

function bestCategoricalSplit(
  hist: Histogram,
  layout: HistogramLayout,
  j: number,
  t: NodeTotals,
  c: SplitConstraints,
): SplitCandidate | null {
  const lo = layout.offsets[j];
  const nBins = layout.offsets[j + 1] - lo;
  const used: number[] = [];
  for (let b = 0; b < nBins; b++) if (hist[3 * (lo + b) + 2] > 0) used.push(b);
  if (used.length < 2) return null;
  const ratio = (b: number) => hist[3 * (lo + b)] / (hist[3 * (lo + b) + 1] + c.catSmooth);
  used.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const parent = score(t.grad, t.hess, c.lambda);
  let bestGain = c.minSplitGain;
  let bestK = -1;
  let gl = 0;
  let hl = 0;
  let cl = 0;
  for (let k = 0; k < used.length - 1; k++) {
    const s = lo + used[k];
    gl += hist[3 * s];
    hl += hist[3 * s + 1];
    cl += hist[3 * s + 2];
    const gain = splitGain(gl, hl, cl, t, parent, c);
    if (gain > bestGain) {
      bestGain = gain;
      bestK = k;
    }
  }
  if (bestK < 0) return null;
  const leftBins = new Uint8Array(nBins);
  let lg = 0;
  let lh = 0;
  let lc = 0;
  for (let k = 0; k <= bestK; k++) {
    leftBins[used[k]] = 1;
    lg += hist[3 * (lo + used[k])];
    lh += hist[3 * (lo + used[k]) + 1];
    lc += hist[3 * (lo + used[k]) + 2];
  }
  // Levels unseen in this node (pooled "other", missing, or absent) follow the heavier child.
  if (lh >= t.hess - lh) for (let b = 0; b < nBins; b++) if (hist[3 * (lo + b) + 2] === 0) leftBins[b] = 1;
  return {
    feature: j,
    gain: bestGain,
    threshold: -1,
    missingLeft: leftBins[nBins - 1] === 1,
    leftBins,
    leftGrad: lg,
    leftHess: lh,
    leftCount: lc,
  };
}
