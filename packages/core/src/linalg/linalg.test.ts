import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../random/rng.ts";
import {
  type Matrix,
  fromRows,
  gram,
  identity,
  matrix,
  maxAbsDifference,
  multiply,
  multiplyTransposed,
  transpose,
  GRAM_BLOCK_ROWS,
} from "./matrix.ts";
import { symmetricEigen } from "./eigen.ts";
import { thinSvd } from "./svd.ts";
import { cholesky, solveLower, solveUpperTransposed } from "./cholesky.ts";
import { repairCorrelation } from "./correlation-repair.ts";

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = Rng.fromSeed(seed);
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

function naiveProduct(a: Matrix, b: Matrix): Matrix {
  const c = matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += a.data[i * a.cols + k] * b.data[k * b.cols + j];
      c.data[i * b.cols + j] = s;
    }
  return c;
}

function diag(values: ArrayLike<number>): Matrix {
  const m = matrix(values.length, values.length);
  for (let i = 0; i < values.length; i++) m.data[i * values.length + i] = values[i];
  return m;
}

test("products match hand values and a naive triple loop", () => {
  const a = fromRows([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const b = fromRows([
    [7, 8, 9],
    [10, 11, 12],
  ]);
  assert.deepEqual(Array.from(multiply(a, b).data), [27, 30, 33, 61, 68, 75, 95, 106, 117]);
  assert.deepEqual(Array.from(gram(a).data), [35, 44, 44, 56]);
  assert.deepEqual(Array.from(multiplyTransposed(a, a).data), [5, 11, 17, 11, 25, 39, 17, 39, 61]);
  assert.deepEqual(Array.from(transpose(a).data), [1, 3, 5, 2, 4, 6]);
  const x = randomMatrix(70, 150, 1);
  const y = randomMatrix(150, 40, 2);
  assert.ok(maxAbsDifference(multiply(x, y), naiveProduct(x, y)) < 1e-12);
  const tall = randomMatrix(GRAM_BLOCK_ROWS + 37, 9, 3);
  assert.ok(maxAbsDifference(gram(tall), naiveProduct(transpose(tall), tall)) < 1e-9);
  assert.throws(() => multiply(a, a), RangeError);
});

test("eigen: 2 x 2 by hand", () => {
  // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with vectors (1, 1)/√2 and (1, −1)/√2.
  const { values, vectors } = symmetricEigen(fromRows([
    [2, 1],
    [1, 2],
  ]));
  assert.ok(Math.abs(values[0] - 3) < 1e-14 && Math.abs(values[1] - 1) < 1e-14);
  const h = Math.SQRT1_2;
  // Sign rule: largest |entry| positive, ties to the lowest index.
  const expected = [h, h, h, -h];
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(vectors.data[i] - expected[i]) < 1e-14);
  const d = symmetricEigen(diag([1, 5, 3]));
  assert.deepEqual(Array.from(d.values), [5, 3, 1]);
  assert.deepEqual(Array.from(d.vectors.data), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
});

test("eigen: residuals, orthonormality and sign rule on a random symmetric 60 x 60", () => {
  const x = randomMatrix(80, 60, 7);
  const a = gram(x);
  for (let i = 0; i < a.data.length; i++) a.data[i] -= 40 * (i % 61 === 0 ? 1 : 0); // make it indefinite
  const n = 60;
  const { values, vectors } = symmetricEigen(a);
  let norm = 0;
  for (const v of a.data) norm = Math.max(norm, Math.abs(v));
  for (let k = 0; k < n; k++) {
    if (k > 0) assert.ok(values[k] <= values[k - 1]);
    let maxAbs = 0;
    let maxIdx = 0;
    for (let i = 0; i < n; i++) {
      let r = -values[k] * vectors.data[i * n + k];
      for (let j = 0; j < n; j++) r += a.data[i * n + j] * vectors.data[j * n + k];
      assert.ok(Math.abs(r) < 1e-10 * norm, `residual ${r}`);
      const v = Math.abs(vectors.data[i * n + k]);
      if (v > maxAbs) {
        maxAbs = v;
        maxIdx = i;
      }
    }
    assert.ok(vectors.data[maxIdx * n + k] > 0);
  }
  assert.ok(maxAbsDifference(gram(vectors), identity(n)) < 1e-12);
  assert.ok(values[n - 1] < 0);
});

test("eigen handles repeated eigenvalues and tiny sizes", () => {
  const { values, vectors } = symmetricEigen(identity(4));
  assert.deepEqual(Array.from(values), [1, 1, 1, 1]);
  assert.ok(maxAbsDifference(gram(vectors), identity(4)) < 1e-15);
  assert.deepEqual(Array.from(symmetricEigen(fromRows([[-2]])).values), [-2]);
  assert.equal(symmetricEigen(matrix(0, 0)).values.length, 0);
  assert.throws(() => symmetricEigen(fromRows([[NaN]])), RangeError);
});

test("thin SVD: hand example and reconstruction of tall and wide matrices", () => {
  // [[3, 0], [0, −2], [0, 0]]: singular values 3 and 2.
  const small = thinSvd(fromRows([
    [3, 0],
    [0, -2],
    [0, 0],
  ]), { computeU: true });
  assert.deepEqual(Array.from(small.s), [3, 2]);
  for (const [rows, cols, seed] of [
    [200, 30, 11],
    [25, 60, 12],
  ]) {
    const a = randomMatrix(rows, cols, seed);
    const { s, V, U, rank } = thinSvd(a, { computeU: true });
    const r = Math.min(rows, cols);
    assert.equal(rank, r);
    assert.equal(s.length, r);
    for (let k = 1; k < r; k++) assert.ok(s[k] <= s[k - 1] + 1e-12);
    assert.ok(maxAbsDifference(gram(V), identity(r)) < 1e-10);
    assert.ok(maxAbsDifference(gram(U!), identity(r)) < 1e-10);
    const rebuilt = multiply(multiply(U!, diag(s)), transpose(V));
    assert.ok(maxAbsDifference(rebuilt, a) < 1e-10);
  }
});

test("thin SVD of a rank-deficient matrix reports exact zeros", () => {
  // Third column = first + second: rank 2.
  const a = randomMatrix(50, 3, 5);
  for (let i = 0; i < 50; i++) a.data[i * 3 + 2] = a.data[i * 3] + a.data[i * 3 + 1];
  const { s, rank, U, V } = thinSvd(a, { computeU: true });
  assert.equal(rank, 2);
  assert.equal(s[2], 0);
  const rebuilt = multiply(multiply(U!, diag(s)), transpose(V));
  assert.ok(maxAbsDifference(rebuilt, a) < 1e-10);
});

test("cholesky: hand example, solves, and a clear failure", () => {
  const a = fromRows([
    [4, 2],
    [2, 3],
  ]);
  const res = cholesky(a);
  assert.ok(res.ok);
  if (!res.ok) return;
  assert.deepEqual(Array.from(res.L.data), [2, 0, 1, Math.SQRT2]);
  const b = new Float64Array([2, 3]); // solve A x = b: x = (0, 1)
  solveLower(res.L, b);
  solveUpperTransposed(res.L, b);
  assert.ok(Math.abs(b[0]) < 1e-15 && Math.abs(b[1] - 1) < 1e-15);
  const bad = cholesky(fromRows([
    [1, 2],
    [2, 1],
  ]));
  assert.deepEqual(bad, { ok: false, column: 1, pivot: -3 });
});

test("correlation repair makes a non-PSD pairwise matrix factorisable with a unit diagonal", () => {
  // Such a matrix arises from pairwise-complete correlations on disjoint missingness patterns.
  const c = fromRows([
    [1, 0.9, -0.9],
    [0.9, 1, 0.9],
    [-0.9, 0.9, 1],
  ]);
  assert.equal(cholesky(c).ok, false);
  const { matrix: fixed, raised, minEigenvalue } = repairCorrelation(c);
  assert.equal(raised, 1);
  assert.ok(Math.abs(minEigenvalue - -0.8) < 1e-12); // eigenvalues of this matrix: 1.9, 1.9, −0.8
  for (let i = 0; i < 3; i++) assert.equal(fixed.data[i * 4], 1);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) assert.equal(fixed.data[i * 3 + j], fixed.data[j * 3 + i]);
  assert.ok(cholesky(fixed).ok);
  assert.ok(symmetricEigen(fixed).values[2] > 0);
  // An already positive-definite matrix comes back unchanged.
  const good = fromRows([
    [1, 0.5],
    [0.5, 1],
  ]);
  const same = repairCorrelation(good);
  assert.equal(same.raised, 0);
  assert.deepEqual(Array.from(same.matrix.data), [1, 0.5, 0.5, 1]);
});

test("leadingEigen: the dense solver's leading pairs, deterministic, repeated eigenvalues found", async () => {
  const { leadingEigen } = await import("./partial-eigen.ts");
  const x = randomMatrix(500, 320, 21);
  for (let i = 0; i < 500; i++) for (let j = 0; j < 4; j++) x.data[i * 320 + j] *= 5 - j; // a clear top
  const a = gram(x);
  const n = 320;
  const full = symmetricEigen(a);
  const part = leadingEigen(a, 4);
  assert.ok(part.basisSize > 0 && part.basisSize < n, `basis ${part.basisSize}`);
  for (let k = 0; k < 4; k++) {
    assert.ok(Math.abs(part.values[k] - full.values[k]) <= 1e-12 * full.values[0]);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(part.vectors.data[i * 4 + k] - full.vectors.data[i * n + k]) < 1e-9);
  }
  assert.deepEqual(leadingEigen(a, 4).vectors.data, part.vectors.data);
  // diag(5, 5, 5, 1, ...): a triple top eigenvalue and an invariant start-free structure.
  const d = matrix(100, 100);
  for (let i = 0; i < 100; i++) d.data[i * 101] = i < 3 ? 5 : 1 / (i + 1);
  const top = leadingEigen(d, 4);
  assert.deepEqual(Array.from(top.values, (v) => Math.round(v * 1e9) / 1e9), [5, 5, 5, 0.25]);
  for (let k = 0; k < 4; k++) {
    let r = 0;
    for (let i = 0; i < 100; i++) r += (d.data[i * 101] * top.vectors.data[i * 4 + k] - top.values[k] * top.vectors.data[i * 4 + k]) ** 2;
    assert.ok(Math.sqrt(r) < 1e-11);
  }
});
