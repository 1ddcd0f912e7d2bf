/**
 * Missing values as a property of the data (Sosie metrics):
 * - `missingness-difference` (spec §2.8): |π_S − π_R| per column, π the share of ∅;
 * - `missingness-dependency`: whether the missingness of a column depends on the other columns
 *   as much in S as in R. Generators that fill a field "at random" lose patterns such as a value
 *   recorded only when another column takes some value; per-column shares cannot see that.
 */
import type { Table } from "../../table/table.ts";
import type { Metric, MetricOptions } from "../types.ts";
import { correlationRatio, cramersV, cramersVOfChiSquare } from "./associations.ts";
import { alignColumns, type CategoricalView, type ColumnView } from "./columns.ts";
import {
  averageUnits,
  comparisonMetric,
  type Comparison,
  type ComparisonMetricSpec,
  type ReplicateValue,
  type ScoredUnit,
} from "./comparison.ts";
import { crossTabulate, nonZero } from "./contingency.ts";
import { missingWeight, prepareCategorical, preparePair, weightedCellCounts, type PreparedView } from "./weighted.ts";
import {
  categoricalCells,
  numericMoments,
  PairScratch,
  presentRows,
  weightedCorrelationRatio,
  type WeightedCells,
} from "./weighted-pairs.ts";

const VARIANTS = ["sosie"] as const;
const ABSENT = "column absent from the compared table, or of another kind there";

function missingCount(view: ColumnView): number {
  let n = 0;
  if (view.family === "numeric") {
    for (const v of view.values) if (Number.isNaN(v)) n++;
  } else for (const c of view.codes) if (c < 0) n++;
  return n;
}

function viewLength(view: ColumnView): number {
  return view.family === "numeric" ? view.values.length : view.codes.length;
}

/** Per column |π_S − π_R|, averaged over the columns with ∅ in either table; 0 when none has any. */
function compareMissingness(real: Table, other: Table): Comparison {
  const units: ScoredUnit[] = [];
  const measure = "missing-share-difference";
  for (const column of alignColumns([real, other])) {
    const [r, x] = column.views;
    const names = [column.name];
    if (r === null || x === null) {
      units.push({ columns: names, measure, value: null, status: "undefined", reason: ABSENT });
      continue;
    }
    if (viewLength(r) === 0 || viewLength(x) === 0) {
      units.push({
        columns: names,
        measure,
        value: null,
        status: "undefined",
        reason: "one of the tables has no rows",
      });
      continue;
    }
    const shareR = missingCount(r) / viewLength(r);
    const shareX = missingCount(x) / viewLength(x);
    const stats = { realMissingShare: shareR, otherMissingShare: shareX };
    if (shareR === 0 && shareX === 0)
      units.push({
        columns: names,
        measure,
        value: null,
        status: "excluded",
        reason: "no missing value in either table",
        stats,
      });
    else units.push({ columns: names, measure, value: Math.abs(shareX - shareR), status: "ok", reason: null, stats });
  }
  const comparison = averageUnits(units, "no column could be compared");
  // No ∅ anywhere is a perfect match, not an undefined comparison (§2.8).
  if (comparison.value === null && units.length > 0 && units.every((u) => u.status === "excluded"))
    return { ...comparison, value: 0, reason: null, notes: ["no column has missing values in either table"] };
  return comparison;
}

/** `compareMissingness` of a bootstrap replicate, from weighted ∅ counts. */
function weightedMissingness(real: Table, other: Table): ReplicateValue {
  const columns = preparePair(real, other).columns;
  const nReal = real.nRows;
  const nOther = other.nRows;
  const missingOf = (view: PreparedView, w: Float64Array, n: number): number =>
    view.family === "numeric" ? missingWeight(view, w) : weightedCellCounts(view, w, n)[view.nCells - 1];
  return (replicate) => {
    let sum = 0;
    let count = 0;
    let excluded = 0;
    for (const column of columns) {
      const r = column.real;
      const x = column.other;
      if (r === null || x === null || nReal === 0 || nOther === 0) continue;
      const shareR = missingOf(r, replicate.real, nReal) / nReal;
      const shareX = missingOf(x, replicate.other, nOther) / nOther;
      if (shareR === 0 && shareX === 0) excluded++;
      else {
        sum += Math.abs(shareX - shareR);
        count++;
      }
    }
    if (count > 0) return sum / count;
    // No ∅ anywhere is a perfect match (§2.8), unless some column could not be compared.
    return excluded > 0 && excluded === columns.length ? 0 : null;
  };
}

