/**
 * Pair trends (spec §3.5–3.7): `correlation-similarity` on numeric pairs, `contingency-similarity`
 * on pairs with a categorical member, and `column-pair-trends`, their mean over all pairs, with
 * the SDMetrics real-association filter.
 */
import { SosieOptionError } from "../../errors.ts";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { Metric, MetricOptions } from "../types.ts";
import { correlation, cramersV, type CorrelationMethod } from "./associations.ts";
import { alignColumns, type AlignedColumn, type CategoricalView, type ColumnView } from "./columns.ts";
import {
  averageUnits,
  type Comparison,
  type ComparisonMetricSpec,
  type Resolved,
  type ScoredUnit,
  comparisonMetric,
} from "./comparison.ts";
import { crossTabulate, totalVariation } from "./contingency.ts";
import { binEqualWidthOwnRange, binWithInteriorEdges, quantileInteriorEdges } from "./discretize.ts";
import type { Replicate } from "./bootstrap.ts";
import { subsampleRows } from "./sampling.ts";
import { preparePair, weightedCellCounts, weightedQuantileInteriorEdges, type PreparedNumeric } from "./weighted.ts";
import {
  binnedCells,
  categoricalCells,
  completeRows,
  numericMoments,
  PairScratch,
  presentRows,
  weightedPearson,
  weightedPearsonOfMoments,
  type NumericMoments,
  type WeightedCells,
} from "./weighted-pairs.ts";

export interface PairTrendsOptions extends MetricOptions {
  /**
   * Average only pairs whose real association is strong (|r_R| > 0.5, Cramér's V_R > 0.3).
   * Default: on in the sdmetrics variant (SDMetrics 0.29 QualityReport), off in sosie.
   */
  readonly pairFilter?: boolean;
  /** Correlation for numeric pairs; default "pearson". */
  readonly correlation?: CorrelationMethod;
  /** Each table is subsampled (seeded, without replacement) to at most this many rows; default 50,000. */
  readonly maxRows?: number;
}

export interface PairSimilarityOptions extends PairTrendsOptions {
  /** Score only these pairs (contingency similarity then accepts numeric pairs too). */
  readonly pairs?: readonly (readonly [string, string])[];
}

const VARIANTS = ["sosie", "sdmetrics"] as const;
export const DEFAULT_MAX_ROWS = 50_000;
/** Sosie's pair-trend bins: 10 quantile bins on R (§7.1). */
const SOSIE_PAIR_BINS = 10;
const CORRELATION_THRESHOLD = 0.5;
const CRAMERS_V_THRESHOLD = 0.3;

/** Which pairs a metric scores when no explicit list is given. */
type PairSelection = "numeric" | "with-categorical" | "all";

/** Stream tag of the maxRows subsample; shared by every pair metric so that their pairs agree. */
const SUBSAMPLE_TAG = "pair-trends-subsample";

function pairFilterOn(options: Resolved<PairTrendsOptions>): boolean {
  return options.pairFilter ?? options.variant === "sdmetrics";
}

/** Per-column views for one comparison, each computed once and only when a pair asks for it. */
class PairViews {
  private readonly contingencyViews = new Map<number, [CategoricalView, CategoricalView]>();
  private readonly filterViews = new Map<number, CategoricalView>();

  constructor(
    readonly columns: readonly AlignedColumn[],
    private readonly variant: string,
  ) {}

  /** R's and the other table's view of column c, numeric members binned by the variant's rule. */
  contingency(c: number): [CategoricalView, CategoricalView] {
    let views = this.contingencyViews.get(c);
    if (views === undefined) {
      views = this.binned(this.columns[c].views as [ColumnView, ColumnView]);
      this.contingencyViews.set(c, views);
    }
    return views;
  }

  /** R's view of column c for the pair filter: numeric members binned by the sdmetrics rule (§3.7). */
  filter(c: number): CategoricalView {
    let view = this.filterViews.get(c);
    if (view === undefined) {
      const r = this.columns[c].views[0] as ColumnView;
      if (r.family === "categorical") view = r;
      else if (this.variant === "sdmetrics") view = this.contingency(c)[0];
      else view = binEqualWidthOwnRange(r.values);
      this.filterViews.set(c, view);
    }
    return view;
  }

  private binned([real, other]: [ColumnView, ColumnView]): [CategoricalView, CategoricalView] {
    if (real.family === "categorical" && other.family === "categorical") return [real, other];
    if (real.family !== "numeric" || other.family !== "numeric")
      throw new TypeError("aligned views of different families");
    // sdmetrics: each table on its own range; sosie: both on R's quantile edges.
    if (this.variant === "sdmetrics") return [binEqualWidthOwnRange(real.values), binEqualWidthOwnRange(other.values)];
    const interior = quantileInteriorEdges(real.values, SOSIE_PAIR_BINS);
    return [binWithInteriorEdges(real.values, interior), binWithInteriorEdges(other.values, interior)];
  }
}

