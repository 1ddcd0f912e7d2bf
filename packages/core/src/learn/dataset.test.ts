import assert from "node:assert/strict";
import { test } from "node:test";
import { booleanColumn, categoricalColumn, numericColumn, stringColumn, temporalColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { applyEncoding, datasetFromTable, encodingOf, selectDatasetRows } from "./dataset.ts";

function trainTable(): Table {
  return new Table([
    stringColumn("id", "identifier", ["a1", "a2", "a3", "a4"]),
    numericColumn("age", Float64Array.from([30, 40, 0, 60]), {
      kind: "integer",
      missing: Uint8Array.from([0, 0, 1, 0]),
    }),
    temporalColumn("admitted", "date", Float64Array.from([10, 20, 30, 40]), "%Y-%m-%d"),
    categoricalColumn("ward", Int32Array.from([0, 1, 2, -1]), ["icu", "er", "gp"]),
    booleanColumn("smoker", Uint8Array.from([1, 0, 0, 1]), { tokens: ["no", "yes"] }),
    stringColumn("note", "text", ["x", "y", "z", "w"]),
    categoricalColumn("outcome", Int32Array.from([1, 0, 1, 0]), ["alive", "dead"]),
  ]);
}

test("datasetFromTable: kinds map to numeric/categorical features; identifiers and text are skipped", () => {
  const d = datasetFromTable(trainTable(), "outcome");
  assert.deepEqual(
    d.features.map((f) => `${f.kind}:${f.name}`),
    ["numeric:age", "numeric:admitted", "categorical:ward", "categorical:smoker"],
  );
  const age = d.features[0];
  assert.ok(age.kind === "numeric" && Number.isNaN(age.values[2]) && age.values[3] === 60);
  const ward = d.features[2];
  assert.ok(ward.kind === "categorical");
  assert.deepEqual(Array.from(ward.codes), [0, 1, 2, -1]);
  const smoker = d.features[3];
  assert.ok(smoker.kind === "categorical");
  assert.deepEqual(smoker.levels, ["no", "yes"]);
  assert.deepEqual(Array.from(smoker.codes), [1, 0, 0, 1]);
  assert.ok(d.target.kind === "classification");
  assert.deepEqual(Array.from(d.target.codes), [1, 0, 1, 0]);
  assert.deepEqual(d.target.classes, ["alive", "dead"]);
});

test("the test set is encoded by level text; unseen levels become missing; rows without a known target are dropped", () => {
  const train = datasetFromTable(trainTable(), "outcome", { features: ["ward", "age"] });
  const test = new Table([
    numericColumn("age", Float64Array.from([50, 51, 52, 53])),
    // Other level order, and a level the training table never had.
    categoricalColumn("ward", Int32Array.from([0, 1, 2, 0]), ["gp", "icu", "new"]),
    categoricalColumn("outcome", Int32Array.from([0, 1, -1, 2]), ["dead", "alive", "other"]),
  ]);
  const d = applyEncoding(test, encodingOf(train));
  assert.deepEqual(Array.from(d.sourceRows), [0, 1]);
  assert.deepEqual(
    d.features.map((f) => f.name),
    ["ward", "age"],
  );
  const ward = d.features[0];
  assert.ok(ward.kind === "categorical");
  assert.deepEqual(Array.from(ward.codes), [2, 0]); // gp → 2, icu → 0
  assert.ok(d.target.kind === "classification");
  assert.deepEqual(Array.from(d.target.codes), [1, 0]); // dead → 1, alive → 0
  const all = applyEncoding(
    new Table([
      numericColumn("age", Float64Array.from([1])),
      categoricalColumn("ward", Int32Array.from([2]), ["gp", "icu", "new"]),
      categoricalColumn("outcome", Int32Array.from([0]), ["alive"]),
    ]),
    encodingOf(train),
  );
  const unseen = all.features[0];
  assert.ok(unseen.kind === "categorical" && unseen.codes[0] === -1);
});

test("a fixed label space keeps classes absent from the table", () => {
  const d = datasetFromTable(trainTable(), "outcome", { classes: ["alive", "dead", "unknown"] });
  assert.ok(d.target.kind === "classification");
  assert.deepEqual(d.target.classes, ["alive", "dead", "unknown"]);
});

test("numeric targets give regression; missing target rows are dropped", () => {
  const d = datasetFromTable(trainTable(), "age", { features: ["ward"] });
  assert.ok(d.target.kind === "regression");
  assert.deepEqual(Array.from(d.target.values), [30, 40, 60]);
  assert.deepEqual(Array.from(d.sourceRows), [0, 1, 3]);
  const sub = selectDatasetRows(d, Int32Array.from([2, 0]));
  assert.ok(sub.target.kind === "regression");
  assert.deepEqual(Array.from(sub.target.values), [60, 30]);
  assert.deepEqual(Array.from(sub.sourceRows), [3, 0]);
});

test("identifier targets and features are refused", () => {
  assert.throws(() => datasetFromTable(trainTable(), "id"), /cannot be learned/);
  assert.throws(() => datasetFromTable(trainTable(), "outcome", { features: ["note"] }), /cannot be a feature/);
});
