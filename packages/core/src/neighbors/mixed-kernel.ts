/**
 * Exact k-nearest neighbours for distances that are a weighted sum of non-negative per-column
 * contributions (Gower, Anonymeter), on row-major encoded rows.
 *
 * Each contribution is ≥ 0, so a partial sum only grows: a candidate is abandoned as soon as its
 * partial sum exceeds the current k-th best sum. References are scanned in ascending index
 * order, so an abandoned candidate could at best tie the k-th best and would lose the tie.
 * Columns are evaluated in a fixed order chosen by the space (largest expected contribution
 * first, to abandon early); the distance is always summed in that order, so search results and
 * direct evaluation agree bit for bit.
 */

import { delegate } from "./engine.ts";
import { type MixedIndex, fingerprint, indexReference, indexedKnn } from "./mixed-packed.ts";
import { type Neighbors, type SearchOptions, emptySearch, offerCandidate, resolveSearch } from "./search-result.ts";

/** From this many query rows in a call, the bit-sliced bound (mixed-packed.ts) pays for its index. */
const INDEXED_MIN_QUERIES = 8;

export const NUMERIC = 0;
export const CATEGORICAL = 1;
/**
 * The two terms of a squared Euclidean distance over z-scored numerics and one-hot dummies
 * (SMOTE-NC), summed as the dense sum over the coordinates sums them: SQUARED adds
 * weight · ((a − b) / range)² (no cap); ONE_HOT adds nothing on a match and, on a mismatch,
 * `weight` twice, one addition per differing dummy (the zeros between add exactly 0).
 */
export const SQUARED = 2;
export const ONE_HOT = 3;

/** Per-column contribution rules, in evaluation order. */
export interface MixedRules {
  /**
   * NUMERIC: weight · min(cap, |a − b| / range). CATEGORICAL: 0 if a === b, else weight.
   * SQUARED and ONE_HOT: see above.
   */
  readonly kind: Uint8Array;
  readonly range: Float64Array;
  readonly cap: Float64Array;
  readonly weight: Float64Array;
  /** Contribution when both values are missing (NaN). */
  readonly bothMissing: Float64Array;
  /** Contribution when exactly one value is missing. */
  readonly oneMissing: Float64Array;
  /** distance = sum / divisor, or √(sum / divisor) with `root` (a Euclidean distance from its square). */
  readonly divisor: number;
  readonly root?: boolean;
}

/** Rows encoded for a space: n x p row-major, columns in the space's evaluation order, missing = NaN. */
export interface EncodedRows {
  readonly n: number;
  readonly p: number;
  readonly values: Float64Array;
}

/** Unnormalised sum of contributions of (x row i, y row j), abandoning once it exceeds `bound`. */
export function mixedSum(
  rules: MixedRules,
  x: EncodedRows,
  i: number,
  y: EncodedRows,
  j: number,
  bound = Infinity,
): number {
  const { kind, range, cap, weight, bothMissing, oneMissing } = rules;
  const p = x.p;
  const X = x.values;
  const Y = y.values;
  const xo = i * p;
  const yo = j * p;
  let s = 0;
  for (let c = 0; c < p; c++) {
    const a = X[xo + c];
    const b = Y[yo + c];
    if (a !== a || b !== b) s += a !== a && b !== b ? bothMissing[c] : oneMissing[c];
    else {
      const kc = kind[c];
      if (kc === NUMERIC) {
        const d = (a > b ? a - b : b - a) / range[c];
        s += (d < cap[c] ? d : cap[c]) * weight[c];
      } else if (kc === SQUARED) {
        const d = (a - b) / range[c];
        s += d * d * weight[c];
      } else if (a !== b) {
        s += weight[c];
        if (kc === ONE_HOT) s += weight[c];
      }
    }
    if (s > bound) return s;
  }
  return s;
}

export function mixedDistance(rules: MixedRules, x: EncodedRows, i: number, y: EncodedRows, j: number): number {
  return distanceOfSum(rules, mixedSum(rules, x, i, y, j));
}

/** The distance of an unnormalised sum under `rules` (monotone in the sum). */
export function distanceOfSum(rules: MixedRules, sum: number): number {
  return rules.root === true ? Math.sqrt(sum / rules.divisor) : sum / rules.divisor;
}

/**
 * Exact k nearest reference rows of query rows [queryStart, queryEnd): through the bit-sliced
 * bound of mixed-packed.ts when the rows have categorical columns, else the plain scan. Both give
 * the same lists and distances, bit for bit. A big full-range search goes to the active
 * NeighbourEngine (engine.ts) when there is one.
 */
export function mixedKnn(
  rules: MixedRules,
  query: EncodedRows,
  ref: EncodedRows,
  k: number,
  options: SearchOptions = {},
): Neighbors {
  checkShapes(rules, query, ref);
  const { start, end } = resolveSearch(query.n, ref.n, k, options);
  const excludeSelf = options.excludeSelf === true;
  if (start === 0 && end === query.n) {
    const found = delegate(query.n * ref.n, (engine) => engine.mixedKnn(rules, query, ref, k, excludeSelf));
    if (found !== undefined) return found;
  }
  if (end - start >= INDEXED_MIN_QUERIES) {
    const index = indexOf(rules, ref);
    if (index !== null) return indexedKnn(rules, index, query, ref, k, start, end, excludeSelf);
  }
  return plainKnn(rules, query, ref, k, start, end, excludeSelf);
}

