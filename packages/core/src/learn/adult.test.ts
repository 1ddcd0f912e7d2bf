// Acceptance: the default learning protocol on the official Adult split (train data.csv, test
// test.csv), predicting `income`, reaches accuracy >= 0.86 and ROC AUC >= 0.92 on the test file.
//
// The loader below is deliberately small (the schema decoder had not landed when this was
// written): comma split, trimmed cells, "?" as missing, the test labels' trailing "." removed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Rng } from "../random/rng.ts";
import { categoricalColumn, type Column, numericColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { applyEncoding, datasetFromTable, encodingOf } from "./dataset.ts";
import { accuracy, argmaxRows, rocAucBinary } from "./scores.ts";
import { fitWithProtocol } from "./tuning.ts";

const ADULT = new URL("../../../../../shared/datasets/adult/", import.meta.url);
const INTEGERS = new Set(["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]);

function loadAdult(file: string): Table {
  const lines = readFileSync(new URL(file, ADULT), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const header = lines[0].split(",").map((s) => s.trim());
  const rows = lines.slice(1).map((l) => l.split(",").map((s) => s.trim()));
  const columns: Column[] = header.map((name, j) => {
    const cells = rows.map((r) => (name === "income" ? r[j].replace(/\.$/, "") : r[j]));
    const missing = Uint8Array.from(cells, (c) => (c === "?" ? 1 : 0));
    if (INTEGERS.has(name))
      return numericColumn(
        name,
        Float64Array.from(cells, (c) => (c === "?" ? NaN : Number(c))),
        { kind: "integer", missing },
      );
    const levels = [...new Set(cells.filter((c) => c !== "?"))].sort();
    const code = new Map(levels.map((l, k) => [l, k]));
    return categoricalColumn(
      name,
      Int32Array.from(cells, (c) => code.get(c) ?? -1),
      levels,
      { missing },
    );
  });
  return new Table(columns);
}

test("adult official split: accuracy >= 0.86 and AUC >= 0.92 with the default protocol", () => {
  const train = datasetFromTable(loadAdult("data.csv"), "income");
  const test = applyEncoding(loadAdult("test.csv"), encodingOf(train));
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
