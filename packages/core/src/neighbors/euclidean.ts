/**
 * Exact Euclidean k-nearest neighbours on dense row-major coordinates (e.g. the first ncp
 * projected coordinates).
 *
 * Blocked brute force: for a block of queries against a block of references, the squared
 * distance is estimated as ‖q‖² + ‖r‖² − 2·q·r (dot products, four queries at a time). A reference
 * is discarded only when that estimate minus a rigorous bound on its rounding error exceeds the
 * current k-th best squared distance; survivors are recomputed directly as Σ (q_j − r_j)², so the
 * returned distances are exactly those of a direct computation, whatever the blocking.
 *
 * In low dimensions with many references, `knn` answers through the exact k-d tree of kd-tree.ts
 * instead (same results, bit for bit); `bruteForceKnn` always runs the blocked scan. A big
 * full-range `knn` goes to the active NeighbourEngine (engine.ts) when there is one.
 */

import {
  type Neighbors,
  type SearchOptions,
  checkCoordinates,
  emptySearch,
  offerCandidate,
  resolveSearch,
} from "./search-result.ts";
import { delegate } from "./engine.ts";
import { kdTreeKnn } from "./kd-tree.ts";

const QUERY_BLOCK = 64;
/** The k-d tree wins below about this many dimensions (pruning fades as dimensions grow). */
const TREE_MAX_DIMS = 10;
/** ... and from this many references and queries (building costs about n·log n). */
const TREE_MIN_REFS = 1024;
const TREE_MIN_QUERIES = 32;
const REF_BLOCK = 1024;

/** Exact squared Euclidean distance between query row q and reference row r, summed in dimension order. */
export function squaredEuclidean(query: Float64Array, q: number, ref: Float64Array, r: number, dims: number): number {
  const qo = q * dims;
  const ro = r * dims;
  let s = 0;
  for (let j = 0; j < dims; j++) {
    const d = query[qo + j] - ref[ro + j];
    s += d * d;
  }
  return s;
}

function rowSquaredNorms(x: Float64Array, start: number, end: number, dims: number): Float64Array {
  const out = new Float64Array(end - start);
  for (let i = start; i < end; i++) {
    let s = 0;
    for (let j = 0; j < dims; j++) s += x[i * dims + j] * x[i * dims + j];
    out[i - start] = s;
  }
  return out;
}

/** Exact k nearest reference rows of query rows [queryStart, queryEnd): k-d tree or blocked scan, by size. */
export function knn(
  query: Float64Array,
  nQuery: number,
  ref: Float64Array,
  nRef: number,
  dims: number,
  k: number,
  options: SearchOptions = {},
): Neighbors {
  const queries = (options.queryEnd ?? nQuery) - (options.queryStart ?? 0);
  if (queries === nQuery && (options.queryStart ?? 0) === 0) {
    resolveSearch(nQuery, nRef, k, options);
    const excludeSelf = options.excludeSelf === true;
    const found = delegate(nQuery * nRef, (engine) =>
      engine.euclideanKnn(query, nQuery, ref, nRef, dims, k, excludeSelf),
    );
    if (found !== undefined) return found;
  }
  if (dims <= TREE_MAX_DIMS && nRef >= TREE_MIN_REFS && queries >= TREE_MIN_QUERIES)
    return kdTreeKnn(query, nQuery, ref, nRef, dims, k, options);
  return bruteForceKnn(query, nQuery, ref, nRef, dims, k, options);
}

/** The signature of every exact Euclidean search (`knn`, `bruteForceKnn`, `kdTreeKnn`): one contract, one result. */
export type EuclideanKnn = typeof knn;

