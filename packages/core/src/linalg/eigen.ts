/**
 * Symmetric eigendecomposition: Householder reduction to tridiagonal form, then the implicit QL
 * algorithm (the EISPACK tred2/tql2 pair, as in JAMA). Deterministic: no random start, a fixed
 * operation order, eigenvalues sorted descending and eigenvector signs fixed by a rule.
 */

import { type Matrix, matrix } from "./matrix.ts";

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  readonly values: Float64Array;
  /** n x n; column k (entries `vectors.data[i * n + k]`) is the unit eigenvector of values[k]. */
  readonly vectors: Matrix;
}

/** Entries within this relative distance of the largest magnitude count as tied for the sign rule. */
const SIGN_TIE_TOLERANCE = 1e-12;

/**
 * Eigenvalues and eigenvectors of a symmetric matrix. Only the symmetric part (A + Aᵀ)/2 is used.
 * Each eigenvector's entry of largest magnitude is made positive (ties: lowest index).
 */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`eigendecomposition needs a square matrix, got ${a.rows} x ${a.cols}`);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = 0.5 * (a.data[i * n + j] + a.data[j * n + i]);
      if (!Number.isFinite(x)) throw new RangeError(`matrix entry (${i}, ${j}) is not finite`);
      V[i * n + j] = x;
    }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: matrix(0, 0) };
  tridiagonalize(n, V, d, e);
  // QL rotations touch two columns of V; on the transpose they touch two contiguous rows.
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) W[j * n + i] = V[i * n + j];
  diagonalizeTridiagonal(n, d, e, W);
  return sortAndFixSigns(n, d, W);
}

/** Householder reduction (tred2): on exit d is the diagonal, e the sub-diagonal, V the transform. */
function tridiagonalize(n: number, V: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + (n - 1)] = 1;
  e[0] = 0;
}

const MAX_QL_ITERATIONS = 100;

/** Implicit QL with shifts (tql2) on the tridiagonal (d, e); W holds the eigenvectors as rows. */
function diagonalizeTridiagonal(n: number, d: Float64Array, e: Float64Array, W: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > MAX_QL_ITERATIONS) throw new Error("symmetric eigendecomposition did not converge");
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const ri = i * n;
          const ri1 = ri + n;
          for (let k = 0; k < n; k++) {
            const wk = W[ri1 + k];
            W[ri1 + k] = s * W[ri + k] + c * wk;
            W[ri + k] = c * W[ri + k] - s * wk;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

function sortAndFixSigns(n: number, d: Float64Array, W: Float64Array): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[y] - d[x] || x - y);
  const values = new Float64Array(n);
  const vectors = matrix(n, n);
  const out = vectors.data;
  for (let k = 0; k < n; k++) {
    const src = order[k] * n;
    values[k] = d[order[k]];
    const sign = signMakingLargestPositive(W, src, n);
    for (let i = 0; i < n; i++) out[i * n + k] = sign * W[src + i];
  }
  return { values, vectors };
}

/**
 * +1 or −1 so that the entry of largest magnitude among v[offset .. offset+n) becomes positive;
 * entries within a relative 1e-12 of the largest count as tied and the lowest index wins.
 */
export function signMakingLargestPositive(v: ArrayLike<number>, offset: number, n: number, stride = 1): 1 | -1 {
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(v[offset + i * stride]));
  const threshold = max * (1 - SIGN_TIE_TOLERANCE);
  for (let i = 0; i < n; i++) {
    const x = v[offset + i * stride];
    if (Math.abs(x) >= threshold) return x < 0 ? -1 : 1;
  }
  return 1;
}
