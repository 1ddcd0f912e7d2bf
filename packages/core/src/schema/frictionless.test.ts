import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fromTableSchema, strftimeToTemporalFormat } from "./frictionless.ts";
import { SosieInputError } from "../errors.ts";

const SNDS = new URL("../../../../../shared/datasets/snds-synthetic/schemas/", import.meta.url).pathname;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

test("strftime patterns become temporal formats", () => {
  assert.equal(strftimeToTemporalFormat("%d%m%Y"), "DDMMYYYY");
  assert.equal(strftimeToTemporalFormat("%d%b%Y:%H:%M:%S"), "DDMMMYYYY:HH:mm:ss");
  assert.equal(strftimeToTemporalFormat("%Y-%m-%dT%H:%M:%S.%f"), "YYYY-MM-DDTHH:mm:ss.SSSSSS");
  assert.equal(strftimeToTemporalFormat("%y%m%d"), null);
  assert.equal(strftimeToTemporalFormat("%Y Day %d"), null);
});

test("a hand-written Table Schema maps field by field", () => {
  const m = fromTableSchema({
    name: "visits",
    missingValues: ["", "NA"],
    primaryKey: "visit_id",
    fields: [
      { name: "visit_id", type: "integer" },
      { name: "age", type: "integer", constraints: { minimum: 0, maximum: 120, required: true } },
      { name: "cost", type: "number", constraints: { decimals: 2, minimum: 0 } },
      { name: "sex", type: "string", constraints: { enum: ["F", "M"] } },
      { name: "smoker", type: "boolean", trueValues: ["O"], falseValues: ["N"] },
      { name: "seen", type: "date", format: "%d%m%Y" },
      { name: "at", type: "datetime" },
      { name: "birth_year", type: "year" },
      { name: "birth_month", type: "date", format: "%m" },
      { name: "ssn", type: "string", constraints: { unique: true, pattern: "[0-9]{13}", maxLength: 13 } },
      { name: "parent_visit", type: "integer" },
      { name: "drug", type: "string", nomenclature: "NT_DRUG:code", length: "7" },
      { name: "tod", type: "time" },
    ],
    foreignKeys: [
      { fields: "parent_visit", reference: { resource: "", fields: "visit_id" } },
      { fields: ["drug"], reference: { resource: "NT_DRUG", fields: ["code"] } },
    ],
  });
  const col = (n: string) => m.columns.find((c) => c.name === n)!;
  assert.equal(m.table, "visits");
  assert.deepEqual(m.missingTokens, ["", "NA"]);
  assert.deepEqual(m.primaryKey, ["visit_id"]);
  assert.equal(col("visit_id").kind, "identifier");
  assert.deepEqual([col("age").kind, col("age").min, col("age").max, col("age").nullable], ["integer", 0, 120, false]);
  assert.deepEqual([col("cost").kind, col("cost").decimals, col("cost").min], ["continuous", 2, 0]);
  assert.deepEqual([col("sex").kind, col("sex").levels], ["categorical", ["F", "M"]]);
  assert.deepEqual([col("smoker").kind, col("smoker").tokens, col("smoker").trueValues], ["boolean", ["N", "O"], ["O"]]);
  assert.deepEqual([col("seen").kind, col("seen").format], ["date", "DDMMYYYY"]);
  assert.deepEqual([col("at").kind, col("at").format], ["datetime", "YYYY-MM-DDTHH:mm:ssZ"]);
  assert.deepEqual([col("birth_year").kind, col("birth_year").format], ["date", "YYYY"]);
  assert.deepEqual([col("birth_month").kind, col("birth_month").levels?.length], ["categorical", 12]);
  assert.deepEqual([col("ssn").kind, col("ssn").unique, col("ssn").pattern, col("ssn").maxLength], ["identifier", true, "[0-9]{13}", 13]);
  assert.deepEqual(col("drug").annotations, { nomenclature: "NT_DRUG:code", length: "7" });
  assert.equal(col("tod").kind, "text");
  assert.equal(col("tod").warnings?.length, 1);
  assert.deepEqual(m.foreignKeys, [
    { childColumns: ["parent_visit"], parent: "visits", parentColumns: ["visit_id"] },
    { childColumns: ["drug"], parent: "NT_DRUG", parentColumns: ["code"], lookup: true },
  ]);
  assert.equal(col("drug").kind, "categorical");
});

test("malformed schemas are invalid-schema errors", () => {
  const bad = (json: unknown, pattern: RegExp) =>
    assert.throws(
      () => fromTableSchema(json, { source: "s.json" }),
      (e: unknown) => e instanceof SosieInputError && e.code === "invalid-schema" && pattern.test(e.message) && e.location.file === "s.json",
    );
  bad({}, /fields/);
  bad({ fields: [{ type: "integer" }] }, /no name/);
  bad({ fields: [{ name: "a" }], primaryKey: ["b"] }, /primaryKey/);
  bad({ fields: [{ name: "a", type: "date", format: "%y" }] }, /unsupported date format/);
  bad({ fields: [{ name: "a" }], foreignKeys: [{ fields: ["a", "a"], reference: { resource: "p", fields: "b" } }] }, /differ in length/);
});

test("every SNDS Table Schema imports; counts and a few fields checked by hand", () => {
  const files = walk(SNDS).filter((f) => f.endsWith(".json"));
  assert.equal(files.length, 191);
  let fields = 0;
  let fks = 0;
  let lookups = 0;
  let composite = 0;
  const byTable = new Map<string, ReturnType<typeof fromTableSchema>>();
  for (const f of files) {
    const m = fromTableSchema(JSON.parse(readFileSync(f, "utf8")), { source: f });
    fields += m.columns.length;
    fks += m.foreignKeys?.length ?? 0;
    lookups += m.foreignKeys?.filter((k) => k.lookup).length ?? 0;
    composite += m.foreignKeys?.filter((k) => k.childColumns.length > 1).length ?? 0;
    byTable.set(m.table!, m);
  }
  // Counts from the SNDS SOURCE.md and relational.md §1.3.
  assert.equal(fields, 4853);
  assert.equal(fks, 961);
  assert.equal(lookups, 767);
  assert.equal(composite, 122);
  const prs = byTable.get("ER_PRS_F")!;
  assert.equal(prs.primaryKey?.length, 9);
  const ben = byTable.get("IR_BEN_R")!;
  const nir = ben.columns.find((c) => c.name === "BEN_NIR_PSA")!;
  assert.deepEqual([nir.kind, nir.unique, nir.minLength, nir.maxLength], ["identifier", true, 17, 17]);
  const rng = ben.columns.find((c) => c.name === "BEN_RNG_GEM")!;
  assert.equal(rng.kind, "categorical"); // integer code pointing to the IR_BER_V nomenclature
  const month = ben.columns.find((c) => c.name === "BEN_NAI_MOI")!;
  assert.deepEqual([month.kind, month.levels?.[0], month.levels?.[11]], ["categorical", "01", "12"]);
  const money = prs.columns.find((c) => c.name === "BSE_REM_MNT")!;
  assert.deepEqual([money.kind, money.decimals, money.min, money.max], ["continuous", 2, 0, 9999]);
});