/** The 0/1 missing indicator of a view as a two-level categorical view (level 1 = ∅). */
export function missingIndicator(view: ColumnView): CategoricalView {
  const n = viewLength(view);
  const codes = new Int32Array(n);
  if (view.family === "numeric") for (let i = 0; i < n; i++) codes[i] = Number.isNaN(view.values[i]) ? 1 : 0;
  else for (let i = 0; i < n; i++) codes[i] = view.codes[i] < 0 ? 1 : 0;
  return { family: "categorical", codes, nLevels: 2 };
}

/**
 * Association between a missing indicator and another column of the same table: Cramér's V for
 * a categorical column (its ∅ a level), the correlation ratio η for a numeric one, over the rows
 * where it is present (for a two-level indicator η equals the absolute point-biserial
 * correlation). A constant indicator or column carries no dependence: 0 where §3.1 leaves the
 * measure undefined.
 */
export function missingnessAssociation(indicator: CategoricalView, column: ColumnView): number {
  const value =
    column.family === "categorical"
      ? cramersV(crossTabulate(indicator, column))
      : correlationRatio(column.values, indicator);
  return value ?? 0;
}

function compareMissingnessDependency(real: Table, other: Table): Comparison {
  const columns = alignColumns([real, other]);
  const units: ScoredUnit[] = [];
  let withMissing = 0;
  for (const target of columns) {
    const r = target.views[0];
    if (r === null) continue;
    const missing = missingCount(r);
    // Only a column with some but not all values missing in R has a missingness pattern to keep.
    if (missing === 0 || missing === viewLength(r)) continue;
    withMissing++;
    const x = target.views[1];
    const indicatorR = missingIndicator(r);
    const indicatorX = x === null ? null : missingIndicator(x);
    for (const column of columns) {
      if (column === target) continue;
      const names = [target.name, column.name];
      const measure = column.family === "categorical" ? "missingness-cramers-v" : "missingness-correlation-ratio";
      const [cr, cx] = column.views;
      if (cr === null || cx === null || indicatorX === null) {
        units.push({ columns: names, measure, value: null, status: "undefined", reason: ABSENT });
        continue;
      }
      if (viewLength(cx) === 0) {
        units.push({
          columns: names,
          measure,
          value: null,
          status: "undefined",
          reason: "the compared table has no rows",
        });
        continue;
      }
      const associationR = missingnessAssociation(indicatorR, cr);
      const associationX = missingnessAssociation(indicatorX, cx);
      units.push({
        columns: names,
        measure,
        value: 1 - Math.abs(associationR - associationX),
        status: "ok",
        reason: null,
        stats: { real: associationR, other: associationX },
      });
    }
  }
  const empty =
    withMissing === 0
      ? "no column of the real table has missing values (missingness-difference still compares the shares)"
      : "no other column to relate the missingness to";
  return averageUnits(units, empty);
}

/**
 * The fast bootstrap of missingness-dependency: per replicate, the targets are the columns with
 * some but not all of R*'s values missing; each association comes from weighted tables (Cramér's
 * V) or weighted group sums (η) with the missing indicator as the decomposed member.
 */
