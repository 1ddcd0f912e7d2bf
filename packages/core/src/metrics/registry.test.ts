import { test } from "node:test";
import assert from "node:assert/strict";
import { computeMetric, getMetric, listMetrics } from "./registry.ts";
import { cat, num, table } from "./utility/test-tables.ts";

test("the registry lists the utility metrics once each, with the shared interface", () => {
  const ids = listMetrics("utility").map((m) => m.id);
  assert.deepEqual(ids, [
    "ks-complement",
    "tv-complement",
    "column-shapes",
    "correlation-similarity",
    "contingency-similarity",
    "column-pair-trends",
    "quality-score",
  ]);
  assert.deepEqual(listMetrics("privacy"), []);
  for (const m of listMetrics()) {
    assert.deepEqual(m.needs, ["real", "synthetic"]);
    assert.equal(m.variants[0], "sosie");
  }
});

test("computeMetric runs a metric by id and records the variant and sizes", () => {
  const real = table(num("x", [1, 2, 3, 4]), cat("g", ["a", "a", "b", "b"]));
  const synthetic = table(num("x", [3, 4, 5, 6]), cat("g", ["a", "a", "a", "b"]));
  const [result] = computeMetric("column-shapes", { real, synthetic }, { variant: "sdmetrics", bootstrap: 0 });
  assert.equal(result.id, "column-shapes");
  assert.equal(result.submetric, "column-shapes");
  assert.equal(result.variant, "sdmetrics");
  assert.equal(result.value, 0.625);
  assert.deepEqual(result.n, { R: 4, S: 4, H: null });
  assert.equal(result.reference, null);
  assert.equal(result.ci, null);
});

test("unknown ids and absent inputs are option errors", () => {
  assert.throws(() => getMetric("nope"), { name: "SosieOptionError", message: /unknown metric "nope"/ });
  const real = table(num("x", [1, 2]));
  assert.throws(() => computeMetric("ks-complement", { real } as never), {
    name: "SosieOptionError",
    message: /needs synthetic/,
  });
});
