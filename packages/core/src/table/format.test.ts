import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { booleanColumn, categoricalColumn, numericColumn, stringColumn, temporalColumn } from "./column.ts";
import { cellFormatter, formatCell, formatNumber } from "./format.ts";

describe("formatNumber", () => {
  it("writes the shortest exact form without decimals set", () => {
    assert.equal(formatNumber(63, undefined), "63");
    assert.equal(formatNumber(0.1 + 0.2, undefined), "0.30000000000000004");
    assert.equal(formatNumber(-2.5, undefined), "-2.5");
    assert.equal(formatNumber(1e21, undefined), "1e+21");
    assert.equal(formatNumber(-0, undefined), "0");
  });
  it("writes fixed decimals when set, never -0", () => {
    assert.equal(formatNumber(63, 1), "63.0");
    assert.equal(formatNumber(2.345, 2), "2.35");
    assert.equal(formatNumber(-0.004, 2), "0.00");
    assert.equal(formatNumber(-0.4, 0), "0");
    assert.equal(formatNumber(-0, 1), "0.0");
    assert.equal(formatNumber(-0.006, 2), "-0.01");
  });
  it("uses a decimal comma when asked", () => {
    assert.equal(formatNumber(12.5, undefined, ","), "12,5");
    assert.equal(formatNumber(3, 2, ","), "3,00");
  });
});

describe("formatCell", () => {
  const missing = Uint8Array.from([0, 1, 0]);
  it("writes each kind, and the missing token under the mask", () => {
    const num = numericColumn("x", Float64Array.from([1.5, 0, -3]), { missing, decimals: 2 });
    assert.deepEqual([0, 1, 2].map((r) => formatCell(num, r, { missing: "NA" })), ["1.50", "NA", "-3.00"]);
    const cat = categoricalColumn("c", Int32Array.from([1, -1, 0]), ["low", "high"]);
    assert.deepEqual([0, 1, 2].map((r) => formatCell(cat, r)), ["high", "", "low"]);
    const bool = booleanColumn("b", Uint8Array.from([1, 0, 0]), { missing, tokens: ["No", "Yes"] });
    assert.deepEqual([0, 1, 2].map((r) => formatCell(bool, r)), ["Yes", "", "No"]);
    const text = stringColumn("t", "text", ["a, b", "x", " c "], { missing });
    assert.deepEqual([0, 1, 2].map((r) => formatCell(text, r)), ["a, b", "", " c "]);
  });
  it("writes dates and datetimes in their source format", () => {
    // 2024-02-29 is day 19782 (19723 days to 2024-01-01, plus 31 + 28).
    const date = temporalColumn("d", "date", Float64Array.from([19782, 0]), "YYYY-MM-DD", { missing: Uint8Array.from([0, 1]) });
    assert.equal(formatCell(date, 0), "2024-02-29");
    assert.equal(formatCell(date, 1, { missing: "." }), ".");
    const fr = temporalColumn("d", "date", Float64Array.from([19782]), "DD/MM/YYYY");
    assert.equal(formatCell(fr, 0), "29/02/2024");
    const dt = temporalColumn("t", "datetime", Float64Array.from([19782 * 86400 + 13 * 3600 + 5 * 60 + 9]), "YYYY-MM-DD HH:mm:ss");
    assert.equal(formatCell(dt, 0), "2024-02-29 13:05:09");
  });
  it("cellFormatter gives the same texts as formatCell", () => {
    const num = numericColumn("x", Float64Array.from([0.25, 7]), { kind: "continuous" });
    const f = cellFormatter(num, { decimal: "," });
    assert.deepEqual([f(0), f(1)], ["0,25", "7"]);
  });
});