/** The blocked brute-force scan (see the file comment). */
export const bruteForceKnn: EuclideanKnn = (query, nQuery, ref, nRef, dims, k, options = {}) => {
  checkCoordinates(query, nQuery, ref, nRef, dims);
  const { start, end } = resolveSearch(nQuery, nRef, k, options);
  const nq = end - start;
  const { result, keys } = emptySearch(start, end, k);
  const { distances, indices } = result;
  const excludeSelf = options.excludeSelf === true;
  // The estimate ‖q‖² + ‖r‖² − 2q·r and the direct sum each differ from the true squared
  // distance by less than (dims + 4)·eps·(‖q‖² + ‖r‖²); we prune with a margin of twice that:
  // r is skipped when (1 − f)·‖r‖² − 2q·r > limit_q = threshold_q − (1 − f)·‖q‖².
  const shrink = 1 - (4 * dims + 16) * Number.EPSILON;
  const qNorms = rowSquaredNorms(query, start, end, dims);
  const rNorms = rowSquaredNorms(ref, 0, nRef, dims);
  for (let r = 0; r < nRef; r++) rNorms[r] *= shrink;
  const limits = new Float64Array(nq).fill(Infinity);

  /** Direct distance of a surviving pair; updates the list and the query's pruning limit. */
  const consider = (qLocal: number, r: number): void => {
    const q = start + qLocal;
    if (excludeSelf && q === r) return;
    const sq = squaredEuclidean(query, q, ref, r, dims);
    const o = qLocal * k;
    if (offerCandidate(distances, indices, keys, o, k, Math.sqrt(sq), r, sq) && indices[o + k - 1] >= 0)
      limits[qLocal] = keys[o + k - 1] - shrink * qNorms[qLocal];
  };

  for (let q0 = 0; q0 < nq; q0 += QUERY_BLOCK) {
    const q1 = Math.min(nq, q0 + QUERY_BLOCK);
    for (let r0 = 0; r0 < nRef; r0 += REF_BLOCK) {
      const r1 = Math.min(nRef, r0 + REF_BLOCK);
      let qa = q0;
      for (; qa + 4 <= q1; qa += 4) {
        const o0 = (start + qa) * dims;
        const o1 = o0 + dims;
        const o2 = o1 + dims;
        const o3 = o2 + dims;
        let r = r0;
        // Two references at a time: eight accumulators share each loaded coordinate.
        for (; r + 2 <= r1; r += 2) {
          const ra = r * dims;
          const rb = ra + dims;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          let b0 = 0;
          let b1 = 0;
          let b2 = 0;
          let b3 = 0;
          for (let j = 0; j < dims; j++) {
            const x = ref[ra + j];
            const y = ref[rb + j];
            const u0 = query[o0 + j];
            const u1 = query[o1 + j];
            const u2 = query[o2 + j];
            const u3 = query[o3 + j];
            a0 += u0 * x;
            a1 += u1 * x;
            a2 += u2 * x;
            a3 += u3 * x;
            b0 += u0 * y;
            b1 += u1 * y;
            b2 += u2 * y;
            b3 += u3 * y;
          }
          const rna = rNorms[r];
          if (rna - 2 * a0 <= limits[qa]) consider(qa, r);
          if (rna - 2 * a1 <= limits[qa + 1]) consider(qa + 1, r);
          if (rna - 2 * a2 <= limits[qa + 2]) consider(qa + 2, r);
          if (rna - 2 * a3 <= limits[qa + 3]) consider(qa + 3, r);
          const rnb = rNorms[r + 1];
          if (rnb - 2 * b0 <= limits[qa]) consider(qa, r + 1);
          if (rnb - 2 * b1 <= limits[qa + 1]) consider(qa + 1, r + 1);
          if (rnb - 2 * b2 <= limits[qa + 2]) consider(qa + 2, r + 1);
          if (rnb - 2 * b3 <= limits[qa + 3]) consider(qa + 3, r + 1);
        }
        for (; r < r1; r++) {
          const ro = r * dims;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let j = 0; j < dims; j++) {
            const x = ref[ro + j];
            s0 += query[o0 + j] * x;
            s1 += query[o1 + j] * x;
            s2 += query[o2 + j] * x;
            s3 += query[o3 + j] * x;
          }
          const rn = rNorms[r];
          if (rn - 2 * s0 <= limits[qa]) consider(qa, r);
          if (rn - 2 * s1 <= limits[qa + 1]) consider(qa + 1, r);
          if (rn - 2 * s2 <= limits[qa + 2]) consider(qa + 2, r);
          if (rn - 2 * s3 <= limits[qa + 3]) consider(qa + 3, r);
        }
      }
      for (; qa < q1; qa++) {
        const o = (start + qa) * dims;
        for (let r = r0; r < r1; r++) {
          const ro = r * dims;
          let s = 0;
          for (let j = 0; j < dims; j++) s += query[o + j] * ref[ro + j];
          if (rNorms[r] - 2 * s <= limits[qa]) consider(qa, r);
        }
      }
    }
  }
  return result;
};
