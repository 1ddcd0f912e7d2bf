import { test } from "node:test";
import assert from "node:assert/strict";
import { numericColumn } from "../../table/column.ts";
import { protectedReference } from "./marginals.ts";

const perRow = (n: number) => ({ ofRow: Int32Array.from({ length: n }, (_, i) => i), count: n });
const reference = (values: number[], k: number, subjects = perRow(values.length), decimals = 0) =>
  Array.from(protectedReference(numericColumn("x", Float64Array.from(values)), k, decimals, subjects));

test("protectedReference: common values stay, rare runs are grouped by k subjects or take the nearest common value", () => {
  // 1 and 5 are held by 3 rows; 2, 3, 4 make one group of 3 (mean 3); 9, alone above 5, becomes 5.
  assert.deepEqual(reference([5, 1, 9, 2, 1, 3, 5, 4, 1, 5], 3), [1, 1, 1, 3, 3, 3, 5, 5, 5, 5]);
  // k = 1 (the off preset) keeps R's values, sorted.
  assert.deepEqual(reference([3, 1, 2], 1), [1, 2, 3]);
});

test("protectedReference: groups of k, a remainder joins the last group; means rounded to the decimals", () => {
  // [10, 11] → 10.5 → 11; [12, 13, 14] (14 left alone) → 13.
  assert.deepEqual(reference([14, 13, 12, 11, 10], 2), [11, 11, 13, 13, 13]);
  assert.deepEqual(reference([14, 13, 12, 11, 10], 2, perRow(5), 1), [10.5, 10.5, 13, 13, 13]);
  // Between two common values, a rare run too small for a group goes to the nearer one (lower on ties).
  // 4 and 5 hold 2 subjects, fewer than 3: 4 is nearer 0, 5 is as near 0 as 10.
  assert.deepEqual(reference([0, 0, 0, 4, 5, 10, 10, 10], 3), [0, 0, 0, 0, 0, 10, 10, 10]);
  // With a third subject between them, the run is one group (mean 5).
  assert.deepEqual(reference([0, 0, 0, 4, 5, 6, 10, 10, 10], 3), [0, 0, 0, 5, 5, 5, 10, 10, 10]);
});

test("protectedReference: subjects, not rows, are counted (one patient's rows never make a group)", () => {
  // Rows 0 and 1 are the same subject: 7, 8, 9 make the first group of 2 subjects; 20 joins it.
  const subjects = { ofRow: Int32Array.from([0, 0, 1, 2]), count: 3 };
  assert.deepEqual(reference([7, 8, 9, 20], 2, subjects), [11, 11, 11, 11]);
  // Rows counted one by one, 7 and 8 would be a group.
  assert.deepEqual(reference([7, 8, 9, 20], 2), [8, 8, 15, 15]);
});
