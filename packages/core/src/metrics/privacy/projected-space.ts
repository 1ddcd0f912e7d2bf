/**
 * The projected space of the avatar report (§2.1, §3.0): the FAMD/PCA/MCA model fitted on R,
 * the other tables transformed with R's parameters, Euclidean distance on the first ncp axes.
 *
 * The per-row primitives below work on coordinates and on query row ranges, so that a caller
 * (the CLI's workers) can split the heavy searches; the metrics call them on the full range.
 */
import { SosieOptionError } from "../../errors.ts";
import { knn, squaredEuclidean } from "../../neighbors/euclidean.ts";
import { closestDistances } from "../../neighbors/search-result.ts";
import { isModelled } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import { type ProjectionModel, fitProjection } from "../../transform/famd.ts";
import type { PrivacyOptions, ProjectedSpaceInfo } from "./types.ts";

/** Coordinates: n rows of `dims`, row-major. */
export interface Points {
  readonly n: number;
  readonly dims: number;
  readonly coords: Float64Array;
}

export interface ProjectedTables {
  readonly info: ProjectedSpaceInfo;
  /** One entry per table given, in order (R first). */
  readonly points: readonly Points[];
}

const DEFAULT_NCP = 5;

/**
 * One evaluation runs several metrics on the same tables and options: the projection fitted on a
 * table, the coordinates of each table and the searches below are memoised on the table objects
 * (weakly, so they go with the tables). Every entry is a deterministic function of its key, so
 * results do not depend on the order the metrics run in.
 */
interface FittedSpace {
  readonly model: ProjectionModel;
  readonly names: readonly string[];
  readonly info: ProjectedSpaceInfo;
  readonly points: WeakMap<Table, Points>;
}
const fitted = new WeakMap<Table, Map<string, FittedSpace>>();

function fittedSpace(
  fitOn: Table,
  options: PrivacyOptions | undefined,
  columns: readonly string[] | undefined,
): FittedSpace {
  const names = columns ?? fitOn.columns.filter((c) => isModelled(c)).map((c) => c.name);
  const key = JSON.stringify([
    names,
    options?.projection ?? null,
    options?.columnWeights ?? null,
    options?.ncp ?? null,
  ]);
  let byKey = fitted.get(fitOn);
  if (byKey === undefined) fitted.set(fitOn, (byKey = new Map()));
  let space = byKey.get(key);
  if (space === undefined) byKey.set(key, (space = fitSpace(fitOn, names, options)));
  return space;
}

function fitSpace(fitOn: Table, names: readonly string[], options: PrivacyOptions | undefined): FittedSpace {
  const wanted = options?.ncp ?? DEFAULT_NCP;
  if (!(Number.isInteger(wanted) && wanted >= 1))
    throw new SosieOptionError(`ncp must be a positive integer, got ${wanted}`);
  // Only the first ncp axes are read: maxComponents lets wide tables (hundreds of dummies) use the
  // partial eigensolver, whose axes equal the dense solver's to rounding.
  const model = fitProjection(fitOn.pick(names), {
    projection: options?.projection,
    columnWeights: options?.columnWeights,
    maxComponents: wanted,
  });
  // ncp = min(wanted, p′), capped by the rank: nComponents is already min(wanted, rank ≤ p′).
  const ncp = Math.min(wanted, model.nComponents);
  let explained = 0;
  for (let k = 0; k < ncp; k++) explained += model.explainedVarianceRatio[k];
  const weights: Record<string, number> = {};
  for (const [name, w] of Object.entries(options?.columnWeights ?? {}))
    if (w !== 1 && names.includes(name)) weights[name] = w;
  return {
    model,
    names,
    info: { type: model.type, ncp, weights, explainedVariance: explained },
    points: new WeakMap(),
  };
}

/**
 * Fits the projection on `tables[0]` (its modelled columns, or `columns`) and returns the
 * coordinates of every table on the first ncp axes (default min(5, p′), capped by the rank).
 * Fits and coordinates are memoised per table and options: callers must not modify them.
 */
export function projectTables(
  tables: readonly Table[],
  options: PrivacyOptions | undefined,
  columns?: readonly string[],
): ProjectedTables {
  const space = fittedSpace(tables[0], options, columns);
  const { ncp } = space.info;
  return {
    info: space.info,
    points: tables.map((t) => {
      let p = space.points.get(t);
      if (p === undefined)
        space.points.set(t, (p = { n: t.nRows, dims: ncp, coords: space.model.transform(t.pick(space.names), ncp) }));
      return p;
    }),
  };
}

export interface NearestTwo {
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly nearest: Int32Array;
}

/** Full-range searches, per query points, reference points and self exclusion (see `fitted`). */
const searches = new WeakMap<Points, WeakMap<Points, Map<boolean, NearestTwo>>>();

