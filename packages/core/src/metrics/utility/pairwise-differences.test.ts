import { test } from "node:test";
import assert from "node:assert/strict";
import { erfc } from "../../random/normal.ts";
import { Rng } from "../../random/rng.ts";
import type { MetricResult } from "../types.ts";
import {
  chiSquareIndependence,
  chiSquareUpperTail,
  pairwiseChiSquareDifference,
  pairwiseCorrelationDifference,
} from "./pairwise-differences.ts";
import { dependentTable, shuffleColumnsIndependently } from "./property-tables.ts";
import { cat, num, table } from "./test-tables.ts";

type T = ReturnType<typeof table>;
const bySubmetric = (results: MetricResult[]) => new Map(results.map((r) => [r.submetric, r]));
const run = (
  metric: typeof pairwiseCorrelationDifference | typeof pairwiseChiSquareDifference,
  real: T,
  synthetic: T,
  options: Record<string, unknown> = {},
  holdout?: T,
) => bySubmetric(metric.compute({ real, synthetic, holdout }, { bootstrap: 0, ...options }));
const close = (actual: number | null, expected: number, tolerance = 1e-12) =>
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= tolerance * Math.abs(expected),
    `${actual} ≠ ${expected}`,
  );
const counts2x2 = (c: number[]) => ({ nA: 2, nB: 2, counts: Float64Array.from(c), total: c[0] + c[1] + c[2] + c[3] });

test("pairwise correlation difference of the spec's example (§3.3): norm 3.2984845", () => {
  const r = table(num("a", [1, 2, 3, 4]), num("b", [1, 2, 3, 4]), num("c", [2, 1, 4, 3]));
  const s = table(num("a", [1, 2, 3, 4]), num("b", [4, 3, 2, 1]), num("c", [2, 1, 4, 3]));
  for (const variant of ["clover", "sosie"]) {
    const result = run(pairwiseCorrelationDifference, r, s, { variant });
    close(result.get("norm")!.value, Math.sqrt(2 * 2 ** 2 + 2 * 1.2 ** 2));
    close(result.get("norm")!.value, 3.2984845, 1e-7);
  }
  const sosie = run(pairwiseCorrelationDifference, r, s);
  close(sosie.get("mean-abs-difference")!.value, (2 + 0 + 1.2) / 3);
  assert.deepEqual(sosie.get("norm")!.details[0].stats, { real: 1, other: -1 });
  assert.equal(run(pairwiseCorrelationDifference, r, s, { variant: "clover" }).size, 1);
});

test("pcd: clover sees numeric pairs only, sosie every pair; clover needs 2 numeric columns", () => {
  const r = table(num("x", [1, 2, 3, 4]), cat("g", ["a", "a", "b", "b"]), cat("h", ["u", "u", "v", "v"]));
  const s = table(num("x", [1, 2, 3, 4]), cat("g", ["a", "b", "a", "b"]), cat("h", ["u", "u", "v", "v"]));
  const clover = run(pairwiseCorrelationDifference, r, s, { variant: "clover" }).get("norm")!;
  assert.equal(clover.status, "undefined");
  assert.match(clover.reason ?? "", /fewer than 2 numeric columns/);
  const sosie = run(pairwiseCorrelationDifference, r, s);
  // η(x | g): R 0.8944 (groups {1,2}, {3,4}), S 0.4472; V(g, h): R 1, S 0; η(x | h) equal.
  const etaR = Math.sqrt(4 / 5);
  const etaS = Math.sqrt(1 / 5);
  close(sosie.get("norm")!.value, Math.sqrt(2 * ((etaR - etaS) ** 2 + 1)));
  assert.equal(sosie.get("norm")!.details.length, 3);
});

test("pcd: a pair undefined on either side is left out and counted", () => {
  const r = table(num("x", [1, 2, 3, 4]), num("y", [1, 2, 3, 5]), num("z", [1, 3, 2, 4]));
  const s = table(num("x", [1, 2, 3, 4]), num("y", [7, 7, 7, 7]), num("z", [1, 3, 2, 4]));
  const result = run(pairwiseCorrelationDifference, r, s).get("norm")!;
  assert.equal(result.nUndefined, 2);
  assert.equal(result.value, 0);
});

