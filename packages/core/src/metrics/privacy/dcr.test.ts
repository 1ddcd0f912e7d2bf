/**
 * DCR tests against a holdout and exact matches (§4): the hints, on small hand tables and on
 * small samples of one random population table (seeded, fast).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { dependentTable } from "../utility/property-tables.ts";
import { cat, num, table } from "../utility/test-tables.ts";
import { computeMetric } from "../registry.ts";
import type { PrivacyResult } from "./types.ts";
import { closerToTrain, holdoutSizedTrain, uniformTable } from "./dcr.ts";
import { dcrSearch, gowerDcrSpace, primeDcrSearch } from "./dcr-space.ts";

const byName = (records: ReturnType<typeof computeMetric>, name: string) => {
  const r = records.find((x) => x.submetric === name);
  assert.ok(r !== undefined, `no submetric ${name}`);
  return r as PrivacyResult;
};

// One population; R, H and an independent S are disjoint draws from it.
const population = dependentTable(3600, Rng.fromSeed(7).derive("population"));
const R = population.slice(0, 2000);
const H = population.slice(2000, 2800);
const S = population.slice(2800, 3600);
const small = { minHoldoutRows: 100, bootstrap: 0 };

test("§4.1 S := R copy: dcr-p5(S → R_eq) = 0 and ratio-match ≥ n_H/n_R", () => {
  const records = computeMetric("dcr-distribution", { real: R, synthetic: R, holdout: H }, small);
  assert.equal(byName(records, "dcr-p5").value, 0);
  assert.ok(byName(records, "ratio-match").value! >= H.nRows / R.nRows);
  const ratio = byName(records, "dcr-p5-ratio");
  assert.equal(ratio.value, 0);
  assert.equal(ratio.met, false);
  // Histograms on common bins, counts only, for the three comparisons.
  const h = byName(records, "dcr-p5").histograms!;
  assert.equal(h.length, 6);
  for (const x of h)
    assert.equal(
      x.counts.reduce((a, b) => a + b, 0),
      x.comparison === "holdout-train" ? H.nRows : R.nRows,
    );
});

test("§4.1 S := an independent sample: dcr-p5-ratio ≈ 1 (within ±20 %)", () => {
  const records = computeMetric("dcr-distribution", { real: R, synthetic: S, holdout: H }, small);
  const ratio = byName(records, "dcr-p5-ratio");
  assert.ok(Math.abs(ratio.value! - 1) < 0.2, `dcr-p5-ratio ${ratio.value}`);
  // The reference (holdout → train) is printed beside the value.
  assert.ok(byName(records, "dcr-p5").reference! > 0);
});

test("§4.1 holdout below the minimum size: undefined with a reason, not a noisy number", () => {
  const [r] = computeMetric(
    "dcr-distribution",
    { real: R, synthetic: S, holdout: H.slice(0, 50) },
    { minHoldoutRows: 100 },
  );
  assert.equal(r.value, null);
  assert.match(r.reason!, /fewer than the 100/);
  const [none] = computeMetric("dcr-distribution", { real: R, synthetic: S });
  assert.match(none.reason!, /no holdout/);
});

test("§4.2 Clover variant: 20 % samples and Clover's submetric names", () => {
  const records = computeMetric("dcr-distribution", { real: R, synthetic: R, holdout: H }, { variant: "clover" });
  assert.deepEqual(
    records.map((r) => r.submetric).sort(),
    ["synthreal_train", "synthreal_control", "train_test_ref"]
      .flatMap((p) => [`dcr_5th_percent_${p}`, `nndr_5th_percent_${p}`, `ratio_match_${p}`])
      .sort(),
  );
  assert.equal((records[0] as PrivacyResult).params.realTrainRows, Math.floor(0.2 * H.nRows));
});

test("§4.3 closer_s: 1, ½ on ties (sosie) or 0 (sdmetrics)", () => {
  const toTrain = Float64Array.from([0, 1, 2]);
  const toHoldout = Float64Array.from([1, 1, 1]);
  assert.equal(closerToTrain(toTrain, toHoldout, 0.5), 1.5);
  assert.equal(closerToTrain(toTrain, toHoldout, 0), 1);
});

test("§4.3 S := R_eq copied gives p = 1 and score 0; S := H copied gives p = 0 and score 1", () => {
  const train = holdoutSizedTrain(R, H.nRows, 0);
  const copyTrain = computeMetric("dcr-closer-to-train", { real: R, synthetic: train, holdout: H }, small);
  assert.equal(byName(copyTrain, "share-closer-to-train").value, 1);
  assert.equal(byName(copyTrain, "share-closer-to-train").met, false);
  assert.equal(byName(copyTrain, "overfitting-protection").value, 0);
  const copyHoldout = computeMetric("dcr-closer-to-train", { real: R, synthetic: H, holdout: H }, small);
  assert.equal(byName(copyHoldout, "share-closer-to-train").value, 0);
  assert.equal(byName(copyHoldout, "overfitting-protection").value, 1);
  const fresh = byName(
    computeMetric("dcr-closer-to-train", { real: R, synthetic: S, holdout: H }, small),
    "share-closer-to-train",
  );
  assert.ok(fresh.ci![0] <= 0.5 && fresh.ci![1] >= 0.5, `independent sample: ${fresh.value} [${fresh.ci}]`);
  assert.equal(fresh.met, true);
});

test("§4.4 baseline protection: S := an independent random table ≈ 1, S := R gives 0", () => {
  const U2 = uniformTable(R, 800, Rng.fromSeed(99));
  const [random] = computeMetric("dcr-baseline-protection", { real: R, synthetic: U2 });
  assert.ok(random.value! > 0.95, `random table: ${random.value}`);
  const [copy] = computeMetric("dcr-baseline-protection", { real: R, synthetic: R });
  assert.equal(copy.value, 0);
  const [fresh] = computeMetric("dcr-baseline-protection", { real: R, synthetic: S });
  assert.ok(fresh.value! > 0 && fresh.value! < 1, `independent sample: ${fresh.value}`);
});

test("uniformTable keeps kinds, R's levels and bounds, and R's missing rate", () => {
  const real = table(num("x", [1, 5, null, 9]), cat("c", ["a", "b", "a", null]));
  const u = uniformTable(real, 4000, Rng.fromSeed(3));
  const x = u.column("x");
  assert.equal(x.kind, "continuous");
  let missing = 0;
  for (let i = 0; i < u.nRows; i++) {
    if (x.missing[i]) missing++;
    else assert.ok((x as { values: Float64Array }).values[i] >= 1 && (x as { values: Float64Array }).values[i] <= 9);
  }
  assert.ok(Math.abs(missing / u.nRows - 0.25) < 0.03);
});

test("§4.5 exact-match-rate 1/3 and new-row-synthesis 1/3", () => {
  const real = table(cat("c", ["a", "b"]), num("x", [1, 2]));
  const synthetic = table(cat("c", ["a", "b", "c"]), num("x", [1, 2.01, 5]));
  // The hint reads 2.01 as a value of its own: x declared with 2 decimals.
  const [emr] = computeMetric("exact-match-rate", { real, synthetic }, { decimals: { x: 2 } });
  assert.equal(emr.value, 1 / 3);
  const [nrs] = computeMetric("new-row-synthesis", { real, synthetic });
  assert.equal(nrs.value, 1 / 3);
  // Undeclared, §1.1 compares at the most decimals observed in R (0 here): 2.01 then equals 2.
  const [rounded] = computeMetric("exact-match-rate", { real, synthetic });
  assert.equal(rounded.value, 2 / 3);
});

test("§4.5 exact-match-rate against its holdout reference: a copy of R fails, an independent sample passes", () => {
  const copy = computeMetric("exact-match-rate", { real: R, synthetic: R, holdout: H })[0] as PrivacyResult;
  assert.equal(copy.value, 1);
  assert.equal(copy.met, false);
  const fresh = computeMetric("exact-match-rate", { real: R, synthetic: S, holdout: H })[0] as PrivacyResult;
  assert.ok(fresh.value! < 1);
});

test("shared searches: the DCR metrics give the same records in any order, and from searches primed by range", () => {
  const copy = (t: typeof R) => t.slice(0, t.nRows);
  const ids = ["dcr-distribution", "dcr-closer-to-train", "dcr-baseline-protection"];
  const run = (input: { real: typeof R; synthetic: typeof R; holdout: typeof R }, order: string[]) =>
    Object.fromEntries(order.map((id) => [id, computeMetric(id, input, small)]));
  const forward = run({ real: R, synthetic: S, holdout: H }, ids);
  const fresh = { real: copy(R), synthetic: copy(S), holdout: copy(H) };
  assert.deepEqual(run(fresh, [...ids].reverse()), forward);
  // Searches computed in two ranges elsewhere, handed to the memo of new tables.
  const primed = { real: copy(R), synthetic: copy(S), holdout: copy(H) };
  const space = gowerDcrSpace(primed.real, undefined);
  const train = holdoutSizedTrain(primed.real, primed.holdout.nRows, undefined);
  for (const [query, ref] of [
    [primed.synthetic, train],
    [primed.synthetic, primed.holdout],
    [primed.holdout, train],
  ] as const) {
    const half = Math.floor(query.nRows / 2);
    primeDcrSearch(space, query, ref, [
      dcrSearch(space, query, ref, half, query.nRows),
      dcrSearch(space, query, ref, 0, half),
    ]);
  }
  assert.deepEqual(run(primed, ids), forward);
});
