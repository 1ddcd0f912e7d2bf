// Acceptance: the default learning protocol on the official Adult split (train data.csv, test
// test.csv), predicting `income`, reaches accuracy >= 0.86 and ROC AUC >= 0.92 on the test file.
//
// The split is read with Sosie's own CSV reader and decoder (packages/core/test/adult.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../random/rng.ts";
import { applyEncoding, datasetFromTable, encodingOf } from "./dataset.ts";
import { accuracy, argmaxRows, rocAucBinary } from "./scores.ts";
import { fitWithProtocol } from "./tuning.ts";
import { loadAdultSplit } from "../../test/adult.ts";

test("adult official split: accuracy >= 0.86 and AUC >= 0.92 with the default protocol", () => {
  const adult = loadAdultSplit();
  const train = datasetFromTable(adult.train, "income");
  const test = applyEncoding(adult.test, encodingOf(train));
  assert.equal(train.nRows, 32561);
  assert.equal(test.nRows, 16281);
  assert.ok(train.target.kind === "classification" && test.target.kind === "classification");
  assert.deepEqual(train.target.classes, ["<=50K", ">50K"]);

  const { model } = fitWithProtocol(train, Rng.fromSeed(2024));
  const p = model.predict(test);
  const acc = accuracy(test.target.codes, argmaxRows(p, 2));
  const auc = rocAucBinary(test.target.codes, p);
  assert.ok(acc >= 0.86, `accuracy ${acc}`);
  assert.ok(auc >= 0.92, `AUC ${auc}`);
});
