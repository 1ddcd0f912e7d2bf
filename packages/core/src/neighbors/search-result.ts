/**
 * The result of a k-nearest-neighbour search and the conventions every space shares
 * (privacy-metrics.md §2.4): exact search, float64 distances, lists sorted by ascending distance
 * then ascending reference index, within-table searches excluding the query by index.
 */

export interface Neighbors {
  /** Neighbours per query. */
  readonly k: number;
  /** Number of queries searched (queryEnd − queryStart). */
  readonly nQuery: number;
  /** Global index of the first query searched. */
  readonly queryStart: number;
  /** nQuery x k reference row indices, row-major. */
  readonly indices: Int32Array;
  /** nQuery x k distances, row-major, matching `indices`. */
  readonly distances: Float64Array;
}

export interface SearchOptions {
  /**
   * Query and reference are the same table: query row q never lists reference row q (exclusion
   * by index, not by equal value, so a duplicated row has distance 0 to its twin).
   */
  excludeSelf?: boolean;
  /** First query row to search (default 0). Workers split queries with [queryStart, queryEnd). */
  queryStart?: number;
  /** One past the last query row to search (default: all). */
  queryEnd?: number;
}

/** The query range of `options`, validated against nQuery, and k checked against the references. */
export function resolveSearch(
  nQuery: number,
  nRef: number,
  k: number,
  options: SearchOptions,
): { start: number; end: number } {
  const start = options.queryStart ?? 0;
  const end = options.queryEnd ?? nQuery;
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= nQuery))
    throw new RangeError(`query range [${start}, ${end}) is not within [0, ${nQuery}]`);
  const available = options.excludeSelf ? nRef - 1 : nRef;
  if (!(Number.isInteger(k) && k >= 1 && k <= available))
    throw new RangeError(
      `k = ${k} needs 1 ≤ k ≤ ${available} (reference rows${options.excludeSelf ? " minus self" : ""})`,
    );
  if (options.excludeSelf && nQuery !== nRef)
    throw new RangeError(`excludeSelf needs the query and reference to be one table (${nQuery} vs ${nRef} rows)`);
  return { start, end };
}

/** Euclidean inputs: row-major coordinate arrays long enough for their rows, every value finite. */
export function checkCoordinates(
  query: Float64Array,
  nQuery: number,
  ref: Float64Array,
  nRef: number,
  dims: number,
): void {
  if (query.length < nQuery * dims || ref.length < nRef * dims)
    throw new RangeError(`coordinate arrays are shorter than ${nQuery} or ${nRef} rows of ${dims}`);
  for (const x of [query, ref])
    for (let i = 0; i < x.length; i++)
      if (!Number.isFinite(x[i])) throw new RangeError(`coordinate ${i} is not finite`);
}

export function emptyNeighbors(nQuery: number, k: number, queryStart: number): Neighbors {
  const distances = new Float64Array(nQuery * k).fill(Infinity);
  const indices = new Int32Array(nQuery * k).fill(-1);
  return { k, nQuery, queryStart, indices, distances };
}

/**
 * The start of an exact scan over query rows [start, end): empty lists and the keys that
 * offerCandidate shifts along with them (+∞ while a list is not full).
 */
export function emptySearch(start: number, end: number, k: number): { result: Neighbors; keys: Float64Array } {
  return { result: emptyNeighbors(end - start, k, start), keys: new Float64Array((end - start) * k).fill(Infinity) };
}

/**
 * Offers candidate (`distance`, `index`) to the sorted list at `offset` (k slots) of `distances`
 * and `indices`, keeping order by distance then index. `keys` (same layout) is the value the
 * caller prunes on (e.g. a squared distance or an unnormalised sum), shifted along.
 * Returns true if the candidate entered the list.
 */
export function offerCandidate(
  distances: Float64Array,
  indices: Int32Array,
  keys: Float64Array,
  offset: number,
  k: number,
  distance: number,
  index: number,
  key: number,
): boolean {
  let j = offset + k - 1;
  if (!precedes(distance, index, distances[j], indices[j])) return false;
  while (j > offset && precedes(distance, index, distances[j - 1], indices[j - 1])) {
    distances[j] = distances[j - 1];
    indices[j] = indices[j - 1];
    keys[j] = keys[j - 1];
    j--;
  }
  distances[j] = distance;
  indices[j] = index;
  keys[j] = key;
  return true;
}

/** Order of candidates: empty slots (index −1) last, then by distance, then by index. */
function precedes(d: number, i: number, slotD: number, slotI: number): boolean {
  if (slotI < 0) return true;
  return d < slotD || (d === slotD && i < slotI);
}

/** d1 and d2: the smallest and second-smallest distance of each query (k ≥ 2 needed for d2). */
export function closestDistances(nb: Neighbors): { d1: Float64Array; d2: Float64Array } {
  const d1 = new Float64Array(nb.nQuery);
  const d2 = new Float64Array(nb.nQuery).fill(NaN);
  for (let q = 0; q < nb.nQuery; q++) {
    d1[q] = nb.distances[q * nb.k];
    if (nb.k >= 2) d2[q] = nb.distances[q * nb.k + 1];
  }
  return { d1, d2 };
}

/** Joins results of consecutive query ranges (in range order) into one. */
export function concatNeighbors(parts: readonly Neighbors[]): Neighbors {
  if (parts.length === 0) throw new RangeError("nothing to concatenate");
  const k = parts[0].k;
  let n = 0;
  for (const p of parts) {
    if (p.k !== k) throw new RangeError("parts have different k");
    if (p.queryStart !== parts[0].queryStart + n) throw new RangeError("parts are not consecutive query ranges");
    n += p.nQuery;
  }
  const out = emptyNeighbors(n, k, parts[0].queryStart);
  let o = 0;
  for (const p of parts) {
    out.indices.set(p.indices, o);
    out.distances.set(p.distances, o);
    o += p.nQuery * k;
  }
  return out;
}
