import { test } from "node:test";
import assert from "node:assert/strict";
import type { MetricResult } from "../types.ts";
import { bootstrapInterval } from "./bootstrap.ts";
import { categoricalStatistics, continuousStatistics } from "./statistics-metrics.ts";
import { cat, num, table } from "./test-tables.ts";

type T = ReturnType<typeof table>;
const bySubmetric = (results: MetricResult[]) => new Map(results.map((r) => [r.submetric, r]));
const runAll = (metric: typeof continuousStatistics, real: T, synthetic: T, variant = "sosie", holdout?: T) =>
  bySubmetric(metric.compute({ real, synthetic, holdout }, { variant, bootstrap: 0 }));

test("continuous statistics of the spec's example (§2.3): W = range of R (sosie) or of R ∪ S (clover)", () => {
  const r = table(num("x", [0, 1, 2, 3, 4]));
  const s = table(num("x", [0, 2, 4, 6, 8]));
  const clover = runAll(continuousStatistics, r, s, "clover");
  assert.equal(clover.get("median-l1-distance")!.value, 0.25);
  assert.equal(clover.get("iqr-l1-distance")!.value, 0.25);
  const sosie = runAll(continuousStatistics, r, s, "sosie");
  assert.equal(sosie.get("median-l1-distance")!.value, 0.5);
  assert.equal(sosie.get("iqr-l1-distance")!.value, 0.5);
  const detail = sosie.get("median-l1-distance")!.details[0];
  assert.deepEqual(detail.stats, { realMedian: 2, otherMedian: 4, realIqr: 2, otherIqr: 4 });
  assert.deepEqual(
    [...sosie.values()].map((x) => [x.submetric, x.objective, x.min, x.max]),
    [
      ["median-l1-distance", "min", 0, Infinity],
      ["iqr-l1-distance", "min", 0, Infinity],
    ],
  );
});

test("continuous statistics: ∅ is ignored, a constant R divides by 1, the reference uses H", () => {
  const r = table(num("x", [5, 5, null, 5]));
  const s = table(num("x", [5, 6, 7, null]));
  const h = table(num("x", [5, 5, 5, 5]));
  const sosie = runAll(continuousStatistics, r, s, "sosie", h);
  // S: median 6, IQR Q.75 − Q.25 = 6.5 − 5.5 = 1; R: median 5, IQR 0; W = 1.
  assert.equal(sosie.get("median-l1-distance")!.value, 1);
  assert.equal(sosie.get("iqr-l1-distance")!.value, 1);
  assert.equal(sosie.get("median-l1-distance")!.reference, 0);
  // clover: W = 7 − 5 = 2.
  assert.equal(runAll(continuousStatistics, r, s, "clover").get("median-l1-distance")!.value, 0.5);
});

test("categorical statistics of the spec's example (§2.4)", () => {
  const r = table(cat("g", ["a", "a", "b", "c"]));
  const s = table(cat("g", ["a", "b", "b", "d"]));
  for (const variant of ["sosie", "clover"]) {
    const result = runAll(categoricalStatistics, r, s, variant);
    assert.ok(Math.abs(result.get("support-coverage")!.value! - 2 / 3) <= 1e-12 * (2 / 3));
    assert.equal(result.get("frequency-coverage")!.value, 0.75);
  }
});

test("categorical statistics: ∅ is a level of R in sosie, dropped from the numerator in clover", () => {
  const r = table(cat("g", ["a", "a", null, null]));
  const s = table(cat("g", ["a", "a", "a", null]));
  const sosie = runAll(categoricalStatistics, r, s, "sosie");
  // L = {a, ∅}: both produced; gaps |0.75 − 0.5| + |0.25 − 0.5| = 0.5, so 1 − 0.5/2.
  assert.equal(sosie.get("support-coverage")!.value, 1);
  assert.equal(sosie.get("frequency-coverage")!.value, 0.75);
  const clover = runAll(categoricalStatistics, r, s, "clover");
  // L = {a}: freq_S(a) = 0.75, freq_R(a) = 0.5.
  assert.equal(clover.get("support-coverage")!.value, 1);
  assert.equal(clover.get("frequency-coverage")!.value, 0.75);
  // A real column of ∅ only has no clover level: undefined and counted.
  const allMissing = runAll(categoricalStatistics, table(cat("g", [null, null])), s, "clover");
  assert.equal(allMissing.get("support-coverage")!.status, "undefined");
  assert.equal(allMissing.get("support-coverage")!.nUndefined, 1);
});

test("identical tables give the best values, each submetric with its own interval", () => {
  const r = table(num("x", [3, 1, 4, 1, 5, 9, 2, 6]), cat("g", ["a", "b", "a", null, "c", "a", "b", "a"]));
  for (const variant of ["sosie", "clover"]) {
    const cont = bySubmetric(continuousStatistics.compute({ real: r, synthetic: r }, { variant, bootstrap: 10 }));
    assert.equal(cont.get("median-l1-distance")!.value, 0);
    assert.equal(cont.get("iqr-l1-distance")!.value, 0);
    assert.ok(cont.get("iqr-l1-distance")!.ci !== null);
    const cat2 = bySubmetric(categoricalStatistics.compute({ real: r, synthetic: r }, { variant, bootstrap: 10 }));
    assert.equal(cat2.get("support-coverage")!.value, 1);
    assert.equal(cat2.get("frequency-coverage")!.value, 1);
  }
});

test("each submetric's interval equals a bootstrap of that submetric alone (replicates computed once, replayed)", () => {
  const r = table(num("x", [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]));
  const s = table(num("x", [2, 7, 1, 8, 2, 8, 1, 8, 2, 8]));
  const results = bySubmetric(continuousStatistics.compute({ real: r, synthetic: s }, { seed: 7, bootstrap: 30 }));
  for (const name of ["median-l1-distance", "iqr-l1-distance"]) {
    const alone = bootstrapInterval({
      metricId: "continuous-statistics",
      seed: 7,
      replicates: 30,
      real: r,
      synthetic: s,
      recompute: (rb, sb) => runAll(continuousStatistics, rb, sb).get(name)!.value,
    });
    assert.deepEqual(results.get(name)!.ci, alone.ci);
  }
  assert.notDeepEqual(results.get("median-l1-distance")!.ci, results.get("iqr-l1-distance")!.ci);
});
