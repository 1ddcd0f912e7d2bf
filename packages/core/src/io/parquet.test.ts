import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parquetMetadata } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";
import { SosieInputError } from "../errors.ts";
import {
  categoricalColumn,
  numericColumn,
  stringColumn,
  temporalColumn,
  type CategoricalColumn,
  type StringColumn,
} from "../table/column.ts";
import { Table } from "../table/table.ts";
import { assertSameTable, everyKindTable } from "../../test/every-kind-table.ts";
import { SOSIE_COLUMNS_KEY, readParquet, writeParquet } from "./parquet.ts";

async function inputError(promise: Promise<unknown>): Promise<SosieInputError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof SosieInputError) return e;
    throw e;
  }
  throw new Error("expected a SosieInputError");
}

describe("writeParquet / readParquet", () => {
  it("round-trips every kind with missing values exactly, compressed or not", async () => {
    const table = everyKindTable();
    assertSameTable(await readParquet(writeParquet(table)), table);
    assertSameTable(await readParquet(writeParquet(table, { compression: "uncompressed" })), table);
  });

  it("uses Parquet logical types and stores the column descriptions in the footer", () => {
    const metadata = parquetMetadata(writeParquet(everyKindTable()).buffer as ArrayBuffer);
    const types = Object.fromEntries(
      metadata.schema
        .slice(1)
        .map((e) => [e.name, [e.type, e.logical_type?.type ?? null, e.repetition_type].join(" ")]),
    );
    assert.deepEqual(types, {
      weight: "DOUBLE  OPTIONAL",
      height: "DOUBLE  OPTIONAL",
      count: "INT32  OPTIONAL",
      big: "INT64 INTEGER OPTIONAL",
      blood: "BYTE_ARRAY STRING OPTIONAL",
      stage: "BYTE_ARRAY STRING OPTIONAL",
      smoker: "BOOLEAN  OPTIONAL",
      birth: "INT32 DATE OPTIONAL",
      admitted: "INT64 TIMESTAMP OPTIONAL",
      sampled: "INT64 TIMESTAMP OPTIONAL",
      person_id: "BYTE_ARRAY STRING OPTIONAL",
      note: "BYTE_ARRAY STRING OPTIONAL",
    });
    const units = metadata.schema.filter((e) => e.logical_type?.type === "TIMESTAMP").map((e) => e.logical_type);
    assert.deepEqual(units, [
      { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
      { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" },
    ]);
    const descriptions = JSON.parse(metadata.key_value_metadata!.find((kv) => kv.key === SOSIE_COLUMNS_KEY)!.value!);
    assert.deepEqual(descriptions[4], {
      name: "blood",
      kind: "categorical",
      ordered: false,
      levels: ["B", "A", "unused"],
    });
    assert.deepEqual(descriptions[0], { name: "weight", kind: "continuous", decimals: 2 });
  });

  it("writes columns without missing values as REQUIRED and reads them back", async () => {
    const table = new Table([
      numericColumn("x", Float64Array.of(1, 2.5)),
      numericColumn("n", Float64Array.of(-1, 4), { kind: "integer" }),
      numericColumn("n64", Float64Array.of(-1, 2 ** 40), { kind: "integer" }),
      temporalColumn("d", "date", Float64Array.of(-1, 2), "YYYY-MM-DD"),
      stringColumn("s", "text", ["a", "b"]),
    ]);
    const bytes = writeParquet(table);
    const metadata = parquetMetadata(bytes.buffer as ArrayBuffer);
    assert.deepEqual(
      metadata.schema.slice(1).map((e) => e.repetition_type),
      ["REQUIRED", "REQUIRED", "REQUIRED", "REQUIRED", "REQUIRED"],
    );
    assertSameTable(await readParquet(bytes), table);
  });

  it("reads several row groups and byte views that do not start at offset 0", async () => {
    const n = 2500; // the writer's default row groups are 1,000 then 100,000 rows
    const values = Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const missing = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const codes = Int32Array.from({ length: n }, (_, i) => i % 3);
    const table = new Table([
      numericColumn("x", values, { missing }),
      categoricalColumn("c", codes, ["p", "q", "r"], { missing: missing.slice() }),
      numericColumn(
        "n",
        Float64Array.from({ length: n }, (_, i) => i - 1000),
        { kind: "integer" },
      ),
    ]);
    const bytes = writeParquet(table);
    assert.equal(parquetMetadata(bytes.buffer as ArrayBuffer).row_groups.length, 2);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    assertSameTable(await readParquet(padded.subarray(3)), table);
  });

  it("leaves out the levels no row takes when asked (a synthetic table's real rare levels)", async () => {
    const table = new Table([
      categoricalColumn("dx", Int32Array.of(2, 0, 2, -1), ["A10", "Z99 (one patient)", "B20"], {
        missing: Uint8Array.of(0, 0, 0, 1),
      }),
    ]);
    const bytes = writeParquet(table, { unusedLevels: "drop" });
    assert.ok(!new TextDecoder().decode(bytes).includes("Z99"));
    const back = await readParquet(bytes);
    const dx = back.column("dx");
    assert.ok(dx.kind === "categorical");
    assert.deepEqual(dx.levels, ["A10", "B20"]);
    assert.deepEqual(Array.from(dx.codes), [1, 0, 1, -1]);
    assert.ok(new TextDecoder().decode(writeParquet(table)).includes("Z99"), "kept by default: exact round trip");
  });

  it("writes column statistics only when asked", () => {
    const table = new Table([numericColumn("x", Float64Array.of(3, -1, 2))]);
    const stats = (bytes: Uint8Array) =>
      parquetMetadata(bytes.buffer as ArrayBuffer).row_groups[0].columns[0].meta_data!.statistics;
    assert.equal(stats(writeParquet(table)), undefined);
    const withStats = stats(writeParquet(table, { statistics: true }))!;
    assert.deepEqual([withStats.min_value, withStats.max_value, withStats.null_count], [-1, 3, 0n]);
  });

  it("round-trips an empty table", async () => {
    const empty = new Table([numericColumn("x", new Float64Array(0)), stringColumn("s", "identifier", [])]);
    assertSameTable(await readParquet(writeParquet(empty)), empty);
  });

  it("maps Parquet files without Sosie metadata by type", async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "i32", data: [1, -2, null, 4, 5, 6] },
        { name: "i64", data: [1n, null, 2n ** 53n - 1n, 0n, -5n, 6n] },
        { name: "dbl", data: [0.5, NaN, null, -1.25, 2, 3] },
        { name: "flt", data: Float32Array.of(0.5, 1, 2, 3, 4, 5) },
        { name: "ok", data: [true, false, null, true, true, false] },
        { name: "day", data: [-1, 0, null, 1, 2, 3] },
        { name: "ts", data: [1_500_000n, 0n, null, -1n, 2n, 3n] },
        { name: "few", data: ["m", "f", "m", "f", null, "m"] },
        { name: "many", data: ["p", "q", "r", "s", "t", null] },
      ],
      schema: [
        { name: "root", num_children: 9 },
        { name: "i32", type: "INT32", repetition_type: "OPTIONAL" },
        { name: "i64", type: "INT64", repetition_type: "OPTIONAL" },
        { name: "dbl", type: "DOUBLE", repetition_type: "OPTIONAL" },
        { name: "flt", type: "FLOAT", repetition_type: "REQUIRED" },
        { name: "ok", type: "BOOLEAN", repetition_type: "OPTIONAL" },
        { name: "day", type: "INT32", converted_type: "DATE", repetition_type: "OPTIONAL" },
        {
          name: "ts",
          type: "INT64",
          converted_type: "TIMESTAMP_MICROS",
          logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" },
          repetition_type: "OPTIONAL",
        },
        { name: "few", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
        { name: "many", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      ],
    });
    const read = await readParquet(new Uint8Array(buffer));
    const kinds = Object.fromEntries(read.columns.map((c) => [c.name, c.kind]));
    assert.deepEqual(kinds, {
      i32: "integer",
      i64: "integer",
      dbl: "continuous",
      flt: "continuous",
      ok: "boolean",
      day: "date",
      ts: "datetime",
      few: "categorical",
      many: "text",
    });
    const values = (name: string) => [...(read.column(name) as { values: ArrayLike<unknown> }).values];
    assert.deepEqual(values("i32"), [1, -2, NaN, 4, 5, 6]);
    assert.deepEqual(values("i64"), [1, NaN, 2 ** 53 - 1, 0, -5, 6]);
    assert.deepEqual(values("dbl"), [0.5, NaN, NaN, -1.25, 2, 3]);
    assert.deepEqual([...read.column("dbl").missing], [0, 1, 1, 0, 0, 0]);
    assert.deepEqual(values("flt"), [0.5, 1, 2, 3, 4, 5]);
    assert.deepEqual(values("ok"), [1, 0, 0, 1, 1, 0]);
    assert.deepEqual(values("day"), [-1, 0, NaN, 1, 2, 3]);
    assert.deepEqual(values("ts"), [1.5, 0, NaN, -0.000001, 0.000002, 0.000003]);
    assert.equal((read.column("ts") as { format: string }).format, "YYYY-MM-DDTHH:mm:ssZ");
    assert.equal((read.column("day") as { format: string }).format, "YYYY-MM-DD");
    const few = read.column("few") as CategoricalColumn;
    assert.deepEqual([few.levels, [...few.codes], few.ordered], [["f", "m"], [1, 0, 1, 0, -1, 1], false]);
    assert.deepEqual(values("many"), ["p", "q", "r", "s", "t", ""]);
  });

  it("reads INT64 values beyond 2^53 as identifier strings with every digit", async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        {
          name: "person_id",
          data: [9223372036854775807n, null, 9007199254740993n, -9223372036854775808n, 42n],
          type: "INT64",
        },
      ],
    });
    const id = (await readParquet(buffer)).column("person_id") as StringColumn;
    assert.equal(id.kind, "identifier");
    assert.deepEqual(id.values, ["9223372036854775807", "", "9007199254740993", "-9223372036854775808", "42"]);
    assert.deepEqual([...id.missing], [0, 1, 0, 0, 0]);
  });

  it("refuses non-Parquet and truncated input with unsupported-format naming the source", async () => {
    const csv = new TextEncoder().encode("age,sex\n63,1\n");
    const e1 = await inputError(readParquet(csv, { source: "heart.csv" }));
    assert.equal(e1.code, "unsupported-format");
    assert.equal(e1.location.file, "heart.csv");
    assert.match(e1.message, /^heart\.csv: /);
    const bytes = writeParquet(everyKindTable());
    for (const cut of [0, 3, 11, bytes.length - 1, Math.floor(bytes.length / 2)]) {
      const e = await inputError(readParquet(bytes.subarray(0, cut), { source: "cut.parquet" }));
      assert.deepEqual([e.code, e.location.file], ["unsupported-format", "cut.parquet"], `cut at ${cut}`);
    }
    const e2 = await inputError(readParquet(new ArrayBuffer(0)));
    assert.deepEqual([e2.code, e2.location.file], ["unsupported-format", "<input>"]);
  });

  it("refuses corrupt data pages, unsupported columns and inconsistent metadata as input errors", async () => {
    const bytes = writeParquet(
      new Table([
        numericColumn(
          "x",
          Float64Array.from({ length: 100 }, (_, i) => i),
        ),
      ]),
      {
        compression: "snappy",
      },
    );
    const corrupt = bytes.slice();
    for (let i = 8; i < 200; i++) corrupt[i] ^= 0xa5;
    assert.equal((await inputError(readParquet(corrupt))).code, "unsupported-format");

    const time = parquetWriteBuffer({
      columnData: [{ name: "t", data: [1, 2] }],
      schema: [
        { name: "root", num_children: 1 },
        { name: "t", type: "INT32", converted_type: "TIME_MILLIS", repetition_type: "REQUIRED" },
      ],
    });
    const e = await inputError(readParquet(time));
    assert.deepEqual([e.code, e.location.column], ["unsupported-format", "t"]);

    const mislabelled = parquetWriteBuffer({
      columnData: [{ name: "x", data: ["confidential", "b"], type: "STRING" }],
      kvMetadata: [
        { key: SOSIE_COLUMNS_KEY, value: JSON.stringify([{ name: "x", kind: "categorical", levels: ["b"] }]) },
      ],
    });
    const mismatch = await inputError(readParquet(mislabelled));
    assert.deepEqual([mismatch.code, mismatch.location.column], ["metadata-mismatch", "x"]);
    assert.ok(!mismatch.message.includes("confidential"), "errors never quote cell content");

    const badJson = parquetWriteBuffer({
      columnData: [{ name: "x", data: ["a"], type: "STRING" }],
      kvMetadata: [{ key: SOSIE_COLUMNS_KEY, value: "{not json" }],
    });
    assert.equal((await inputError(readParquet(badJson))).code, "invalid-metadata");
  });
});
