import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { associationMatrices, associationMatrixMetric } from "./association-matrix.ts";
import { dependentTable, shuffleColumnsIndependently } from "./property-tables.ts";
import { cat, num, table } from "./test-tables.ts";

test("A_X is symmetric with a unit diagonal; V in [0, 1], r in [−1, 1] (§3.2)", () => {
  const root = Rng.fromSeed(8);
  const t = dependentTable(120, root.derive("real"));
  const [a] = associationMatrices([t]);
  const p = a.names.length;
  assert.deepEqual(a.names, ["age", "weight", "group", "smoker", "dose"]);
  for (let i = 0; i < p; i++) {
    assert.equal(a.values[i][i], 1);
    for (let j = 0; j < p; j++) {
      assert.equal(a.values[i][j], a.values[j][i]);
      if (i === j) continue;
      const v = a.values[i][j]!;
      const measure = a.measures[i][j];
      if (measure === "pearson") assert.ok(v >= -1 && v <= 1);
      else assert.ok(v >= 0 && v <= 1, `${measure} ${v}`);
    }
  }
  assert.equal(a.measures[0][1], "pearson");
  assert.equal(a.measures[2][3], "cramers-v");
  assert.equal(a.measures[0][2], "correlation-ratio");
  // Negative correlations stay negative (Clover's scatter hides them).
  const [b] = associationMatrices([table(num("x", [1, 2, 3]), num("y", [3, 2, 1]))]);
  assert.equal(b.values[0][1], -1);
  const [s] = associationMatrices([table(num("x", [1, 2, 3, 4]), num("y", [1, 2, 3, 4]))], { correlation: "spearman" });
  assert.equal(s.measures[0][1], "spearman");
});

test("the metric reports A_R, A_S and A_H per pair and the mean |A_S − A_R|", () => {
  const r = table(num("x", [1, 2, 3, 4]), num("y", [1, 2, 3, 4]), cat("g", ["a", "a", "b", "b"]));
  const s = table(num("x", [1, 2, 3, 4]), num("y", [4, 3, 2, 1]), cat("g", ["a", "a", "b", "b"]));
  const [result] = associationMatrixMetric.compute({ real: r, synthetic: s, holdout: r });
  assert.equal(result.details.length, 3);
  assert.deepEqual(result.details[0].columns, ["x", "y"]);
  assert.deepEqual(result.details[0].stats, { real: 1, synthetic: -1, holdout: 1 });
  assert.equal(result.details[0].value, 2);
  // η of x by g = η of y by g (both linear in the rank) in R and S: only the x–y pair differs.
  assert.equal(result.value, 2 / 3);
  assert.equal(result.reference, 0);
  assert.equal(result.ci, null);
});

test("identical tables give 0; an independent shuffle is further from R than the holdout", () => {
  const root = Rng.fromSeed(9);
  const r = dependentTable(300, root.derive("real"));
  const h = dependentTable(300, root.derive("holdout"));
  const s = shuffleColumnsIndependently(r, root.derive("shuffle"));
  assert.equal(associationMatrixMetric.compute({ real: r, synthetic: r })[0].value, 0);
  const [result] = associationMatrixMetric.compute({ real: r, synthetic: s, holdout: h });
  assert.ok(result.value! > 3 * result.reference!, `${result.value} vs ${result.reference}`);
});
