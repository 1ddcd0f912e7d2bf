/** Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix. */

import { type Matrix, matrix } from "./matrix.ts";

export type CholeskyResult =
  | { readonly ok: true; readonly L: Matrix }
  /** The pivot of column `column` was `pivot` (≤ 0 or not finite): A is not positive definite. */
  | { readonly ok: false; readonly column: number; readonly pivot: number };

/** Lower-triangular L with A = L·Lᵀ, reading only the lower triangle of A. */
export function cholesky(a: Matrix): CholeskyResult {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`Cholesky needs a square matrix, got ${a.rows} x ${a.cols}`);
  const L = matrix(n, n);
  const l = L.data;
  const A = a.data;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let pivot = A[rj + j];
    for (let k = 0; k < j; k++) pivot -= l[rj + k] * l[rj + k];
    if (!(pivot > 0) || !Number.isFinite(pivot)) return { ok: false, column: j, pivot };
    const ljj = Math.sqrt(pivot);
    l[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / ljj;
    }
  }
  return { ok: true, L };
}

/** Solves L·x = b in place (L lower triangular, from `cholesky`). */
export function solveLower(L: Matrix, b: Float64Array): void {
  const n = L.rows;
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L.data[i * n + k] * b[k];
    b[i] = s / L.data[i * n + i];
  }
}

/** Solves Lᵀ·x = b in place. */
export function solveUpperTransposed(L: Matrix, b: Float64Array): void {
  const n = L.rows;
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= L.data[k * n + i] * b[k];
    b[i] = s / L.data[i * n + i];
  }
}
