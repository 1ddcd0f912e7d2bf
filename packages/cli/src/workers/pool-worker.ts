/**
 * The worker side of the pool: keeps the jobs it was sent and answers each task, a query row
 * range (the exact k nearest neighbours of those rows) or one model fit of a learned metric's
 * batch (its JSON). Results are transferred, not copied.
 */
import { workerData } from "node:worker_threads";
import {
  GowerSpace,
  type Neighbors,
  SosieOptionError,
  Table,
  fitGbt,
  kdeLogDensity,
  knn,
  mixedKnn,
  rngFromKey,
} from "@sosie/core";
import { type FromWorker, type JobSpec, SIGNAL, type ToWorker, type WorkerSetup } from "./protocol.ts";

const { port, signal } = workerData as WorkerSetup;

/** A job ready to search: the spec and, for Gower, the space refitted here once. */
type Searcher = (start: number, end: number) => Neighbors;
const jobs = new Map<number, Searcher>();

function searcherFor(spec: JobSpec): Searcher {
  if (spec.kind === "euclidean")
    return (start, end) =>
      knn(spec.query, spec.nQuery, spec.ref, spec.nRef, spec.dims, spec.k, {
        excludeSelf: spec.excludeSelf,
        queryStart: start,
        queryEnd: end,
      });
  if (spec.kind === "kde")
    return (start, end) => ({
      k: 1,
      nQuery: end - start,
      queryStart: start,
      indices: new Int32Array(end - start),
      distances: kdeLogDensity(spec.kde, spec.queries, start, end),
    });
  if (spec.kind === "mixed")
    return (start, end) =>
      mixedKnn(spec.rules, spec.query, spec.ref, spec.k, {
        excludeSelf: spec.excludeSelf,
        queryStart: start,
        queryEnd: end,
      });
  const space = GowerSpace.fit(
    spec.fitTables.map((t) => new Table(t.columns, t.nRows)),
    spec.fitOptions,
  );
  return (start, end) =>
    space.knn(spec.query, spec.ref, spec.k, { excludeSelf: spec.excludeSelf, queryStart: start, queryEnd: end });
}

function answer(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(signal, SIGNAL.answers, 1);
  Atomics.notify(signal, SIGNAL.answers);
}

port.on("message", (message: ToWorker) => {
  if (message.type === "end") {
    jobs.delete(message.job);
    return;
  }
  if (message.type === "fit") {
    // A model fit (learn/engine.ts): self-contained, answered with the model's JSON.
    try {
      const model = fitGbt(message.data, message.options, rngFromKey(message.key));
      answer({ type: "fitted", job: message.job, task: message.task, model: model.toJSON() });
    } catch (error) {
      answer(errorAnswer(message.job, message.task, error));
    }
    return;
  }
  if (message.type === "job") {
    // Built lazily on the first task, so that a failing fit is answered as that task's error.
    let searcher: Searcher | undefined;
    jobs.set(message.job, (start, end) => (searcher ??= searcherFor(message.spec))(start, end));
    return;
  }
  const search = jobs.get(message.job);
  try {
    if (search === undefined) throw new Error(`job ${message.job} is unknown to this worker`);
    const found = search(message.start, message.end);
    answer(
      { type: "result", job: message.job, task: message.task, indices: found.indices, distances: found.distances },
      [found.indices.buffer as ArrayBuffer, found.distances.buffer as ArrayBuffer],
    );
  } catch (error) {
    answer(errorAnswer(message.job, message.task, error));
  }
});

/** A task's failure as an answer: its message, and whether it was an option error (fits report those as undefined). */
function errorAnswer(job: number, task: number, error: unknown): FromWorker {
  return {
    type: "error",
    job,
    task,
    message: error instanceof Error ? error.message : String(error),
    option: error instanceof SosieOptionError,
  };
}

Atomics.add(signal, SIGNAL.ready, 1);
Atomics.notify(signal, SIGNAL.ready);
