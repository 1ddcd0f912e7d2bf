import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeTable } from "./decode.ts";
import { inferMetadata } from "./infer.ts";
import { rawTable } from "./testing/raw-fixture.ts";
import { SosieInputError } from "../errors.ts";
import type { Metadata } from "./metadata.ts";

const meta = (columns: Metadata["columns"], extra: Partial<Metadata> = {}): Metadata => ({ sosie: "metadata/1", columns, ...extra });

test("decodes every kind with its missing mask", () => {
  const raw = rawTable({
    x: ["1.5", "", "-3", "4e2"],
    n: ["1", "2", "NA", "40"],
    c: ["b", "a", "?", "b"],
    flag: ["Yes", "No", "", "Yes"],
    d: ["2000-03-01", "1970-01-01", "", "1969-12-31"],
    t: ["2000-03-01 00:00:01", "", "1970-01-01 00:00:00", "1970-01-01 00:01:00"],
    id: ["-4406053801395356975", "9223372036854775807", "", "1"],
  });
  const table = decodeTable(
    raw,
    meta(
      [
        { name: "x", kind: "continuous", decimals: 1 },
        { name: "n", kind: "integer", missingTokens: ["NA"] },
        { name: "c", kind: "categorical", levels: ["a", "b"], missingTokens: ["?"] },
        { name: "flag", kind: "boolean", tokens: ["No", "Yes"] },
        { name: "d", kind: "date", format: "YYYY-MM-DD" },
        { name: "t", kind: "datetime", format: "YYYY-MM-DD HH:mm:ss" },
        { name: "id", kind: "identifier" },
      ],
      { missingTokens: [""] },
    ),
  );
  const x = table.column("x");
  assert.equal(x.kind, "continuous");
  if (x.kind === "continuous") {
    assert.deepEqual([...x.values], [1.5, NaN, -3, 400]);
    assert.equal(x.decimals, 1);
  }
  assert.deepEqual([...x.missing], [0, 1, 0, 0]);
  const n = table.column("n");
  if (n.kind === "integer") assert.deepEqual([...n.values], [1, 2, NaN, 40]);
  const c = table.column("c");
  assert.equal(c.kind, "categorical");
  if (c.kind === "categorical") {
    assert.deepEqual([...c.codes], [1, 0, -1, 1]);
    assert.deepEqual(c.levels, ["a", "b"]);
  }
  const flag = table.column("flag");
  if (flag.kind === "boolean") {
    assert.deepEqual([...flag.values], [1, 0, 0, 1]);
    assert.deepEqual([...flag.missing], [0, 0, 1, 0]);
    assert.deepEqual(flag.tokens, ["No", "Yes"]);
  }
  const d = table.column("d");
  if (d.kind === "date") assert.deepEqual([...d.values], [11017, 0, NaN, -1]);
  const t = table.column("t");
  if (t.kind === "datetime") assert.deepEqual([...t.values], [11017 * 86400 + 1, NaN, 0, 60]);
  const id = table.column("id");
  if (id.kind === "identifier") assert.deepEqual(id.values, ["-4406053801395356975", "9223372036854775807", "", "1"]);
  assert.deepEqual([...id.missing], [0, 0, 1, 0]);
});

test("numbers honour the dialect's decimal comma", () => {
  const raw = rawTable({ bmi: ["22,5", "31,25", "-0,5"] }, { decimal: "," });
  const col = decodeTable(raw, meta([{ name: "bmi", kind: "continuous" }])).column("bmi");
  if (col.kind === "continuous") assert.deepEqual([...col.values], [22.5, 31.25, -0.5]);
  else assert.fail("not continuous");
});

test("categorical without declared levels takes the seen levels in order of appearance", () => {
  const col = decodeTable(rawTable({ c: ["z", "", "a", "z"] }), meta([{ name: "c", kind: "categorical" }])).column("c");
  if (col.kind !== "categorical") assert.fail("not categorical");
  else {
    assert.deepEqual(col.levels, ["z", "a"]);
    assert.deepEqual([...col.codes], [0, -1, 1, 0]);
  }
});

test("boolean columns read Frictionless default true/false values", () => {
  const col = decodeTable(rawTable({ b: ["1", "0", "true", "FALSE"] }), meta([{ name: "b", kind: "boolean" }])).column("b");
  if (col.kind !== "boolean") assert.fail("not boolean");
  else {
    assert.deepEqual([...col.values], [1, 0, 1, 0]);
    assert.deepEqual(col.tokens, ["0", "1"]);
  }
});

