/**
 * Feature binning for histogram trees. Every feature maps to at most 256 bins (one byte):
 *
 * - numeric: up to `maxBins - 1` value bins whose edges sit at quantiles of the training values
 *   (midpoints between neighbouring distinct values), then one bin for missing values;
 * - categorical: one bin per frequent level, one "other" bin pooling rare and unseen levels, then
 *   one bin for missing values.
 *
 * The missing bin is always the last one, so trees can route it on its own.
 */
import type { Dataset, Feature } from "./dataset.ts";
import type { Rng } from "../random/rng.ts";

export interface NumericBinner {
  readonly kind: "numeric";
  /** Ascending cut points: value v falls in the first bin b with v <= edges[b], else in bin edges.length. */
  readonly edges: Float64Array;
  readonly nBins: number;
}

export interface CategoricalBinner {
  readonly kind: "categorical";
  /** Bin of each level code; levels beyond the array, and pooled levels, go to `otherBin`. */
  readonly binOfCode: Int32Array;
  readonly otherBin: number;
  readonly nBins: number;
}

export type Binner = NumericBinner | CategoricalBinner;

export interface BinningOptions {
  /** Bins per feature including the missing bin, at most 256. */
  maxBins?: number;
  /** Levels seen on fewer training rows are pooled into the "other" bin. */
  minCategoryRows?: number;
  /** Quantiles are computed on a seeded subsample above this many rows. */
  maxQuantileRows?: number;
}

export const DEFAULT_BINNING: Required<BinningOptions> = { maxBins: 256, minCategoryRows: 5, maxQuantileRows: 200_000 };

export function missingBin(b: Binner): number {
  return b.nBins - 1;
}

/**
 * Edges for sorted finite values: greedy equal-frequency bins over distinct values, re-aiming the
 * target size after each bin so that one heavy value (e.g. a mass at 0) does not starve the rest.
 */
export function quantileEdges(sorted: Float64Array, maxValueBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) counts[counts.length - 1]++;
    else {
      distinct.push(sorted[i]);
      counts.push(1);
    }
  }
  const edges: number[] = [];
  if (distinct.length <= maxValueBins) {
    for (let k = 1; k < distinct.length; k++) edges.push(midpoint(distinct[k - 1], distinct[k]));
    return Float64Array.from(edges);
  }
  let rowsLeft = n;
  let binsLeft = maxValueBins;
  let inBin = 0;
  for (let k = 0; k < distinct.length - 1; k++) {
    inBin += counts[k];
    const target = rowsLeft / binsLeft;
    // Close the bin once it holds its share, or earlier if adding the next value would overshoot more.
    if (inBin >= target || (inBin > 0 && inBin + counts[k + 1] - target > target - inBin && binsLeft > 1)) {
      edges.push(midpoint(distinct[k], distinct[k + 1]));
      rowsLeft -= inBin;
      binsLeft--;
      inBin = 0;
      if (binsLeft === 1) break;
    }
  }
  return Float64Array.from(edges);
}

/** A cut strictly between a and b (a < b) that survives rounding. */
function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m < b ? m : a;
}

function numericBinner(values: Float64Array, options: Required<BinningOptions>, rng: Rng): NumericBinner {
  let finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) finite.push(values[i]);
  if (finite.length > options.maxQuantileRows) {
    const pick = rng.sampleWithoutReplacement(finite.length, options.maxQuantileRows);
    finite = Array.from(pick, (i) => finite[i]);
  }
  const sorted = Float64Array.from(finite).sort();
  const edges = quantileEdges(sorted, options.maxBins - 1);
  return { kind: "numeric", edges, nBins: edges.length + 2 };
}

function categoricalBinner(codes: Int32Array, nLevels: number, options: Required<BinningOptions>): CategoricalBinner {
  const counts = new Float64Array(nLevels);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) counts[codes[i]]++;
  // Frequent levels keep a bin of their own, most frequent first (ties by code), within the byte.
  const order = Array.from(counts.keys())
    .filter((k) => counts[k] >= Math.max(1, options.minCategoryRows))
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, options.maxBins - 2)
    .sort((a, b) => a - b);
  const otherBin = order.length;
  const binOfCode = new Int32Array(nLevels).fill(otherBin);
  order.forEach((code, bin) => (binOfCode[code] = bin));
  return { kind: "categorical", binOfCode, otherBin, nBins: otherBin + 2 };
}

/** Binners fitted on the training features. `rng` is used only to subsample very large columns. */
export function fitBinners(data: Dataset, rng: Rng, options: BinningOptions = {}): Binner[] {
  const o = { ...DEFAULT_BINNING, ...options };
  if (!(o.maxBins >= 3 && o.maxBins <= 256)) throw new RangeError(`maxBins must be in [3, 256], got ${o.maxBins}`);
  return data.features.map((f, j) =>
    f.kind === "numeric"
      ? numericBinner(f.values, o, rng.derive("quantiles", j))
      : categoricalBinner(f.codes, f.levels.length, o),
  );
}

/** Bin of a numeric value: binary search for the first edge >= v. */
export function numericBin(b: NumericBinner, v: number): number {
  if (Number.isNaN(v)) return b.nBins - 1;
  const e = b.edges;
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= e[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function categoricalBin(b: CategoricalBinner, code: number): number {
  if (code < 0) return b.nBins - 1;
  return code < b.binOfCode.length ? b.binOfCode[code] : b.otherBin;
}

/** Bins of all rows of a feature, written into `out` (a slice of the bin matrix). */
export function binFeature(b: Binner, f: Feature, out: Uint8Array): void {
  if (b.kind === "numeric") {
    if (f.kind !== "numeric") throw new RangeError(`feature "${f.name}" should be numeric`);
    for (let i = 0; i < f.values.length; i++) out[i] = numericBin(b, f.values[i]);
  } else {
    if (f.kind !== "categorical") throw new RangeError(`feature "${f.name}" should be categorical`);
    for (let i = 0; i < f.codes.length; i++) out[i] = categoricalBin(b, f.codes[i]);
  }
}

/** The bin matrix in column-major layout: feature j's bins are bins[j * nRows .. (j + 1) * nRows). */
export interface BinMatrix {
  readonly nRows: number;
  readonly nFeatures: number;
  readonly bins: Uint8Array;
}

export function binDataset(data: Dataset, binners: readonly Binner[]): BinMatrix {
  if (binners.length !== data.features.length)
    throw new RangeError(`dataset has ${data.features.length} features, the binners expect ${binners.length}`);
  const n = data.nRows;
  const bins = new Uint8Array(n * binners.length);
  binners.forEach((b, j) => binFeature(b, data.features[j], bins.subarray(j * n, (j + 1) * n)));
  return { nRows: n, nFeatures: binners.length, bins };
}
