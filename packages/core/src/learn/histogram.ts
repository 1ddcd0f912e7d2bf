/**
 * Gradient histograms: for each feature and bin, the sums of gradients, hessians and rows of a
 * node. A child's histogram is the parent's minus its sibling's (the subtraction trick), so only
 * the smaller child of each split is scanned.
 */

/** Where each feature's bins start in a flat histogram. */
export interface HistogramLayout {
  /** offsets[j] = first slot of feature j; offsets[nFeatures] = total slots. */
  readonly offsets: Int32Array;
  readonly nSlots: number;
}

export function histogramLayout(nBinsPerFeature: ArrayLike<number>): HistogramLayout {
  const offsets = new Int32Array(nBinsPerFeature.length + 1);
  for (let j = 0; j < nBinsPerFeature.length; j++) offsets[j + 1] = offsets[j] + nBinsPerFeature[j];
  return { offsets, nSlots: offsets[nBinsPerFeature.length] };
}

/** Slot s holds (gradient sum, hessian sum, row count) at [3s, 3s + 1, 3s + 2]: one cache line per update. */
export type Histogram = Float64Array;

export function newHistogram(layout: HistogramLayout): Histogram {
  return new Float64Array(3 * layout.nSlots);
}

/**
 * Fills `hist` for the features in `features` from the rows rows[begin..end). `orderedGrad` and
 * `orderedHess` hold the gradients of exactly those rows, in the same order (gathered once per
 * node so that the per-feature loops read them sequentially).
 */
export function buildHistogram(
  hist: Histogram,
  layout: HistogramLayout,
  bins: Uint8Array,
  nRows: number,
  features: Int32Array,
  rows: Int32Array,
  begin: number,
  end: number,
  orderedGrad: Float64Array,
  orderedHess: Float64Array,
): void {
  const m = end - begin;
  for (let fi = 0; fi < features.length; fi++) {
    const j = features[fi];
    const lo = layout.offsets[j];
    hist.fill(0, 3 * lo, 3 * layout.offsets[j + 1]);
    const col = j * nRows;
    for (let i = 0; i < m; i++) {
      const s = 3 * (lo + bins[col + rows[begin + i]]);
      hist[s] += orderedGrad[i];
      hist[s + 1] += orderedHess[i];
      hist[s + 2] += 1;
    }
  }
}

/** target := parent - sibling, for the given features (target may be the parent's own buffer). */
export function subtractHistogram(
  target: Histogram,
  parent: Histogram,
  sibling: Histogram,
  layout: HistogramLayout,
  features: Int32Array,
): void {
  for (let fi = 0; fi < features.length; fi++) {
    const j = features[fi];
    for (let s = 3 * layout.offsets[j]; s < 3 * layout.offsets[j + 1]; s++) target[s] = parent[s] - sibling[s];
  }
}
