/**
 * The leading eigenpairs of a symmetric matrix, without the full O(n³) decomposition: block
 * Krylov (block Lanczos with full reorthogonalisation) and Rayleigh–Ritz.
 *
 * Deterministic: the start block is a fixed hash sequence (no random draws), every operation runs
 * in a fixed order, and the basis grows until each wanted Ritz pair has a residual
 * ‖A·v − θ·v‖ ≤ tolerance·|θ₁|. When the basis would exceed `maxBasis` the dense solver is used
 * instead, so the answer is always converged. Signs follow `signMakingLargestPositive`.
 */
import { signMakingLargestPositive, symmetricEigen } from "./eigen.ts";
import { type Matrix, matrix } from "./matrix.ts";

export interface LeadingEigen {
  /** The `count` largest eigenvalues, descending. */
  readonly values: Float64Array;
  /** n x count; column k (entries `vectors.data[i * count + k]`) is the unit eigenvector of values[k]. */
  readonly vectors: Matrix;
  /** Krylov basis size used (0 when the dense solver ran). */
  readonly basisSize: number;
}

export interface LeadingEigenOptions {
  /** Residual bound relative to the largest |eigenvalue| (default 1e-12). */
  tolerance?: number;
  /** Vectors per Krylov block (default count + 4, at most 16): repeated eigenvalues up to this multiplicity are found. */
  blockSize?: number;
  /** Largest basis before falling back to the dense solver (default min(n, max(200, n/3))). */
  maxBasis?: number;
}

/** Below this size the dense solver is as fast and simpler. */
const DENSE_BELOW = 64;
/** A new vector keeping less than this share of its norm after orthogonalisation is dependent. */
const BREAKDOWN = 1e-10;

/** Entry i of the deterministic start vector `seed`, in [−0.5, 0.5): an integer hash, platform independent. */
function hashEntry(seed: number, i: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(seed + 1, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296 - 0.5;
}

/** The `count` largest eigenpairs of the symmetric matrix `a` (only its symmetric part is used). */
export function leadingEigen(a: Matrix, count: number, options: LeadingEigenOptions = {}): LeadingEigen {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`eigendecomposition needs a square matrix, got ${a.rows} x ${a.cols}`);
  if (!(Number.isInteger(count) && count >= 0 && count <= n)) throw new RangeError(`count must be an integer in [0, ${n}], got ${count}`);
  const tolerance = options.tolerance ?? 1e-12;
  const block = Math.min(n, options.blockSize ?? Math.min(16, count + 4));
  const maxBasis = Math.min(n, options.maxBasis ?? Math.max(200, Math.floor(n / 3)));
  if (count === 0) return { values: new Float64Array(0), vectors: matrix(n, 0), basisSize: 0 };
  if (n < DENSE_BELOW || maxBasis < 2 * block || count > maxBasis / 2) return dense(a, count);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
      if (!Number.isFinite(x)) throw new RangeError(`matrix entry (${i}, ${j}) is not finite`);
      A[i * n + j] = x;
    }
  // Basis vectors and their images, one per row.
  const Q = new Float64Array(maxBasis * n);
  const AQ = new Float64Array(maxBasis * n);
  const T = new Float64Array(maxBasis * maxBasis);
  let m = 0;
  let seed = 0;
  let nextCheck = count + block;
  // The block to orthogonalise sits at rows [m, m + pending) of Q.
  let pending = block;
  for (let b = 0; b < pending; b++) for (let i = 0; i < n; i++) Q[b * n + i] = hashEntry(seed++, i);
  for (;;) {
    let next = m;
    for (let v = m; v < m + pending; v++) {
      if (next !== v) Q.copyWithin(next * n, v * n, (v + 1) * n);
      // A dependent vector is replaced by fresh start vectors until one adds a direction.
      let ok = orthonormalise(Q, next, n);
      for (let tries = 0; !ok && tries < 3; tries++) {
        for (let i = 0; i < n; i++) Q[next * n + i] = hashEntry(seed++, i);
        ok = orthonormalise(Q, next, n);
      }
      if (ok) next++;
    }
    const added = next - m;
    if (added === 0) break; // the basis spans an invariant subspace holding every start direction
    multiplyRows(A, n, Q, AQ, m, next);
    for (let r = m; r < next; r++)
      for (let c = 0; c <= r; c++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += AQ[r * n + i] * Q[c * n + i];
        T[r * maxBasis + c] = s;
        T[c * maxBasis + r] = s;
      }
    m = next;
    const full = m + 1 > maxBasis;
    if (m >= count && (m >= nextCheck || full)) {
      const ritz = rayleighRitz(T, maxBasis, m, Q, AQ, n, count);
      if (ritz.maxResidual <= tolerance * Math.abs(ritz.values[0])) return { ...ritz, basisSize: m };
      // Checks cost O(m³): space them geometrically.
      nextCheck = Math.max(m + block, Math.ceil(m * 1.25));
    }
    if (full) break;
    // Next block: the images of the block just added, topped up with fresh start vectors.
    pending = Math.min(block, maxBasis - m);
    for (let b = 0; b < pending; b++) {
      if (b < added) Q.set(AQ.subarray((m - added + b) * n, (m - added + b + 1) * n), (m + b) * n);
      else for (let i = 0; i < n; i++) Q[(m + b) * n + i] = hashEntry(seed++, i);
    }
  }
  if (m >= count) {
    const ritz = rayleighRitz(T, maxBasis, m, Q, AQ, n, count);
    if (ritz.maxResidual <= tolerance * Math.abs(ritz.values[0])) return { ...ritz, basisSize: m };
  }
  return dense(a, count);
}

