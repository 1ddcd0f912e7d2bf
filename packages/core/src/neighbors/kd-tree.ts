/**
 * Exact Euclidean k-nearest neighbours through a k-d tree, for low dimensions (the first ncp
 * projected coordinates). Same contract as the blocked brute force of euclidean.ts: distances are
 * √(Σ_j (q_j − r_j)²) summed in dimension order, lists sorted by distance then index.
 *
 * Exactness: a node is skipped only when √(lower bound) > the current k-th distance, where the
 * lower bound Σ_j gap_j² uses the same operation order as the distance and each gap is the
 * rounded difference to the tight bounding box. Rounded subtraction, squaring and addition are
 * monotone, so the bound never exceeds the computed distance of any point inside: a skipped point
 * is strictly farther than the k-th and could not even tie. The answer is therefore the brute
 * force's, whatever the visiting order or the query range.
 */
import type { EuclideanKnn } from "./euclidean.ts";
import { checkCoordinates, emptySearch, offerCandidate, resolveSearch } from "./search-result.ts";

/** Points per leaf. */
const LEAF_SIZE = 12;

export interface KdTree {
  readonly n: number;
  readonly dims: number;
  /** Points in tree order, row-major. */
  readonly points: Float64Array;
  /** Original row of each point in tree order. */
  readonly rows: Int32Array;
  /** Per node: first and one-past-last point, children (−1 for a leaf). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Per node: tight bounding box, `dims` lows then `dims` highs. */
  readonly box: Float64Array;
}

/** Builds the tree on rows [0, n) of `ref` (row-major, `dims` columns). Deterministic. */
export function buildKdTree(ref: Float64Array, n: number, dims: number): KdTree {
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const maxNodes = Math.max(1, 2 * Math.ceil(n / Math.max(1, LEAF_SIZE / 2)));
  const start = new Int32Array(maxNodes);
  const end = new Int32Array(maxNodes);
  const left = new Int32Array(maxNodes).fill(-1);
  const right = new Int32Array(maxNodes).fill(-1);
  const box = new Float64Array(maxNodes * 2 * dims);
  let nodes = 0;
  const stack: number[] = [];
  const make = (s: number, e: number): number => {
    const id = nodes++;
    start[id] = s;
    end[id] = e;
    stack.push(id);
    return id;
  };
  make(0, n);
  while (stack.length > 0) {
    const id = stack.pop()!;
    const s = start[id];
    const e = end[id];
    const b = id * 2 * dims;
    for (let j = 0; j < dims; j++) {
      box[b + j] = Infinity;
      box[b + dims + j] = -Infinity;
    }
    for (let i = s; i < e; i++) {
      const o = rows[i] * dims;
      for (let j = 0; j < dims; j++) {
        const x = ref[o + j];
        if (x < box[b + j]) box[b + j] = x;
        if (x > box[b + dims + j]) box[b + dims + j] = x;
      }
    }
    if (e - s <= LEAF_SIZE) continue;
    // Split the widest dimension (ties: lowest) at the median.
    let axis = 0;
    let widest = -1;
    for (let j = 0; j < dims; j++) {
      const w = box[b + dims + j] - box[b + j];
      if (w > widest) {
        widest = w;
        axis = j;
      }
    }
    if (!(widest > 0)) continue; // all points equal: a leaf, whatever its size
    const mid = (s + e) >>> 1;
    select(rows, ref, dims, axis, s, e - 1, mid);
    left[id] = make(s, mid);
    right[id] = make(mid, e);
  }
  const points = new Float64Array(n * dims);
  for (let i = 0; i < n; i++) for (let j = 0; j < dims; j++) points[i * dims + j] = ref[rows[i] * dims + j];
  return {
    n,
    dims,
    points,
    rows,
    start: start.slice(0, nodes),
    end: end.slice(0, nodes),
    left: left.slice(0, nodes),
    right: right.slice(0, nodes),
    box: box.slice(0, nodes * 2 * dims),
  };
}

