import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mergeMetadata, validateMetadata, validateMetadataPatch, type Metadata } from "./metadata.ts";
import { SosieInputError } from "../errors.ts";

const valid: Metadata = {
  sosie: "metadata/1",
  table: "heart",
  columns: [
    { name: "age", kind: "integer", decimals: 1, min: 0, max: 120, role: "quasi-identifier" },
    { name: "cp", kind: "categorical", levels: ["1.0", "2.0", "3.0", "4.0"], ordered: false },
    { name: "sex", kind: "boolean", tokens: ["0.0", "1.0"] },
    { name: "seen", kind: "date", format: "DD/MM/YYYY" },
    { name: "id", kind: "identifier" },
    { name: "num", kind: "integer", role: "target" },
  ],
  primaryKey: ["id"],
  csv: { delimiter: ",", decimal: "." },
  missingTokens: ["", "?"],
};

function expectError(json: unknown, code: string, pattern: RegExp, column?: string, options = {}): void {
  try {
    validateMetadata(json, { source: "meta.json", ...options });
  } catch (e) {
    assert.ok(e instanceof SosieInputError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, pattern);
    assert.equal(e.location.file, "meta.json");
    assert.equal(e.location.column, column);
    return;
  }
  assert.fail("no error");
}

const withColumn = (i: number, patch: Record<string, unknown>) => ({
  ...valid,
  columns: valid.columns.map((c, j) => (j === i ? { ...c, ...patch } : c)),
});

test("a valid document passes and comes back unchanged", () => {
  assert.deepEqual(validateMetadata(structuredClone(valid), { columnNames: ["age", "cp", "sex", "seen", "id", "num", "extra"] }), valid);
});

test("schema errors name the JSON path and the column", () => {
  expectError({ ...valid, sosie: "metadata/9" }, "invalid-metadata", /\/sosie: must be "metadata\/1"/);
  expectError(withColumn(1, { kind: "nominal" }), "invalid-metadata", /\/columns\/1\/kind: must be one of "continuous"/, "cp");
  expectError(withColumn(0, { colour: "red" }), "invalid-metadata", /\/columns\/0: unknown field "colour"/, "age");
  expectError(withColumn(2, { tokens: ["0"] }), "invalid-metadata", /\/columns\/2\/tokens/, "sex");
  expectError({ ...valid, columns: "age" }, "invalid-metadata", /\/columns: must be array/);
  expectError(42, "invalid-metadata", /must be object/);
  expectError(withColumn(0, { role: "secret" }), "invalid-metadata", /role: must be one of "quasi-identifier", "sensitive"/, "age");
});

test("consistency errors", () => {
  expectError(withColumn(1, { name: "age" }), "invalid-metadata", /\/columns\/1\/name: duplicate column name/, "age");
  expectError(withColumn(0, { min: 10, max: 5 }), "invalid-metadata", /min is greater than max/, "age");
  expectError(withColumn(0, { levels: ["a"] }), "invalid-metadata", /levels: only for categorical columns, not integer/, "age");
  expectError(withColumn(1, { levels: ["a", "a"] }), "invalid-metadata", /duplicate level/, "cp");
  const twoSubjects = {
    ...valid,
    columns: valid.columns.map((c, j) => (j === 0 || j === 4 ? { ...c, role: "subject" } : c)),
  };
  expectError(twoSubjects, "invalid-metadata", /\/columns\/4\/role: a second "subject" column/, "id");
  expectError(withColumn(3, { format: "DD/MM" }), "invalid-metadata", /format: .*no year/, "seen");
  expectError(withColumn(3, { format: "YYYY-MM-DD HH:mm" }), "invalid-metadata", /time or zone/, "seen");
  expectError(withColumn(4, { format: "YYYY" }), "invalid-metadata", /format: only for date or datetime/, "id");
  expectError(withColumn(2, { tokens: ["x", "x"] }), "invalid-metadata", /written the same way/, "sex");
  expectError({ ...valid, primaryKey: ["nope"] }, "invalid-metadata", /\/primaryKey: unknown column/, "nope");
  expectError(withColumn(4, { kind: undefined }), "invalid-metadata", /"kind" is required/, "id");
});

test("a column not in the data is metadata-mismatch", () => {
  expectError(valid, "metadata-mismatch", /not in the data/, "seen", { columnNames: ["age", "cp", "sex", "id", "num"] });
});

test("the JSON Schema file is draft-07 and shipped beside the module", () => {
  const schema = JSON.parse(readFileSync(new URL("./metadata.schema.json", import.meta.url), "utf8"));
  assert.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
  assert.deepEqual(schema.definitions.kind.enum, ["continuous", "integer", "categorical", "boolean", "date", "datetime", "identifier", "text"]);
});

test("mergeMetadata: listed columns override the inferred ones field by field", () => {
  const inferred: Metadata = {
    sosie: "metadata/1",
    columns: [
      { name: "glucose", kind: "integer", missingTokens: [], nullable: false, inferred: { reason: "integers: integer", confidence: 0.85 }, warnings: ["zeros"] },
      { name: "cp", kind: "integer", inferred: { reason: "integers: integer", confidence: 0.85 } },
      { name: "sex", kind: "boolean", tokens: ["0", "1"] },
    ],
  };
  const user = validateMetadataPatch({
    sosie: "metadata/1",
    columns: [
      { name: "glucose", missingTokens: ["0"], role: "sensitive" },
      { name: "cp", kind: "categorical", levels: ["1", "2", "3", "4"], ordered: true },
    ],
  });
  const merged = mergeMetadata(inferred, user);
  assert.deepEqual(merged.columns[0], {
    name: "glucose",
    kind: "integer",
    missingTokens: ["0"],
    nullable: false,
    role: "sensitive",
    inferred: { reason: "integers: integer", confidence: 0.85 },
    warnings: ["zeros"],
  });
  assert.deepEqual(merged.columns[1], { name: "cp", kind: "categorical", levels: ["1", "2", "3", "4"], ordered: true });
  assert.deepEqual(merged.columns[2], inferred.columns[2]);
  assert.throws(
    () => mergeMetadata(inferred, { sosie: "metadata/1", columns: [{ name: "ghost", role: "target" }] }),
    (e: unknown) => e instanceof SosieInputError && e.code === "metadata-mismatch" && e.location.column === "ghost",
  );
  // An override that breaks consistency is caught after merging.
  assert.throws(
    () => mergeMetadata(inferred, { sosie: "metadata/1", columns: [{ name: "sex", levels: ["a"] }] }),
    (e: unknown) => e instanceof SosieInputError && e.code === "invalid-metadata",
  );
});
