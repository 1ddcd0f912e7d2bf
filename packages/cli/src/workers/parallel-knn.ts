/**
 * Exact k-nearest-neighbour searches split over the pool's workers, or run in this thread when
 * there is no pool: the same query ranges either way, joined in range order, so the result is
 * identical whatever the number of workers.
 */
import {
  type EncodedRows,
  type GowerFitOptions,
  GowerSpace,
  type MixedRules,
  type Neighbors,
  type WhitenedKde,
  type Table,
  concatNeighbors,
  emptyNeighbors,
  kdeLogDensity,
  knn,
  mixedKnn,
  resolveSearch,
} from "@sosie/core";
import { type WorkerPool, taskRanges } from "./pool.ts";
import type { EuclideanJob, GowerJob, MixedJob } from "./protocol.ts";

export interface ParallelOptions {
  readonly excludeSelf?: boolean;
  readonly onProgress?: (fraction: number) => void;
}

/** `knn(query, nQuery, ref, nRef, dims, k)` over every query row, on the pool when given. */
export function parallelKnn(
  pool: WorkerPool | null,
  query: Float64Array,
  nQuery: number,
  ref: Float64Array,
  nRef: number,
  dims: number,
  k: number,
  options: ParallelOptions = {},
): Neighbors {
  const excludeSelf = options.excludeSelf === true;
  return searchInRanges(
    pool,
    nQuery,
    nRef,
    options,
    { kind: "euclidean", query, nQuery, ref, nRef, dims, k, excludeSelf },
    () => (queryStart, queryEnd) => knn(query, nQuery, ref, nRef, dims, k, { excludeSelf, queryStart, queryEnd }),
  );
}

/**
 * `space.knn(query, ref, k)` over every query row, where `space = GowerSpace.fit(fitTables,
 * fitOptions)` and the rows were encoded by that space. Workers refit the space from the same
 * tables and options, which gives the same rules.
 */
export function parallelGowerKnn(
  pool: WorkerPool | null,
  fitTables: readonly Table[],
  fitOptions: GowerFitOptions,
  query: EncodedRows,
  ref: EncodedRows,
  k: number,
  options: ParallelOptions = {},
): Neighbors {
  const excludeSelf = options.excludeSelf === true;
  const plain = fitTables.map((t) => ({ columns: t.columns, nRows: t.nRows }));
  return searchInRanges(
    pool,
    query.n,
    ref.n,
    options,
    { kind: "gower", fitTables: plain, fitOptions, query, ref, k, excludeSelf },
    () => {
      const space = GowerSpace.fit(fitTables, fitOptions);
      return (queryStart, queryEnd) => space.knn(query, ref, k, { excludeSelf, queryStart, queryEnd });
    },
  );
}

/**
 * What the searches here share: the call checked as core checks it (so that a bad call fails
 * with core's message before any work is sent), the fixed query ranges, then the pool's answer
 * to `spec`, or without a pool the search made by `inThread` run over the same ranges.
 */
function searchInRanges(
  pool: WorkerPool | null,
  nQuery: number,
  nRef: number,
  options: ParallelOptions,
  spec: EuclideanJob | GowerJob | MixedJob,
  inThread: () => (queryStart: number, queryEnd: number) => Neighbors,
): Neighbors {
  resolveSearch(nQuery, nRef, spec.k, { excludeSelf: spec.excludeSelf });
  const ranges = taskRanges(nQuery);
  if (ranges.length === 0) return emptyNeighbors(0, spec.k, 0);
  if (pool !== null) return pool.run(spec, ranges, options.onProgress);
  const search = inThread();
  const parts = ranges.map(([start, end], i) => {
    const part = search(start, end);
    options.onProgress?.((i + 1) / ranges.length);
    return part;
  });
  return concatNeighbors(parts);
}

/** Row-major coordinates, the shape of the avatar's neighbour search hook (generators/avatar). */
export interface Coordinates {
  readonly values: Float64Array;
  readonly nRows: number;
  readonly dims: number;
}

/**
 * The avatar's `NeighbourSearch` hook on the pool: each row's k nearest other rows, self
 * excluded by index, exactly as the avatar's sequential search finds them.
 */
export function poolNeighbourSearch(pool: WorkerPool | null): (coords: Coordinates, k: number) => Neighbors {
  return (coords, k) =>
    parallelKnn(pool, coords.values, coords.nRows, coords.values, coords.nRows, coords.dims, k, { excludeSelf: true });
}

/**
 * `mixedKnn(rules, query, ref, k)` over every query row (Gower, Anonymeter), on the pool when
 * given: the rules and rows go to the workers as they are, so any mixed distance qualifies.
 */
export function parallelMixedKnn(
  pool: WorkerPool | null,
  rules: MixedRules,
  query: EncodedRows,
  ref: EncodedRows,
  k: number,
  options: ParallelOptions = {},
): Neighbors {
  const excludeSelf = options.excludeSelf === true;
  return searchInRanges(
    pool,
    query.n,
    ref.n,
    options,
    { kind: "mixed", rules, query, ref, k, excludeSelf },
    () => (queryStart, queryEnd) => mixedKnn(rules, query, ref, k, { excludeSelf, queryStart, queryEnd }),
  );
}

/**
 * `kdeLogDensity(kde, queries, 0, nQuery)` (DOMIAS's kernel sums), on the pool when given: the
 * same fixed query ranges, each query's sum computed alike, so the same values in any case.
 */
export function parallelKdeLogDensity(
  pool: WorkerPool | null,
  kde: WhitenedKde,
  queries: Float64Array,
  nQuery: number,
  options: ParallelOptions = {},
): Float64Array {
  if (queries.length !== nQuery * kde.d) throw new RangeError(`${nQuery} queries of ${kde.d} coordinates expected`);
  const ranges = taskRanges(nQuery);
  if (ranges.length === 0) return new Float64Array(0);
  if (pool === null) {
    const out = new Float64Array(nQuery);
    for (const [i, [start, end]] of ranges.entries()) {
      out.set(kdeLogDensity(kde, queries, start, end), start);
      options.onProgress?.((i + 1) / ranges.length);
    }
    return out;
  }
  return pool.run({ kind: "kde", kde, queries, nQuery, k: 1 }, ranges, options.onProgress).distances;
}
