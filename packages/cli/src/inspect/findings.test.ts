import { test } from "node:test";
import assert from "node:assert/strict";
import { type Column, categoricalColumn, numericColumn, stringColumn } from "@sosie/core";
import { summarizeColumn } from "./column-summary.ts";
import { checkColumn } from "./findings.ts";

function check(column: Column) {
  return checkColumn(column, summarizeColumn(column));
}

test("an all-missing column", () => {
  const finding = check(numericColumn("x", new Float64Array(4), { missing: new Uint8Array([1, 1, 1, 1]) }));
  assert.deepEqual(finding, { column: "x", kind: "all-missing", message: "all 4 values are missing" });
});

test("a constant column", () => {
  const finding = check(categoricalColumn("site", new Int32Array([0, 0, 0, -1]), ["Nantes"]));
  assert.equal(finding?.kind, "constant");
  assert.doesNotMatch(finding!.message, /Nantes/);
});

test("a categorical with too many levels", () => {
  const n = 2000;
  const levels = Array.from({ length: n }, (_, i) => `L${i}`);
  const finding = check(
    categoricalColumn(
      "code",
      Int32Array.from(levels, (_, i) => i),
      levels,
    ),
  );
  assert.equal(finding?.kind, "high-cardinality");
  assert.match(finding!.message, /2000 distinct levels in 2000 rows/);
  // 150 levels over 10,000 rows is a legitimate code list.
  const codes = Int32Array.from({ length: 10_000 }, (_, i) => i % 150);
  assert.equal(check(categoricalColumn("icd", codes, levels.slice(0, 150))), undefined);
});

test("mostly numbers with some text is mixed types; words with a few numbers is not", () => {
  const mixed = check(categoricalColumn("hr", new Int32Array([0, 1, 2, 0, 1, 3]), ["60", "72", "81", "SECRET"]));
  assert.deepEqual(mixed, {
    column: "hr",
    kind: "mixed-types",
    message: "mixed types: 5 rows hold numbers and 1 row holds text",
  });
  assert.doesNotMatch(mixed!.message, /SECRET/);
  assert.equal(check(stringColumn("note", "text", ["fever", "cough", "12", "rash"])), undefined);
  assert.equal(check(categoricalColumn("grade", new Int32Array([0, 1, 2]), ["1", "2", "3"])), undefined);
});
