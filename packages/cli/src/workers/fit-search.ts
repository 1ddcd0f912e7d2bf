/**
 * The neighbour search of a generator's fit (core's FitContext.neighbourSearch: avatar, SMOTE) on
 * worker threads. Workers start on the first search that warrants them and serve every search of
 * the fit; `close` stops them. The query ranges are the pool's fixed ones (pool.ts), so the lists,
 * and hence the synthetic table, are the same with 1, 2 or n workers and in this thread.
 */
import type { Neighbors } from "@sosie/core";
import { type Coordinates, poolNeighbourSearch } from "./parallel-knn.ts";
import { WorkerPool } from "./pool.ts";
import { POOL_MIN_PAIRS } from "./search-pool.ts";

export interface FitSearch {
  readonly search: (coords: Coordinates, k: number) => Neighbors;
  /** Workers started so far (0 while every search ran in this thread). */
  workersStarted(): number;
  close(): Promise<void>;
}

/**
 * `workers` threads (1: this thread only). `always`: start them for any search (the user asked
 * for them); otherwise only for searches of at least POOL_MIN_PAIRS row pairs, where they repay
 * their start-up (each loads core).
 */
export function fitSearch(workers: number, always: boolean): FitSearch {
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new RangeError(`workers must be a positive integer, got ${workers}`);
  let pool: WorkerPool | null = null;
  const inThread = poolNeighbourSearch(null);
  let onPool: ((coords: Coordinates, k: number) => Neighbors) | null = null;
  return {
    search(coords, k) {
      if (workers < 2 || (!always && coords.nRows * coords.nRows < POOL_MIN_PAIRS)) return inThread(coords, k);
      if (onPool === null) {
        pool = WorkerPool.start(workers);
        onPool = poolNeighbourSearch(pool);
      }
      return onPool(coords, k);
    },
    workersStarted: () => (pool === null ? 0 : pool.size),
    async close() {
      const started = pool;
      pool = null;
      onPool = null;
      if (started !== null) await started.close();
    },
  };
}
