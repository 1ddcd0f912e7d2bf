/**
 * Pairwise structure compared between R and S (Clover `pcd`, `pcsd`):
 * - `pairwise-correlation-difference` (spec §3.3): Frobenius norm of C_R − C_S; clover on the
 *   numeric Pearson/Spearman matrix only, sosie on the mixed association matrix of §3.2, with the
 *   mean absolute difference as a second submetric;
 * - `pairwise-chi-square-difference` (spec §3.4): independence decisions (χ² test, α = 0.05) on
 *   every categorical pair of S, scored against those of R as sensitivity and specificity.
 */
import { SosieOptionError } from "../../errors.ts";
import { Rng } from "../../random/rng.ts";
import {
  gammaContinuedFraction,
  gammaLogPrefix,
  gammaSeries,
  type Convergence,
} from "../../stats/special-functions.ts";
import type { Table } from "../../table/table.ts";
import type { Metric, MetricOptions } from "../types.ts";
import {
  associationMatrices,
  meanAbsoluteDifference,
  pairDifferences,
  type AssociationMatrixOptions,
  type PairDifference,
} from "./association-matrix.ts";
import { alignColumns, columnFamily, type CategoricalView } from "./columns.ts";
import type { Comparison, ScoredUnit } from "./comparison.ts";
import type { CloverVariant } from "./consistency.ts";
import { crossTabulate, nonZero, pearsonChiSquare, tableMargins, type ContingencyTable } from "./contingency.ts";
import { cramersVOfChiSquare, type AssociationOptions } from "./associations.ts";
import type { Replicate } from "./bootstrap.ts";
import { subsampleRows } from "./sampling.ts";
import { multiComparisonMetric, type MultiComparisonMetricSpec, type ReplicateValues } from "./submetrics.ts";
import {
  preparePair,
  weightedCellCounts,
  type PreparedCategorical,
  type PreparedNumeric,
  type PreparedView,
} from "./weighted.ts";
import {
  categoricalCells,
  completeRows,
  numericMoments,
  PairScratch,
  presentRows,
  weightedCorrelationRatio,
  weightedPearson,
  weightedPearsonOfMoments,
  type WeightedCells,
} from "./weighted-pairs.ts";

const VARIANTS: readonly CloverVariant[] = ["sosie", "clover"];

// ---------------------------------------------------------------------------------------------
// pairwise-correlation-difference

export type PairwiseCorrelationOptions = AssociationMatrixOptions;

function comparisonOf(
  value: number | null,
  units: readonly ScoredUnit[],
  nUndefined: number,
  emptyReason: string,
): Comparison {
  return { value, units, nUndefined, reason: value === null ? emptyReason : null, notes: [] };
}

function correlationDifferenceUnit(pair: PairDifference): ScoredUnit {
  const defined = pair.difference !== null;
  return {
    columns: pair.columns,
    measure: pair.measure ?? "association",
    value: defined ? Math.abs(pair.difference!) : null,
    status: defined ? "ok" : "undefined",
    reason: defined ? null : "association undefined in one of the tables (a constant column or too few rows)",
    stats: { real: pair.real, other: pair.other },
  };
}

function compareCorrelations(
  real: Table,
  other: Table,
  options: PairwiseCorrelationOptions & { variant: string },
): Map<string, Comparison> {
  const clover = options.variant === "clover";
  // clover: the numeric columns only (Clover's pcd ignores categorical and mixed pairs).
  // Columns are aligned on R's, so narrowing R narrows both.
  const tables = clover
    ? [real.pick(real.columns.filter((c) => columnFamily(c) === "numeric").map((c) => c.name)), other]
    : [real, other];
  const [matrixR, matrixX] = associationMatrices(tables, options);
  const pairs = pairDifferences(matrixR, matrixX);
  const units = pairs.map(correlationDifferenceUnit);
  const nUndefined = units.filter((u) => u.status === "undefined").length;
  const tooFew = clover ? "fewer than 2 numeric columns" : "fewer than 2 evaluated columns";
  const empty = pairs.length === 0 ? tooFew : "no pair has an association defined in both tables";
  let squares = 0;
  let defined = 0;
  for (const pair of pairs) {
    if (pair.difference === null) continue;
    squares += pair.difference * pair.difference;
    defined++;
  }
  // Both triangles of the full square matrix, diagonal 0: √2 × the upper-triangle norm.
  const norm = defined === 0 ? null : Math.sqrt(2 * squares);
  const result = new Map([["norm", comparisonOf(norm, units, nUndefined, empty)]]);
  if (!clover) result.set("mean-abs-difference", comparisonOf(meanAbsoluteDifference(pairs), units, nUndefined, empty));
  return result;
}