test("χ² upper tail against closed forms: dof 1 is erfc(√(x/2)), dof 2 is exp(−x/2)", () => {
  for (const x of [0.01, 0.5, 1.875, 3.3333333333333335, 10, 40]) {
    close(chiSquareUpperTail(x, 1), erfc(Math.sqrt(x / 2)), 1e-12);
    close(chiSquareUpperTail(x, 2), Math.exp(-x / 2), 1e-12);
    // dof 4: e^{−x/2}(1 + x/2).
    close(chiSquareUpperTail(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-12);
  }
  assert.equal(chiSquareUpperTail(0, 3), 1);
});

test("the table [[8, 2], [4, 6]] (§3.4): Yates χ² 1.875, p 0.1709, not rejected; 0.0679 without correction", () => {
  const test = chiSquareIndependence(counts2x2([8, 2, 4, 6]))!;
  close(test.statistic, 1.875);
  assert.equal(test.dof, 1);
  assert.equal(Number(test.pValue.toFixed(4)), 0.1709);
  assert.equal(Number(chiSquareUpperTail(10 / 3, 1).toFixed(4)), 0.0679);
  // A single row: dof 0, statistic 0, p 1.
  assert.deepEqual(chiSquareIndependence(counts2x2([8, 2, 0, 0])), { statistic: 0, dof: 0, pValue: 1 });
});

const pairTable = (rows: [string | null, string | null, number][]) => {
  const a: (string | null)[] = [];
  const b: (string | null)[] = [];
  for (const [x, y, count] of rows)
    for (let k = 0; k < count; k++) {
      a.push(x);
      b.push(y);
    }
  return table(cat("g", a), cat("h", b));
};

test("pcsd: decisions on the [[8, 2], [4, 6]] table and S = R give 1 wherever defined", () => {
  const r = pairTable([
    ["a", "u", 8],
    ["a", "v", 2],
    ["b", "u", 4],
    ["b", "v", 6],
  ]);
  for (const variant of ["clover", "sosie"]) {
    const result = run(pairwiseChiSquareDifference, r, r, { variant });
    assert.equal(result.get("specificity")!.value, 1);
    assert.equal(result.get("sensitivity")!.status, "undefined");
    assert.match(result.get("sensitivity")!.reason ?? "", /no pair where R rejects/);
    assert.equal(result.get("sensitivity")!.details[0].stats!.realStatistic, 1.875);
  }
  assert.equal(run(pairwiseChiSquareDifference, r, r).get("agreement")!.value, 1);
});

test("pcsd: ∅ as a level (sosie) reveals a dependence that clover's complete rows hide", () => {
  // h is ∅ only when g = a; on complete rows g and h are exactly independent.
  const r = pairTable([
    ["a", null, 10],
    ["a", "u", 5],
    ["a", "v", 5],
    ["b", "u", 10],
    ["b", "v", 10],
  ]);
  const clover = run(pairwiseChiSquareDifference, r, r, { variant: "clover" });
  assert.equal(clover.get("specificity")!.value, 1);
  assert.equal(clover.get("sensitivity")!.value, null);
  assert.equal(clover.get("specificity")!.details[0].stats!.realStatistic, 0);
  const sosie = run(pairwiseChiSquareDifference, r, r);
  assert.equal(sosie.get("sensitivity")!.value, 1);
  assert.equal(sosie.get("specificity")!.value, null);
  // A column with a single level is not testable in sosie, and "not rejected" in clover.
  const single = table(cat("g", ["a", "b", "a", "b"]), cat("h", ["u", "u", "u", "u"]));
  assert.equal(run(pairwiseChiSquareDifference, single, single).get("agreement")!.nUndefined, 1);
  assert.equal(run(pairwiseChiSquareDifference, single, single, { variant: "clover" }).get("specificity")!.value, 1);
});

test("pcsd: S larger than R is tested on a seeded subsample of n_R rows (sosie only)", () => {
  const r = pairTable([
    ["a", "u", 8],
    ["a", "v", 2],
    ["b", "u", 4],
    ["b", "v", 6],
  ]);
  // Ten copies of R: the same proportions reject independence at full size (p ≈ 1e-9).
  const big = r.select(Int32Array.from({ length: 200 }, (_, i) => i % 20));
  const clover = run(pairwiseChiSquareDifference, r, big, { variant: "clover" });
  assert.equal(clover.get("specificity")!.value, 0);
  const sosie = run(pairwiseChiSquareDifference, r, big, { seed: 3 });
  assert.match(sosie.get("specificity")!.notes.join(" "), /subsampled to 20 of 200 rows/);
  const again = run(pairwiseChiSquareDifference, r, big, { seed: 3 });
  assert.deepEqual(sosie.get("specificity")!.details, again.get("specificity")!.details);
});

test("an independent shuffle scores worse than the real holdout on pcd and pcsd", () => {
  const root = Rng.fromSeed(12);
  const r = dependentTable(300, root.derive("real"));
  const h = dependentTable(300, root.derive("holdout"));
  const s = shuffleColumnsIndependently(r, root.derive("shuffle"));
  const pcd = run(pairwiseCorrelationDifference, r, s, {}, h);
  for (const name of ["norm", "mean-abs-difference"])
    assert.ok(pcd.get(name)!.value! > 3 * pcd.get(name)!.reference!, name);
  const clover = run(pairwiseCorrelationDifference, r, s, { variant: "clover" }, h).get("norm")!;
  assert.ok(clover.value! > 3 * clover.reference!);
  const pcsd = run(pairwiseChiSquareDifference, r, s, {}, h);
  assert.equal(pcsd.get("sensitivity")!.value, 0);
  assert.equal(pcsd.get("sensitivity")!.reference, 1);
  assert.equal(run(pairwiseCorrelationDifference, r, r).get("norm")!.value, 0);
  // Intervals: each submetric gets one, seeded.
  const withCi = bySubmetric(
    pairwiseCorrelationDifference.compute({ real: r, synthetic: s }, { bootstrap: 10, seed: 1 }),
  );
  assert.ok(withCi.get("norm")!.ci !== null && withCi.get("mean-abs-difference")!.ci !== null);
});