/** Hoare quickselect of rows[lo..hi] by coordinate `axis` so that position `k` holds its order statistic. */
function select(
  rows: Int32Array,
  ref: Float64Array,
  dims: number,
  axis: number,
  lo: number,
  hi: number,
  k: number,
): void {
  const key = (i: number): number => ref[rows[i] * dims + axis];
  while (hi > lo) {
    // Median of three as the pivot: deterministic, no random draws.
    const m = (lo + hi) >>> 1;
    const a = key(lo);
    const b = key(m);
    const c = key(hi);
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        const t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** True when the tree was built on exactly these coordinates (so a cached tree can be reused). */
function treeMatches(tree: KdTree, ref: Float64Array, n: number, dims: number): boolean {
  if (tree.n !== n || tree.dims !== dims) return false;
  const { points, rows } = tree;
  for (let i = 0; i < n; i++) {
    const o = rows[i] * dims;
    for (let j = 0; j < dims; j++) if (points[i * dims + j] !== ref[o + j]) return false;
  }
  return true;
}

const cache = new WeakMap<Float64Array, KdTree>();

/** The tree of `ref`, reused across calls on the same, unchanged coordinates (query ranges of one search). */
export function kdTreeOf(ref: Float64Array, n: number, dims: number): KdTree {
  const cached = cache.get(ref);
  if (cached !== undefined && treeMatches(cached, ref, n, dims)) return cached;
  const tree = buildKdTree(ref, n, dims);
  cache.set(ref, tree);
  return tree;
}

/** Exact k-NN of query rows [queryStart, queryEnd) among the `nRef` rows of `ref` (see `knn`). */
export const kdTreeKnn: EuclideanKnn = (query, nQuery, ref, nRef, dims, k, options = {}) => {
  checkCoordinates(query, nQuery, ref, nRef, dims);
  const { start, end } = resolveSearch(nQuery, nRef, k, options);
  const nq = end - start;
  const { result, keys } = emptySearch(start, end, k);
  if (nq === 0) return result;
  const { distances, indices } = result;
  const tree = kdTreeOf(ref, nRef, dims);
  const { points, rows, box, left, right } = tree;
  const excludeSelf = options.excludeSelf === true;
  const q = new Float64Array(dims);
  const stack = new Int32Array(64 + 2 * Math.ceil(Math.log2(nRef + 1)) * 2);
  const bounds = new Float64Array(stack.length);

  /** Σ_j gap_j², in dimension order, to the box of `node`. */
  const lowerBound = (node: number): number => {
    const b = node * 2 * dims;
    let s = 0;
    for (let j = 0; j < dims; j++) {
      const x = q[j];
      const lo = box[b + j];
      const hi = box[b + dims + j];
      const d = x < lo ? lo - x : x > hi ? x - hi : 0;
      s += d * d;
    }
    return s;
  };

  for (let ql = 0; ql < nq; ql++) {
    const qi = start + ql;
    for (let j = 0; j < dims; j++) q[j] = query[qi * dims + j];
    const o = ql * k;
    const last = o + k - 1;
    let top = 0;
    stack[top] = 0;
    bounds[top++] = lowerBound(0);
    while (top > 0) {
      const node = stack[--top];
      const lb = bounds[top];
      // Skipped only when strictly farther than the k-th (a tie could still win on index).
      if (indices[last] >= 0 && lb > keys[last] && Math.sqrt(lb) > distances[last]) continue;
      const l = left[node];
      if (l < 0) {
        for (let p = tree.start[node]; p < tree.end[node]; p++) {
          const r = rows[p];
          if (excludeSelf && r === qi) continue;
          const po = p * dims;
          let sq = 0;
          for (let j = 0; j < dims; j++) {
            const d = q[j] - points[po + j];
            sq += d * d;
          }
          if (indices[last] >= 0 && sq > keys[last]) {
            const dist = Math.sqrt(sq);
            if (dist > distances[last]) continue;
            offerCandidate(distances, indices, keys, o, k, dist, r, sq);
          } else offerCandidate(distances, indices, keys, o, k, Math.sqrt(sq), r, sq);
        }
        continue;
      }
      const rgt = right[node];
      const lbL = lowerBound(l);
      const lbR = lowerBound(rgt);
      // Push the farther child first so the nearer one is searched first.
      if (lbL <= lbR) {
        stack[top] = rgt;
        bounds[top++] = lbR;
        stack[top] = l;
        bounds[top++] = lbL;
      } else {
        stack[top] = l;
        bounds[top++] = lbL;
        stack[top] = rgt;
        bounds[top++] = lbR;
      }
    }
  }
  return result;
};
