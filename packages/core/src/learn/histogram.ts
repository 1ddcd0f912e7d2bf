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

/**
 * Mutually exclusive sparse features histogrammed together (exclusive feature bundling): in a
 * bundle, every row has at most one member off its default bin, so one pass over a node's rows
 * fills every member's non-default bins, and each default bin is the node's totals minus the
 * member's other bins. One-hot features of one column form such a bundle: a node then costs one
 * pass per column instead of one per level.
 */
export interface FeatureBundles {
  /** Bundle of each feature, −1 for features histogrammed alone. */
  readonly bundleOf: Int32Array;
  /** Default bin of each bundled feature (the bin filled by subtraction). */
  readonly defaultBin: Int32Array;
  /** Member features of each bundle. */
  readonly members: readonly Int32Array[];
  /** Per bundle and row: the histogram slot of the row's non-default (member, bin), or −1. */
  readonly slots: readonly Int32Array[];
}

/** Bundles tried per feature before it is left alone (bounds the cost of bundling). */
const BUNDLE_TRIES = 16;

/**
 * Greedy bundling (fewest non-default rows first, into the first bundle whose rows they do not
 * touch). A feature's default bin is `preferredDefault[j]` when given (≥ 0; the bin of the value
 * 0, so that the levels of a one-hot column are exclusive), else its most frequent bin. Null when
 * no bundle has at least two members.
 */
export function bundleFeatures(
  bins: Uint8Array,
  nRows: number,
  nBins: ArrayLike<number>,
  layout: HistogramLayout,
  preferredDefault?: ArrayLike<number>,
): FeatureBundles | null {
  const nFeatures = nBins.length;
  const defaultBin = new Int32Array(nFeatures).fill(-1);
  const nonDefault: Int32Array[] = [];
  const candidates: number[] = [];
  for (let j = 0; j < nFeatures; j++) {
    const counts = new Int32Array(nBins[j]);
    const col = j * nRows;
    for (let r = 0; r < nRows; r++) counts[bins[col + r]]++;
    let d = 0;
    for (let b = 1; b < counts.length; b++) if (counts[b] > counts[d]) d = b;
    const preferred = preferredDefault?.[j] ?? -1;
    if (preferred >= 0 && preferred < counts.length) d = preferred;
    nonDefault.push(new Int32Array(0));
    // A constant feature never splits: nothing to gain from it.
    if (counts[d] === nRows) continue;
    defaultBin[j] = d;
    const rows = new Int32Array(nRows - counts[d]);
    let k = 0;
    for (let r = 0; r < nRows; r++) if (bins[col + r] !== d) rows[k++] = r;
    nonDefault[j] = rows;
    candidates.push(j);
  }
  candidates.sort((a, b) => nonDefault[a].length - nonDefault[b].length || a - b);
  const used: Uint8Array[] = [];
  const groups: number[][] = [];
  for (const j of candidates) {
    const rows = nonDefault[j];
    let placed = -1;
    for (let g = 0; g < groups.length && g < BUNDLE_TRIES && placed < 0; g++) {
      const u = used[g];
      let free = true;
      for (let k = 0; k < rows.length && free; k++) if (u[rows[k]] === 1) free = false;
      if (free) placed = g;
    }
    if (placed < 0) {
      placed = groups.length;
      groups.push([]);
      used.push(new Uint8Array(nRows));
    }
    groups[placed].push(j);
    for (let k = 0; k < rows.length; k++) used[placed][rows[k]] = 1;
  }
  const kept = groups.filter((g) => g.length >= 2).map((g) => g.sort((a, b) => a - b));
  if (kept.length === 0) return null;
  const bundleOf = new Int32Array(nFeatures).fill(-1);
  const slots = kept.map((members, g) => {
    const slot = new Int32Array(nRows).fill(-1);
    for (const j of members) {
      bundleOf[j] = g;
      const col = j * nRows;
      for (const r of nonDefault[j]) slot[r] = layout.offsets[j] + bins[col + r];
    }
    return slot;
  });
  for (let j = 0; j < nFeatures; j++) if (bundleOf[j] < 0) defaultBin[j] = -1;
  return { bundleOf, defaultBin, members: kept.map((g) => Int32Array.from(g)), slots };
}

