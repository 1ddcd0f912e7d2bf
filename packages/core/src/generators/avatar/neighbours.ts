/**
 * The avatar's neighbours (spec generators.md §2.2 steps 3–4): exact Euclidean search on the first
 * ncp coordinates, ties by lower row index, optionally with the row itself first at distance 0,
 * and the distance floor δ_floor.
 *
 * The search is a call on a query row range (`searchQueryRange`), so that workers can each take a
 * range; results are joined in range order and are identical whatever the split.
 */
import { knn } from "../../neighbors/euclidean.ts";
import { type Neighbors, concatNeighbors } from "../../neighbors/search-result.ts";

/** Coordinates, row-major n x dims. */
export interface Coordinates {
  readonly values: Float64Array;
  readonly nRows: number;
  readonly dims: number;
}

/** Runs the k-nearest-other-rows search over every query row. */
export type NeighbourSearch = (coords: Coordinates, k: number) => Neighbors;

/** One query range [start, end) of the within-table search, self excluded (the unit of work of a worker). */
export function searchQueryRange(coords: Coordinates, k: number, start: number, end: number): Neighbors {
  return knn(coords.values, coords.nRows, coords.values, coords.nRows, coords.dims, k, { excludeSelf: true, queryStart: start, queryEnd: end });
}

/** Consecutive query ranges of at most `chunkRows` rows. */
export function queryRanges(nRows: number, chunkRows: number): [number, number][] {
  if (!(Number.isInteger(chunkRows) && chunkRows >= 1)) throw new RangeError(`chunk size must be a positive integer, got ${chunkRows}`);
  const ranges: [number, number][] = [];
  for (let start = 0; start < nRows; start += chunkRows) ranges.push([start, Math.min(nRows, start + chunkRows)]);
  return ranges;
}

/** The search run range after range in this thread. */
export function sequentialSearch(chunkRows = 4096): NeighbourSearch {
  return (coords, k) => concatNeighbors(queryRanges(coords.nRows, chunkRows).map(([s, e]) => searchQueryRange(coords, k, s, e)));
}

export interface AvatarNeighbours {
  readonly k: number;
  /** n x k neighbour rows, row-major, nearest first (the row itself first with includeSelf). */
  readonly indices: Int32Array;
  /** n x k distances matching `indices`. */
  readonly distances: Float64Array;
  /** δ_floor: 10⁻⁸ x the median distance to the nearest other row (see `distanceFloor`). */
  readonly floor: number;
}

function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const h = (sorted.length - 1) / 2;
  return (sorted[Math.floor(h)] + sorted[Math.ceil(h)]) / 2;
}

/** Rows with distinct coordinates (first occurrence of each), as a new coordinate matrix. */
function distinctRows(coords: Coordinates): Coordinates {
  const seen = new Set<string>();
  const keep: number[] = [];
  const { values, dims } = coords;
  for (let i = 0; i < coords.nRows; i++) {
    const key = Array.prototype.join.call(values.subarray(i * dims, (i + 1) * dims), ",");
    if (!seen.has(key)) {
      seen.add(key);
      keep.push(i);
    }
  }
  const out = new Float64Array(keep.length * dims);
  keep.forEach((row, j) => out.set(values.subarray(row * dims, (row + 1) * dims), j * dims));
  return { values: out, nRows: keep.length, dims };
}

/**
 * δ_floor = 10⁻⁸ x the median over rows of the distance to the nearest other row; when that median
 * is 0, the smallest positive pairwise distance instead of the median; when there is none, 1.
 */
export function distanceFloor(nearestOther: Float64Array, coords: Coordinates, search: NeighbourSearch): number {
  if (nearestOther.length === 0) return 1;
  const m = median(nearestOther);
  if (m > 0) return 1e-8 * m;
  const distinct = distinctRows(coords);
  if (distinct.nRows < 2) return 1;
  const nearest = search(distinct, 1).distances;
  let smallest = Infinity;
  for (const d of nearest) if (d > 0 && d < smallest) smallest = d;
  return 1e-8 * (Number.isFinite(smallest) ? smallest : 1);
}

/** The k neighbours of every row and δ_floor. */
export function findAvatarNeighbours(coords: Coordinates, k: number, includeSelf: boolean, search: NeighbourSearch): AvatarNeighbours {
  const n = coords.nRows;
  const others = includeSelf ? k - 1 : k;
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  if (n < 2) {
    // One row: only includeSelf with k = 1 is allowed (checked with the options).
    for (let i = 0; i < n; i++) indices[i] = i;
    return { k, indices, distances, floor: 1 };
  }
  // At least one other row is searched, for the floor.
  const found = search(coords, Math.max(1, others));
  const kf = found.k;
  const nearestOther = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nearestOther[i] = found.distances[i * kf];
    let slot = i * k;
    if (includeSelf) {
      indices[slot] = i;
      distances[slot] = 0;
      slot++;
    }
    for (let j = 0; j < others; j++, slot++) {
      indices[slot] = found.indices[i * kf + j];
      distances[slot] = found.distances[i * kf + j];
    }
  }
  return { k, indices, distances, floor: distanceFloor(nearestOther, coords, search) };
}
