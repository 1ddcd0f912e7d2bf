import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { qualityScore } from "./quality.ts";
import { cat, num, table } from "./test-tables.ts";
import type { Table } from "../../table/table.ts";

function sample(n: number, seed: number): Table {
  const rng = Rng.fromSeed(seed);
  const xs = Array.from({ length: n }, () => rng.normal());
  const ys = xs.map((v) => (rng.next() < 0.1 ? null : 2 * v + rng.normal()));
  const g = xs.map((v) => (v > 0.5 ? "high" : rng.next() < 0.2 ? null : "low"));
  return table(num("x", xs), num("y", ys), cat("g", g));
}

test("S = R scores exactly 1 in both variants, with every part at 1", () => {
  const r = sample(200, 1);
  for (const variant of ["sosie", "sdmetrics"]) {
    const [result] = qualityScore.compute({ real: r, synthetic: r }, { variant, bootstrap: 0 });
    assert.equal(result.value, 1);
    assert.deepEqual(
      result.details.map((d) => [d.measure, d.value]),
      [
        ["column-shapes", 1],
        ["column-pair-trends", 1],
      ],
    );
    assert.equal(result.status, "ok");
    assert.equal(result.objective, "max");
    assert.deepEqual([result.min, result.max], [0, 1]);
  }
});

test("the overall score is the mean of column shapes and column pair trends", () => {
  const r = sample(300, 2);
  const s = sample(300, 3);
  const [result] = qualityScore.compute({ real: r, synthetic: s }, { bootstrap: 0 });
  const [shapes, pairs] = result.details.map((d) => d.value!);
  assert.equal(result.value, (shapes + pairs) / 2);
  assert.ok(result.value! < 1 && result.value! > 0.5);
});

test("without a defined pair trend the score is column shapes alone", () => {
  // One column: no pair at all.
  const r = table(num("x", [1, 2, 3, 4]));
  const s = table(num("x", [3, 4, 5, 6]));
  const [result] = qualityScore.compute({ real: r, synthetic: s }, { bootstrap: 0 });
  assert.equal(result.value, 0.5);
  assert.equal(result.nUndefined, 1);
  assert.equal(result.details[1].status, "undefined");
});

test("a holdout gives the reference (H vs R) next to the value", () => {
  const r = sample(300, 4);
  const h = sample(300, 5);
  const s = sample(300, 6).select(Array.from({ length: 300 }, (_, i) => i % 10)); // poor: 10 distinct rows
  const [result] = qualityScore.compute({ real: r, synthetic: s, holdout: h }, { bootstrap: 0 });
  assert.ok(result.reference !== null && result.value !== null);
  assert.ok(result.reference > result.value, `${result.reference} vs ${result.value}`);
  assert.deepEqual(result.n, { R: 300, S: 300, H: 300 });
});

test("records carry aggregates only: no level text or value of the real data", () => {
  const r = table(num("age", [31.5, 42, 57, 63]), cat("diagnosis", ["RARE-DISEASE-X", "common", "common", "common"]));
  const s = table(num("age", [30, 40, 50, 60]), cat("diagnosis", ["common", "common", "common", "common"]));
  const text = JSON.stringify(qualityScore.compute({ real: r, synthetic: s }, { bootstrap: 0 }));
  assert.ok(!text.includes("RARE-DISEASE-X"));
  assert.ok(!text.includes("31.5"));
});
