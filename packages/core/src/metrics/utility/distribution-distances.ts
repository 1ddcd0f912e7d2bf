/**
 * Univariate distribution distances (spec §2.5–2.7; Clover `hell_*_univ_dist`, `kl_div_*_univ_dist`):
 * Hellinger distance and KL divergence between the level (categorical) or bin (numeric)
 * frequencies of R and S, plus the Jensen–Shannon divergence in the sosie variant. The reference
 * repeats them with H. Numeric columns are binned on R: Clover's 5 equal-width bins with its
 * inconsistent edge rules, or Sosie's quantile (or uniform) bins with open outer edges and ∅ a bin.
 */
import { SosieOptionError } from "../../errors.ts";
import type { Table } from "../../table/table.ts";
import type { Metric, MetricOptions } from "../types.ts";
import { alignColumns, type AlignedColumn, type CategoricalView, type NumericView } from "./columns.ts";
import {
  averageUnits,
  type Comparison,
  type ComparisonMetricSpec,
  type ScoredUnit,
  comparisonMetric,
} from "./comparison.ts";
import type { CloverVariant } from "./consistency.ts";
import { levelCounts } from "./contingency.ts";
import type { Replicate } from "./bootstrap.ts";
import { binWithInteriorEdges, quantileInteriorEdges } from "./discretize.ts";
import {
  preparePair,
  weightedBinCounts,
  weightedCellCounts,
  weightedQuantileInteriorEdges,
  weightedRange,
  type PreparedColumn,
} from "./weighted.ts";
import { multiComparisonMetric, type MultiComparisonMetricSpec } from "./submetrics.ts";

export type Binning = "quantile" | "uniform";

export interface DistanceOptions extends MetricOptions {
  /** sosie: number of bins for numeric columns; default 10 (clover always uses 5). */
  readonly bins?: number;
  /** sosie: "quantile" (default) or "uniform" edges over R's range. */
  readonly binning?: Binning;
}

const VARIANTS: readonly CloverVariant[] = ["sosie", "clover"];
export const DEFAULT_DISTANCE_BINS = 10;
/** Clover's `bin_per_column` hard-codes 5 bins. */
const CLOVER_BINS = 5;
/** Jeffreys smoothing of the sosie KL (§2.7). */
const KL_SMOOTHING = 0.5;
/** Clover asserts that frequencies sum to 1 ± 0.01, which fails beyond 1 % of ∅. */
const CLOVER_MISSING_TOLERANCE = 0.01;

/** min and max of the non-missing values; null when there are none. */
function presentRange(values: Float64Array): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo > hi ? null : [lo, hi];
}

/** numpy linspace(lo, hi, bins + 1) without its two outer edges. */
function linspaceInterior(lo: number, hi: number, bins: number): Float64Array {
  const step = (hi - lo) / bins;
  const interior = new Float64Array(bins - 1);
  for (let b = 1; b < bins; b++) interior[b - 1] = b * step + lo;
  return interior;
}

/**
 * Sosie's `uniform` rule: equal-width interior edges over [min R, max R] (outer edges open). A
 * constant or empty R column has no interior edge: a single bin.
 */
export function uniformInteriorEdges(realValues: Float64Array, bins: number): Float64Array {
  const range = presentRange(realValues);
  if (range === null || range[0] === range[1]) return new Float64Array(0);
  return linspaceInterior(range[0], range[1], bins);
}

/**
 * Right-closed bins against (−∞, e_1, …, e_k, +∞): code b such that e_b < x ≤ e_{b+1}, i.e. the
 * number of interior edges < x. Clover bins every table but R this way. ∅ stays −1.
 */