function correlationUnit(
  names: [string, string],
  real: [ColumnView, ColumnView],
  other: [ColumnView, ColumnView],
  options: Resolved<PairTrendsOptions>,
): ScoredUnit {
  const measure = "correlation-similarity";
  const method = options.correlation ?? "pearson";
  const [ra, rb] = real;
  const [xa, xb] = other;
  if (ra.family !== "numeric" || rb.family !== "numeric" || xa.family !== "numeric" || xb.family !== "numeric")
    throw new TypeError("correlation similarity needs numeric columns");
  const rReal = correlation(ra.values, rb.values, method);
  const rOther = correlation(xa.values, xb.values, method);
  const stats = { real: rReal, synthetic: rOther };
  const noCorrelation = (where: string) =>
    `no correlation in ${where}: a constant column or fewer than 3 complete rows`;
  if (rReal === null)
    return {
      columns: names,
      measure,
      value: null,
      status: "undefined",
      reason: noCorrelation("the real table"),
      stats,
    };
  // The filter looks at R alone, as SDMetrics does, before S is considered.
  if (pairFilterOn(options) && !(Math.abs(rReal) > CORRELATION_THRESHOLD))
    return {
      columns: names,
      measure,
      value: null,
      status: "excluded",
      reason: `|real correlation| ≤ ${CORRELATION_THRESHOLD}`,
      stats,
    };
  if (rOther === null)
    return {
      columns: names,
      measure,
      value: null,
      status: "undefined",
      reason: noCorrelation("the compared table"),
      stats,
    };
  return { columns: names, measure, value: 1 - Math.abs(rReal - rOther) / 2, status: "ok", reason: null, stats };
}

function contingencyUnit(
  names: [string, string],
  pair: [number, number],
  views: PairViews,
  options: Resolved<PairTrendsOptions>,
): ScoredUnit {
  const measure = "contingency-similarity";
  const [ra, xa] = views.contingency(pair[0]);
  const [rb, xb] = views.contingency(pair[1]);
  if (ra.codes.length === 0 || xa.codes.length === 0)
    return { columns: names, measure, value: null, status: "undefined", reason: "one of the tables has no rows" };
  const real = crossTabulate(ra, rb);
  let stats: Record<string, number | null> | undefined;
  if (pairFilterOn(options)) {
    // The filter's table is R's contingency table itself in the sdmetrics variant.
    const fa = views.filter(pair[0]);
    const fb = views.filter(pair[1]);
    const association = cramersV(fa === ra && fb === rb ? real : crossTabulate(fa, fb));
    stats = { realCramersV: association };
    if (association === null || !(association > CRAMERS_V_THRESHOLD)) {
      const reason =
        association === null
          ? "real Cramér's V undefined (a single level)"
          : `real Cramér's V ≤ ${CRAMERS_V_THRESHOLD}`;
      return { columns: names, measure, value: null, status: "excluded", reason, stats };
    }
  }
  const other = crossTabulate(xa, xb);
  const value = 1 - totalVariation(real.counts, real.total, other.counts, other.total);
  return stats === undefined
    ? { columns: names, measure, value, status: "ok", reason: null }
    : { columns: names, measure, value, status: "ok", reason: null, stats };
}

/** The pairs to score, as column indices into `columns`. */
function selectPairs(
  columns: readonly AlignedColumn[],
  selection: PairSelection,
  explicit: PairSimilarityOptions["pairs"],
): [number, number][] {
  if (explicit !== undefined) {
    return explicit.map(([a, b]) => {
      const i = columns.findIndex((c) => c.name === a);
      const j = columns.findIndex((c) => c.name === b);
      if (i < 0 || j < 0 || i === j)
        throw new SosieOptionError(`pair (${a}, ${b}) is not a pair of two evaluated columns of the real table`);
      return [i, j];
    });
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < columns.length; i++)
    for (let j = i + 1; j < columns.length; j++) {
      const numericPair = columns[i].family === "numeric" && columns[j].family === "numeric";
      if (selection === "all" || (selection === "numeric") === numericPair) pairs.push([i, j]);
    }
  return pairs;
}

/**
 * Scores pairs of R against `other`: numeric pairs by correlation similarity (unless `forceContingency`),
 * all others by contingency similarity.
 */
