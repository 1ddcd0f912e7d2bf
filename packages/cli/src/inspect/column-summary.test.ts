import { test } from "node:test";
import assert from "node:assert/strict";
import { booleanColumn, categoricalColumn, numericColumn, stringColumn, temporalColumn } from "@sosie/core";
import { summarizeColumn } from "./column-summary.ts";

test("numeric columns: missing, distinct, min, max and mean of present values", () => {
  const column = numericColumn("age", new Float64Array([30, 40, 0, 40]), {
    kind: "integer",
    missing: new Uint8Array([0, 0, 1, 0]),
  });
  assert.deepEqual(summarizeColumn(column), {
    name: "age",
    kind: "integer",
    nRows: 4,
    nMissing: 1,
    nDistinct: 2,
    min: 30,
    max: 40,
    mean: 110 / 3,
  });
});

test("categorical columns show levels seen at least 5 times and count the rare ones", () => {
  // A x6, B x5, C x4 (rare), D x1 (rare), E declared but never seen.
  const codes = [...Array(6).fill(0), ...Array(5).fill(1), ...Array(4).fill(2), 3, -1];
  const column = categoricalColumn("ward", new Int32Array(codes), ["A", "B", "C", "D", "E"]);
  const summary = summarizeColumn(column);
  assert.equal(summary.nMissing, 1);
  assert.equal(summary.nDistinct, 4);
  assert.deepEqual(summary.topLevels, [
    { level: "A", count: 6 },
    { level: "B", count: 5 },
  ]);
  assert.equal(summary.nRareLevels, 2);
});

test("boolean columns count their two tokens", () => {
  const column = booleanColumn("smoker", new Uint8Array([1, 1, 1, 1, 1, 0]), { tokens: ["No", "Yes"] });
  const summary = summarizeColumn(column);
  assert.deepEqual(summary.topLevels, [{ level: "Yes", count: 5 }]);
  assert.equal(summary.nRareLevels, 1);
});

test("dates are shown as ISO dates, datetimes as ISO date-times", () => {
  const dates = temporalColumn("d", "date", new Float64Array([0, 18_628]), "YYYY-MM-DD");
  assert.deepEqual([summarizeColumn(dates).min, summarizeColumn(dates).max], ["1970-01-01", "2021-01-01"]);
  const times = temporalColumn("t", "datetime", new Float64Array([90]), "YYYY-MM-DD HH:mm:ss");
  assert.equal(summarizeColumn(times).min, "1970-01-01T00:01:30Z");
});

test("identifier and text columns give counts only", () => {
  const summary = summarizeColumn(
    stringColumn("id", "identifier", ["a", "b", "b", ""], { missing: new Uint8Array([0, 0, 0, 1]) }),
  );
  assert.deepEqual(summary, { name: "id", kind: "identifier", nRows: 4, nMissing: 1, nDistinct: 2 });
});

test("an all-missing column has no range", () => {
  const summary = summarizeColumn(numericColumn("x", new Float64Array(3), { missing: new Uint8Array([1, 1, 1]) }));
  assert.deepEqual(summary, { name: "x", kind: "continuous", nRows: 3, nMissing: 3, nDistinct: 0 });
});
