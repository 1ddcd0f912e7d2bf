/**
 * Messages between the pool (main thread) and its workers. A job is posted once to every worker
 * (its arrays in shared memory, so not copied per worker); tasks are query row ranges of that
 * job. Each worker answers on its own port and then bumps a shared counter, so the main thread
 * can wait for answers synchronously (Atomics.wait) while it is inside core code.
 */
import type {
  Column,
  Dataset,
  EncodedRows,
  GbtModelJson,
  GbtOptions,
  GowerFitOptions,
  MixedRules,
  WhitenedKde,
} from "@sosie/core";

/** Exact Euclidean k-NN on row-major coordinates (neighbors/knn). */
export interface EuclideanJob {
  readonly kind: "euclidean";
  readonly query: Float64Array;
  readonly nQuery: number;
  readonly ref: Float64Array;
  readonly nRef: number;
  readonly dims: number;
  readonly k: number;
  readonly excludeSelf: boolean;
}

/**
 * Gower k-NN (GowerSpace.knn). The space is refitted in each worker on the same tables with the
 * same options (fitting is deterministic), so its rules match the main thread's exactly; rows
 * come already encoded by the main thread's space.
 */
export interface GowerJob {
  readonly kind: "gower";
  readonly fitTables: readonly PlainTable[];
  readonly fitOptions: GowerFitOptions;
  readonly query: EncodedRows;
  readonly ref: EncodedRows;
  readonly k: number;
  readonly excludeSelf: boolean;
}

/**
 * Mixed-distance k-NN (mixedKnn: Gower, Anonymeter) on rules and rows as the main thread has
 * them; each worker indexes the reference rows once per job.
 */
export interface MixedJob {
  readonly kind: "mixed";
  readonly rules: MixedRules;
  readonly query: EncodedRows;
  readonly ref: EncodedRows;
  readonly k: number;
  readonly excludeSelf: boolean;
}

/**
 * Gaussian KDE log-densities (kdeLogDensity, DOMIAS) of query points: one value per query, sent
 * back as a one-column result (k = 1) whose distances are the log-densities.
 */
export interface KdeJob {
  readonly kind: "kde";
  readonly kde: WhitenedKde;
  readonly queries: Float64Array;
  readonly nQuery: number;
  readonly k: 1;
}

export type JobSpec = EuclideanJob | GowerJob | MixedJob | KdeJob;

/** A Table across threads (structured clone keeps plain objects and typed arrays, not classes). */
export interface PlainTable {
  readonly columns: readonly Column[];
  readonly nRows: number;
}

export type ToWorker =
  | { readonly type: "job"; readonly job: number; readonly spec: JobSpec }
  | { readonly type: "task"; readonly job: number; readonly task: number; readonly start: number; readonly end: number }
  | { readonly type: "end"; readonly job: number }
  | ({ readonly type: "fit"; readonly job: number; readonly task: number } & FitTask);

/**
 * One model fit of a batch (learn/engine.ts): `fitGbt(data, options, stream of key)`, answered with
 * the model's JSON. Fits are independent, so each is a task of its own, posted to one worker.
 */
export interface FitTask {
  readonly data: Dataset;
  readonly options: GbtOptions;
  /** The key of the fit's Rng stream (rngFromKey rebuilds it). */
  readonly key: bigint;
}

export type FromWorker =
  | {
      readonly type: "result";
      readonly job: number;
      readonly task: number;
      readonly indices: Int32Array;
      readonly distances: Float64Array;
    }
  | { readonly type: "fitted"; readonly job: number; readonly task: number; readonly model: GbtModelJson }
  | {
      readonly type: "error";
      readonly job: number;
      readonly task: number;
      readonly message: string;
      /** Whether the error was a SosieOptionError (fits: the metric then reports it as undefined). */
      readonly option?: boolean;
    }
  | { readonly type: "fatal"; readonly message: string };

/** Slots of the shared Int32Array every worker gets. */
export const SIGNAL = {
  /** Incremented after each message a worker posts. */
  answers: 0,
  /** Incremented once by each worker when it is ready for jobs. */
  ready: 1,
  length: 2,
} as const;

/** What each worker receives as workerData. */
export interface WorkerSetup {
  readonly port: import("node:worker_threads").MessagePort;
  readonly signal: Int32Array;
}
