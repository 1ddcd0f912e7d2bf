import { test } from "node:test";
import assert from "node:assert/strict";
import type { Metric } from "../types.ts";
import { categoricalConsistency, continuousConsistency } from "./consistency.ts";
import { cat, num, table } from "./test-tables.ts";

type T = ReturnType<typeof table>;
const run = (metric: Metric, real: T, synthetic: T, variant = "sosie", holdout?: T) =>
  metric.compute({ real, synthetic, holdout }, { variant, bootstrap: 0 })[0];

test("continuous consistency of the spec's example (§2.1): ∅ excluded (sosie) or outside (clover)", () => {
  const r = table(num("x", [1, 2, 3, 4, 5]));
  const s = table(num("x", [0, 1, 3, 5, 6, null]));
  assert.equal(run(continuousConsistency, r, s, "sosie").value, 0.6);
  assert.equal(run(continuousConsistency, r, s, "clover").value, 0.5);
});

test("continuous consistency: the reference is H against the range of R, averaged over numeric columns", () => {
  const r = table(num("x", [1, 2, 3, 4, 5]), num("y", [0, 10, null, 5, 5]), cat("g", ["a", "b", "a", "b", "a"]));
  const s = table(num("x", [1, 2, 3, 4, 5]), num("y", [-1, 10, 11, 5, 5]), cat("g", ["a", "a", "a", "a", "a"]));
  const h = table(num("x", [0, 2, 3, 4, 9]), num("y", [0, 0, 0, 0, 0]), cat("g", ["a", "a", "a", "a", "a"]));
  const result = run(continuousConsistency, r, s, "sosie", h);
  assert.equal(result.value, (1 + 3 / 5) / 2);
  assert.equal(result.reference, (3 / 5 + 1) / 2);
  assert.deepEqual(
    result.details.map((d) => [d.columns[0], d.value, d.reference]),
    [
      ["x", 1, 3 / 5],
      ["y", 3 / 5, 1],
    ],
  );
  // Ratios only: the real range never reaches the details.
  assert.ok(result.details.every((d) => d.stats === undefined));
});

test("continuous consistency: an entirely missing synthetic column is undefined in sosie, 0 in clover", () => {
  const r = table(num("x", [1, 2]), num("y", [1, 2]));
  const s = table(num("x", [null, null]), num("y", [1, 2]));
  const sosie = run(continuousConsistency, r, s, "sosie");
  assert.equal(sosie.value, 1);
  assert.equal(sosie.nUndefined, 1);
  assert.equal(run(continuousConsistency, r, s, "clover").value, 0.5);
});

test("categorical consistency of the spec's example (§2.2): ∅ is a level of R in sosie only", () => {
  const r = table(cat("g", ["a", "a", "b", null]));
  const s = table(cat("g", ["a", "b", "c", null]));
  assert.equal(run(categoricalConsistency, r, s, "sosie").value, 0.75);
  assert.equal(run(categoricalConsistency, r, s, "clover").value, 0.5);
});

test("categorical consistency: ∅ in S is outside when R has no ∅, in both variants", () => {
  const r = table(cat("g", ["a", "b"]));
  const s = table(cat("g", ["a", null, "b", "b"]));
  assert.equal(run(categoricalConsistency, r, s, "sosie").value, 0.75);
  assert.equal(run(categoricalConsistency, r, s, "clover").value, 0.75);
});

test("consistency of identical tables is 1, with a bootstrap interval at 1", () => {
  const r = table(num("x", [3, 1, 4, 1, 5, 9, 2, 6]), cat("g", ["a", "b", "a", null, "c", "a", "b", "a"]));
  for (const metric of [continuousConsistency, categoricalConsistency]) {
    const [result] = metric.compute({ real: r, synthetic: r }, { bootstrap: 20, seed: 3 });
    assert.equal(result.value, 1);
    assert.equal(result.ciMethod, "percentile-bootstrap");
    // Resampled S may miss R's extremes but never leaves R's range: every replicate is ≤ 1.
    assert.ok(result.ci !== null && result.ci[1] <= 1 && result.ci[0] > 0);
  }
});

test("an unknown variant is an option error", () => {
  const r = table(num("x", [1, 2]));
  assert.throws(() => continuousConsistency.compute({ real: r, synthetic: r }, { variant: "sdmetrics" }), {
    name: "SosieOptionError",
  });
});