function dense(a: Matrix, count: number): LeadingEigen {
  const n = a.rows;
  const { values, vectors } = symmetricEigen(a);
  const out = matrix(n, count);
  for (let i = 0; i < n; i++) for (let k = 0; k < count; k++) out.data[i * count + k] = vectors.data[i * n + k];
  return { values: values.slice(0, count), vectors: out, basisSize: 0 };
}

/**
 * Orthogonalises row `v` of Q against rows [0, v) (classical Gram–Schmidt, twice) and normalises
 * it; false when it keeps less than BREAKDOWN of its norm (numerically dependent).
 */
function orthonormalise(Q: Float64Array, v: number, n: number): boolean {
  const o = v * n;
  let before = 0;
  for (let i = 0; i < n; i++) before += Q[o + i] * Q[o + i];
  before = Math.sqrt(before);
  if (!(before > 0)) return false;
  const dots = new Float64Array(v);
  for (let pass = 0; pass < 2; pass++) {
    for (let u = 0; u < v; u++) {
      let s = 0;
      const p = u * n;
      for (let i = 0; i < n; i++) s += Q[p + i] * Q[o + i];
      dots[u] = s;
    }
    for (let u = 0; u < v; u++) {
      const s = dots[u];
      const p = u * n;
      for (let i = 0; i < n; i++) Q[o + i] -= s * Q[p + i];
    }
  }
  let after = 0;
  for (let i = 0; i < n; i++) after += Q[o + i] * Q[o + i];
  after = Math.sqrt(after);
  if (!(after > BREAKDOWN * before)) return false;
  for (let i = 0; i < n; i++) Q[o + i] /= after;
  return true;
}

/** AQ[r] = A·Q[r] for rows r in [from, to); A is read once per four vectors. */
function multiplyRows(A: Float64Array, n: number, Q: Float64Array, AQ: Float64Array, from: number, to: number): void {
  let r = from;
  for (; r + 4 <= to; r += 4) {
    const q0 = r * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    for (let i = 0; i < n; i++) {
      const ai = i * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const x = A[ai + j];
        s0 += x * Q[q0 + j];
        s1 += x * Q[q1 + j];
        s2 += x * Q[q2 + j];
        s3 += x * Q[q3 + j];
      }
      AQ[q0 + i] = s0;
      AQ[q1 + i] = s1;
      AQ[q2 + i] = s2;
      AQ[q3 + i] = s3;
    }
  }
  for (; r < to; r++) {
    const q = r * n;
    for (let i = 0; i < n; i++) {
      const ai = i * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += A[ai + j] * Q[q + j];
      AQ[q + i] = s;
    }
  }
}

/** Ritz pairs of the basis rows [0, m): the `count` largest, with the largest residual norm. */
function rayleighRitz(
  T: Float64Array,
  stride: number,
  m: number,
  Q: Float64Array,
  AQ: Float64Array,
  n: number,
  count: number,
): { values: Float64Array; vectors: Matrix; maxResidual: number } {
  const small = matrix(m, m);
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) small.data[r * m + c] = T[r * stride + c];
  const eig = symmetricEigen(small);
  const values = eig.values.slice(0, count);
  const vectors = matrix(n, count);
  const y = new Float64Array(n);
  const ay = new Float64Array(n);
  let maxResidual = 0;
  for (let k = 0; k < count; k++) {
    y.fill(0);
    ay.fill(0);
    for (let r = 0; r < m; r++) {
      const s = eig.vectors.data[r * m + k];
      if (s === 0) continue;
      const o = r * n;
      for (let i = 0; i < n; i++) {
        y[i] += s * Q[o + i];
        ay[i] += s * AQ[o + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += y[i] * y[i];
    norm = Math.sqrt(norm);
    let residual = 0;
    for (let i = 0; i < n; i++) {
      const d = (ay[i] - values[k] * y[i]) / norm;
      residual += d * d;
    }
    maxResidual = Math.max(maxResidual, Math.sqrt(residual));
    const sign = signMakingLargestPositive(y, 0, n);
    for (let i = 0; i < n; i++) vectors.data[i * count + k] = (sign * y[i]) / norm;
  }
  return { values, vectors, maxResidual };
}
