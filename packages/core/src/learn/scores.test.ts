import assert from "node:assert/strict";
import { test } from "node:test";
import {
  accuracy,
  argmaxRows,
  averageRanks,
  logLoss,
  macroF1,
  mae,
  r2,
  rmse,
  rocAuc,
  rocAucAuto,
  rocAucBinary,
  rocAucOvo,
  rocAucOvr,
} from "./scores.ts";

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test("accuracy and argmax (lowest class on ties)", () => {
  assert.equal(accuracy([0, 1, 1, 0], [0, 1, 0, 0]), 0.75);
  assert.deepEqual(Array.from(argmaxRows([0.2, 0.8, 0.5, 0.5, 0.9, 0.1], 2)), [1, 0, 0]);
});

test("average ranks share tied positions", () => {
  assert.deepEqual(Array.from(averageRanks([3, 1, 3, 2])), [3.5, 1, 3.5, 2]);
});

test("binary AUC: Mann-Whitney with ties counting one half", () => {
  // utility-metrics §4.1 hint: real [0.3, 0.6] vs synthetic [0.4, 0.1] → 3/4.
  assert.equal(rocAuc([1, 1, 0, 0], [0.3, 0.6, 0.4, 0.1]), 0.75);
  // Positives [0.5, 0.8] vs negatives [0.5, 0.2]: pairs 1/2 + 1 + 1 + 1 over 4.
  assert.equal(rocAuc([1, 1, 0, 0], [0.5, 0.8, 0.5, 0.2]), 0.875);
  assert.equal(rocAucBinary([1, 1, 0, 0], [0.5, 0.5, 0.2, 0.8, 0.5, 0.5, 0.8, 0.2]), 0.875);
  assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.3])));
});

// Labels [0, 0, 1, 2] with these class probabilities (rows).
const labels3 = [0, 0, 1, 2];
const proba3 = [0.6, 0.3, 0.1, 0.3, 0.4, 0.3, 0.5, 0.4, 0.1, 0.2, 0.2, 0.6];

test("one-vs-rest macro AUC", () => {
  // class 0: 3/4; class 1: (1 + 1/2 + 1)/3 = 5/6; class 2: 1.
  close(rocAucOvr(labels3, proba3, 3), (0.75 + 5 / 6 + 1) / 3);
});

test("Hand & Till one-vs-one AUC", () => {
  // A(0,1) = (1/2 + 3/4)/2 = 0.625; A(0,2) = A(1,2) = 1.
  close(rocAucOvo(labels3, proba3, 3), (0.625 + 1 + 1) / 3);
  close(rocAucAuto(labels3, proba3, 3), 0.875);
  // Classes absent from the labels are left out of the pairs.
  close(rocAucOvo([0, 0, 1], [0.6, 0.3, 0.1, 0.3, 0.4, 0.3, 0.5, 0.4, 0.1], 3), 0.625);
});

test("macro F1 over classes present in labels or predictions", () => {
  // class 0: 2/(2+1+1) = 0.5; class 1: 4/5; class 2: 0.
  close(macroF1([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3), (0.5 + 0.8 + 0) / 3);
  // A class neither true nor predicted does not count.
  assert.equal(macroF1([0, 1], [0, 1], 3), 1);
});

test("log loss, RMSE, MAE and R²", () => {
  close(logLoss([0, 1], [0.8, 0.2, 0.4, 0.6], 2), -(Math.log(0.8) + Math.log(0.6)) / 2);
  close(logLoss([0], [0, 1], 2), -Math.log(1e-15));
  close(rmse([1, 2, 3], [1, 2, 5]), Math.sqrt(4 / 3));
  close(mae([1, 2, 3], [1, 2, 5]), 2 / 3);
  assert.equal(r2([1, 2, 3], [1, 2, 5]), -1);
  assert.equal(r2([1, 2, 3], [1, 2, 3]), 1);
  assert.ok(Number.isNaN(r2([4, 4], [4, 4])));
});
