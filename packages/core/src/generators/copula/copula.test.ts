import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { symmetricEigen } from "../../linalg/eigen.ts";
import { multiplyTransposed } from "../../linalg/matrix.ts";
import { empiricalQuantile, midRankUniforms, sortedObserved } from "./empirical-marginal.ts";
import { decodeInterval, encodeIntervals, fitIntervals } from "./categorical-intervals.ts";
import { fitDependence, pairwiseCorrelation } from "./correlation.ts";
import { betaI, digamma, gammaP, lnGamma, trigamma } from "./special-functions.ts";
import {
  fitBestParametric,
  fitParametric,
  ksStatistic,
  parametricCdf,
  parametricQuantile,
} from "./parametric-marginal.ts";

test("mid-rank uniforms: ties share their average rank, ∅ stays NaN; the quantile inverts them", () => {
  const values = new Float64Array([3, 1, 3, NaN, 2]);
  const missing = new Uint8Array([0, 0, 0, 1, 0]);
  const u = midRankUniforms(values, missing);
  // m = 4; ranks 1 → 1, 2 → 2, both 3s → 3.5; u = (r − 0.5)/4.
  assert.deepEqual(Array.from(u), [0.75, 0.125, 0.75, NaN, 0.375]);
  const sorted = sortedObserved(values, missing);
  assert.deepEqual(Array.from(sorted), [1, 2, 3, 3]);
  assert.equal(empiricalQuantile(sorted, 0.125), 1); // h = 1
  assert.equal(empiricalQuantile(sorted, 0.25), 1.5); // h = 1.5
  assert.equal(empiricalQuantile(sorted, 0.375), 2);
  assert.equal(empiricalQuantile(sorted, 0), 1); // h clamped to 1
  assert.equal(empiricalQuantile(sorted, 1), 3); // h clamped to m
  assert.equal(empiricalQuantile([7], 0.9), 7);
});

test("frequency intervals: decreasing frequency, ties by first appearance; every drawn u decodes to its level", () => {
  // Level counts: 0 → 2 (first at row 1), 1 → 3, 2 → 2 (first at row 0), 3 → 0 (unused).
  const codes = new Int32Array([2, 0, 1, 1, 0, 2, 1, -1]);
  const missing = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1]);
  const intervals = fitIntervals(codes, missing, 4, "frequency");
  assert.deepEqual(intervals.order, [1, 2, 0]);
  assert.deepEqual(intervals.upper, [3 / 7, 5 / 7, 1]);
  assert.deepEqual(fitIntervals(codes, missing, 4, "levels").order, [0, 1, 2]);
  const rng = Rng.fromSeed(5);
  for (let rep = 0; rep < 2000; rep++) {
    const u = encodeIntervals(intervals, codes, missing, rng);
    for (let i = 0; i < codes.length; i++) {
      if (missing[i]) assert.ok(Number.isNaN(u[i]));
      else assert.equal(decodeInterval(intervals, u[i]), codes[i]);
    }
  }
  // Interval ends: a_c belongs to c, b_c to the next level, u = 1 to the last.
  assert.equal(decodeInterval(intervals, 0), 1);
  assert.equal(decodeInterval(intervals, 3 / 7), 2);
  assert.equal(decodeInterval(intervals, 1), 0);
});

test("repair: disjoint missingness gives a non-PSD pairwise matrix that still factors, with a unit diagonal", () => {
  // A = B on rows 0–99, C = B on rows 100–199, C = −A on rows 200–299: pairwise r = (1, −1, 1).
  const n = 300;
  const a = new Float64Array(n).fill(NaN);
  const b = new Float64Array(n).fill(NaN);
  const c = new Float64Array(n).fill(NaN);
  const rng = Rng.fromSeed(3);
  for (let i = 0; i < 100; i++) a[i] = b[i] = rng.normal();
  for (let i = 100; i < 200; i++) b[i] = c[i] = rng.normal();
  for (let i = 200; i < 300; i++) {
    a[i] = rng.normal();
    c[i] = -a[i];
  }
  const raw = pairwiseCorrelation([a, b, c]);
  assert.ok(
    Math.abs(raw.data[1] - 1) < 1e-12 && Math.abs(raw.data[2] + 1) < 1e-12 && Math.abs(raw.data[5] - 1) < 1e-12,
  );
  assert.ok(symmetricEigen(raw).values[2] < -0.5, "the pairwise matrix is indefinite");
  const dep = fitDependence([a, b, c], 1e-6);
  assert.ok(dep.raised >= 1);
  for (let j = 0; j < 3; j++) assert.equal(dep.correlation.data[j * 3 + j], 1);
  const rebuilt = multiplyTransposed(dep.cholesky, dep.cholesky);
  for (let k = 0; k < 9; k++) assert.ok(Math.abs(rebuilt.data[k] - dep.correlation.data[k]) < 1e-9);
  // Fewer than 3 common rows give 0.
  const x = new Float64Array([1, 2, NaN, NaN]);
  const y = new Float64Array([2, 1, 5, NaN]);
  assert.equal(pairwiseCorrelation([x, y]).data[1], 0);
});