/**
 * d1 and d2 of each query point among the reference points (d2 NaN when there is one reference).
 * A full-range search is memoised on the points (callers must not modify the arrays); a range
 * [queryStart, queryEnd) is searched afresh, for workers.
 */
export function nearestTwo(
  query: Points,
  ref: Points,
  range: { queryStart?: number; queryEnd?: number; excludeSelf?: boolean } = {},
): NearestTwo {
  const whole = (range.queryStart ?? 0) === 0 && (range.queryEnd ?? query.n) === query.n;
  if (!whole) return searchTwo(query, ref, range);
  let byRef = searches.get(query);
  if (byRef === undefined) searches.set(query, (byRef = new WeakMap()));
  let bySelf = byRef.get(ref);
  if (bySelf === undefined) byRef.set(ref, (bySelf = new Map()));
  const excludeSelf = range.excludeSelf === true;
  let found = bySelf.get(excludeSelf);
  if (found === undefined) bySelf.set(excludeSelf, (found = searchTwo(query, ref, { excludeSelf })));
  return found;
}

function searchTwo(
  query: Points,
  ref: Points,
  range: { queryStart?: number; queryEnd?: number; excludeSelf?: boolean },
): NearestTwo {
  const available = range.excludeSelf ? ref.n - 1 : ref.n;
  const k = Math.min(2, available);
  const nb = knn(query.coords, query.n, ref.coords, ref.n, query.dims, k, range);
  const { d1, d2 } = closestDistances(nb);
  const nearest = new Int32Array(nb.nQuery);
  for (let q = 0; q < nb.nQuery; q++) nearest[q] = nb.indices[q * k];
  return { d1, d2, nearest };
}

/** NNDR = d1/d2, defined as `whenZero` when d2 = 0 (1 in the avatar and sosie rules, 0 in Clover's). */
export function nndr(d1: Float64Array, d2: Float64Array, whenZero = 1): Float64Array {
  const out = new Float64Array(d1.length);
  for (let i = 0; i < d1.length; i++) out[i] = d2[i] === 0 ? whenZero : d1[i] / d2[i];
  return out;
}

/** Reference points sorted by their first coordinate (ties by index), memoised per points. */
interface FirstAxisOrder {
  readonly order: Int32Array;
  readonly first: Float64Array;
}
const firstAxisOrders = new WeakMap<Points, FirstAxisOrder>();

function firstAxisOrder(ref: Points): FirstAxisOrder {
  let found = firstAxisOrders.get(ref);
  if (found === undefined) {
    const { n, dims, coords } = ref;
    const order = Int32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => coords[a * dims] - coords[b * dims] || a - b,
    );
    found = { order, first: Float64Array.from(order, (i) => coords[i * dims]) };
    firstAxisOrders.set(ref, found);
  }
  return found;
}

/** First index t with first[t] ≥ x (`strict`: > x). */
function searchSorted(first: Float64Array, x: number, strict: boolean): number {
  let lo = 0;
  let hi = first.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? first[mid] <= x : first[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For each query point in the range, the number of reference points within its radius
 * (distance ≤ radius[q], compared on squared distances computed exactly as squaredEuclidean).
 *
 * Only references whose first coordinate lies within the radius (widened by more than every
 * rounding involved) are compared: any other has a first squared difference, hence a squared
 * distance, above the limit, so the counts equal those of a full scan.
 */
export function countWithinRadius(
  query: Points,
  ref: Points,
  radiusSquared: Float64Array,
  range: { queryStart?: number; queryEnd?: number; excludeSelf?: boolean } = {},
): Int32Array {
  const start = range.queryStart ?? 0;
  const end = range.queryEnd ?? query.n;
  const out = new Int32Array(end - start);
  const { dims } = query;
  const { order, first } = firstAxisOrder(ref);
  for (let q = start; q < end; q++) {
    const limit = radiusSquared[q];
    if (!(limit >= 0)) continue;
    const x = query.coords[q * dims];
    const half = Math.sqrt(limit) * (1 + 1e-6) + 4 * Number.EPSILON * Math.abs(x) + 1e-150;
    const hi = searchSorted(first, x + half, true);
    let count = 0;
    for (let t = searchSorted(first, x - half, false); t < hi; t++) {
      const r = order[t];
      if (range.excludeSelf && r === q) continue;
      if (squaredEuclidean(query.coords, q, ref.coords, r, dims) <= limit) count++;
    }
    out[q - start] = count;
  }
  return out;
}

/** Points from plain coordinates (tests and callers that already hold coordinates). */
export function points(coords: ArrayLike<number>, dims = 1): Points {
  if (coords.length % dims !== 0) throw new RangeError(`${coords.length} coordinates are not rows of ${dims}`);
  return { n: coords.length / dims, dims, coords: Float64Array.from(coords) };
}