/** The SosieInputError thrown by `f`, checked for code, line and column, and that the value is not quoted. */
function expectInvalid(f: () => unknown, code: string, line: number | undefined, column: string, secret?: string): SosieInputError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SosieInputError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.location.line, line);
    assert.equal(e.location.column, column);
    assert.equal(e.location.file, "test.csv");
    if (secret !== undefined) assert.ok(!e.message.includes(secret), e.message);
    return e;
  }
  assert.fail("no error");
}

test("a value that does not fit its kind is invalid-value at its line and column, unquoted", () => {
  const raw = rawTable({ age: ["34", "51", "forty-two", "60"], code: ["a", "b", "a", "zz-secret"] });
  expectInvalid(
    () => decodeTable(raw, meta([{ name: "age", kind: "integer" }, { name: "code", kind: "categorical" }])),
    "invalid-value",
    4,
    "age",
    "forty-two",
  );
  expectInvalid(
    () => decodeTable(raw, meta([{ name: "age", kind: "categorical" }, { name: "code", kind: "categorical", levels: ["a", "b"] }])),
    "invalid-value",
    5,
    "code",
    "zz-secret",
  );
});

test("integer columns reject fractions and values beyond 2^53", () => {
  const m = meta([{ name: "n", kind: "integer" }]);
  expectInvalid(() => decodeTable(rawTable({ n: ["1", "2.5"] }), m), "invalid-value", 3, "n", "2.5");
  const e = expectInvalid(() => decodeTable(rawTable({ n: ["1", "2", "9007199254740993"] }), m), "invalid-value", 4, "n", "9007199254740993");
  assert.match(e.message, /2\^53/);
  // 2^53 - 1 is still exact.
  const ok = decodeTable(rawTable({ n: ["9007199254740991"] }), m).column("n");
  if (ok.kind === "integer") assert.equal(ok.values[0], 9007199254740991);
});

test("bad dates, bad booleans and missing values in non-nullable columns are located", () => {
  expectInvalid(
    () => decodeTable(rawTable({ d: ["2023-01-01", "2023-02-30"] }), meta([{ name: "d", kind: "date", format: "YYYY-MM-DD" }])),
    "invalid-value",
    3,
    "d",
    "2023-02-30",
  );
  expectInvalid(
    () => decodeTable(rawTable({ b: ["Yes", "No", "Maybe"] }), meta([{ name: "b", kind: "boolean", tokens: ["No", "Yes"] }])),
    "invalid-value",
    4,
    "b",
    "Maybe",
  );
  expectInvalid(
    () => decodeTable(rawTable({ k: ["1", "", "3"] }), meta([{ name: "k", kind: "integer", nullable: false }])),
    "invalid-value",
    3,
    "k",
  );
});

test("line numbers come from rowLines when the reader recorded them", () => {
  const raw = rawTable({ n: ["1", "2", "x"] }, { rowLines: Int32Array.from([2, 5, 9]) });
  expectInvalid(() => decodeTable(raw, meta([{ name: "n", kind: "integer" }])), "invalid-value", 9, "n");
});

test("metadata and data must describe the same columns", () => {
  const raw = rawTable({ a: ["1"], b: ["2"] });
  expectInvalid(() => decodeTable(raw, meta([{ name: "a", kind: "integer" }])), "metadata-mismatch", undefined, "b");
  expectInvalid(
    () => decodeTable(raw, meta([{ name: "a", kind: "integer" }, { name: "b", kind: "integer" }, { name: "c", kind: "integer" }])),
    "metadata-mismatch",
    undefined,
    "c",
  );
});

test("inferred metadata decodes its own table", () => {
  const raw = rawTable({
    age: ["63.0", "67.0", "?", "41.0", "56.0", "62.0"],
    sex: ["1.0", "0.0", "1.0", "1.0", "0.0", "0.0"],
    when: ["2020-01-01", "2020-01-02", "", "2020-02-29", "2021-01-01", "2021-06-30"],
    note: ["x", "y", "z", "w", "v", "u"],
  });
  const { metadata } = inferMetadata(raw);
  const table = decodeTable(raw, metadata);
  assert.deepEqual(table.names, ["age", "sex", "when", "note"]);
  const sex = table.column("sex");
  assert.equal(sex.kind, "boolean");
  if (sex.kind === "boolean") assert.deepEqual([...sex.values], [1, 0, 1, 1, 0, 0]);
  assert.deepEqual([...table.column("age").missing], [0, 0, 1, 0, 0, 0]);
  assert.deepEqual([...table.column("when").missing], [0, 0, 1, 0, 0, 0]);
});
