/**
 * Dense row-major matrices on Float64Array, and the products the rest of the engine needs.
 *
 * Element (i, j) of `A` is `A.data[i * A.cols + j]`. Functions never alias their output with an
 * input, so callers may reuse inputs freely.
 */

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A rows x cols matrix, zero-filled, or wrapping `data` (not copied). */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!(Number.isInteger(rows) && rows >= 0 && Number.isInteger(cols) && cols >= 0))
    throw new RangeError(`matrix dimensions must be non-negative integers, got ${rows} x ${cols}`);
  if (data === undefined) return { rows, cols, data: new Float64Array(rows * cols) };
  if (data.length !== rows * cols) throw new RangeError(`matrix data has ${data.length} entries, expected ${rows * cols}`);
  return { rows, cols, data };
}

/** From nested arrays (tests and small constants). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = matrix(r, c);
  for (let i = 0; i < r; i++) {
    if (rows[i].length !== c) throw new RangeError(`row ${i} has ${rows[i].length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) m.data[i * c + j] = rows[i][j];
  }
  return m;
}

export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function transpose(a: Matrix): Matrix {
  const t = matrix(a.cols, a.rows);
  const { rows, cols } = a;
  const src = a.data;
  const dst = t.data;
  // Tiles keep both the read and the write side in cache.
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(rows, i0 + B);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(cols, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) dst[j * rows + i] = src[i * cols + j];
    }
  }
  return t;
}

/** A · B. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new RangeError(`cannot multiply ${a.rows} x ${a.cols} by ${b.rows} x ${b.cols}`);
  const n = a.rows;
  const m = a.cols;
  const p = b.cols;
  const c = matrix(n, p);
  const A = a.data;
  const Bd = b.data;
  const C = c.data;
  // i-k-j order streams rows of B and C; blocking on k keeps a slab of B in cache.
  const KB = 128;
  for (let k0 = 0; k0 < m; k0 += KB) {
    const k1 = Math.min(m, k0 + KB);
    for (let i = 0; i < n; i++) {
      const ci = i * p;
      for (let k = k0; k < k1; k++) {
        const aik = A[i * m + k];
        if (aik === 0) continue;
        const bk = k * p;
        for (let j = 0; j < p; j++) C[ci + j] += aik * Bd[bk + j];
      }
    }
  }
  return c;
}

/** A · Bᵀ (rows of A against rows of B): dot products of row pairs. */
export function multiplyTransposed(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.cols) throw new RangeError(`cannot multiply ${a.rows} x ${a.cols} by (${b.rows} x ${b.cols})ᵀ`);
  const n = a.rows;
  const m = b.rows;
  const d = a.cols;
  const c = matrix(n, m);
  const A = a.data;
  const Bd = b.data;
  const C = c.data;
  for (let i = 0; i < n; i++) {
    const ai = i * d;
    for (let j = 0; j < m; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += A[ai + k] * Bd[bj + k];
      C[i * m + j] = s;
    }
  }
  return c;
}

/**
 * Rows per block of the Gram product. The Gram matrix is the sum of per-block Gram matrices
 * added in block order, so a caller that computes blocks on several workers and adds them in
 * block order gets bit-identical results.
 */
export const GRAM_BLOCK_ROWS = 2048;

/** Adds rows [start, end) of A into the upper triangle of `acc` (p x p): acc += A[s:e]ᵀ A[s:e]. */
export function accumulateGramUpper(a: Matrix, start: number, end: number, acc: Float64Array): void {
  const p = a.cols;
  const A = a.data;
  let r = start;
  // Four rows at a time: each accumulator entry is loaded and stored once per four rows.
  for (; r + 4 <= end; r += 4) {
    const o0 = r * p;
    const o1 = o0 + p;
    const o2 = o1 + p;
    const o3 = o2 + p;
    for (let i = 0; i < p; i++) {
      const x0 = A[o0 + i];
      const x1 = A[o1 + i];
      const x2 = A[o2 + i];
      const x3 = A[o3 + i];
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
      const gi = i * p;
      for (let j = i; j < p; j++) acc[gi + j] += x0 * A[o0 + j] + x1 * A[o1 + j] + x2 * A[o2 + j] + x3 * A[o3 + j];
    }
  }
  for (; r < end; r++) {
    const o = r * p;
    for (let i = 0; i < p; i++) {
      const x = A[o + i];
      if (x === 0) continue;
      const gi = i * p;
      for (let j = i; j < p; j++) acc[gi + j] += x * A[o + j];
    }
  }
}

/** The Gram block for block index `b` (rows b·GRAM_BLOCK_ROWS onward), upper triangle only. */
export function gramBlockUpper(a: Matrix, b: number): Float64Array {
  const acc = new Float64Array(a.cols * a.cols);
  const start = b * GRAM_BLOCK_ROWS;
  accumulateGramUpper(a, start, Math.min(a.rows, start + GRAM_BLOCK_ROWS), acc);
  return acc;
}

/** Fills the lower triangle of a square matrix stored as its upper triangle. */
export function symmetrizeFromUpper(p: number, upper: Float64Array): Matrix {
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) upper[i * p + j] = upper[j * p + i];
  return matrix(p, p, upper);
}

/** AᵀA (p x p), summed block by block in a fixed order (see GRAM_BLOCK_ROWS). */
export function gram(a: Matrix): Matrix {
  const p = a.cols;
  const total = new Float64Array(p * p);
  const nBlocks = Math.ceil(a.rows / GRAM_BLOCK_ROWS);
  for (let b = 0; b < nBlocks; b++) {
    const block = gramBlockUpper(a, b);
    for (let i = 0; i < p; i++) for (let j = i; j < p; j++) total[i * p + j] += block[i * p + j];
  }
  return symmetrizeFromUpper(p, total);
}

/** Largest absolute entry of A − B (tests and sanity checks). */
export function maxAbsDifference(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new RangeError("matrices differ in shape");
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}
