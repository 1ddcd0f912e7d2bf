import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../../table/table.ts";
import { categoricalColumn, numericColumn } from "../../table/column.ts";
import { fitGenerator, loadModel } from "../registry.ts";

// 200 patients whose diagnosis code each share with one other patient: no code is held by 5.
function twoPerCode(): Table {
  const n = 200;
  return new Table([
    numericColumn(
      "x",
      Float64Array.from({ length: n }, (_, i) => i % 13),
      { kind: "integer" },
    ),
    categoricalColumn(
      "dx",
      Int32Array.from({ length: n }, (_, i) => i >> 1),
      Array.from({ length: n / 2 }, (_, l) => `D${l}`),
    ),
  ]);
}

test("a column whose every level is rare is left out (∅) at a preset, kept at off", () => {
  for (const method of ["cart", "gaussian-copula", "independent"]) {
    const model = fitGenerator(method, twoPerCode(), { seed: 1 });
    assert.deepEqual(model.manifest.privacy?.suppressedColumns, ["dx"], method);
    const out = model.sample(200, { seed: 2 }).table;
    assert.ok(
      out.column("dx").missing.every((m) => m === 1),
      method,
    );
    assert.ok(
      out.column("x").missing.every((m) => m === 0),
      method,
    );
    // Saved and loaded, it still leaves the column out.
    const loaded = loadModel(JSON.parse(JSON.stringify(model.toJSON())));
    assert.ok(
      loaded
        .sample(50, { seed: 3 })
        .table.column("dx")
        .missing.every((m) => m === 1),
    );
    const off = fitGenerator(method, twoPerCode(), { seed: 1, privacy: "off" }).sample(200, { seed: 2 }).table;
    assert.ok(
      off.column("dx").missing.every((m) => m === 0),
      method,
    );
  }
});
