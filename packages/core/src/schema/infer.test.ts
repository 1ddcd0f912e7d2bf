import { test } from "node:test";
import assert from "node:assert/strict";
import { inferMetadata } from "./infer.ts";
import { cycle, rawTable } from "./testing/raw-fixture.ts";
import type { ColumnMetadata } from "./metadata.ts";

function infer(columns: Record<string, readonly string[]>, missingTokens?: string[]) {
  const { metadata, profiles } = inferMetadata(rawTable(columns), missingTokens ? { missingTokens } : {});
  const col = (name: string): ColumnMetadata => metadata.columns.find((c) => c.name === name)!;
  return { metadata, profiles, col };
}

const seq = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

test("integer codes written as floats with few values are categorical; many are integer with decimals", () => {
  const { col } = infer({
    cp: cycle(["1.0", "4.0", "3.0", "2.0"], 40),
    age: seq(40, (i) => `${30 + i}.0`),
    oldpeak: seq(40, (i) => `${(i % 7) / 10 + 1}`.replace(/^(\d)$/, "$1.0")),
  });
  assert.equal(col("cp").kind, "categorical");
  assert.deepEqual(col("cp").levels, ["1.0", "2.0", "3.0", "4.0"]);
  assert.match(col("cp").inferred!.reason, /4 distinct values: categorical/);
  assert.equal(col("age").kind, "integer");
  assert.equal(col("age").decimals, 1);
  assert.equal(col("oldpeak").kind, "continuous");
  assert.equal(col("oldpeak").decimals, 1);
});

test("0/1, 0.0/1.0, Yes/No and No/Ch columns are boolean with their tokens", () => {
  const { col } = infer({
    a: cycle(["0", "1"], 30),
    b: cycle(["1.0", "0.0"], 30),
    c: cycle(["Yes", "No", "No"], 30),
    d: cycle(["No", "Ch"], 30),
    e: cycle(["1", "2"], 30),
    sex: cycle(["M", "F"], 30),
  });
  assert.deepEqual([col("a").kind, col("a").tokens], ["boolean", ["0", "1"]]);
  assert.deepEqual([col("b").kind, col("b").tokens], ["boolean", ["0.0", "1.0"]]);
  assert.deepEqual([col("c").kind, col("c").tokens], ["boolean", ["No", "Yes"]]);
  assert.equal(col("c").inferred!.reason, "values No/Yes: boolean");
  assert.deepEqual([col("d").kind, col("d").tokens], ["boolean", ["No", "Ch"]]);
  assert.equal(col("e").kind, "categorical");
  assert.equal(col("sex").kind, "categorical");
});

test("identifiers: unique on every row, or an id-like name with high cardinality (repeats allowed)", () => {
  const n = 400;
  const { col } = infer({
    encounter_id: seq(n, (i) => String(2278392 + i * 7)),
    sample_code_number: seq(n, (i) => String(1000025 + (i % 350))),
    patient_nbr: seq(n, (i) => String(8222157 + (i % 300))),
    token: seq(n, (i) => `A${(i * 7919) % 100000}x`),
    admission_type_id: cycle(["1", "2", "3", "6", "5"], n),
    discharge_disposition_id: seq(n, (i) => String(1 + (i % 26))),
    weight_kg: seq(n, (i) => String(40 + ((i * 37) % 97))),
  });
  assert.equal(col("encounter_id").kind, "identifier");
  assert.equal(col("sample_code_number").kind, "identifier");
  assert.equal(col("patient_nbr").kind, "identifier");
  assert.equal(col("token").kind, "identifier");
  assert.equal(col("admission_type_id").kind, "categorical");
  assert.equal(
    col("admission_type_id").inferred!.reason,
    "integer with an id-like name and 5 distinct values: categorical codes",
  );
  assert.equal(col("discharge_disposition_id").kind, "categorical");
  assert.equal(col("weight_kg").kind, "integer"); // repeats: a measure, not an id
});

test("unique decimals are continuous, never identifiers", () => {
  const { col } = infer({ age: seq(50, (i) => `${50 + i}.${(i * 37) % 1000}7`) });
  assert.equal(col("age").kind, "continuous");
});

test("integers beyond 2^53 keep every digit: identifier with an id name, categorical codes otherwise", () => {
  const ids = seq(30, (i) => `-44060538013953569${String(i).padStart(2, "0")}`);
  const codes = cycle(["9223372036854775807", "-9223372036854775808", "18446744073709551615"], 30);
  const { col, metadata } = infer({ person_id: ids, big_code: codes });
  assert.equal(col("person_id").kind, "identifier");
  assert.equal(col("big_code").kind, "categorical");
  assert.deepEqual([...col("big_code").levels!].sort(), [
    "-9223372036854775808",
    "18446744073709551615",
    "9223372036854775807",
  ]);
  assert.equal(metadata.columns.length, 2);
});

