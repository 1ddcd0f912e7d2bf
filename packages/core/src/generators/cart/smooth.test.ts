import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { decimalsOf } from "../output-schema.ts";
import { sheatherJonesBandwidth, silvermanBandwidth } from "./bandwidth.ts";
import { smoothValues } from "./smooth.ts";
import { zeroin } from "./zeroin.ts";

function normalSample(n: number, seed: number): Float64Array {
  const r = Rng.fromSeed(seed);
  return Float64Array.from({ length: n }, () => r.normal());
}

test("Silverman (bw.nrd0): 0.9 · min(sd, IQR/1.34) · n^(-1/5), with R's fallbacks", () => {
  // sd = 1.5811, IQR (type 7) = 4 - 2 = 2, so min(1.5811, 1.4925) = 1.4925.
  assert.ok(Math.abs(silvermanBandwidth(Float64Array.from([1, 2, 3, 4, 5])) - 0.9 * (2 / 1.34) * 5 ** -0.2) < 1e-15);
  // IQR = 0: falls back to sd; all equal: to |x[0]|; all zero: to 1.
  const sd = Math.sqrt((4 * 0.2 ** 2 + 0.8 ** 2) / 4);
  assert.ok(Math.abs(silvermanBandwidth(Float64Array.from([1, 1, 1, 1, 2])) - 0.9 * sd * 5 ** -0.2) < 1e-15);
  assert.ok(Math.abs(silvermanBandwidth(Float64Array.from([3, 3, 3])) - 0.9 * 3 * 3 ** -0.2) < 1e-15);
  assert.ok(Math.abs(silvermanBandwidth(Float64Array.from([0, 0])) - 0.9 * 2 ** -0.2) < 1e-15);
});

test("Brent's root finder converges within its tolerance", () => {
  assert.ok(Math.abs(zeroin((x) => x * x - 2, 0, 2, 1e-12) - Math.SQRT2) < 1e-11);
  assert.equal(
    zeroin((x) => x - 1, 1, 3, 1e-9),
    1,
  );
});

test("Sheather-Jones on normal samples is near the normal-optimal bandwidth 1.059 σ n^(-1/5)", () => {
  // Both of R's pair-count paths: exact pairs (n ≤ 500) and binned (n > 500). Tolerance 15 %:
  // the SJ estimate's own sampling spread at these n is a few per cent.
  for (const n of [400, 4000]) {
    const x = normalSample(n, n);
    const h = sheatherJonesBandwidth(x)!;
    const optimal = (4 / 3) ** 0.2 * n ** -0.2;
    assert.ok(Math.abs(h / optimal - 1) < 0.15, `n=${n}: h=${h}, optimal ${optimal}`);
    // Scale equivariance: bandwidth of 10·x is 10 times the bandwidth of x (to the solver's tolerance).
    const h10 = sheatherJonesBandwidth(x.map((v) => 10 * v))!;
    assert.ok(Math.abs(h10 / (10 * h) - 1) < 0.02);
  }
  assert.equal(sheatherJonesBandwidth(Float64Array.from([2, 2, 2, 2])), null);
});

test("smoothing stays within [min R, max R + h] and carries R's decimals", () => {
  const n = 2000;
  const r = Rng.fromSeed(8);
  const values = Float64Array.from({ length: n }, () => Math.round((20 + 10 * r.next()) * 10) / 10);
  const original = values.slice();
  const bounds = { min: 20, max: 30, decimals: 1 };
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const h = smoothValues(values, rows, bounds, "density-nrd0", Rng.fromSeed(1))!;
  assert.ok(h > 0);
  let changed = 0;
  let aboveMax = 0;
  for (let i = 0; i < n; i++) {
    assert.ok(values[i] >= bounds.min && values[i] <= bounds.max + h, `${values[i]}`);
    assert.ok(decimalsOf(values[i]) <= 1);
    if (values[i] !== original[i]) changed++;
    if (values[i] > bounds.max) aboveMax++;
  }
  assert.ok(changed > n / 2);
  assert.ok(aboveMax > 0); // the upper clip is max R + h when the maximum is not top-coded
});

test("a value holding more than 70 % of rows, and a top-coded maximum, are left unsmoothed", () => {
  const n = 1000;
  const values = Float64Array.from({ length: n }, (_, i) => (i < 800 ? 5 : i % 50));
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  smoothValues(values, rows, { min: 0, max: 49, decimals: 0 }, "density-nrd0", Rng.fromSeed(2));
  for (let i = 0; i < 800; i++) assert.equal(values[i], 5);

  // 300 rows at the maximum 100, the second-largest value (99) once: top-coded.
  const topCoded = Float64Array.from({ length: n }, (_, i) => (i < 300 ? 100 : i === 300 ? 99 : i % 90));
  smoothValues(topCoded, rows, { min: 0, max: 100, decimals: 0 }, "density", Rng.fromSeed(3));
  for (let i = 0; i < 300; i++) assert.equal(topCoded[i], 100);
  for (let i = 300; i < n; i++) assert.ok(topCoded[i] <= 100);
});