/** The signature of the exact mixed searches (`mixedKnn`, `mixedKnnBrute`). */
export type MixedKnn = typeof mixedKnn;

const indexes = new WeakMap<EncodedRows, WeakMap<MixedRules, MixedIndex | null>>();

/**
 * The index of `ref` under `rules`, built once per (rows, rules) object pair: the searches of
 * several query ranges against one reference (workers' tasks) share it. Encoded rows and rules
 * are not modified once made; a changed fingerprint (fingerprint()) rebuilds the index anyway.
 */
function indexOf(rules: MixedRules, ref: EncodedRows): MixedIndex | null {
  let byRules = indexes.get(ref);
  if (byRules === undefined) indexes.set(ref, (byRules = new WeakMap()));
  let index = byRules.get(rules);
  if (index === undefined || (index !== null && fingerprint(index.columns, ref) !== index.fingerprint))
    byRules.set(rules, (index = indexReference(rules, ref)));
  return index;
}

/** The plain scan (reference rows in index order, abandoning a row once its partial sum exceeds the k-th). */
export const mixedKnnBrute: MixedKnn = (rules, query, ref, k, options = {}) => {
  checkShapes(rules, query, ref);
  const { start, end } = resolveSearch(query.n, ref.n, k, options);
  return plainKnn(rules, query, ref, k, start, end, options.excludeSelf === true);
};

function checkShapes(rules: MixedRules, query: EncodedRows, ref: EncodedRows): void {
  if (query.p !== ref.p || query.p !== rules.kind.length)
    throw new RangeError(`query, reference and rules disagree on the number of columns`);
}

function plainKnn(
  rules: MixedRules,
  query: EncodedRows,
  ref: EncodedRows,
  k: number,
  start: number,
  end: number,
  excludeSelf: boolean,
): Neighbors {
  const nq = end - start;
  const { result, keys } = emptySearch(start, end, k);
  const { distances, indices } = result;
  const nRef = ref.n;
  for (let ql = 0; ql < nq; ql++) {
    const q = start + ql;
    const o = ql * k;
    let bound = Infinity;
    for (let r = 0; r < nRef; r++) {
      if (excludeSelf && r === q) continue;
      const s = mixedSum(rules, query, q, ref, r, bound);
      if (s > bound) continue;
      if (offerCandidate(distances, indices, keys, o, k, distanceOfSum(rules, s), r, s) && indices[o + k - 1] >= 0)
        bound = keys[o + k - 1];
    }
  }
  return result;
}

/**
 * Column evaluation order: decreasing mean contribution over a fixed set of row pairs of `rows`
 * (columns in their natural order), ties by column index. Deterministic; affects speed only.
 */
export function contributionOrder(rules: MixedRules, rows: EncodedRows, maxPairs = 4096): Int32Array {
  const p = rows.p;
  const mean = new Float64Array(p);
  const n = rows.n;
  if (n >= 2) {
    const pairs = Math.min(maxPairs, n);
    const single: MixedRules = { ...rules, divisor: 1 };
    for (let t = 0; t < pairs; t++) {
      const i = Math.floor((t * n) / pairs);
      const j = (i + 1 + ((t * 7919) % (n - 1))) % n;
      for (let c = 0; c < p; c++) mean[c] += columnContribution(single, rows, i, j, c);
    }
  }
  return Int32Array.from({ length: p }, (_, c) => c).sort((a, b) => mean[b] - mean[a] || a - b);
}

function columnContribution(rules: MixedRules, x: EncodedRows, i: number, j: number, c: number): number {
  const a = x.values[i * x.p + c];
  const b = x.values[j * x.p + c];
  if (a !== a || b !== b) return a !== a && b !== b ? rules.bothMissing[c] : rules.oneMissing[c];
  if (rules.kind[c] === NUMERIC) return Math.min(rules.cap[c], Math.abs(a - b) / rules.range[c]) * rules.weight[c];
  if (rules.kind[c] === SQUARED) return ((a - b) / rules.range[c]) ** 2 * rules.weight[c];
  return a === b ? 0 : rules.kind[c] === ONE_HOT ? 2 * rules.weight[c] : rules.weight[c];
}

/** The rules and rows with columns permuted to `order`. */
export function permuteRules(rules: MixedRules, order: Int32Array): MixedRules {
  const pick = <T extends Float64Array | Uint8Array>(a: T): T => {
    const out = a.slice() as T;
    for (let c = 0; c < order.length; c++) out[c] = a[order[c]];
    return out;
  };
  return {
    kind: pick(rules.kind),
    range: pick(rules.range),
    cap: pick(rules.cap),
    weight: pick(rules.weight),
    bothMissing: pick(rules.bothMissing),
    oneMissing: pick(rules.oneMissing),
    divisor: rules.divisor,
    ...(rules.root === undefined ? {} : { root: rules.root }),
  };
}

/** Row-major rows from per-column arrays (NaN for missing), columns in `order`. */
export function rowsFromColumns(columns: readonly Float64Array[], n: number, order: ArrayLike<number>): EncodedRows {
  const p = order.length;
  const values = new Float64Array(n * p);
  for (let c = 0; c < p; c++) {
    const col = columns[order[c]];
    for (let i = 0; i < n; i++) values[i * p + c] = col[i];
  }
  return { n, p, values };
}
