import { test } from "node:test";
import assert from "node:assert/strict";
import { association, correlation, correlationRatio, cramersV } from "./associations.ts";
import type { CategoricalView } from "./columns.ts";
import type { ContingencyTable } from "./contingency.ts";
import { crossTabulate } from "./contingency.ts";

const close = (actual: number | null, expected: number, tol = 1e-7) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < tol, `${actual} ≠ ${expected}`);

function table2x2(counts: number[]): ContingencyTable {
  return { nA: 2, nB: 2, counts: Float64Array.from(counts), total: counts.reduce((a, b) => a + b, 0) };
}

function view(codes: number[], nLevels: number): CategoricalView {
  return { family: "categorical", codes: Int32Array.from(codes), nLevels };
}

test("Cramér's V of the spec's tables (§3.1)", () => {
  assert.equal(cramersV(table2x2([10, 0, 0, 10])), 1);
  // χ² = 3.333333 on n = 20: V = sqrt(3.333333 / 20) = 0.4082483.
  close(cramersV(table2x2([8, 2, 4, 6])), 0.4082483);
  close(cramersV(table2x2([8, 2, 4, 6]), { biasCorrection: true }), 0.3469443);
});

test("Cramér's V is undefined with a single level present on one side", () => {
  assert.equal(cramersV(table2x2([5, 3, 0, 0])), null);
});

test("Cramér's V counts ∅ as a level", () => {
  // a = [x, x, ∅, ∅], b = [p, p, q, q]: ∅ separates b perfectly.
  const t = crossTabulate(view([0, 0, -1, -1], 1), view([0, 0, 1, 1], 2));
  assert.equal(cramersV(t), 1);
});

test("correlation ratio of the spec's example is sqrt(13.5 / 17.5)", () => {
  close(correlationRatio([1, 2, 3, 4, 5, 6], view([0, 0, 0, 1, 1, 1], 2)), 0.8783101);
  assert.equal(correlationRatio([2, 2, 2], view([0, 1, 0], 2)), null);
});

test("Pearson over pairwise-complete rows, undefined below 3 rows or with zero variance", () => {
  assert.equal(correlation([1, 2, 3, 4], [2, 4, 6, 8]), 1);
  assert.equal(correlation([1, 2, 3, 4], [1, 2, 2, 1]), 0);
  // The NaN row is left out: the rest lie on a line.
  assert.equal(correlation([1, 2, NaN, 4, 5], [1, 2, 100, 4, 5]), 1);
  assert.equal(correlation([1, 2, NaN], [1, 2, 3]), null);
  assert.equal(correlation([1, 1, 1], [1, 2, 3]), null);
});

test("Spearman is Pearson on average ranks", () => {
  assert.equal(correlation([1, 2, 3, 4, 5], [1, 4, 9, 16, 25], "spearman"), 1);
  // ranks of y = [1, 2.5, 2.5, 4] against x ranks [1, 2, 3, 4]: r = 4.5 / sqrt(5 · 4.5).
  close(correlation([1, 2, 3, 4], [10, 20, 20, 30], "spearman"), 4.5 / Math.sqrt(5 * 4.5), 1e-12);
});

test("association picks the measure by the families of the pair", () => {
  const x = { family: "numeric" as const, values: Float64Array.from([1, 2, 3, 4, 5, 6]) };
  const g = view([0, 0, 0, 1, 1, 1], 2);
  assert.equal(association(x, x).measure, "pearson");
  assert.equal(association(x, x, { correlation: "spearman" }).measure, "spearman");
  assert.equal(association(g, g).measure, "cramers-v");
  assert.equal(association(g, g).value, 1);
  const mixed = association(g, x);
  assert.equal(mixed.measure, "correlation-ratio");
  close(mixed.value, 0.8783101);
});
