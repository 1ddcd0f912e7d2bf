/**
 * Thin singular value decomposition A = U·diag(s)·Vᵀ of an n x p matrix, through the symmetric
 * eigendecomposition of the smaller Gram matrix (AᵀA when p ≤ n, AAᵀ otherwise).
 *
 * Precision: the Gram route squares the condition number, so a singular value s_k is accurate to
 * about eps·s_max²/s_k in the eigenvalue. To recover accuracy, s_k is recomputed as the norm of
 * A·v_k (absolute error about eps·s_max), and singular values at or below
 * max(n, p)·eps·s_max are reported as exactly 0 (with a zero U column): they are numerically zero.
 */

import { symmetricEigen, signMakingLargestPositive } from "./eigen.ts";
import { type Matrix, gram, matrix, multiply, multiplyTransposed, transpose } from "./matrix.ts";

export interface ThinSvd {
  /** min(n, p) singular values, descending. */
  readonly s: Float64Array;
  /** p x r right singular vectors as columns, orthonormal; signs: largest-magnitude entry positive. */
  readonly V: Matrix;
  /** n x r left singular vectors as columns (zero columns where s is 0); absent unless requested. */
  readonly U?: Matrix;
  /** Number of singular values above the numerical-zero threshold. */
  readonly rank: number;
}

export function thinSvd(a: Matrix, options: { computeU?: boolean } = {}): ThinSvd {
  const { rows: n, cols: p } = a;
  const r = Math.min(n, p);
  let V: Matrix;
  if (p <= n) {
    const eig = symmetricEigen(gram(a));
    V = leadingColumns(eig.vectors, r);
  } else {
    // Wide matrix: eigenvectors of AAᵀ give U; V = AᵀU / s for the non-zero part.
    const eig = symmetricEigen(multiplyTransposed(a, a));
    const Ut = leadingColumns(eig.vectors, r);
    V = multiply(transpose(a), Ut);
    normalizeColumns(V, columnNorms(V));
    fixColumnSigns(V);
  }
  const AV = multiply(a, V);
  const s = columnNorms(AV);
  const sMax = s.length > 0 ? Math.max(...s) : 0;
  const tol = Math.max(n, p) * Number.EPSILON * sMax;
  let rank = 0;
  for (let k = 0; k < r; k++) {
    if (s[k] <= tol) s[k] = 0;
    else rank++;
  }
  if (!options.computeU) return { s, V, rank };
  normalizeColumns(AV, s);
  return { s, V, U: AV, rank };
}

function leadingColumns(m: Matrix, r: number): Matrix {
  const out = matrix(m.rows, r);
  for (let i = 0; i < m.rows; i++) for (let k = 0; k < r; k++) out.data[i * r + k] = m.data[i * m.cols + k];
  return out;
}

function columnNorms(m: Matrix): Float64Array {
  const norms = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let k = 0; k < m.cols; k++) {
      const x = m.data[i * m.cols + k];
      norms[k] += x * x;
    }
  for (let k = 0; k < m.cols; k++) norms[k] = Math.sqrt(norms[k]);
  return norms;
}

/** Divides each column by its norm; columns with norm 0 become zero. */
function normalizeColumns(m: Matrix, norms: Float64Array): void {
  for (let i = 0; i < m.rows; i++)
    for (let k = 0; k < m.cols; k++) {
      const idx = i * m.cols + k;
      m.data[idx] = norms[k] > 0 ? m.data[idx] / norms[k] : 0;
    }
}

function fixColumnSigns(m: Matrix): void {
  for (let k = 0; k < m.cols; k++) {
    const sign = signMakingLargestPositive(m.data, k, m.rows, m.cols);
    if (sign < 0) for (let i = 0; i < m.rows; i++) m.data[i * m.cols + k] = -m.data[i * m.cols + k];
  }
}
