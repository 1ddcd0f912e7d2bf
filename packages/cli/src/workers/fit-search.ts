/**
 * The neighbour search of a generator's fit (core's FitContext.neighbourSearch: avatar, SMOTE) on
 * worker threads. Workers start on the first search that warrants them and serve every search of
 * the fit; `close` stops them. The query ranges are the pool's fixed ones (pool.ts), so the lists,
 * and hence the synthetic table, are the same with 1, 2 or n workers and in this thread.
 */
import type { EncodedRows, MixedRules, Neighbors } from "@sosie/core";
import { type Coordinates, parallelMixedKnn, poolNeighbourSearch } from "./parallel-knn.ts";
import { WorkerPool } from "./pool.ts";

/**
 * Unasked, a fit starts workers only from this many rows. A fit's searches are tree searches (the
 * avatar's on 5 projected axes) or cheap enough that on the 2-core machines Sosie targets,
 * workers did not repay their start-up at any size measured (`--workers 1` against 2, same
 * output): avatar 20,000 rows 2.5 s against 4.2 s, 101,766 rows 18.3 s against 18.6 s; SMOTE
 * 20,000 rows 3.5 s against 4.5 s, 32,561 rows 5.7 s against 6.4 s, and twice the memory.
 */
export const FIT_POOL_MIN_ROWS = 200_000;

export interface FitSearch {
  /** On coordinates (avatar), and `mixed` on mixed-kernel rows (SMOTE): core's NeighbourSearchHook. */
  readonly search: {
    (coords: Coordinates, k: number): Neighbors;
    readonly mixed: (rules: MixedRules, rows: EncodedRows, k: number) => Neighbors;
  };
  /** Workers started so far (0 while every search ran in this thread). */
  workersStarted(): number;
  close(): Promise<void>;
}

/**
 * `workers` threads (1: this thread only). `always`: start them for any search (the user asked
 * for them); otherwise only for searches of FIT_POOL_MIN_ROWS rows or more.
 */
export function fitSearch(workers: number, always: boolean): FitSearch {
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new RangeError(`workers must be a positive integer, got ${workers}`);
  let pool: WorkerPool | null = null;
  const inThread = poolNeighbourSearch(null);
  let onPool: ((coords: Coordinates, k: number) => Neighbors) | null = null;
  const poolFor = (nRows: number): WorkerPool | null => {
    if (workers < 2 || (!always && nRows < FIT_POOL_MIN_ROWS)) return null;
    pool ??= WorkerPool.start(workers);
    return pool;
  };
  const search = (coords: Coordinates, k: number): Neighbors => {
    const on = poolFor(coords.nRows);
    if (on === null) return inThread(coords, k);
    onPool ??= poolNeighbourSearch(on);
    return onPool(coords, k);
  };
  const mixed = (rules: MixedRules, rows: EncodedRows, k: number): Neighbors =>
    parallelMixedKnn(poolFor(rows.n), rules, rows, rows, k, { excludeSelf: true });
  return {
    search: Object.assign(search, { mixed }),
    workersStarted: () => (pool === null ? 0 : pool.size),
    async close() {
      const started = pool;
      pool = null;
      onPool = null;
      if (started !== null) await started.close();
    },
  };
}
