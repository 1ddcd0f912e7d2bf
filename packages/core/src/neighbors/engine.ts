/**
 * An injected engine for the heavy exact searches. Core stays single-threaded and browser-safe;
 * a host with threads (the CLI's worker pool) runs the same searches over query ranges elsewhere
 * and returns the joined lists, which must be exactly those of the in-thread search (every
 * search here is exact and per query, so splitting by query rows changes nothing).
 *
 * `withNeighbourEngine(engine, run)` makes the engine answer the full-range searches of
 * `mixedKnn` (Gower, Anonymeter) and `knn` (Euclidean), and the kernel density sums of
 * `kdeLogDensity` (DOMIAS), made while `run` runs, when they are big enough to be worth the
 * messages. While the engine works it is not active, so an engine that
 * falls back to the in-thread search does not recurse.
 */
import type { WhitenedKde } from "./kde.ts";
import type { EncodedRows, MixedRules } from "./mixed-kernel.ts";
import type { Neighbors } from "./search-result.ts";

export interface NeighbourEngine {
  /** `mixedKnn(rules, query, ref, k, { excludeSelf })` over every query row. */
  mixedKnn(rules: MixedRules, query: EncodedRows, ref: EncodedRows, k: number, excludeSelf: boolean): Neighbors;
  /** `knn(query, nQuery, ref, nRef, dims, k, { excludeSelf })` over every query row. */
  euclideanKnn(
    query: Float64Array,
    nQuery: number,
    ref: Float64Array,
    nRef: number,
    dims: number,
    k: number,
    excludeSelf: boolean,
  ): Neighbors;
  /** `kdeLogDensity(kde, queries, 0, nQuery)` (kde.ts), when the engine can. */
  kdeLogDensity?(kde: WhitenedKde, queries: Float64Array, nQuery: number): Float64Array;
}

/** Below this many query × reference pairs a search stays in this thread. */
export const ENGINE_MIN_PAIRS = 1 << 22;

let active: NeighbourEngine | null = null;

/** Runs `run` with `engine` answering its big searches (null: none), then restores the previous engine. */
export function withNeighbourEngine<T>(engine: NeighbourEngine | null, run: () => T): T {
  const previous = active;
  active = engine;
  try {
    return run();
  } finally {
    active = previous;
  }
}

/**
 * `search(engine)` with the active engine set aside while it runs, or undefined when no engine
 * is active, the search has fewer than ENGINE_MIN_PAIRS pairs or the engine declines (undefined).
 */
export function delegate<T>(pairs: number, search: (engine: NeighbourEngine) => T | undefined): T | undefined {
  const engine = active;
  if (engine === null || pairs < ENGINE_MIN_PAIRS) return undefined;
  active = null;
  try {
    return search(engine);
  } finally {
    active = engine;
  }
}