/**
 * Per replicate and table, the §3.1 association of every pair from weights: weighted Pearson,
 * Cramér's V of weighted tables, η from weighted group sums. Returns, per replicate, the
 * association of each pair (in pair order) on R and on the other table, null where undefined.
 */
export function weightedAssociations(
  real: Table,
  other: Table,
  options: AssociationOptions,
): ((replicate: Replicate) => { real: (number | null)[]; other: (number | null)[] }) | null {
  if ((options.correlation ?? "pearson") !== "pearson") return null;
  const columns = preparePair(real, other).columns;
  const nR = real.nRows;
  const nX = other.nRows;
  type Pair = { i: number; j: number; rowsR: Int32Array | null; rowsX: Int32Array | null };
  const pairs: Pair[] = [];
  for (let i = 0; i < columns.length; i++)
    for (let j = i + 1; j < columns.length; j++) {
      const a = columns[i];
      const b = columns[j];
      const numeric = a.family === "numeric" && b.family === "numeric";
      const rows = (x: PreparedView | null, y: PreparedView | null) =>
        numeric && x !== null && y !== null
          ? completeRows((x as PreparedNumeric).values, (y as PreparedNumeric).values)
          : null;
      pairs.push({ i, j, rowsR: rows(a.real, b.real), rowsX: rows(a.other, b.other) });
    }
  const present = columns.map((c) =>
    [c.real, c.other].map((v) => (v?.family === "numeric" ? presentRows(v.values) : null)),
  );
  const widest = Math.max(1, ...columns.map((c) => (c.real?.family === "categorical" ? c.real.nCells : 1)));
  const sums = new Float64Array(widest);
  const counts = new Float64Array(widest);
  const scratch = new PairScratch();
  return (replicate) => {
    const sides = [
      { key: "real" as const, w: replicate.real, n: nR },
      { key: "other" as const, w: replicate.other, n: nX },
    ];
    const cells = columns.map((c) =>
      sides.map(({ key, w, n }) => {
        const view = key === "real" ? c.real : c.other;
        return view?.family === "categorical" ? categoricalCells(view, weightedCellCounts(view, w, n)) : null;
      }),
    );
    const moments = columns.map((c, j) =>
      sides.map(({ key, w }, t) => {
        const view = key === "real" ? c.real : c.other;
        return view?.family === "numeric" ? numericMoments(view.values, present[j][t]!, w) : null;
      }),
    );
    const out = { real: [] as (number | null)[], other: [] as (number | null)[] };
    for (const pair of pairs) {
      const a = columns[pair.i];
      const b = columns[pair.j];
      sides.forEach(({ key, w, n }, t) => {
        const va = key === "real" ? a.real : a.other;
        const vb = key === "real" ? b.real : b.other;
        let value: number | null = null;
        if (va === null || vb === null) value = null;
        else if (va.family === "numeric" && vb.family === "numeric") {
          const rows = (t === 0 ? pair.rowsR : pair.rowsX)!;
          const ma = moments[pair.i][t]!;
          const mb = moments[pair.j][t]!;
          // No incomplete row: the columns' moments are the pair's (same sums, same order).
          value =
            rows.length === present[pair.i][t]!.length && rows.length === present[pair.j][t]!.length
              ? weightedPearsonOfMoments(va.values, vb.values, rows, w, ma, mb)
              : weightedPearson(va.values, vb.values, rows, w);
        } else if (va.family === "categorical" && vb.family === "categorical") {
          const ca = cells[pair.i][t]!;
          const cb = cells[pair.j][t]!;
          const r = nonZero(ca.margin);
          const k = nonZero(cb.margin);
          if (Math.min(r, k) >= 2) {
            scratch.begin(ca.nCells, cb.nCells);
            scratch.accumulate(key, ca, cb, w);
            value = cramersVOfChiSquare(scratch.sparseChiSquare(key, ca.margin, cb.margin, n), n, r, k, options);
            scratch.end();
          }
        } else {
          const [numeric, g, c] =
            va.family === "numeric" ? [va, pair.j, pair.i] : [vb as PreparedNumeric, pair.i, pair.j];
          const groups = cells[g][t]!;
          value = weightedCorrelationRatio(
            (numeric as PreparedNumeric).values,
            moments[c][t]!,
            groups as WeightedCells & { exceptions: Int32Array },
            w,
            sums,
            counts,
          );
        }
        (t === 0 ? out.real : out.other).push(value);
      });
    }
    return out;
  };
}