test("OMOP *_concept_id columns are categorical codes even at high cardinality", () => {
  const { col } = infer({ condition_concept_id: seq(200, (i) => String(4000000 + i)) });
  assert.equal(col("condition_concept_id").kind, "categorical");
  assert.equal(col("condition_concept_id").inferred!.reason, "OMOP concept id: categorical code");
  assert.equal(col("condition_concept_id").levels![0], "4000000");
});

test("long varied strings are free text; short repeated strings are categorical", () => {
  const text = seq(40, (i) => `patient reported mild symptoms on visit number ${i} with no change`);
  const { col } = infer({ note: text, diag: cycle(["250.83", "V57", "276", "428"], 40) });
  assert.equal(col("note").kind, "text");
  assert.equal(col("diag").kind, "categorical");
  assert.deepEqual(col("diag").levels, ["250.83", "276", "428", "V57"]);
});

test("numeric codes with leading zeros stay strings", () => {
  const { col } = infer({ zip: cycle(["01000", "02100", "75001", "13001"], 40) });
  assert.equal(col("zip").kind, "categorical");
  assert.match(col("zip").inferred!.reason, /leading zeros/);
});

test("missing tokens: strong ones always, None only where out of shape", () => {
  const { col, profiles } = infer({
    glu: cycle(["None", ">300", "Norm", ">200"], 42),
    lab: cycle(["12", "None", "15", "NA", "17", "20", "31", "44", "52", "61", "70", "81", "93", "18"], 42),
    ca: cycle(["0.0", "3.0", "?", "1.0", "2.0"], 42),
    race: cycle(["Caucasian", "?", "AfricanAmerican", ""], 42),
    d: cycle(["2020-01-01", "-", "2021-05-02"], 42),
  });
  assert.deepEqual(col("glu").missingTokens, []);
  assert.deepEqual(col("glu").levels, [">200", ">300", "None", "Norm"]);
  assert.match(col("glu").warnings![0], /"None" kept as a level/);
  assert.deepEqual(col("lab").missingTokens, ["NA", "None"]);
  assert.equal(col("lab").kind, "integer");
  assert.equal(col("lab").nullable, true);
  assert.deepEqual(col("ca").missingTokens, ["?"]);
  assert.deepEqual(col("ca").levels, ["0.0", "1.0", "2.0", "3.0"]);
  assert.deepEqual(col("race").missingTokens, ["", "?"]);
  assert.deepEqual([col("d").kind, col("d").missingTokens], ["date", ["-"]]);
  const lab = profiles.find((p) => p.name === "lab")!;
  assert.equal(lab.nMissing, 6);
  assert.equal(lab.nDistinct, 12);
});

test("user missing tokens apply to every column", () => {
  const { col, metadata } = infer({ x: cycle(["1.5", "-99", "2.5", "3.25"], 40) }, ["-99"]);
  assert.deepEqual(col("x").missingTokens, ["-99"]);
  assert.equal(col("x").kind, "continuous");
  assert.deepEqual(metadata.missingTokens, ["-99"]);
});

test("dates and datetimes, with formats", () => {
  const { col } = infer({
    admit_date: cycle(["2110-01-02", "2202-12-31", "2150-06-15"], 30),
    start_datetime: cycle(["2110-01-02 10:00:00", "2110-01-03 00:00:01"], 30),
    dob: cycle(["25/12/1950", "01/02/1960"], 30),
    visit_date: cycle(["20200101", "19991231"], 30),
    fnlwgt: seq(30, (i) => String(20000101 + (i % 20) * 104729)),
  });
  assert.deepEqual([col("admit_date").kind, col("admit_date").format], ["date", "YYYY-MM-DD"]);
  assert.deepEqual([col("start_datetime").kind, col("start_datetime").format], ["datetime", "YYYY-MM-DD HH:mm:ss"]);
  assert.deepEqual([col("dob").kind, col("dob").format], ["date", "DD/MM/YYYY"]);
  assert.deepEqual([col("visit_date").kind, col("visit_date").format], ["date", "YYYYMMDD"]);
  assert.equal(col("fnlwgt").kind, "integer");
});

test("constant and all-missing columns are kept with a warning", () => {
  const { col, profiles } = infer({
    examide: cycle(["No"], 30),
    provider_id: cycle([""], 30),
    x: cycle(["1", "2", "3"], 30),
  });
  assert.equal(col("examide").kind, "categorical");
  assert.deepEqual(col("examide").levels, ["No"]);
  assert.match(col("examide").warnings!.join(), /constant/);
  assert.equal(col("provider_id").kind, "categorical");
  assert.deepEqual(col("provider_id").levels, []);
  assert.match(col("provider_id").warnings!.join(), /every value is missing/);
  const p = profiles.find((q) => q.name === "provider_id")!;
  assert.deepEqual([p.nMissing, p.nDistinct], [30, 0]);
});

