import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import { computeDistinguishability, pmse, pmseOf, propensityScores } from "./propensity.ts";
import { logitNullExpectation } from "./propensity-logit.ts";
import { cat, num, table } from "./test-tables.ts";

/** n rows of (x ~ N(shift, 1), y ~ N(0, 1), g ∈ {a, b, c} with P(a) = pa), with some ∅ in x. */
function population(n: number, rng: Rng, shift = 0, pa = 1 / 3): Table {
  const x: (number | null)[] = [];
  const y: number[] = [];
  const g: string[] = [];
  for (let i = 0; i < n; i++) {
    x.push(rng.next() < 0.05 ? null : shift + rng.normal());
    y.push(rng.normal());
    const u = rng.next();
    g.push(u < pa ? "a" : u < pa + (1 - pa) / 2 ? "b" : "c");
  }
  return table(num("x", x), num("y", y), cat("g", g));
}

function submetric(results: ReturnType<typeof computeDistinguishability>, name: string) {
  const r = results.find((x) => x.submetric === name);
  assert.ok(r, `submetric ${name}`);
  return r;
}

test("§4.1 hint: confident correct predictions give propensity-mse = prediction-mse = 0.34", () => {
  const s = propensityScores(Float64Array.of(0.9, 0.6), Float64Array.of(0.4, 0.1));
  assert.ok(Math.abs(s.propensityMse - 0.34) < 1e-12);
  assert.ok(Math.abs(s.predictionMse - 0.34) < 1e-12);
  assert.equal(s.auc, 1);
  assert.equal(s.aucRescaled, 1);
});

test("§4.1 hint: a wrong real score counts in propensity-mse but not in prediction-mse", () => {
  const s = propensityScores(Float64Array.of(0.3, 0.6), Float64Array.of(0.4, 0.1));
  assert.ok(Math.abs(s.propensityMse - 0.22) < 1e-12);
  assert.ok(Math.abs(s.predictionMse - 0.18) < 1e-12);
  assert.ok(Math.abs(s.predictionMseReal - 0.02) < 1e-12);
  assert.ok(Math.abs(s.predictionMseSynthetic - 0.34) < 1e-12);
  assert.equal(s.auc, 0.75);
  assert.equal(s.aucRescaled, 0.5);
});

test("§4.1 hint: S_fit a copy of R without row or column subsampling scores every row 0.5", () => {
  const rng = Rng.fromSeed(3);
  const real = population(200, rng);
  const holdout = population(100, rng);
  const syntheticTest = population(100, rng, 2);
  const results = computeDistinguishability(
    { real, synthetic: real, holdout },
    { syntheticTest, learner: { subsample: 1, colsample: 1 }, seed: 1 },
  );
  assert.equal(submetric(results, "propensity-mse").value, 0);
  assert.equal(submetric(results, "prediction-mse").value, 0);
  assert.equal(submetric(results, "auc").value, 0.5);
  assert.equal(submetric(results, "auc-rescaled").value, 0);
});

test("distinguishability separates a shifted synthetic table and not a fresh sample; it is deterministic", () => {
  const rng = Rng.fromSeed(4);
  const real = population(400, rng);
  const holdout = population(400, rng);
  const fresh = population(800, rng);
  const shifted = population(800, rng, 1.5);
  const options = { seed: 7, learner: { nTrees: 30 } };
  const same = computeDistinguishability({ real, synthetic: fresh, holdout }, options);
  const far = computeDistinguishability({ real, synthetic: shifted, holdout }, options);
  assert.ok(submetric(same, "auc").value! < 0.6, `fresh sample AUC ${submetric(same, "auc").value}`);
  assert.ok(submetric(far, "auc").value! > 0.8, `shifted AUC ${submetric(far, "auc").value}`);
  assert.ok(submetric(far, "propensity-mse").value! > submetric(same, "propensity-mse").value!);
  const again = computeDistinguishability({ real, synthetic: shifted, holdout }, options);
  assert.deepEqual(again, far);
  const auc = submetric(far, "auc");
  assert.equal(auc.ciMethod, "repetition");
  assert.ok(auc.ci![0] <= auc.value! && auc.value! <= auc.ci![1]);
  assert.equal(auc.n.S, 800);
});

test("distinguishability without H uses cross-fitted predictions and says so", () => {
  const rng = Rng.fromSeed(5);
  const real = population(150, rng);
  const shifted = population(150, rng, 2);
  const results = computeDistinguishability(
    { real, synthetic: shifted },
    { seed: 1, repetitions: 1, learner: { nTrees: 20 } },
  );
  const auc = submetric(results, "auc");
  assert.ok(auc.value! > 0.8);
  assert.ok(auc.notes.some((n) => /cross-fitted/.test(n)));
  assert.match(auc.reason!, /cross-fitted/);
  assert.equal(auc.ci, null);
});