/** The fast bootstrap of the sosie variant: norm and mean |difference| from weighted associations. */
function weightedCorrelationDifference(
  real: Table,
  other: Table,
  options: PairwiseCorrelationOptions & { variant: string },
): ReplicateValues | null {
  if (options.variant !== "sosie") return null;
  const associations = weightedAssociations(real, other, options);
  if (associations === null) return null;
  return (replicate) => {
    const { real: r, other: x } = associations(replicate);
    let squares = 0;
    let absolute = 0;
    let defined = 0;
    for (let k = 0; k < r.length; k++) {
      const a = r[k];
      const b = x[k];
      if (a === null || b === null) continue;
      const d = b - a;
      squares += d * d;
      absolute += Math.abs(d);
      defined++;
    }
    return new Map([
      ["norm", defined === 0 ? null : Math.sqrt(2 * squares)],
      ["mean-abs-difference", defined === 0 ? null : absolute / defined],
    ]);
  };
}

const correlationSpec: MultiComparisonMetricSpec<PairwiseCorrelationOptions> = {
  id: "pairwise-correlation-difference",
  variants: VARIANTS,
  submetrics: (variant) =>
    variant === "clover"
      ? [{ name: "norm", min: 0, max: Infinity, objective: "min" }]
      : [
          { name: "norm", min: 0, max: Infinity, objective: "min" },
          { name: "mean-abs-difference", min: 0, max: 2, objective: "min" },
        ],
  compare: compareCorrelations,
  weighted: weightedCorrelationDifference,
};

export const pairwiseCorrelationDifference: Metric<PairwiseCorrelationOptions> = multiComparisonMetric(
  correlationSpec,
  "Frobenius norm of the difference between real and synthetic association matrices (clover: numeric correlations only) (Clover pcd)",
);

// ---------------------------------------------------------------------------------------------
// χ² test of independence

/** Convergence of the χ² tail: steps until they no longer change the double. */
const CHI_SQUARE_CONVERGENCE: Convergence = { tolerance: 1e-16, maxIterations: 9_999 };

/** Upper regularised incomplete gamma Q(a, x): series below a + 1, Lentz's continued fraction above. */
function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = gammaLogPrefix(a, x);
  if (x < a + 1) return Math.max(0, 1 - gammaSeries(a, x, CHI_SQUARE_CONVERGENCE) * Math.exp(logPrefix));
  return Math.exp(logPrefix) * gammaContinuedFraction(a, x, CHI_SQUARE_CONVERGENCE);
}

