/**
 * A small pool of worker threads for chunked neighbour searches and for the learned metrics'
 * batches of model fits (learn-pool.ts).
 *
 * Determinism: a job is cut into query row ranges that do not depend on the number of workers;
 * whichever worker takes a range, its result is stored at the range's index and the ranges are
 * joined in order, and each query's search is exact and independent of the others, so results
 * are identical with 1, 2 or n workers (and in-thread).
 *
 * `run` is synchronous: it blocks on Atomics.wait until every range is answered. Core's hooks
 * (the avatar's neighbour search) are synchronous functions, and the CLI has nothing else to do
 * meanwhile. Workers are started once and reused by every job until `close`.
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { type GbtModelJson, type Neighbors, SosieOptionError, concatNeighbors } from "@sosie/core";
import { type FitTask, type FromWorker, type JobSpec, SIGNAL, type ToWorker, type WorkerSetup } from "./protocol.ts";

/** Query rows per task: small enough to balance two workers, large enough to amortise a message. */
export const TASK_ROWS = 2048;

/** How long workers may take to load (tsx compiles core on first use) before the pool gives up. */
const START_TIMEOUT_MS = 180_000;

/** Consecutive [start, end) ranges of at most `rows` rows covering [0, n). */
export function taskRanges(n: number, rows = TASK_ROWS): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < n; start += rows) ranges.push([start, Math.min(n, start + rows)]);
  return ranges;
}

interface PoolWorker {
  readonly thread: Worker;
  readonly port: MessagePort;
}

export class WorkerPool {
  private readonly workers: PoolWorker[];
  private readonly signal: Int32Array;
  private nextJob = 0;
  private ready = false;

  private constructor(workers: PoolWorker[], signal: Int32Array) {
    this.workers = workers;
    this.signal = signal;
  }