test("clover distinguishability needs Clover's size contract", () => {
  const rng = Rng.fromSeed(6);
  const real = population(100, rng);
  const holdout = population(50, rng);
  const tooFew = computeDistinguishability({ real, synthetic: population(100, rng), holdout }, { variant: "clover" });
  assert.equal(tooFew[0].status, "undefined");
  assert.match(tooFew[0].reason!, /clover variant needs/);
  const contract = computeDistinguishability(
    { real, synthetic: population(150, rng), holdout },
    { variant: "clover", repetitions: 1, learner: { nTrees: 10 } },
  );
  assert.equal(contract[0].status, "ok");
});

test("§4.2 hint: S = R gives pmse = 0 exactly", () => {
  const real = population(200, Rng.fromSeed(8));
  const [value] = pmse.compute({ real, synthetic: real }, { nperms: 5 });
  assert.equal(value.submetric, "pmse");
  assert.equal(value.value, 0);
});

test("§4.2 hint: perfect separation with n_R = 100, n_S = 300 gives pmse = c(1 − c) = 0.1875", () => {
  const real = table(
    num(
      "z",
      Array.from({ length: 100 }, () => 0),
    ),
    num(
      "w",
      Array.from({ length: 100 }, (_, i) => i),
    ),
  );
  const synthetic = table(
    num(
      "z",
      Array.from({ length: 300 }, () => 1),
    ),
    num(
      "w",
      Array.from({ length: 300 }, (_, i) => i),
    ),
  );
  const results = pmse.compute({ real, synthetic }, { nperms: 3 });
  assert.equal(results.find((r) => r.submetric === "pmse")!.value, 0.1875);
  assert.equal(results.find((r) => r.submetric === "pmse-normalised")!.value, 1);
  assert.equal(results.find((r) => r.submetric === "specks")!.value, 1);
  assert.equal(results.find((r) => r.submetric === "po50")!.value, 50);
});

test("S_pMSE of two samples of one population is about 2 (synthpop halves the null), larger when they differ", () => {
  const rng = Rng.fromSeed(9);
  const real = population(600, rng);
  const settings = { nperms: 20, minbucket: 5, cp: 1e-3 };
  const same = pmseOf(real, population(600, rng), settings, Rng.fromSeed(1));
  const different = pmseOf(real, population(600, rng, 3), settings, Rng.fromSeed(1));
  assert.ok(typeof same !== "string" && typeof different !== "string");
  // Independent samples are exchangeable, so pMSE matches the unhalved permutation mean: S_pMSE ≈ 2.
  // Tolerance ±0.7: the ratio of two noisy tree fits on 1,200 rows.
  assert.ok(Math.abs(same.sPmse! - 2) < 0.7, `same population S_pMSE ${same.sPmse}`);
  assert.ok(different.sPmse! > 4, `shifted population S_pMSE ${different.sPmse}`);
});

test("pmse gives the H vs R reference and is deterministic", () => {
  const rng = Rng.fromSeed(10);
  const real = population(200, rng);
  const synthetic = population(200, rng, 1);
  const holdout = population(200, rng);
  const a = pmse.compute({ real, synthetic, holdout }, { nperms: 5, seed: 3 });
  const b = pmse.compute({ real, synthetic, holdout }, { nperms: 5, seed: 3 });
  assert.deepEqual(a, b);
  assert.ok(a[0].reference !== null && a[0].reference < a[0].value!);
});

test("§4.2 hint: the logit null with k − 1 = 10, c = 0.5, N = 1000 is E₀ = 0.00125", () => {
  assert.ok(Math.abs(logitNullExpectation(10, 0.5, 1000) - 0.00125) < 1e-15);
});

test("logit pmse: main effects and two-way interactions, aliased terms not counted, S_pMSE near 1 for one population", () => {
  const rng = Rng.fromSeed(12);
  const real = population(800, rng);
  const same = population(800, rng);
  const results = pmse.compute({ real, synthetic: same }, { method: "logit" });
  // x, x_NA, y, g (2 dummies): 5 main terms + 9 interactions, but x·x_NA ≡ 0 (∅ is coded 0): 13.
  assert.ok(
    results[0].notes.some((n) => /13 estimated coefficients/.test(n)),
    results[0].notes.join("; "),
  );
  const s = results.find((r) => r.submetric === "s-pmse")!.value!;
  // The analytic null is not halved: two samples of one population give S_pMSE ≈ 1 (χ²_13 / 13 scatter).
  assert.ok(s > 0.3 && s < 2.2, `S_pMSE ${s}`);
  const shifted = pmse.compute({ real, synthetic: population(800, rng, 0.5) }, { method: "logit" });
  assert.ok(shifted.find((r) => r.submetric === "s-pmse")!.value! > 10);
  // A duplicate y2 of y: y2 and its interactions are aliased, except y·y2 = y², a new term (as in R).
  const twin = (t: Table) => t.withColumn({ ...t.column("y"), name: "y2" });
  const aliased = pmse.compute({ real: twin(real), synthetic: twin(same) }, { method: "logit" });
  assert.ok(
    aliased[0].notes.some((n) => /14 estimated coefficients/.test(n)),
    aliased[0].notes.join("; "),
  );
  const tooBig = pmse.compute({ real, synthetic: same }, { method: "logit", maxParams: 10 });
  assert.match(tooBig[0].reason!, /more than maxParams/);
});
