import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { getMetric } from "../registry.ts";
import { dependentTable } from "./property-tables.ts";

const CLOVER_SUITE = [
  "continuous-consistency",
  "categorical-consistency",
  "continuous-statistics",
  "categorical-statistics",
  "hellinger-continuous",
  "hellinger-categorical",
  "kl-continuous",
  "kl-categorical",
  "missingness-difference",
  "association-matrix",
  "pairwise-correlation-difference",
  "pairwise-chi-square-difference",
  "hellinger-mean",
  "missingness-dependency",
];

test("S = R gives the best value of every submetric of the suite, sosie variant, and H = R the best reference", () => {
  const real = dependentTable(150, Rng.fromSeed(21));
  for (const id of CLOVER_SUITE) {
    const results = getMetric(id).compute({ real, synthetic: real, holdout: real }, { bootstrap: 0 });
    assert.ok(results.length > 0, id);
    for (const r of results) {
      const where = `${id}/${r.submetric}`;
      // The χ² decisions on one table give TP or TN only: the other rate may be undefined.
      if (r.status === "undefined" && id === "pairwise-chi-square-difference") continue;
      assert.equal(r.status, "ok", `${where}: ${r.reason}`);
      const best = r.objective === "max" ? r.max : r.min;
      assert.equal(r.value, best, where);
      assert.equal(r.reference, best, where);
      assert.equal(r.variant, "sosie");
      assert.deepEqual(r.n, { R: 150, S: 150, H: 150 });
    }
  }
});

test("clover variants of the suite run on the same table, where Clover itself would", () => {
  const real = dependentTable(150, Rng.fromSeed(22));
  for (const id of CLOVER_SUITE) {
    const metric = getMetric(id);
    if (!metric.variants.includes("clover")) continue;
    for (const r of metric.compute({ real, synthetic: real }, { variant: "clover", bootstrap: 0 })) {
      assert.equal(r.variant, "clover");
      // dose has ∅: Clover's binning fails on it, so its column is undefined and counted.
      if (id === "hellinger-continuous" || id === "kl-continuous") assert.equal(r.nUndefined, 1, id);
    }
  }
});
