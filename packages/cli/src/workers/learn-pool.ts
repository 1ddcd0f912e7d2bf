/**
 * Core's LearnEngine on worker threads: the batches of independent model fits of the learned
 * utility metrics (the TSTR repetitions' models on R and on S, spec §5.2, shared with feature
 * importance §5.5) made inside `withLearnEngine(pool.engine, ...)` are fitted one per worker at a
 * time. Each worker gets the encoded training data, the fit options and the stream's key, and
 * returns the model's JSON; the models rebuilt here are bit-identical to in-thread fits (fitGbt
 * is a pure function of data, options and key; the JSON keeps every number).
 */
import { availableParallelism } from "node:os";
import { GbtModel, type LearnEngine } from "@sosie/core";
import { WorkerPool } from "./pool.ts";

/** From this many training rows (R), fits are worth the workers' start-up (each loads core). */
export const LEARN_POOL_MIN_ROWS = 2_000;
/** A TSTR batch has 2 × 3 fits by default: more workers than this would idle. */
const MAX_WORKERS = 6;

/** The metrics that fit their models in batches (through runTstr: tstr.ts). */
const BATCHED_METRICS: ReadonlySet<string> = new Set([
  "tstr-classification",
  "tstr-regression",
  "feature-importance-difference",
  "cross-classification",
  "cross-regression",
]);

/** Whether an evaluation of these utility metrics fits models in batches. */
export function fitsInBatches(utilityMetrics: readonly string[]): boolean {
  return utilityMetrics.some((id) => BATCHED_METRICS.has(id));
}

export function poolLearnEngine(pool: WorkerPool): LearnEngine {
  return {
    fitGbtBatch: (jobs) =>
      pool
        .fit(jobs.map((j) => ({ data: j.data, options: j.options, key: j.rng.key })))
        .map((json) => GbtModel.fromJSON(json)),
  };
}

export interface LearnPool {
  /** The engine to run core inside (`withLearnEngine`), or null without workers. */
  readonly engine: LearnEngine | null;
  readonly workers: number;
  close(): Promise<void>;
}

/**
 * Workers for the model fits of an evaluation whose training table has `rows` rows, one per
 * available core up to MAX_WORKERS (`workers` overrides; 0 or 1 turns them off), or none when
 * there is nothing to learn (`learns` false), the tables are small or there is a single core.
 * They start now, so that they load while the first metrics run.
 */
export function startLearnPool(
  rows: number,
  learns: boolean,
  workers = Math.min(MAX_WORKERS, availableParallelism()),
): LearnPool {
  if (!learns || workers < 2 || rows < LEARN_POOL_MIN_ROWS) return { engine: null, workers: 0, close: async () => {} };
  const pool = WorkerPool.start(workers);
  return { engine: poolLearnEngine(pool), workers, close: () => pool.close() };
}
