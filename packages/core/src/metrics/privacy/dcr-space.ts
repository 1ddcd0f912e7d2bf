/**
 * The distance spaces of the DCR suite (§4.1–4.4) and their searches, shared by its metrics.
 *
 * dcr-distribution, dcr-closer-to-train and dcr-baseline-protection search the same pairs of
 * tables (S → R_eq, S → H, H → R_eq, S → R) in one space fitted on R. Within an evaluation these
 * are computed once: the space, the encodings and every full-range 2-NN search are memoised on
 * the table objects (weakly, so they go with the tables). Each entry is a deterministic function
 * of its key, so results do not depend on the order the metrics run in.
 *
 * `dcrSearch` is the heavy part as a function of a query row range, for the CLI's workers;
 * `primeDcrSearch` hands their results back to the memo.
 */
import { SosieOptionError } from "../../errors.ts";
import { type EncodedRows, GowerSpace } from "../../neighbors/index.ts";
import { type Neighbors, closestDistances, concatNeighbors } from "../../neighbors/search-result.ts";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import { subsampleRows } from "../utility/sampling.ts";
import { nearestTwo, projectTables } from "./projected-space.ts";
import type { PrivacyOptions, ProjectedSpaceInfo } from "./types.ts";

export interface DcrSpaceOptions extends PrivacyOptions {
  /** "gower" (sosie Gower, default) or "projected" (§2.1). */
  readonly space?: "gower" | "projected";
}

/** d1 and d2 (∞ without a second reference) of every query row against the reference rows. */
export type Searcher = (query: Table, ref: Table) => { d1: Float64Array; d2: Float64Array };

export interface DcrSpace {
  readonly search: Searcher;
  readonly info: ProjectedSpaceInfo | null;
  readonly distance: string;
}

/** The sosie Gower space fitted on R, with its encodings memoised per table. */
export interface GowerDcrSpace {
  readonly space: GowerSpace;
  encode(table: Table): EncodedRows;
}

const gowerSpaces = new WeakMap<Table, Map<string, GowerDcrSpace>>();
const gowerSearches = new WeakMap<GowerDcrSpace, WeakMap<Table, WeakMap<Table, Neighbors>>>();

function memo<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** The Gower space of R with `weights`, fitted once per (R, weights). */
export function gowerDcrSpace(real: Table, weights: Readonly<Record<string, number>> | undefined): GowerDcrSpace {
  const byWeights = memo(gowerSpaces, real, () => new Map<string, GowerDcrSpace>());
  const key = JSON.stringify(weights ?? null);
  let found = byWeights.get(key);
  if (found === undefined) {
    const space = GowerSpace.fit(real, { weights });
    const encoded = new WeakMap<Table, EncodedRows>();
    found = { space, encode: (t) => memo(encoded, t, () => space.encode(t)) };
    byWeights.set(key, found);
  }
  return found;
}

/** The 2-NN (1-NN when ref has one row) of query rows [start, end) among the reference rows. */
export function dcrSearch(space: GowerDcrSpace, query: Table, ref: Table, start: number, end: number): Neighbors {
  return space.space.knn(space.encode(query), space.encode(ref), Math.min(2, ref.nRows), {
    queryStart: start,
    queryEnd: end,
  });
}

/**
 * Hands the memo the search of `query` against `ref` computed elsewhere (the `dcrSearch` parts
 * of every query row, in any order): the metrics then read it instead of searching. The parts are
 * the exact search's own lists, so the records are the same as without priming.
 */
export function primeDcrSearch(space: GowerDcrSpace, query: Table, ref: Table, parts: readonly Neighbors[]): void {
  const whole = concatNeighbors([...parts].sort((a, b) => a.queryStart - b.queryStart));
  if (whole.queryStart !== 0 || whole.nQuery !== query.nRows)
    throw new RangeError(`the parts do not cover the ${query.nRows} query rows`);
  const byQuery = memo(
    memo(gowerSearches, space, () => new WeakMap<Table, WeakMap<Table, Neighbors>>()),
    query,
    () => new WeakMap<Table, Neighbors>(),
  );
  if (!byQuery.has(ref)) byQuery.set(ref, whole);
}

function withInfiniteD2(nb: Neighbors): { d1: Float64Array; d2: Float64Array } {
  const { d1, d2 } = closestDistances(nb);
  return { d1, d2: d2.map((d) => (Number.isNaN(d) ? Infinity : d)) };
}

/** The searcher of one metric call: Gower (default) or projected, both fitted on R, memoised. */
export function dcrSpace(real: Table, options: DcrSpaceOptions | undefined): DcrSpace {
  const kind = options?.space ?? "gower";
  if (kind === "projected") {
    // One projection of R (memoised by projectTables) serves every search.
    const search: Searcher = (query, ref) => {
      const projected = projectTables([real, query, ref], options);
      const { d1, d2 } = nearestTwo(projected.points[1], projected.points[2]);
      return { d1, d2: d2.map((d) => (Number.isNaN(d) ? Infinity : d)) };
    };
    return { search, info: projectTables([real], options).info, distance: "euclidean-projected" };
  }
  if (kind !== "gower") throw new SosieOptionError(`space must be "gower" or "projected", got "${kind}"`);
  const gower = gowerDcrSpace(real, options?.columnWeights);
  const searches = memo(gowerSearches, gower, () => new WeakMap<Table, WeakMap<Table, Neighbors>>());
  const search: Searcher = (query, ref) =>
    withInfiniteD2(
      memo(
        memo(searches, query, () => new WeakMap<Table, Neighbors>()),
        ref,
        () => dcrSearch(gower, query, ref, 0, query.nRows),
      ),
    );
  return { search, info: null, distance: "gower-sosie" };
}

const trainSamples = new WeakMap<Table, Map<string, Table>>();

/**
 * The seeded subsample of R with as many rows as H (all of R when smaller), shared by §4.1 and
 * §4.3; memoised per (R, size, seed) so that both metrics search the same table object.
 */
export function holdoutSizedTrain(real: Table, nHoldout: number, seed: PrivacyOptions["seed"]): Table {
  const bySeed = memo(trainSamples, real, () => new Map<string, Table>());
  const s = seed ?? 0;
  const key = `${nHoldout}:${typeof s}:${String(s)}`;
  let train = bySeed.get(key);
  if (train === undefined)
    bySeed.set(key, (train = subsampleRows(real, nHoldout, Rng.fromSeed(s).derive("dcr-train-sample"))));
  return train;
}