  /** Starts `size` worker threads (they load in the background until the first job). */
  static start(size: number): WorkerPool {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`a pool needs at least one worker, got ${size}`);
    const signal = new Int32Array(new SharedArrayBuffer(SIGNAL.length * Int32Array.BYTES_PER_ELEMENT));
    const workers: PoolWorker[] = [];
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const setup: WorkerSetup = { port: port2, signal };
      const thread = new Worker(new URL("./worker-entry.mjs", import.meta.url), {
        workerData: setup,
        transferList: [port2],
      });
      // Failures are reported through the port; this keeps an "error" event from crashing the process.
      thread.on("error", () => {});
      workers.push({ thread, port: port1 });
    }
    return new WorkerPool(workers, signal);
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs `spec` over query ranges `ranges` (consecutive, from row 0) and joins the results in
   * range order. `onProgress` gets the share of ranges done.
   */
  run(spec: JobSpec, ranges: readonly [number, number][], onProgress?: (fraction: number) => void): Neighbors {
    this.waitUntilReady();
    const job = this.nextJob++;
    const results: (Neighbors | undefined)[] = new Array(ranges.length);
    const posted = shareArrays(spec);
    for (const w of this.workers) this.post(w, { type: "job", job, spec: posted });
    let next = 0;
    let answered = 0;
    let failure: string | undefined;
    const assign = (w: PoolWorker): void => {
      if (next >= ranges.length || failure !== undefined) return;
      const [start, end] = ranges[next];
      this.post(w, { type: "task", job, task: next++, start, end });
    };
    for (const w of this.workers) assign(w);
    try {
      // Every answer hands its worker the next range; after a failure, only outstanding ranges are awaited.
      while (answered < next) {
        const seen = Atomics.load(this.signal, SIGNAL.answers);
        const received = this.receiveAnswers(job, (w, message) => {
          answered++;
          if (message.type === "error") failure ??= message.message;
          else if (message.type === "result") {
            const [start, end] = ranges[message.task];
            const { indices, distances } = message;
            results[message.task] = { k: spec.k, nQuery: end - start, queryStart: start, indices, distances };
          }
          assign(w);
          onProgress?.(answered / ranges.length);
        });
        if (!received) Atomics.wait(this.signal, SIGNAL.answers, seen, 1000);
      }
    } finally {
      for (const w of this.workers) this.post(w, { type: "end", job });
    }
    if (failure !== undefined) throw new Error(failure);
    return concatNeighbors(results as Neighbors[]);
  }

  /**
   * Fits `fits` (independent model fits, learn/engine.ts) on the workers, one fit per worker at a
   * time, and returns their models' JSON in `fits` order, whichever worker fitted each. With
   * `fitHere`, this thread fits too: between polls it takes the next fit itself (`fitHere(index)`,
   * whose model the caller keeps; that slot of the result stays undefined).
   */
  fit(fits: readonly FitTask[], fitHere?: (index: number) => void): (GbtModelJson | undefined)[] {
    this.waitUntilReady();
    const job = this.nextJob++;
    const results: (GbtModelJson | undefined)[] = new Array<GbtModelJson | undefined>(fits.length).fill(undefined);
    let next = 0;
    let posted = 0;
    let answered = 0;
    // The first failure, rethrown once every posted fit is answered: a local fit's own error, or a
    // worker's message (as a SosieOptionError when it was one, so callers treat it the same way).
    let failure: { error: unknown } | undefined;
    const assign = (w: PoolWorker): void => {
      if (next >= fits.length || failure !== undefined) return;
      const { data, options, key } = fits[next];
      this.post(w, { type: "fit", job, task: next++, data, options, key });
      posted++;
    };
    const canFitHere = (): boolean => fitHere !== undefined && next < fits.length && failure === undefined;
    for (const w of this.workers) assign(w);
    while (answered < posted || canFitHere()) {
      if (canFitHere()) {
        try {
          fitHere!(next++);
        } catch (error) {
          failure ??= { error };
        }
      }
      const seen = Atomics.load(this.signal, SIGNAL.answers);
      const received = this.receiveAnswers(job, (w, message) => {
        answered++;
        if (message.type === "error")
          failure ??= {
            error: message.option === true ? new SosieOptionError(message.message) : new Error(message.message),
          };
        else if (message.type === "fitted") results[message.task] = message.model;
        assign(w);
      });
      if (!received && !canFitHere() && answered < posted) Atomics.wait(this.signal, SIGNAL.answers, seen, 1000);
    }
    if (failure !== undefined) throw failure.error;
    return results;
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }

  /**
   * Hands every waiting answer to job `job` to `onAnswer`, with the worker that sent it (answers
   * to earlier jobs are dropped; a worker's fatal error throws). True when any message arrived.
   */
  private receiveAnswers(
    job: number,
    onAnswer: (w: PoolWorker, message: Exclude<FromWorker, { type: "fatal" }>) => void,
  ): boolean {
    let received = false;
    for (const w of this.workers)
      for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port)) {
        received = true;
        const message = m.message as FromWorker;
        if (message.type === "fatal") throw new Error(`a worker thread failed: ${message.message}`);
        if (message.job !== job) continue;
        onAnswer(w, message);
      }
    return received;
  }

  private post(w: PoolWorker, message: ToWorker): void {
    w.port.postMessage(message);
  }

  private waitUntilReady(): void {
    if (this.ready) return;
    const deadline = performance.now() + START_TIMEOUT_MS;
    for (;;) {
      const ready = Atomics.load(this.signal, SIGNAL.ready);
      if (ready >= this.workers.length) break;
      for (const w of this.workers) {
        const m = receiveMessageOnPort(w.port);
        if (m !== undefined && (m.message as FromWorker).type === "fatal")
          throw new Error(`a worker thread failed to start: ${(m.message as { message: string }).message}`);
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`worker threads did not start within ${START_TIMEOUT_MS / 1000} s`);
      // A fatal load error bumps `answers`, not `ready`: wait briefly so that it is seen.
      Atomics.wait(this.signal, SIGNAL.ready, ready, Math.min(left, 200));
    }
    this.ready = true;
  }
}

/** The job with its big arrays moved to shared memory, so posting it to n workers copies nothing. */
function shareArrays(spec: JobSpec): JobSpec {
  if (spec.kind === "euclidean") {
    const query = shared(spec.query);
    return { ...spec, query, ref: spec.ref === spec.query ? query : shared(spec.ref) };
  }
  if (spec.kind === "kde")
    return { ...spec, queries: shared(spec.queries), kde: { ...spec.kde, whitened: shared(spec.kde.whitened) } };
  const query = { ...spec.query, values: shared(spec.query.values) };
  return { ...spec, query, ref: spec.ref === spec.query ? query : { ...spec.ref, values: shared(spec.ref.values) } };
}

function shared(a: Float64Array): Float64Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