function comparePairs(
  real: Table,
  other: Table,
  options: Resolved<PairSimilarityOptions>,
  selection: PairSelection,
  forceContingency: boolean,
  emptyReason: string,
): Comparison {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (!(Number.isInteger(maxRows) && maxRows > 0))
    throw new SosieOptionError(`maxRows must be a positive integer, got ${maxRows}`);
  const stream = Rng.fromSeed(options.seed).derive(SUBSAMPLE_TAG);
  const notes: string[] = [];
  const r = subsampleRows(real, maxRows, stream.derive("real"));
  const x = subsampleRows(other, maxRows, stream.derive("other"));
  if (r !== real) notes.push(`real table subsampled to ${maxRows} of ${real.nRows} rows`);
  if (x !== other) notes.push(`compared table subsampled to ${maxRows} of ${other.nRows} rows`);
  const columns = alignColumns([r, x]);
  const views = new PairViews(columns, options.variant);
  const units: ScoredUnit[] = [];
  for (const [i, j] of selectPairs(columns, selection, options.pairs)) {
    const a = columns[i];
    const b = columns[j];
    const names: [string, string] = [a.name, b.name];
    const numericPair = a.family === "numeric" && b.family === "numeric" && !forceContingency;
    const measure = numericPair ? "correlation-similarity" : "contingency-similarity";
    if (a.views.includes(null) || b.views.includes(null)) {
      units.push({
        columns: names,
        measure,
        value: null,
        status: "undefined",
        reason: "a column is absent from the compared table, or of another kind there",
      });
    } else if (numericPair) {
      units.push(correlationUnit(names, [a.views[0]!, b.views[0]!], [a.views[1]!, b.views[1]!], options));
    } else {
      units.push(contingencyUnit(names, [i, j], views, options));
    }
  }
  if (pairFilterOn(options)) {
    const entered = units.filter((u) => u.status === "ok").length;
    notes.push(`pair filter: ${entered} of ${units.length} pairs have a strong real association and enter the mean`);
  }
  const empty =
    pairFilterOn(options) && units.some((u) => u.status === "excluded")
      ? "no pair passes the real-association filter"
      : emptyReason;
  return averageUnits(units, empty, notes);
}

/**
 * The fast bootstrap of the pair metrics (sosie variant, Pearson, no pair filter, no subsample):
 * per replicate, each pair's score from weighted tables (numeric members binned on the resampled
 * R's quantile edges) or a weighted Pearson correlation; the value is the mean over the defined
 * pairs, as `comparePairs` gives on the resampled tables. Null for options it does not cover.
 */
