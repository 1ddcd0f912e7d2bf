import { test } from "node:test";
import assert from "node:assert/strict";
import { booleanColumn, stringColumn } from "../../table/column.ts";
import { alignColumns, notEvaluatedColumns } from "./columns.ts";
import { cat, num, table } from "./test-tables.ts";

test("categorical levels of R and S share one code space, R's levels first, ∅ as −1", () => {
  const [g] = alignColumns([table(cat("g", ["b", "a", null])), table(cat("g", ["c", "a", "b"]))]);
  assert.equal(g.family, "categorical");
  const [r, s] = g.views;
  assert.deepEqual(r, { family: "categorical", codes: Int32Array.from([0, 1, -1]), nLevels: 3 });
  assert.deepEqual(s, { family: "categorical", codes: Int32Array.from([2, 1, 0]), nLevels: 3 });
});

test("numeric codes match by value only when every level in every table is a number", () => {
  const [numeric] = alignColumns([table(cat("g", ["1", "2"])), table(cat("g", ["2.0", "01"]))]);
  assert.deepEqual(
    numeric.views.map((v) => v !== null && v.family === "categorical" && [...v.codes]),
    [
      [0, 1],
      [1, 0],
    ],
  );
  const [text] = alignColumns([table(cat("g", ["1", "x"])), table(cat("g", ["1.0", "x"]))]);
  assert.deepEqual(
    text.views.map((v) => v !== null && v.family === "categorical" && [...v.codes]),
    [
      [0, 1],
      [2, 1],
    ],
  );
});

test("identifiers and free text are not evaluated; a column of another family in S is null there", () => {
  const ids = stringColumn("id", "identifier", ["p1", "p2"]);
  const real = table(ids, num("x", [1, 2]), booleanColumn("b", Uint8Array.from([0, 1])));
  const synthetic = table(cat("x", ["1", "2"]), booleanColumn("b", Uint8Array.from([1, 1])));
  const aligned = alignColumns([real, synthetic]);
  assert.deepEqual(
    aligned.map((c) => [c.name, c.family, c.views.map((v) => v !== null)]),
    [
      ["x", "numeric", [true, false]],
      ["b", "categorical", [true, true]],
    ],
  );
  assert.deepEqual(notEvaluatedColumns(real), ["id"]);
});