test("suspicious zeros in a measure and isolated sentinels are warnings; counts are not flagged", () => {
  const glucose = [...seq(95, (i) => String(80 + (i % 90))), "0", "0", "0", "0", "0"];
  const pregnant = seq(100, (i) => String(i % 15));
  const score = [...seq(99, (i) => String(20 + (i % 40))), "999"];
  const delta = [...seq(99, (i) => String(i % 30)), "-1"];
  const { col } = infer({ glucose, pregnant, score, delta });
  assert.deepEqual(col("glucose").warnings, [
    "5 zeros in a measure whose other values are far from zero: 0 may code a missing value",
  ]);
  assert.equal(col("pregnant").warnings, undefined);
  assert.deepEqual(col("score").warnings, ["999 stands apart from the other values: it may code a missing value"]);
  assert.deepEqual(col("delta").warnings, ["-1 is the only negative value: it may code a missing value"]);
});

test("profiles: counts, summaries, and no rare level shown", () => {
  const cells = [...cycle(["A"], 10), ...cycle(["B"], 5), "C", "C", "D"];
  const { profiles } = infer({ cat: cells, num: seq(17, (i) => String(i + 1)).concat(["NA"]) });
  const cat = profiles.find((p) => p.name === "cat")!;
  assert.deepEqual(cat.topLevels, [
    { level: "A", count: 10 },
    { level: "B", count: 5 },
  ]);
  assert.equal(cat.nRareLevels, 2);
  const num = profiles.find((p) => p.name === "num")!;
  assert.deepEqual([num.min, num.max, num.mean, num.nMissing, num.nRows], [1, 17, 9, 1, 18]);
  assert.equal(num.topLevels, undefined);
});

test("decimal comma numbers", () => {
  const { metadata } = inferMetadata(
    rawTable({ bmi: cycle(["22,5", "31,25", "18,75", "27,0"], 40) }, { decimal: "," }),
  );
  assert.equal(metadata.columns[0].kind, "continuous");
});

test("count-like names keep small integer ranges as integers", () => {
  const { col } = infer({
    num_procedures: cycle(["0", "1", "2", "3", "4", "5", "6"], 70),
    stage: cycle(["1", "2", "3", "4"], 70),
  });
  assert.equal(col("num_procedures").kind, "integer");
  assert.equal(col("stage").kind, "categorical");
});

test("whole numbers beyond 2^53 written with an exponent are continuous and decode", async () => {
  const { decodeTable } = await import("./decode.ts");
  const values = seq(40, (i) => `${(7 + i / 100).toFixed(2)}e16`);
  const raw = rawTable({ FLT_DEP_MNT: values });
  const { metadata } = inferMetadata(raw);
  assert.equal(metadata.columns[0].kind, "continuous");
  const t = decodeTable(raw, metadata);
  const c = t.column("FLT_DEP_MNT");
  assert.ok(c.kind === "continuous" && c.values[0] === 7e16);
});

test("a few stray texts among numbers or dates give a kind warning (counts only); codes with many letters do not", () => {
  const { profiles } = infer({
    bmi: seq(300, (i) => (i === 7 ? "unknown" : `${18 + (i % 200) / 10}`)),
    admitted: seq(300, (i) =>
      i === 9 ? "2021-02-30" : `2021-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
    ),
    // ICD-9 style: numeric codes and 30 distinct V codes on 10 % of rows are categorical as they are.
    diag: seq(300, (i) => (i % 10 === 0 ? `V${10 + (i % 30)}` : `${250 + (i % 40)}.0${i % 3}`)),
    ok: seq(300, (i) => `${i % 50}.5`),
  });
  const warning = (name: string) => profiles.find((p) => p.name === name)!.kindWarning;
  assert.equal(
    warning("bmi"),
    "299 of 300 values are numbers and 1 is not, so the column is read as categorical: correct it, or declare the kind and that text as missing in the metadata (missingTokens, nullable)",
  );
  assert.match(warning("admitted") ?? "", /^every value looks like a date, but no single format reads them all/);
  assert.ok(!(warning("bmi") ?? "").includes("unknown"), "never the text itself");
  assert.equal(warning("diag"), undefined);
  assert.equal(warning("ok"), undefined);
  assert.ok(profiles.find((p) => p.name === "bmi")!.warnings.includes(warning("bmi")!), "inspect lists it too");
});