/**
 * `buildHistogram` with bundles: features alone are scanned one by one; each bundle with a member
 * among `features` is scanned once, and its members' default bins are filled from the node's
 * totals. The histogram holds every member of those bundles afterwards.
 */
export function buildBundledHistogram(
  hist: Histogram,
  layout: HistogramLayout,
  bins: Uint8Array,
  nRows: number,
  features: Int32Array,
  bundles: FeatureBundles,
  activeBundles: Int32Array,
  rows: Int32Array,
  begin: number,
  end: number,
  orderedGrad: Float64Array,
  orderedHess: Float64Array,
): void {
  const m = end - begin;
  const offsets = layout.offsets;
  // Features alone, two per pass over the rows (each slot still sums its rows in row order).
  let pending = -1;
  for (let fi = 0; fi < features.length; fi++) {
    const j = features[fi];
    if (bundles.bundleOf[j] >= 0) continue;
    hist.fill(0, 3 * offsets[j], 3 * offsets[j + 1]);
    if (pending < 0) {
      pending = j;
      continue;
    }
    const loA = offsets[pending];
    const colA = pending * nRows;
    const loB = offsets[j];
    const colB = j * nRows;
    pending = -1;
    for (let i = 0; i < m; i++) {
      const row = rows[begin + i];
      const g = orderedGrad[i];
      const h = orderedHess[i];
      const a = 3 * (loA + bins[colA + row]);
      hist[a] += g;
      hist[a + 1] += h;
      hist[a + 2] += 1;
      const b = 3 * (loB + bins[colB + row]);
      hist[b] += g;
      hist[b + 1] += h;
      hist[b + 2] += 1;
    }
  }
  // The odd feature out alone.
  if (pending >= 0)
    buildHistogram(hist, layout, bins, nRows, Int32Array.of(pending), rows, begin, end, orderedGrad, orderedHess);
  if (activeBundles.length === 0) return;
  let gradTotal = 0;
  let hessTotal = 0;
  for (let i = 0; i < m; i++) {
    gradTotal += orderedGrad[i];
    hessTotal += orderedHess[i];
  }
  for (let bi = 0; bi < activeBundles.length; bi++) {
    const g = activeBundles[bi];
    const members = bundles.members[g];
    for (let k = 0; k < members.length; k++) {
      const j = members[k];
      hist.fill(0, 3 * offsets[j], 3 * offsets[j + 1]);
    }
    const slot = bundles.slots[g];
    for (let i = 0; i < m; i++) {
      const s = slot[rows[begin + i]];
      if (s < 0) continue;
      hist[3 * s] += orderedGrad[i];
      hist[3 * s + 1] += orderedHess[i];
      hist[3 * s + 2] += 1;
    }
    for (let k = 0; k < members.length; k++) {
      const j = members[k];
      const d = 3 * (offsets[j] + bundles.defaultBin[j]);
      let gs = 0;
      let hs = 0;
      let cs = 0;
      for (let s = 3 * offsets[j]; s < 3 * offsets[j + 1]; s += 3) {
        gs += hist[s];
        hs += hist[s + 1];
        cs += hist[s + 2];
      }
      hist[d] = gradTotal - gs;
      hist[d + 1] = hessTotal - hs;
      hist[d + 2] = m - cs;
    }
  }
}

/** The bundles with a member among `features`, ascending. */
export function activeBundlesOf(bundles: FeatureBundles, features: Int32Array): Int32Array {
  const active = new Uint8Array(bundles.members.length);
  for (let fi = 0; fi < features.length; fi++) {
    const g = bundles.bundleOf[features[fi]];
    if (g >= 0) active[g] = 1;
  }
  const out: number[] = [];
  for (let g = 0; g < active.length; g++) if (active[g] === 1) out.push(g);
  return Int32Array.from(out);
}