/** P(χ²_dof > statistic). */
export function chiSquareUpperTail(statistic: number, dof: number): number {
  if (!(dof > 0)) throw new RangeError(`χ² needs positive degrees of freedom, got ${dof}`);
  return upperRegularizedGamma(dof / 2, statistic / 2);
}

export interface IndependenceTest {
  readonly statistic: number;
  readonly dof: number;
  readonly pValue: number;
}

/**
 * Pearson's χ² test of independence over the levels with a non-zero total (scipy
 * `chi2_contingency`): dof = (r − 1)(k − 1), and Yates' correction when dof = 1 (each |O − E|
 * shrinks by min(0.5, |O − E|)). A table with one row or one column gives statistic 0 and p = 1;
 * null when the table is empty.
 */
export function chiSquareIndependence(table: ContingencyTable): IndependenceTest | null {
  const margins = tableMargins(table);
  if (margins.n === 0) return null;
  const dof = (nonZero(margins.rowTotals) - 1) * (nonZero(margins.colTotals) - 1);
  if (dof === 0) return { statistic: 0, dof: 0, pValue: 1 };
  const statistic = pearsonChiSquare(table, margins, dof === 1);
  return { statistic, dof, pValue: chiSquareUpperTail(statistic, dof) };
}

/** The contingency table without ∅ rows and columns (pandas `crosstab` drops incomplete rows). */
function dropMissingCells(table: ContingencyTable): ContingencyTable {
  const counts = table.counts.slice();
  let total = table.total;
  for (let a = 0; a < table.nA; a++)
    for (let b = 0; b < table.nB; b++) {
      // ∅ is the last level of each side.
      if (a !== table.nA - 1 && b !== table.nB - 1) continue;
      total -= counts[a * table.nB + b];
      counts[a * table.nB + b] = 0;
    }
  return { ...table, counts, total };
}

// ---------------------------------------------------------------------------------------------
// pairwise-chi-square-difference

export interface PairwiseChiSquareOptions extends MetricOptions {
  /** Significance level of the independence decisions; default 0.05. */
  readonly alpha?: number;
}

const CHI_SQUARE_ID = "pairwise-chi-square-difference";
const DEFAULT_ALPHA = 0.05;
/** Stream tag of the equal-power subsample (sosie). */
const EQUAL_POWER_TAG = "equal-power";

function resolveAlpha(options: PairwiseChiSquareOptions): number {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new SosieOptionError(`alpha must lie in (0, 1), got ${alpha}`);
  return alpha;
}

/** The decisions on the compared table tallied against those on R, R's decision as the truth. */
class DecisionCounts {
  truePositive = 0;
  falseNegative = 0;
  trueNegative = 0;
  falsePositive = 0;

  /** Counts one tested pair; "positive" is rejecting independence. */
  add(realRejects: boolean, otherRejects: boolean): void {
    if (realRejects && otherRejects) this.truePositive++;
    else if (realRejects) this.falseNegative++;
    else if (otherRejects) this.falsePositive++;
    else this.trueNegative++;
  }

  get tested(): number {
    return this.truePositive + this.falseNegative + this.trueNegative + this.falsePositive;
  }
}

interface Decision {
  readonly test: IndependenceTest | null;
  /** Why the pair cannot be tested on this table, or null. */
  readonly untestable: string | null;
}

function decide(a: CategoricalView, b: CategoricalView, clover: boolean): Decision {
  const full = crossTabulate(a, b);
  const test = chiSquareIndependence(clover ? dropMissingCells(full) : full);
  if (test === null) return { test, untestable: "no row with both values present" };
  // sosie: a pair with fewer than 2 levels on either side says nothing about independence.
  if (!clover && test.dof === 0) return { test, untestable: "fewer than 2 levels on one side" };
  return { test, untestable: null };
}