test("special functions at hand-checkable points", () => {
  assert.ok(Math.abs(lnGamma(5) - Math.log(24)) < 1e-13);
  assert.ok(Math.abs(lnGamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-13);
  assert.ok(Math.abs(lnGamma(0.3) - 1.0957979948180756) < 1e-13); // scipy.special.gammaln
  assert.ok(Math.abs(digamma(1) + 0.5772156649015329) < 1e-12); // −γ
  assert.ok(Math.abs(digamma(2.5) - 0.7031566406452432) < 1e-12);
  assert.ok(Math.abs(trigamma(1) - Math.PI ** 2 / 6) < 1e-12);
  assert.ok(Math.abs(trigamma(0.7) - 2.8340491566946113) < 1e-12);
  for (const x of [0.1, 1, 4, 30]) assert.ok(Math.abs(gammaP(1, x) - (1 - Math.exp(-x))) < 1e-14);
  assert.ok(Math.abs(gammaP(2.5, 1.7) - 0.36143007689620493) < 1e-14); // scipy.special.gammainc
  for (const x of [0.05, 0.5, 0.93]) assert.ok(Math.abs(betaI(1, 1, x) - x) < 1e-14);
  // I_0.4(2, 3) = Σ_{j=2..4} C(4, j) 0.4^j 0.6^(4−j) = 0.3456 + 0.1536 + 0.0256.
  assert.ok(Math.abs(betaI(2, 3, 0.4) - 0.5248) < 1e-14);
});

/** n draws of a distribution from inverse-CDF sampling with a fixed stream. */
function draws(n: number, seed: number, quantile: (u: number) => number): Float64Array {
  const rng = Rng.fromSeed(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = quantile(rng.nextOpen());
  return x.sort();
}

test("parametric marginals recover their parameters by maximum likelihood (n = 20,000, fixed seeds)", () => {
  const n = 20000;
  const normal = fitParametric(
    draws(n, 1, (u) => parametricQuantile({ family: "normal", mean: 5, sd: 2 }, u)),
    "normal",
  );
  assert.ok(normal.family === "normal" && Math.abs(normal.mean - 5) < 0.05 && Math.abs(normal.sd - 2) < 0.05);
  const gammaTruth = { family: "gamma", shape: 3, scale: 2, shift: 0 } as const;
  const gamma = fitParametric(
    draws(n, 2, (u) => parametricQuantile(gammaTruth, u)),
    "gamma",
  );
  assert.ok(
    gamma.family === "gamma" && gamma.shift === 0 && Math.abs(gamma.shape - 3) < 0.1 && Math.abs(gamma.scale - 2) < 0.1,
  );
  const lognormal = fitParametric(
    draws(n, 3, (u) => Math.exp(1 + 0.5 * parametricQuantile({ family: "normal", mean: 0, sd: 1 }, u))),
    "lognormal",
  );
  assert.ok(
    lognormal.family === "lognormal" && Math.abs(lognormal.mu - 1) < 0.02 && Math.abs(lognormal.sigma - 0.5) < 0.02,
  );
  const betaTruth = { family: "beta", a: 2, b: 5, lo: 0, hi: 1 } as const;
  const beta = fitParametric(
    draws(n, 4, (u) => parametricQuantile(betaTruth, u)),
    "beta",
  );
  // The support is the observed range widened by range/m, not [0, 1], so the shapes differ from
  // the truth (a ≈ 1.85, b ≈ 3.97) while the fitted distribution still matches the data.
  assert.ok(beta.family === "beta" && Math.abs(beta.a - 2) < 0.3 && Math.abs(beta.b - 5) < 1.2);
  assert.ok(
    ksStatistic(
      beta,
      draws(n, 4, (u) => parametricQuantile(betaTruth, u)),
    ) < 0.01,
  );
  const truncTruth = { family: "truncnorm", mean: 1, sd: 2, lo: 0, hi: 4 } as const;
  const trunc = fitParametric(
    draws(n, 5, (u) => parametricQuantile(truncTruth, u)),
    "truncnorm",
  );
  assert.ok(trunc.family === "truncnorm" && Math.abs(trunc.mean - 1) < 0.15 && Math.abs(trunc.sd - 2) < 0.15);
  // CDF and quantile are inverse maps.
  for (const f of [normal, gamma, lognormal, beta, trunc])
    for (const u of [0.01, 0.3, 0.77, 0.99])
      assert.ok(Math.abs(parametricCdf(f, parametricQuantile(f, u)) - u) < 1e-9, f.family);
});

test("auto picks the family with the smallest KS statistic; a single value is a point mass", () => {
  const data = draws(5000, 9, (u) => parametricQuantile({ family: "gamma", shape: 2, scale: 1, shift: 0 }, u));
  const best = fitBestParametric(data);
  const families = ["normal", "truncnorm", "beta", "gamma", "uniform", "lognormal"] as const;
  for (const family of families) assert.ok(ksStatistic(best, data) <= ksStatistic(fitParametric(data, family), data));
  assert.ok(ksStatistic(best, data) < 0.02);
  assert.ok(best.family === "gamma" || best.family === "beta", best.family);
  const point = fitParametric(new Float64Array([4, 4, 4]), "gamma");
  assert.deepEqual(point, { family: "point", value: 4 });
  assert.equal(parametricQuantile(point, 0.9), 4);
});
