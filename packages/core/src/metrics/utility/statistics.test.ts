import { test } from "node:test";
import assert from "node:assert/strict";
import { averageRanks, ksDistance, meanDefined, quantileType7, roundDecimals, sortedPresent } from "./statistics.ts";

test("type-7 quantiles interpolate between order statistics", () => {
  const sorted = [1, 2, 3, 4];
  assert.equal(quantileType7(sorted, 0), 1);
  assert.equal(quantileType7(sorted, 0.5), 2.5);
  assert.equal(quantileType7(sorted, 0.25), 1.75);
  assert.equal(quantileType7(sorted, 1), 4);
  assert.ok(Number.isNaN(quantileType7([], 0.5)));
});

test("KS distance evaluates both CDFs after all ties at each pooled value", () => {
  assert.equal(ksDistance([1, 2, 3, 4], [3, 4, 5, 6]), 0.5);
  assert.equal(ksDistance([1, 1, 2], [1, 1, 2]), 0);
  assert.equal(ksDistance([1], [2]), 1);
  assert.equal(ksDistance([-Infinity, -Infinity, 1, 2], [1, 2, 1, 2].sort()), 0.5);
});

test("average ranks share ties", () => {
  assert.deepEqual([...averageRanks([10, 30, 20, 20])], [1, 4, 2.5, 2.5]);
});

test("rounding to decimals is numpy's: half to even on the scaled value", () => {
  assert.equal(roundDecimals(0.1 + 0.2, 14), 0.3);
  assert.equal(roundDecimals(2.5, 0), 2);
  assert.equal(roundDecimals(3.5, 0), 4);
  assert.equal(roundDecimals(-2.5, 0), -2);
});

test("sortedPresent drops NaN; meanDefined skips null and is null when nothing is defined", () => {
  assert.deepEqual([...sortedPresent([3, NaN, 1])], [1, 3]);
  assert.equal(meanDefined([1, null, 2]), 1.5);
  assert.equal(meanDefined([null]), null);
});