function compareIndependenceDecisions(
  real: Table,
  other: Table,
  options: PairwiseChiSquareOptions & { variant: string; seed: number | string | bigint },
): Map<string, Comparison> {
  const clover = options.variant === "clover";
  const alpha = resolveAlpha(options);
  const notes: string[] = [];
  let compared = other;
  if (!clover) {
    // Equal power: χ² decisions harden with sample size, so S (or H) is tested at R's size at most.
    const stream = Rng.fromSeed(options.seed).derive(CHI_SQUARE_ID).derive(EQUAL_POWER_TAG);
    compared = subsampleRows(other, real.nRows, stream);
    if (compared !== other)
      notes.push(`compared table subsampled to ${real.nRows} of ${other.nRows} rows (equal power)`);
  }
  const columns = alignColumns([real, compared]).filter((c) => c.family === "categorical");
  const units: ScoredUnit[] = [];
  const counts = new DecisionCounts();
  for (let i = 0; i < columns.length; i++)
    for (let j = i + 1; j < columns.length; j++) {
      const names = [columns[i].name, columns[j].name];
      const measure = "chi-square-independence";
      const [ra, xa] = columns[i].views as (CategoricalView | null)[];
      const [rb, xb] = columns[j].views as (CategoricalView | null)[];
      if (ra === null || rb === null || xa === null || xb === null) {
        units.push({
          columns: names,
          measure,
          value: null,
          status: "undefined",
          reason: "a column is absent from the compared table",
        });
        continue;
      }
      const onReal = decide(ra, rb, clover);
      const onOther = decide(xa, xb, clover);
      const untestable = onReal.untestable ?? onOther.untestable;
      const stats = {
        realStatistic: onReal.test?.statistic ?? null,
        realPValue: onReal.test?.pValue ?? null,
        otherStatistic: onOther.test?.statistic ?? null,
        otherPValue: onOther.test?.pValue ?? null,
      };
      if (untestable !== null || onReal.test === null || onOther.test === null) {
        units.push({
          columns: names,
          measure,
          value: null,
          status: "undefined",
          reason: `not testable: ${untestable}`,
          stats,
        });
        continue;
      }
      const realRejects = onReal.test.pValue < alpha;
      const otherRejects = onOther.test.pValue < alpha;
      counts.add(realRejects, otherRejects);
      // The unit's value: 1 when the two tables reach the same decision.
      units.push({
        columns: names,
        measure,
        value: realRejects === otherRejects ? 1 : 0,
        status: "ok",
        reason: null,
        stats,
      });
    }
  const nUndefined = units.filter((u) => u.status === "undefined").length;
  const { truePositive, falseNegative, trueNegative, falsePositive, tested } = counts;
  const noPairs = columns.length < 2 ? "fewer than 2 categorical columns" : "no testable pair of categorical columns";
  const ratio = (numerator: number, denominator: number, emptyReason: string): Comparison => ({
    value: denominator === 0 ? null : numerator / denominator,
    units,
    nUndefined,
    reason: denominator === 0 ? (tested === 0 ? noPairs : emptyReason) : null,
    notes,
  });
  const result = new Map([
    ["sensitivity", ratio(truePositive, truePositive + falseNegative, "no pair where R rejects independence")],
    ["specificity", ratio(trueNegative, trueNegative + falsePositive, "no pair where R keeps independence")],
  ]);
  if (!clover) result.set("agreement", ratio(truePositive + trueNegative, tested, noPairs));
  return result;
}

/**
 * The χ² test of one side of the scratch's pair (`chiSquareIndependence` of that table), from its
 * margins: the sparse statistic, or the dense table when Yates' correction applies (dof 1).
 */
function weightedIndependence(
  scratch: PairScratch,
  side: "real" | "other",
  a: WeightedCells,
  b: WeightedCells,
  n: number,
): IndependenceTest | null {
  if (n === 0) return null;
  const dof = (nonZero(a.margin) - 1) * (nonZero(b.margin) - 1);
  if (dof === 0) return { statistic: 0, dof: 0, pValue: 1 };
  if (dof === 1) return chiSquareIndependence(scratch.table(side, n));
  const statistic = scratch.sparseChiSquare(side, a.margin, b.margin, n);
  return { statistic, dof, pValue: chiSquareUpperTail(statistic, dof) };
}

