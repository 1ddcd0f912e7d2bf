/**
 * Core's NeighbourEngine on the worker pool: the big exact searches (and DOMIAS's kernel sums) made inside
 * `withNeighbourEngine(poolNeighbourEngine(pool), ...)` are cut into the pool's fixed query ranges
 * and run on the workers, with the same lists as in-thread whatever the number of workers.
 */
import type { NeighbourEngine } from "@sosie/core";
import { parallelKdeLogDensity, parallelKnn, parallelMixedKnn } from "./parallel-knn.ts";
import type { WorkerPool } from "./pool.ts";

export function poolNeighbourEngine(pool: WorkerPool | null): NeighbourEngine {
  return {
    mixedKnn: (rules, query, ref, k, excludeSelf) => parallelMixedKnn(pool, rules, query, ref, k, { excludeSelf }),
    euclideanKnn: (query, nQuery, ref, nRef, dims, k, excludeSelf) =>
      parallelKnn(pool, query, nQuery, ref, nRef, dims, k, { excludeSelf }),
    kdeLogDensity: (kde, queries, nQuery) => parallelKdeLogDensity(pool, kde, queries, nQuery),
  };
}