export function weightedPairs(
  real: Table,
  other: Table,
  options: Resolved<PairSimilarityOptions>,
  selection: PairSelection,
  forceContingency: boolean,
): ((replicate: Replicate) => { sum: number; count: number }) | null {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (options.variant !== "sosie" || pairFilterOn(options) || (options.correlation ?? "pearson") !== "pearson")
    return null;
  if (real.nRows > maxRows || other.nRows > maxRows || real.nRows === 0 || other.nRows === 0) return null;
  const columns = preparePair(real, other).columns;
  const pairs = selectPairs(
    columns.map((c) => c.aligned),
    selection,
    options.pairs,
  );
  type Scored =
    | { kind: "absent" }
    | { kind: "correlation"; a: number; b: number; rowsR: Int32Array; rowsX: Int32Array }
    | { kind: "contingency"; a: number; b: number };
  const scored = pairs.map(([i, j]): Scored => {
    const a = columns[i];
    const b = columns[j];
    if (a.real === null || a.other === null || b.real === null || b.other === null) return { kind: "absent" };
    if (a.family === "numeric" && b.family === "numeric" && !forceContingency) {
      const [ar, ax, br, bx] = [a.real, a.other, b.real, b.other] as PreparedNumeric[];
      return {
        kind: "correlation",
        a: i,
        b: j,
        rowsR: completeRows(ar.values, br.values),
        rowsX: completeRows(ax.values, bx.values),
      };
    }
    return { kind: "contingency", a: i, b: j };
  });
  const used = new Set<number>();
  for (const p of scored) if (p.kind === "contingency") used.add(p.a).add(p.b);
  const scratch = new PairScratch();
  const nR = real.nRows;
  const nX = other.nRows;
  // Present rows of each numeric column and table, ascending (the order the direct sums use).
  const present = new Map<number, Int32Array>();
  const presentOf = (c: number, t: number, view: PreparedNumeric) => {
    let rows = present.get(2 * c + t);
    if (rows === undefined) present.set(2 * c + t, (rows = presentRows(view.values)));
    return rows;
  };
  return (replicate) => {
    // Each column's cells on this replicate, for R and for the other table.
    const cells = new Map<number, [WeightedCells, WeightedCells]>();
    for (const c of used) {
      const { real: r, other: x } = columns[c];
      if (r!.family === "categorical" && x!.family === "categorical")
        cells.set(c, [
          categoricalCells(r!, weightedCellCounts(r!, replicate.real, nR)),
          categoricalCells(x!, weightedCellCounts(x!, replicate.other, nX)),
        ]);
      else {
        const interior = weightedQuantileInteriorEdges(r as PreparedNumeric, replicate.real, SOSIE_PAIR_BINS);
        cells.set(c, [
          binnedCells(r as PreparedNumeric, replicate.real, interior),
          binnedCells(x as PreparedNumeric, replicate.other, interior),
        ]);
      }
    }
    // Pearson from the columns' moments when the pair has no incomplete row (same sums).
    const moments = new Map<number, NumericMoments>();
    const momentsOf = (c: number, t: number, view: PreparedNumeric, w: Float64Array) => {
      const key = 2 * c + t;
      let m = moments.get(key);
      if (m === undefined) moments.set(key, (m = numericMoments(view.values, presentOf(c, t, view), w)));
      return m;
    };
    const pearson = (
      a: number,
      b: number,
      t: number,
      rows: Int32Array,
      va: PreparedNumeric,
      vb: PreparedNumeric,
      w: Float64Array,
    ) =>
      rows.length === va.order.length && rows.length === vb.order.length
        ? weightedPearsonOfMoments(va.values, vb.values, rows, w, momentsOf(a, t, va, w), momentsOf(b, t, vb, w))
        : weightedPearson(va.values, vb.values, rows, w);
    let sum = 0;
    let count = 0;
    for (const p of scored) {
      if (p.kind === "absent") continue;
      if (p.kind === "correlation") {
        const ar = columns[p.a].real as PreparedNumeric;
        const br = columns[p.b].real as PreparedNumeric;
        const ax = columns[p.a].other as PreparedNumeric;
        const bx = columns[p.b].other as PreparedNumeric;
        const rReal = pearson(p.a, p.b, 0, p.rowsR, ar, br, replicate.real);
        if (rReal === null) continue;
        const rOther = pearson(p.a, p.b, 1, p.rowsX, ax, bx, replicate.other);
        if (rOther === null) continue;
        sum += 1 - Math.abs(rReal - rOther) / 2;
        count++;
        continue;
      }
      const [ar, ax] = cells.get(p.a)!;
      const [br, bx] = cells.get(p.b)!;
      scratch.begin(ar.nCells, br.nCells);
      scratch.accumulate("real", ar, br, replicate.real);
      scratch.accumulate("other", ax, bx, replicate.other);
      const tv = scratch.sparseTotalVariation(nR, nX);
      scratch.end();
      sum += 1 - tv;
      count++;
    }
    return { sum, count };
  };
}

function weightedPairMean(
  selection: PairSelection,
  forceContingency: boolean,
): NonNullable<ComparisonMetricSpec<PairSimilarityOptions>["weighted"]> {
  return (real, other, options) => {
    const pairs = weightedPairs(real, other, options, selection, forceContingency);
    if (pairs === null) return null;
    return (replicate) => {
      const { sum, count } = pairs(replicate);
      return count === 0 ? null : sum / count;
    };
  };
}

/** Column pair trends of R against `other` (used by the quality score too). */
export function compareColumnPairTrends(real: Table, other: Table, options: Resolved<PairTrendsOptions>): Comparison {
  return comparePairs(real, other, options, "all", false, "no pair of columns could be compared");
}

function pairMetric(
  id: string,
  description: string,
  compare: ComparisonMetricSpec<PairSimilarityOptions>["compare"],
  weighted: ComparisonMetricSpec<PairSimilarityOptions>["weighted"],
): Metric<PairSimilarityOptions> {
  const spec: ComparisonMetricSpec<PairSimilarityOptions> = {
    id,
    variants: VARIANTS,
    min: 0,
    max: 1,
    objective: "max",
    compare,
    weighted,
  };
  return comparisonMetric(spec, description);
}

export const correlationSimilarity = pairMetric(
  "correlation-similarity",
  "1 − |r_R − r_S| / 2 averaged over numeric column pairs (SDMetrics CorrelationSimilarity)",
  (real, other, options) => comparePairs(real, other, options, "numeric", false, "no numeric pair could be compared"),
  weightedPairMean("numeric", false),
);

export const contingencySimilarity = pairMetric(
  "contingency-similarity",
  "1 − total variation between real and synthetic pair frequencies, over pairs with a categorical column (SDMetrics ContingencySimilarity)",
  (real, other, options) =>
    comparePairs(real, other, options, "with-categorical", true, "no pair with a categorical column could be compared"),
  weightedPairMean("with-categorical", true),
);

export const columnPairTrends = pairMetric(
  "column-pair-trends",
  "Mean of correlation similarity (numeric pairs) and contingency similarity (other pairs) (SDMetrics Column Pair Trends)",
  compareColumnPairTrends,
  weightedPairMean("all", false),
);