export function binRightClosed(values: Float64Array, interior: Float64Array): CategoricalView {
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let lo = 0;
    let hi = interior.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (interior[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    codes[i] = lo;
  }
  return { family: "categorical", codes, nLevels: interior.length + 1 };
}

export type BinnedPair =
  { readonly real: CategoricalView; readonly other: CategoricalView } | { readonly reason: string };

/**
 * Bins a numeric column of R and of the compared table on edges taken from R (§2.5).
 * clover: 5 equal-width bins, R left-closed and the other table right-closed; a constant R column
 * or any ∅ is undefined (Clover raises). sosie: quantile or uniform edges, all left-closed, ∅ a bin.
 */
export function binOnReal(
  real: NumericView,
  other: NumericView,
  variant: string,
  bins = DEFAULT_DISTANCE_BINS,
  binning: Binning = "quantile",
): BinnedPair {
  if (variant === "clover") {
    if (real.values.some(Number.isNaN) || other.values.some(Number.isNaN))
      return { reason: "missing values (Clover's binning fails on them)" };
    const range = presentRange(real.values);
    if (range === null) return { reason: "no value in the real table" };
    if (range[0] === range[1]) return { reason: "constant real column (Clover's binning fails on it)" };
    const interior = linspaceInterior(range[0], range[1], CLOVER_BINS);
    return { real: binWithInteriorEdges(real.values, interior), other: binRightClosed(other.values, interior) };
  }
  const interior =
    binning === "uniform" ? uniformInteriorEdges(real.values, bins) : quantileInteriorEdges(real.values, bins);
  return { real: binWithInteriorEdges(real.values, interior), other: binWithInteriorEdges(other.values, interior) };
}

/** Counts of R and the compared table on one shared cell space (levels or bins, ∅ last). */
export interface CellCounts {
  readonly real: Float64Array;
  readonly other: Float64Array;
  readonly nReal: number;
  readonly nOther: number;
}

export type ColumnCells = CellCounts | { readonly reason: string };

export function resolveBinning(options: DistanceOptions): { bins: number; binning: Binning } {
  const bins = options.bins ?? DEFAULT_DISTANCE_BINS;
  if (!(Number.isInteger(bins) && bins >= 1))
    throw new SosieOptionError(`bins must be a positive integer, got ${bins}`);
  const binning = options.binning ?? "quantile";
  if (binning !== "quantile" && binning !== "uniform")
    throw new SosieOptionError(`binning must be "quantile" or "uniform", got "${String(binning)}"`);
  return { bins, binning };
}

/**
 * The cell counts of one aligned column (views[0] = R, views[1] = the compared table). clover
 * empties the ∅ cell but keeps all rows in the denominators (clover frequencies, §1.4).
 */
export function columnCells(column: AlignedColumn, variant: string, options: DistanceOptions): ColumnCells {
  const [r, x] = column.views;
  if (r === null || x === null) return { reason: "column absent from the compared table, or of another kind there" };
  let views: [CategoricalView, CategoricalView];
  if (r.family === "categorical" && x.family === "categorical") views = [r, x];
  else if (r.family === "numeric" && x.family === "numeric") {
    const { bins, binning } = resolveBinning(options);
    const binned = binOnReal(r, x, variant, bins, binning);
    if ("reason" in binned) return binned;
    views = [binned.real, binned.other];
  } else throw new TypeError("aligned views of different families");
  const nReal = views[0].codes.length;
  const nOther = views[1].codes.length;
  if (nReal === 0 || nOther === 0) return { reason: "one of the tables has no rows" };
  const real = levelCounts(views[0]);
  const other = levelCounts(views[1]);
  if (variant === "clover") {
    real[real.length - 1] = 0;
    other[other.length - 1] = 0;
  }
  return { real, other, nReal, nOther };
}

/**
 * The sosie cells of one prepared column on a replicate (what `columnCells` gives on the resampled
 * tables): level counts, or counts in bins whose edges come from the resampled R.
 */
export function weightedSosieCells(
  column: PreparedColumn,
  replicate: Replicate,
  nReal: number,
  nOther: number,
  bins: number,
  binning: Binning,
): CellCounts | null {
  const r = column.real;
  const x = column.other;
  if (r === null || x === null || nReal === 0 || nOther === 0) return null;
  if (r.family === "categorical" && x.family === "categorical")
    return {
      real: weightedCellCounts(r, replicate.real, nReal),
      other: weightedCellCounts(x, replicate.other, nOther),
      nReal,
      nOther,
    };
  if (r.family !== "numeric" || x.family !== "numeric") throw new TypeError("aligned views of different families");
  let interior: Float64Array;
  if (binning === "uniform") {
    const range = weightedRange(r, replicate.real);
    interior =
      range === null || range[0] === range[1] ? new Float64Array(0) : linspaceInterior(range[0], range[1], bins);
  } else interior = weightedQuantileInteriorEdges(r, replicate.real, bins);
  return {
    real: weightedBinCounts(r, replicate.real, interior),
    other: weightedBinCounts(x, replicate.other, interior),
    nReal,
    nOther,
  };
}

/** H(p, q) = (1/√2)·sqrt(Σ (√p − √q)²), p the compared table's frequencies, q R's. */
export function hellingerDistance(cells: CellCounts): number {
  let sum = 0;
  for (let k = 0; k < cells.real.length; k++) {
    const d = Math.sqrt(cells.other[k] / cells.nOther) - Math.sqrt(cells.real[k] / cells.nReal);
    sum += d * d;
  }
  return Math.sqrt(sum) / Math.SQRT2;
}

/** Clover's KL(other ‖ R) on frequencies: +∞ as soon as `other` has mass where R has none. */
export function klDivergenceUnsmoothed(cells: CellCounts): number {
  let sum = 0;
  for (let k = 0; k < cells.real.length; k++) {
    const p = cells.other[k] / cells.nOther;
    const q = cells.real[k] / cells.nReal;
    if (p === 0) continue;
    if (q === 0) return Infinity;
    sum += p * Math.log(p / q);
  }
  return sum;
}

/** Sosie's KL(other ‖ R) on counts with α added to every cell of the union K (always finite). */
export function klDivergenceSmoothed(cells: CellCounts, alpha = KL_SMOOTHING): number {
  let union = 0;
  for (let k = 0; k < cells.real.length; k++) if (cells.real[k] > 0 || cells.other[k] > 0) union++;
  const pTotal = cells.nOther + alpha * union;
  const qTotal = cells.nReal + alpha * union;
  let sum = 0;
  for (let k = 0; k < cells.real.length; k++) {
    if (cells.real[k] === 0 && cells.other[k] === 0) continue;
    const p = (cells.other[k] + alpha) / pTotal;
    const q = (cells.real[k] + alpha) / qTotal;
    sum += p * Math.log(p / q);
  }
  return sum;
}

/** Jensen–Shannon divergence in bits on the unsmoothed frequencies, in [0, 1]. */
export function jsDivergence(cells: CellCounts): number {
  let sum = 0;
  for (let k = 0; k < cells.real.length; k++) {
    const p = cells.other[k] / cells.nOther;
    const q = cells.real[k] / cells.nReal;
    const m = (p + q) / 2;
    if (p > 0) sum += p * Math.log2(p / m);
    if (q > 0) sum += q * Math.log2(q / m);
  }
  // Round-off can leave a hair outside [0, 1] on (nearly) identical or disjoint supports.
  return Math.min(1, Math.max(0, sum / 2));
}

/** Share of ∅ above Clover's tolerance in either table (its frequency assertion fails). */
function cloverMissingTooHigh(column: AlignedColumn): boolean {
  return column.views.some((v) => {
    if (v === null || v.family !== "categorical" || v.codes.length === 0) return false;
    let missing = 0;
    for (const c of v.codes) if (c < 0) missing++;
    return missing / v.codes.length > CLOVER_MISSING_TOLERANCE;
  });
}

type Family = "numeric" | "categorical";

/** One unit per column of `family`, scored by `measure` on its cells. */
function scoreColumns(
  real: Table,
  other: Table,
  family: Family,
  options: DistanceOptions & { variant: string },
  measure: string,
  score: (cells: CellCounts, column: AlignedColumn) => number | string,
): ScoredUnit[] {
  const units: ScoredUnit[] = [];
  for (const column of alignColumns([real, other])) {
    if (column.family !== family) continue;
    const cells = columnCells(column, options.variant, options);
    const value = "reason" in cells ? cells.reason : score(cells, column);
    units.push(
      typeof value === "string"
        ? { columns: [column.name], measure, value: null, status: "undefined", reason: value }
        : { columns: [column.name], measure, value, status: "ok", reason: null },
    );
  }
  return units;
}

const emptyReason = (family: Family) => `no ${family} column could be compared`;

function compareHellinger(
  real: Table,
  other: Table,
  family: Family,
  options: DistanceOptions & { variant: string },
): Comparison {
  const units = scoreColumns(real, other, family, options, "hellinger", (cells, column) =>
    // Clover's frequencies without ∅ must sum to 1 ± 0.01.
    options.variant === "clover" && cloverMissingTooHigh(column)
      ? "more than 1 % missing values (Clover's frequencies must sum to 1 ± 0.01)"
      : hellingerDistance(cells),
  );
  return averageUnits(units, emptyReason(family));
}

function compareKl(
  real: Table,
  other: Table,
  family: Family,
  id: string,
  options: DistanceOptions & { variant: string },
): Map<string, Comparison> {
  const clover = options.variant === "clover";
  const kl = scoreColumns(real, other, family, options, clover ? "kl-divergence" : "kl-divergence-smoothed", (cells) =>
    clover ? klDivergenceUnsmoothed(cells) : klDivergenceSmoothed(cells),
  );
  const result = new Map([[id, averageUnits(kl, emptyReason(family))]]);
  if (!clover) {
    const js = scoreColumns(real, other, family, options, "js-divergence", (cells) => jsDivergence(cells));
    result.set("js-divergence", averageUnits(js, emptyReason(family)));
  }
  return result;
}

/**
 * The fast bootstrap of the sosie variant: per replicate, `score` of every column of `family`
 * (null where undefined), averaged as `averageUnits` does. The clover variant has none.
 */
function weightedColumnMeans(
  real: Table,
  other: Table,
  family: Family,
  options: DistanceOptions & { variant: string },
  scores: readonly ((cells: CellCounts) => number)[],
): ((replicate: Replicate) => (number | null)[]) | null {
  if (options.variant !== "sosie") return null;
  // Options of the bins are read (and checked) where numeric columns are binned, as columnCells does.
  const { bins, binning } =
    family === "numeric" ? resolveBinning(options) : { bins: DEFAULT_DISTANCE_BINS, binning: "quantile" as const };
  const columns = preparePair(real, other).columns.filter((c) => c.family === family);
  return (replicate) => {
    const sums = scores.map(() => 0);
    let count = 0;
    for (const column of columns) {
      const cells = weightedSosieCells(column, replicate, real.nRows, other.nRows, bins, binning);
      if (cells === null) continue;
      scores.forEach((score, k) => (sums[k] += score(cells)));
      count++;
    }
    return sums.map((s) => (count === 0 ? null : s / count));
  };
}

function hellingerMetric(id: string, family: Family, description: string): Metric<DistanceOptions> {
  const spec: ComparisonMetricSpec<DistanceOptions> = {
    id,
    variants: VARIANTS,
    min: 0,
    max: 1,
    objective: "min",
    compare: (real, other, options) => compareHellinger(real, other, family, options),
    weighted: (real, other, options) => {
      const means = weightedColumnMeans(real, other, family, options, [hellingerDistance]);
      return means === null ? null : (replicate) => means(replicate)[0];
    },
  };
  return comparisonMetric(spec, description);
}

function klMetric(id: string, family: Family, description: string): Metric<DistanceOptions> {
  const spec: MultiComparisonMetricSpec<DistanceOptions> = {
    id,
    variants: VARIANTS,
    submetrics: (variant) =>
      variant === "clover"
        ? [{ name: id, min: 0, max: Infinity, objective: "min" }]
        : [
            { name: id, min: 0, max: Infinity, objective: "min" },
            { name: "js-divergence", min: 0, max: 1, objective: "min" },
          ],
    compare: (real, other, options) => compareKl(real, other, family, id, options),
    weighted: (real, other, options) => {
      const means = weightedColumnMeans(real, other, family, options, [
        (cells) => klDivergenceSmoothed(cells),
        jsDivergence,
      ]);
      if (means === null) return null;
      return (replicate) => {
        const [kl, js] = means(replicate);
        return new Map([
          [id, kl],
          ["js-divergence", js],
        ]);
      };
    },
  };
  return multiComparisonMetric(spec, description);
}

export const hellingerCategorical = hellingerMetric(
  "hellinger-categorical",
  "categorical",
  "Hellinger distance between real and synthetic category frequencies, averaged over columns (Clover hell_cat_univ_dist)",
);

export const hellingerContinuous = hellingerMetric(
  "hellinger-continuous",
  "numeric",
  "Hellinger distance between real and synthetic bin frequencies of numeric columns, bins from the real data (Clover hell_cont_univ_dist)",
);

export const klCategorical = klMetric(
  "kl-categorical",
  "categorical",
  "KL divergence KL(synthetic ‖ real) of category frequencies (smoothed in sosie, with Jensen–Shannon) (Clover kl_div_cat_univ_dist)",
);

export const klContinuous = klMetric(
  "kl-continuous",
  "numeric",
  "KL divergence KL(synthetic ‖ real) of bin frequencies of numeric columns (smoothed in sosie, with Jensen–Shannon) (Clover kl_div_cont_univ_dist)",
);
