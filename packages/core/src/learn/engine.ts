/**
 * An injected engine for batches of independent model fits. Core stays single-threaded and
 * browser-safe; a host with threads (the CLI's worker pool) fits the models of one batch in
 * parallel and hands back their JSON, which rebuilds models bit-identical to in-thread fits:
 * `fitGbt` is a pure function of (data, options, rng.key), since it only derives streams from
 * its rng (gbt.ts), and the model JSON holds every number exactly.
 *
 * `withLearnEngine(engine, run)` makes the engine answer the `fitGbtBatch` calls made while `run`
 * runs (the learned utility metrics' repetitions, spec §5.1). While the engine works it is not
 * active, so an engine that falls back to in-thread fits does not recurse.
 */
import { Rng } from "../random/rng.ts";
import type { Dataset } from "./dataset.ts";
import { fitGbt, type GbtModel, type GbtOptions } from "./gbt.ts";

/** One fit of a batch: `fitGbt(data, options, rng)`. Only `rng.key` matters (fitGbt only derives from it). */
export interface GbtFitJob {
  readonly data: Dataset;
  readonly options: GbtOptions;
  readonly rng: Rng;
}

export interface LearnEngine {
  /** The models of `fitGbt` on every job, in job order, or undefined to decline (fitted in-thread). */
  fitGbtBatch(jobs: readonly GbtFitJob[]): GbtModel[] | undefined;
}

let active: LearnEngine | null = null;

/** Runs `run` with `engine` fitting its batches (null: none), then restores the previous engine. */
export function withLearnEngine<T>(engine: LearnEngine | null, run: () => T): T {
  const previous = active;
  active = engine;
  try {
    return run();
  } finally {
    active = previous;
  }
}

/**
 * `jobs.map((j) => fitGbt(j.data, j.options, j.rng))`: on the active engine when there is one and
 * the batch has at least two fits, else in this thread. The models are the same either way.
 */
export function fitGbtBatch(jobs: readonly GbtFitJob[]): GbtModel[] {
  const engine = active;
  if (engine !== null && jobs.length >= 2) {
    active = null;
    try {
      const models = engine.fitGbtBatch(jobs);
      if (models !== undefined) {
        if (models.length !== jobs.length)
          throw new Error(`the learn engine returned ${models.length} models for ${jobs.length} fits`);
        return models;
      }
    } finally {
      active = engine;
    }
  }
  return jobs.map((j) => fitGbt(j.data, j.options, j.rng));
}

/**
 * The stream whose key is `key`, as fresh as `Rng.fromSeed`/`derive` make it: how a worker rebuilds
 * a job's stream from the key it was sent. (Rng's constructor takes the key; it is private only to
 * steer callers towards seeds and `derive`.)
 */
export function rngFromKey(key: bigint): Rng {
  return new (Rng as unknown as new (key: bigint) => Rng)(key);
}