function weightedMissingnessDependency(real: Table, other: Table): ReplicateValue {
  const columns = preparePair(real, other).columns;
  const nR = real.nRows;
  const nX = other.nRows;
  const indicators = columns.map((c) =>
    c.aligned.views.slice(0, 2).map((v) => (v === null ? null : prepareCategorical(missingIndicator(v)))),
  );
  const present = columns.map((c) =>
    [c.real, c.other].map((v) => (v?.family === "numeric" ? presentRows(v.values) : null)),
  );
  const sums = new Float64Array(3);
  const counts = new Float64Array(3);
  const scratch = new PairScratch();
  const sides = [
    { key: "real" as const, n: nR },
    { key: "other" as const, n: nX },
  ];
  return (replicate) => {
    const ws = [replicate.real, replicate.other];
    const cellsOf = (view: PreparedView | null, t: number) =>
      view?.family === "categorical" ? categoricalCells(view, weightedCellCounts(view, ws[t], sides[t].n)) : null;
    const cells = columns.map((c) => [cellsOf(c.real, 0), cellsOf(c.other, 1)]);
    const moments = columns.map((c, j) =>
      [c.real, c.other].map((v, t) =>
        v?.family === "numeric" ? numericMoments(v.values, present[j][t]!, ws[t]) : null,
      ),
    );
    const indicatorCells = indicators.map((pair) => pair.map((v, t) => (v === null ? null : cellsOf(v, t))));
    const association = (target: number, column: number, t: number): number => {
      const indicator = indicatorCells[target][t]!;
      const w = ws[t];
      const view = t === 0 ? columns[column].real! : columns[column].other!;
      if (view.family === "categorical") {
        const c = cells[column][t]!;
        const r = nonZero(indicator.margin);
        const k = nonZero(c.margin);
        if (Math.min(r, k) < 2) return 0;
        scratch.begin(indicator.nCells, c.nCells);
        scratch.accumulate(sides[t].key, indicator, c, w);
        const v = cramersVOfChiSquare(
          scratch.sparseChiSquare(sides[t].key, indicator.margin, c.margin, sides[t].n),
          sides[t].n,
          r,
          k,
        );
        scratch.end();
        return v ?? 0;
      }
      return (
        weightedCorrelationRatio(
          view.values,
          moments[column][t]!,
          indicator as WeightedCells & { exceptions: Int32Array },
          w,
          sums,
          counts,
        ) ?? 0
      );
    };
    let sum = 0;
    let count = 0;
    for (let target = 0; target < columns.length; target++) {
      const r = columns[target].real;
      if (r === null || nR === 0) continue;
      const missing = indicatorCells[target][0]!.margin[1];
      if (missing === 0 || missing === nR) continue;
      for (let column = 0; column < columns.length; column++) {
        if (column === target) continue;
        const { real: cr, other: cx } = columns[column];
        if (cr === null || cx === null || indicatorCells[target][1] === null || nX === 0) continue;
        sum += 1 - Math.abs(association(target, column, 0) - association(target, column, 1));
        count++;
      }
    }
    return count === 0 ? null : sum / count;
  };
}

const differenceSpec: ComparisonMetricSpec<MetricOptions> = {
  id: "missingness-difference",
  variants: VARIANTS,
  min: 0,
  max: 1,
  objective: "min",
  compare: (real, other) => compareMissingness(real, other),
  weighted: (real, other) => weightedMissingness(real, other),
};

const dependencySpec: ComparisonMetricSpec<MetricOptions> = {
  id: "missingness-dependency",
  variants: VARIANTS,
  min: 0,
  max: 1,
  objective: "max",
  compare: (real, other) => compareMissingnessDependency(real, other),
  weighted: (real, other) => weightedMissingnessDependency(real, other),
};

export const missingnessDifference: Metric<MetricOptions> = comparisonMetric(
  differenceSpec,
  "Mean absolute difference between real and synthetic shares of missing values, over columns with any",
);

export const missingnessDependency: Metric<MetricOptions> = comparisonMetric(
  dependencySpec,
  "1 − mean |real − synthetic| association between each column's missing indicator and the other columns (Cramér's V, correlation ratio)",
);
