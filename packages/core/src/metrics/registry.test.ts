import { test } from "node:test";
import assert from "node:assert/strict";
import { computeMetric, getMetric, listMetrics } from "./registry.ts";
import { cat, num, table } from "./utility/test-tables.ts";

test("the registry lists every metric once, with the shared interface", () => {
  const all = listMetrics();
  const ids = all.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, "metric ids are unique");
  const utility = listMetrics("utility").map((m) => m.id);
  for (const id of ["ks-complement", "tv-complement", "column-shapes", "column-pair-trends", "quality-score"])
    assert.ok(utility.includes(id), `${id} is registered`);
  for (const m of all) {
    assert.ok(m.kind === "utility" || m.kind === "privacy");
    assert.ok(m.needs.includes("real") && m.needs.includes("synthetic"), `${m.id} compares real and synthetic`);
    assert.equal(m.variants[0], "sosie", `${m.id}: the sosie variant is the default`);
    assert.ok(m.description.length > 0);
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
