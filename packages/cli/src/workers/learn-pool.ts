/**
 * Core's LearnEngine on worker threads: the batches of independent model fits of the learned
 * utility metrics (the TSTR repetitions' models on R and on S, spec §5.2, shared with feature
 * importance §5.5) made inside `withLearnEngine(pool.engine, ...)` are fitted one per worker at a
 * time. Each worker gets the encoded training data, the fit options and the stream's key, and
 * returns the model's JSON; the models rebuilt here are bit-identical to in-thread fits (fitGbt
 * is a pure function of data, options and key; the JSON keeps every number).
 */
import { availableParallelism } from "node:os";
import { GbtModel, type LearnEngine, fitGbt, listMetrics } from "@sosie/core";
import { WorkerPool } from "./pool.ts";

/** From this many training rows (R), fits are worth the workers' start-up (each loads core). */
export const LEARN_POOL_MIN_ROWS = 2_000;
/** A TSTR batch has 2 × 3 fits by default: more threads than this would idle. */
const MAX_THREADS = 6;

/** Whether an evaluation of these utility metrics fits models in batches (metrics flagged `batchedFits`). */
export function fitsInBatches(utilityMetrics: readonly string[]): boolean {
  const batched = new Set(
    listMetrics("utility")
      .filter((m) => m.batchedFits === true)
      .map((m) => m.id),
  );
  return utilityMetrics.some((id) => batched.has(id));
}

/**
 * Fits batches on `pool`'s workers; with `joinHere`, this thread fits too (it would otherwise wait
 * idle), taking the next fit between polls; its models are fitted here, the others rebuilt from
 * their JSON, all bit-identical to in-thread fits.
 */
export function poolLearnEngine(pool: WorkerPool, joinHere = false): LearnEngine {
  return {
    fitGbtBatch(jobs) {
      const here: (GbtModel | undefined)[] = new Array<GbtModel | undefined>(jobs.length).fill(undefined);
      const fitHere = joinHere
        ? (i: number) => {
            here[i] = fitGbt(jobs[i].data, jobs[i].options, jobs[i].rng);
          }
        : undefined;
      const fitted = pool.fit(
        jobs.map((j) => ({ data: j.data, options: j.options, key: j.rng.key })),
        fitHere,
      );
      return fitted.map((json, i) => here[i] ?? GbtModel.fromJSON(json!));
    },
  };
}

export interface LearnPool {
  /** The engine to run core inside (`withLearnEngine`), or null without workers. */
  readonly engine: LearnEngine | null;
  /** Threads fitting a batch, this one included (0 without workers). */
  readonly threads: number;
  close(): Promise<void>;
}

/**
 * Threads for the model fits of an evaluation whose training table has `rows` rows: this one and
 * `threads - 1` workers, `threads` being one per available core up to MAX_THREADS by default (0 or
 * 1 turns workers off); none when there is nothing to learn (`learns` false), the tables are small
 * or there is a single core. The workers start now, so that they load while the first metrics run.
 */
export function startLearnPool(
  rows: number,
  learns: boolean,
  threads = Math.min(MAX_THREADS, availableParallelism()),
): LearnPool {
  if (!learns || threads < 2 || rows < LEARN_POOL_MIN_ROWS) return { engine: null, threads: 0, close: async () => {} };
  const pool = WorkerPool.start(threads - 1);
  return { engine: poolLearnEngine(pool, true), threads, close: () => pool.close() };
}
