import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Bool,
  DateDay,
  Dictionary,
  Float32,
  Int16,
  Int32,
  Int64,
  Int8,
  Null,
  TimestampNanosecond,
  TimestampSecond,
  Uint32,
  Utf8,
  Decimal,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  makeVector,
  Table as ArrowTable,
  type Vector,
} from "apache-arrow";
import { SosieInputError } from "../errors.ts";
import { numericColumn, stringColumn, type CategoricalColumn, type StringColumn } from "./column.ts";
import { Table } from "./table.ts";
import { assertSameTable, everyKindTable } from "../../test/every-kind-table.ts";
import { SOSIE_COLUMN_KEY, stringColumnKind, tableFromArrow, tableToArrow } from "./arrow.ts";

function arrowTable(columns: Record<string, Vector>): ArrowTable {
  return new ArrowTable(columns);
}

describe("tableToArrow / tableFromArrow", () => {
  it("round-trips every kind with missing values exactly", () => {
    const table = everyKindTable();
    assertSameTable(tableFromArrow(tableToArrow(table)), table);
  });

  it("maps kinds to the documented Arrow types, with nulls from the mask", () => {
    const t = tableToArrow(everyKindTable());
    const types = Object.fromEntries(t.schema.fields.map((f) => [f.name, String(f.type)]));
    assert.deepEqual(types, {
      weight: "Float64",
      height: "Float64",
      count: "Int32",
      big: "Float64",
      blood: "Dictionary<Int32, Utf8>",
      stage: "Dictionary<Int32, Utf8>",
      smoker: "Bool",
      birth: "Date32<DAY>",
      admitted: "Timestamp<MILLISECOND, UTC>",
      sampled: "Timestamp<MICROSECOND, UTC>",
      person_id: "Utf8",
      note: "Utf8",
    });
    assert.equal(t.getChild("count")!.nullCount, 1);
    assert.equal(t.getChild("count")!.get(3), null);
    assert.equal(t.getChild("count")!.get(2), 2147483647);
    assert.deepEqual(t.getChild("blood")!.data[0].dictionary!.toArray(), ["B", "A", "unused"]);
    assert.equal((t.schema.fields[5].type as Dictionary).isOrdered, true);
    assert.equal(t.getChild("admitted")!.get(0), 1700000000125);
    assert.equal(t.getChild("birth")!.get(0), -3653 * 86_400_000);
    assert.equal(t.getChild("person_id")!.get(0), "9223372036854775807");
    assert.equal(t.getChild("person_id")!.get(1), null);
    assert.equal(t.getChild("note")!.get(3), "");
    assert.deepEqual(JSON.parse(t.schema.fields[6].metadata.get(SOSIE_COLUMN_KEY)!), {
      kind: "boolean",
      tokens: ["No", "Yes"],
    });
    assert.deepEqual(JSON.parse(t.schema.fields[3].metadata.get(SOSIE_COLUMN_KEY)!), { kind: "integer" });
  });

  it("survives Arrow IPC serialisation (metadata and dictionaries kept)", () => {
    const table = everyKindTable();
    assertSameTable(tableFromArrow(tableFromIPC(tableToIPC(tableToArrow(table)))), table);
  });

  it("reads sliced and multi-batch Arrow tables (offsets and per-batch dictionaries)", () => {
    const table = everyKindTable();
    const arrow = tableToArrow(table);
    assertSameTable(tableFromArrow(arrow.slice(1, 4)), table.slice(1, 4));
    const a = arrowTable({
      c: vectorFromArray(["x", "y", null], new Dictionary(new Utf8(), new Int32())),
      b: vectorFromArray([true, null, false]),
    });
    const b = arrowTable({
      c: vectorFromArray(["z", "x"], new Dictionary(new Utf8(), new Int32())),
      b: vectorFromArray([false, true]),
    });
    const read = tableFromArrow(a.concat(b));
    const c = read.column("c") as CategoricalColumn;
    assert.deepEqual(c.levels, ["x", "y", "z"]);
    assert.deepEqual([...c.codes], [0, 1, -1, 2, 0]);
    assert.deepEqual([...read.column("b").missing], [0, 1, 0, 0, 0]);
  });

  it("maps Arrow tables without Sosie metadata by type", () => {
    const n = 6;
    const t = arrowTable({
      i8: vectorFromArray([1, -2, null, 4, 5, 6], new Int8()),
      i16: vectorFromArray([300, 0, 1, 2, 3, null], new Int16()),
      u32: vectorFromArray([4294967295, 0, 1, 2, 3, 4], new Uint32()),
      i64: vectorFromArray([1n, -(2n ** 53n - 1n), null, 2n ** 53n - 1n, 0n, 7n], new Int64()),
      f32: vectorFromArray([0.5, NaN, null, -1.25, 2, 3], new Float32()),
      ok: vectorFromArray([true, false, null, true, true, false], new Bool()),
      day: vectorFromArray(
        [new Date(Date.UTC(1969, 11, 31)), null, new Date(0), new Date(86_400_000), new Date(0), new Date(0)],
        new DateDay(),
      ),
      // Raw ticks (the Arrow builders take milliseconds whatever the unit).
      ts_s: makeVector({ type: new TimestampSecond(), length: n, data: BigInt64Array.of(-1n, 0n, 1n, 4n, 2n, 3n) }),
      ts_ns: makeVector({
        type: new TimestampNanosecond(),
        length: n,
        data: BigInt64Array.of(1_500_000_000n, 0n, 7n, 1n, 2n, 3n),
      }),
      dict: vectorFromArray(["a", "b", "a", null, "c", "a"], new Dictionary(new Utf8(), new Int32())),
      few: vectorFromArray(["m", "f", "m", "f", null, "m"], new Utf8()),
      many: vectorFromArray(["p", "q", "r", "s", "t", null], new Utf8()),
      none: vectorFromArray([null, null, null, null, null, null], new Null()),
    });
    const read = tableFromArrow(t);
    assert.equal(read.nRows, n);
    const kinds = Object.fromEntries(read.columns.map((c) => [c.name, c.kind]));
    assert.deepEqual(kinds, {
      i8: "integer",
      i16: "integer",
      u32: "integer",
      i64: "integer",
      f32: "continuous",
      ok: "boolean",
      day: "date",
      ts_s: "datetime",
      ts_ns: "datetime",
      dict: "categorical",
      few: "categorical",
      many: "text",
      none: "categorical",
    });
    const values = (name: string) => [...(read.column(name) as { values: ArrayLike<unknown> }).values];
    assert.deepEqual(values("i8"), [1, -2, NaN, 4, 5, 6]);
    assert.deepEqual(values("u32"), [4294967295, 0, 1, 2, 3, 4]);
    assert.deepEqual(values("i64"), [1, -(2 ** 53 - 1), NaN, 2 ** 53 - 1, 0, 7]);
    assert.deepEqual(values("f32"), [0.5, NaN, NaN, -1.25, 2, 3]);
    assert.deepEqual([...read.column("f32").missing], [0, 1, 1, 0, 0, 0]);
    assert.deepEqual(values("ok"), [1, 0, 0, 1, 1, 0]);
    assert.deepEqual(values("day"), [-1, NaN, 0, 1, 0, 0]);
    assert.deepEqual(values("ts_s"), [-1, 0, 1, 4, 2, 3]);
    assert.deepEqual(values("ts_ns"), [1.5, 0, 7e-9, 1e-9, 2e-9, 3e-9]);
    assert.equal((read.column("day") as { format: string }).format, "YYYY-MM-DD");
    assert.equal((read.column("ts_s") as { format: string }).format, "YYYY-MM-DDTHH:mm:ssZ");
    const dict = read.column("dict") as CategoricalColumn;
    assert.deepEqual([dict.levels, [...dict.codes], dict.ordered], [["a", "b", "c"], [0, 1, 0, -1, 2, 0], false]);
    const few = read.column("few") as CategoricalColumn;
    assert.deepEqual(
      [few.levels, [...few.codes]],
      [
        ["f", "m"],
        [1, 0, 1, 0, -1, 1],
      ],
    );
    assert.deepEqual(values("many"), ["p", "q", "r", "s", "t", ""]);
    assert.deepEqual((read.column("none") as CategoricalColumn).levels, []);
    assert.deepEqual([...read.column("none").missing], [1, 1, 1, 1, 1, 1]);
    assert.deepEqual((read.column("ok") as { tokens: unknown }).tokens, ["false", "true"]);
  });

  it("reads 64-bit integers beyond 2^53 as identifier strings with every digit", () => {
    const ids = [9223372036854775807n, -9223372036854775808n, 2n ** 53n + 1n, null, 42n];
    const read = tableFromArrow(arrowTable({ id: vectorFromArray(ids, new Int64()) }));
    const id = read.column("id") as StringColumn;
    assert.equal(id.kind, "identifier");
    assert.deepEqual(id.values, ["9223372036854775807", "-9223372036854775808", "9007199254740993", "", "42"]);
    assert.deepEqual([...id.missing], [0, 0, 0, 1, 0]);
  });

  it("refuses unsupported types, infinities and bad metadata with input errors that name the column", () => {
    const decimal = makeVector({ type: new Decimal(2, 9, 128), length: 1, data: new Uint32Array(4) });
    assert.throws(
      () => tableFromArrow(arrowTable({ amount: decimal })),
      (e: unknown) => e instanceof SosieInputError && e.code === "unsupported-format" && e.location.column === "amount",
    );
    assert.throws(
      () => tableFromArrow(arrowTable({ x: vectorFromArray([1, Infinity], new Float32()) })),
      (e: unknown) =>
        e instanceof SosieInputError &&
        e.code === "invalid-value" &&
        e.message === 'column "x": infinite number at row 2',
    );
    const withMetadata = (json: string, vector: Vector) => {
      const t = arrowTable({ x: vector });
      t.schema.fields[0].metadata.set(SOSIE_COLUMN_KEY, json);
      return t;
    };
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof SosieInputError ? e.code : String(e);
      }
      return "no error";
    };
    const strings = vectorFromArray(["secret-value"], new Utf8());
    assert.equal(
      code(() => tableFromArrow(withMetadata("{", strings))),
      "invalid-metadata",
    );
    assert.equal(
      code(() => tableFromArrow(withMetadata('{"kind":"weird"}', strings))),
      "invalid-metadata",
    );
    assert.equal(
      code(() => tableFromArrow(withMetadata('{"kind":"boolean"}', strings))),
      "metadata-mismatch",
    );
    assert.equal(
      code(() => tableFromArrow(withMetadata('{"kind":"text"}', strings))),
      "no error",
    );
    try {
      tableFromArrow(withMetadata('{"kind":"categorical","levels":["a"]}', strings));
      assert.fail("expected an error");
    } catch (e) {
      assert.ok(e instanceof SosieInputError && e.code === "metadata-mismatch");
      assert.ok(!e.message.includes("secret"), "errors never quote cell content");
    }
  });

  it("round-trips an empty table", () => {
    const empty = new Table([numericColumn("x", new Float64Array(0)), stringColumn("s", "text", [])]);
    assertSameTable(tableFromArrow(tableToArrow(empty)), empty);
  });
});

describe("stringColumnKind", () => {
  const none = (n: number) => new Uint8Array(n);
  it("is categorical up to half as many distinct values as present values", () => {
    assert.equal(stringColumnKind(["a", "b", "a", "b"], none(4)), "categorical");
    assert.equal(stringColumnKind(["a", "b", "c", "a", "b"], none(5)), "text");
    assert.equal(stringColumnKind(["a", "b", "a", "x"], Uint8Array.of(0, 0, 0, 1)), "text");
  });
  it("is text beyond 1,000 distinct values", () => {
    const levels = (k: number) => Array.from({ length: 4 * k }, (_, i) => `v${i % k}`);
    assert.equal(stringColumnKind(levels(1000), none(4000)), "categorical");
    assert.equal(stringColumnKind(levels(1001), none(4004)), "text");
  });
});