/**
 * The fast bootstrap of the sosie variant: per replicate, the decisions on R* and on S* (S* at
 * R's size when larger, the equal-power subsample taken from the replicate's draws exactly as
 * `subsampleRows` takes it from the resampled table).
 */
function weightedIndependenceDecisions(
  real: Table,
  other: Table,
  options: PairwiseChiSquareOptions & { variant: string; seed: number | string | bigint },
): ReplicateValues | null {
  if (options.variant !== "sosie") return null;
  const alpha = resolveAlpha(options);
  const nR = real.nRows;
  // The equal-power positions are the same in every replicate (one stream), drawn once.
  const positions =
    other.nRows > nR
      ? Rng.fromSeed(options.seed)
          .derive(CHI_SQUARE_ID)
          .derive(EQUAL_POWER_TAG)
          .sampleWithoutReplacement(other.nRows, nR)
      : null;
  const nX = positions === null ? other.nRows : nR;
  const columns = preparePair(real, other).columns.filter((c) => c.family === "categorical");
  const scratch = new PairScratch();
  return (replicate) => {
    let wX = replicate.other;
    if (positions !== null) {
      wX = new Float64Array(other.nRows);
      for (let k = 0; k < positions.length; k++) wX[replicate.otherDraws[positions[k]]]++;
    }
    const cells = columns.map((c) => {
      const r = c.real as PreparedCategorical | null;
      const x = c.other as PreparedCategorical | null;
      return r === null || x === null
        ? null
        : [
            categoricalCells(r, weightedCellCounts(r, replicate.real, nR)),
            categoricalCells(x, weightedCellCounts(x, wX, nX)),
          ];
    });
    const counts = new DecisionCounts();
    for (let i = 0; i < columns.length; i++)
      for (let j = i + 1; j < columns.length; j++) {
        const ci = cells[i];
        const cj = cells[j];
        if (ci === null || cj === null) continue;
        scratch.begin(ci[0].nCells, cj[0].nCells);
        scratch.accumulate("real", ci[0], cj[0], replicate.real);
        scratch.accumulate("other", ci[1], cj[1], wX);
        const onReal = weightedIndependence(scratch, "real", ci[0], cj[0], nR);
        const onOther = weightedIndependence(scratch, "other", ci[1], cj[1], nX);
        scratch.end();
        // Not testable: no row, or fewer than 2 levels on one side of either table.
        if (onReal === null || onOther === null || onReal.dof === 0 || onOther.dof === 0) continue;
        counts.add(onReal.pValue < alpha, onOther.pValue < alpha);
      }
    const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);
    const { truePositive, falseNegative, trueNegative, falsePositive } = counts;
    return new Map([
      ["sensitivity", ratio(truePositive, truePositive + falseNegative)],
      ["specificity", ratio(trueNegative, trueNegative + falsePositive)],
      ["agreement", ratio(truePositive + trueNegative, counts.tested)],
    ]);
  };
}

const chiSquareSpec: MultiComparisonMetricSpec<PairwiseChiSquareOptions> = {
  id: CHI_SQUARE_ID,
  variants: VARIANTS,
  submetrics: (variant) => {
    const base = [
      { name: "sensitivity", min: 0, max: 1, objective: "max" as const },
      { name: "specificity", min: 0, max: 1, objective: "max" as const },
    ];
    return variant === "clover" ? base : [...base, { name: "agreement", min: 0, max: 1, objective: "max" as const }];
  },
  compare: compareIndependenceDecisions,
  weighted: weightedIndependenceDecisions,
};

export const pairwiseChiSquareDifference: Metric<PairwiseChiSquareOptions> = multiComparisonMetric(
  chiSquareSpec,
  "Agreement of χ² independence decisions on categorical pairs, real as truth: sensitivity and specificity (Clover pcsd)",
);
