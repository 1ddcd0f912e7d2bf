/**
 * A worker pool for the neighbour searches of an evaluation: started only when the searches are
 * big enough to repay the workers' start-up (each loads core, about a second), shared by every
 * metric through core's NeighbourEngine, and closed afterwards. The results are the same with or
 * without it (pool.ts: fixed query ranges, exact per-query searches).
 */
import { availableParallelism } from "node:os";
import { ENGINE_MIN_PAIRS, type NeighbourEngine } from "@sosie/core";
import { poolNeighbourEngine } from "./engine.ts";
import { WorkerPool } from "./pool.ts";

/** From this many query × reference pairs in one table pair, an evaluation starts workers. */
export const POOL_MIN_PAIRS = 4 * ENGINE_MIN_PAIRS;
/** More workers than this gain little on one evaluation's searches. */
const MAX_WORKERS = 8;

export interface SearchPool {
  /** The engine to run core inside (`withNeighbourEngine`), or null without workers. */
  readonly engine: NeighbourEngine | null;
  readonly workers: number;
  close(): Promise<void>;
}

/**
 * Workers for searches of `rows × rows` pairs (the largest table pair of the evaluation), one per
 * available core up to MAX_WORKERS (`workers` overrides; 0 turns them off), or none when the
 * searches are small or there is a single core.
 */
export function startSearchPool(rows: number, workers = Math.min(MAX_WORKERS, availableParallelism())): SearchPool {
  if (workers < 2 || rows * rows < POOL_MIN_PAIRS) return { engine: null, workers: 0, close: async () => {} };
  const pool = WorkerPool.start(workers);
  return { engine: poolNeighbourEngine(pool), workers, close: () => pool.close() };
}
