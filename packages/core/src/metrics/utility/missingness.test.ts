import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import type { Metric } from "../types.ts";
import { missingnessDependency, missingnessDifference } from "./missingness.ts";
import { dependentTable, shuffleColumnsIndependently } from "./property-tables.ts";
import { cat, num, table } from "./test-tables.ts";

type T = ReturnType<typeof table>;
const run = (metric: Metric, real: T, synthetic: T, holdout?: T) =>
  metric.compute({ real, synthetic, holdout }, { bootstrap: 0 })[0];
const tenths = (missing: number) => Array.from({ length: 10 }, (_, i) => (i < missing ? null : i));

test("missingness difference of the spec's example (§2.8): 2/10 vs 5/10 gives 0.3", () => {
  const result = run(missingnessDifference, table(num("x", tenths(2))), table(num("x", tenths(5))));
  assert.equal(result.value, 0.3);
  assert.deepEqual(result.details[0].stats, { realMissingShare: 0.2, otherMissingShare: 0.5 });
});

test("missingness difference averages only the columns with ∅ somewhere; none at all gives 0", () => {
  const r = table(num("x", tenths(2)), cat("g", ["a", null, "b", "b"].concat(Array(6).fill("a"))), num("y", tenths(0)));
  const s = table(num("x", tenths(5)), cat("g", Array(10).fill("a")), num("y", tenths(0)));
  const result = run(missingnessDifference, r, s);
  assert.equal(result.value, (0.3 + 0.1) / 2);
  assert.deepEqual(
    result.details.map((d) => [d.columns[0], d.status]),
    [
      ["x", "ok"],
      ["g", "ok"],
      ["y", "excluded"],
    ],
  );
  const complete = run(missingnessDifference, table(num("y", tenths(0))), table(num("y", tenths(0))));
  assert.equal(complete.value, 0);
  assert.equal(complete.status, "ok");
});

test("missingness dependency: a field filled only for one level keeps its pattern, or not", () => {
  // dose is present exactly when smoker = yes in R: V(indicator, smoker) = 1.
  const r = table(cat("smoker", ["yes", "no", "yes", "no"]), num("dose", [5, null, 7, null]));
  const kept = table(cat("smoker", ["no", "yes", "no", "yes"]), num("dose", [null, 6, null, 8]));
  const lost = table(cat("smoker", ["yes", "no", "yes", "no"]), num("dose", [5, 6, null, null]));
  assert.equal(run(missingnessDependency, r, kept).value, 1);
  // lost: the indicator (0, 0, 1, 1) against smoker (yes, no, yes, no) gives V = 0.
  const result = run(missingnessDependency, r, lost);
  assert.equal(result.value, 0);
  assert.deepEqual(result.details[0].columns, ["dose", "smoker"]);
  assert.deepEqual(result.details[0].stats, { real: 1, other: 0 });
});

test("missingness dependency uses the correlation ratio (|point-biserial r|) against numeric columns", () => {
  // Indicator of y against x = [1, 2, 3, 4]: groups {1, 2} and {3, 4}: η² = 4/5.
  const r = table(num("x", [1, 2, 3, 4]), num("y", [1, 1, null, null]));
  const s = table(num("x", [1, 2, 3, 4]), num("y", [1, null, 1, null]));
  const result = run(missingnessDependency, r, s);
  // S: groups {1, 3} and {2, 4}: SS_between = 4·(0.5)² = 1 of SS_total 5, η = √(1/5).
  assert.ok(Math.abs(result.value! - (1 - (Math.sqrt(0.8) - Math.sqrt(0.2)))) < 1e-15);
  assert.equal(result.details[0].measure, "missingness-correlation-ratio");
  // A generator that never leaves y missing expresses no dependence: association 0.
  const complete = run(missingnessDependency, r, table(num("x", [1, 2, 3, 4]), num("y", [1, 1, 1, 1])));
  assert.ok(Math.abs(complete.value! - (1 - Math.sqrt(0.8))) < 1e-15);
});

test("missingness dependency is undefined, with a reason, when R has no missing value", () => {
  const r = table(num("x", [1, 2, 3]), cat("g", ["a", "b", "a"]));
  const result = run(missingnessDependency, r, r);
  assert.equal(result.status, "undefined");
  assert.match(result.reason ?? "", /no column of the real table has missing values/);
});

test("identical tables score 1; an independent-marginals shuffle scores below the real holdout", () => {
  const root = Rng.fromSeed(4);
  const r = dependentTable(300, root.derive("real"));
  const h = dependentTable(300, root.derive("holdout"));
  const s = shuffleColumnsIndependently(r, root.derive("shuffle"));
  assert.equal(run(missingnessDependency, r, r).value, 1);
  assert.equal(run(missingnessDifference, r, s).value, 0);
  const result = run(missingnessDependency, r, s, h);
  assert.ok(result.value! < result.reference! - 0.2, `${result.value} vs reference ${result.reference}`);
});
