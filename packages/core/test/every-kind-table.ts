/**
 * Test fixture shared by the codec round-trip tests (Arrow, Parquet): one column of every kind,
 * each with a missing value at a different row, with edge values (±0, 64-bit ids, far dates).
 */
import assert from "node:assert/strict";
import { booleanColumn, categoricalColumn, numericColumn, stringColumn, temporalColumn } from "../src/table/column.ts";
import { Table } from "../src/table/table.ts";

export function everyKindTable(): Table {
  const m = (row: number) => Uint8Array.from({ length: 5 }, (_, i) => (i === row ? 1 : 0));
  return new Table([
    numericColumn("weight", Float64Array.of(71.25, 0, -2.5, 1e-300, 3), { missing: m(1), decimals: 2 }),
    numericColumn("height", Float64Array.of(0.1, 0.2, 0, 180.3, -0), { missing: m(2) }),
    numericColumn("count", Float64Array.of(1, -7, 2147483647, 0, -2147483648), { kind: "integer", missing: m(3) }),
    numericColumn("big", Float64Array.of(3e9, -4e9, 0, 5, 2 ** 53 - 1), { kind: "integer", missing: m(3) }),
    categoricalColumn("blood", Int32Array.of(0, 1, 0, 1, -1), ["B", "A", "unused"]),
    categoricalColumn("stage", Int32Array.of(2, -1, 0, 1, 0), ["low", "mid", "high"], { ordered: true }),
    booleanColumn("smoker", Uint8Array.of(1, 0, 1, 1, 0), { missing: m(0), tokens: ["No", "Yes"] }),
    temporalColumn("birth", "date", Float64Array.of(-3653, -1, 0, 0, 19000), "DD/MM/YYYY", { missing: m(3) }),
    temporalColumn(
      "admitted",
      "datetime",
      Float64Array.of(1700000000.125, -86400.5, 0, 1.001, 0),
      "YYYY-MM-DD HH:mm:ss.SSS",
      {
        missing: m(4),
      },
    ),
    temporalColumn(
      "sampled",
      "datetime",
      Float64Array.of(0, 1.000001, 1700000000.654321, 0, -0.25),
      "YYYY-MM-DDTHH:mm:ssZ",
      {
        missing: m(3),
      },
    ),
    stringColumn("person_id", "identifier", ["9223372036854775807", "", "1", "-9223372036854775808", "007"], {
      missing: m(1),
    }),
    stringColumn("note", "text", ["hello", "café ☕", "", "", "x"], { missing: m(2) }),
  ]);
}

/** Columns compared field by field, typed arrays element by element (NaN equals NaN). */
export function assertSameTable(actual: Table, expected: Table): void {
  assert.equal(actual.nRows, expected.nRows);
  assert.deepEqual(actual.names, expected.names);
  expected.columns.forEach((e, i) => assert.deepStrictEqual(actual.columns[i], e, `column ${e.name}`));
}
