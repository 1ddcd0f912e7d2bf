/**
 * Inferred kinds on every CSV of the shared datasets, checked against their SOURCE.md for the
 * columns that matter (identifiers, dates, codes, booleans). Only kinds, formats and tokens are
 * asserted: no row of any file is printed (mimic-iv-demo-omop rows must never appear).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { readCsv } from "../io/csv/index.ts";
import { inferMetadata } from "./infer.ts";
import { decodeTable } from "./decode.ts";
import type { Metadata } from "./metadata.ts";

const ROOT = new URL("../../../../../shared/datasets/", import.meta.url).pathname;

function inferFile(path: string): Metadata {
  const raw = readCsv(new Uint8Array(readFileSync(ROOT + path)), { source: path });
  const { metadata } = inferMetadata(raw);
  // Inferred metadata must always decode its own file.
  decodeTable(raw, metadata);
  return metadata;
}

function kinds(m: Metadata): Record<string, string> {
  return Object.fromEntries(m.columns.map((c) => [c.name, c.kind]));
}

function expectKinds(m: Metadata, expected: Record<string, string>): void {
  const k = kinds(m);
  for (const [name, kind] of Object.entries(expected)) assert.equal(k[name], kind, `${m.table ?? ""} ${name}`);
}

const col = (m: Metadata, name: string) => m.columns.find((c) => c.name === name)!;

test("adult", () => {
  for (const f of ["adult/data.csv", "adult/test.csv"]) {
    const m = inferFile(f);
    expectKinds(m, { age: "integer", fnlwgt: "integer", "education-num": "integer", "capital-gain": "integer", "hours-per-week": "integer" });
    for (const c of ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex", "native-country", "income"])
      assert.equal(col(m, c).kind, "categorical", c);
    assert.deepEqual(col(m, "workclass").missingTokens, ["?"]);
    assert.deepEqual(col(m, "native-country").missingTokens, ["?"]);
  }
});

test("breast-cancer-wisconsin: repeated sample ids are an identifier, ordinal 1-10 codes categorical", () => {
  const m = inferFile("breast-cancer-wisconsin/data.csv");
  expectKinds(m, { sample_code_number: "identifier", clump_thickness: "categorical", mitoses: "categorical", class: "categorical" });
  assert.deepEqual(col(m, "bare_nuclei").missingTokens, ["?"]);
  assert.deepEqual(col(m, "class").levels, ["2", "4"]);
});

test("diabetes-130: ids, FK codes, None kept as a level, constant columns, binaries", () => {
  const m = inferFile("diabetes-130-us-hospitals/data.csv");
  expectKinds(m, {
    encounter_id: "identifier",
    patient_nbr: "identifier",
    admission_type_id: "categorical",
    discharge_disposition_id: "categorical",
    admission_source_id: "categorical",
    age: "categorical",
    diag_1: "categorical",
    diag_2: "categorical",
    diag_3: "categorical",
    max_glu_serum: "categorical",
    A1Cresult: "categorical",
    examide: "categorical",
    citoglipton: "categorical",
    change: "boolean",
    diabetesMed: "boolean",
    readmitted: "categorical",
  });
  for (const c of ["time_in_hospital", "num_lab_procedures", "num_procedures", "num_medications", "number_outpatient", "number_emergency", "number_inpatient", "number_diagnoses"])
    assert.equal(col(m, c).kind, "integer", c);
  assert.ok(col(m, "max_glu_serum").levels!.includes("None"));
  assert.deepEqual(col(m, "max_glu_serum").missingTokens, []);
  assert.deepEqual(col(m, "weight").missingTokens, ["?"]);
  assert.match(col(m, "examide").warnings!.join(), /constant/);
  assert.deepEqual(col(m, "diabetesMed").tokens, ["No", "Yes"]);
  for (const f of ["admission_type.csv", "discharge_disposition.csv", "admission_source.csv"]) {
    const lookup = inferFile(`diabetes-130-us-hospitals/${f}`);
    assert.equal(lookup.columns[0].kind, "identifier", f);
  }
});

test("heart-disease-cleveland: float-written codes categorical, binaries boolean, decimals kept", () => {
  const m = inferFile("heart-disease-cleveland/data.csv");
  expectKinds(m, { age: "integer", sex: "boolean", cp: "categorical", fbs: "boolean", restecg: "categorical", exang: "boolean", oldpeak: "continuous", slope: "categorical", ca: "categorical", thal: "categorical", num: "integer" });
  assert.equal(col(m, "age").decimals, 1);
  assert.deepEqual(col(m, "sex").tokens, ["0.0", "1.0"]);
  assert.deepEqual(col(m, "thal").levels, ["3.0", "6.0", "7.0"]);
  assert.deepEqual(col(m, "ca").missingTokens, ["?"]);
});

test("heart-failure: 0/1 flags boolean, measures numeric", () => {
  const m = inferFile("heart-failure-clinical-records/data.csv");
  for (const c of ["anaemia", "diabetes", "high_blood_pressure", "sex", "smoking", "DEATH_EVENT"]) assert.equal(col(m, c).kind, "boolean", c);
  expectKinds(m, { age: "continuous", creatinine_phosphokinase: "integer", ejection_fraction: "integer", platelets: "continuous", serum_creatinine: "continuous", serum_sodium: "integer", time: "integer" });
});

test("ican-aneurysm: Yes/No flags boolean", () => {
  for (const f of ["ican-aneurysm/avatars.csv", "ican-aneurysm/simulated.csv"]) {
    const m = inferFile(f);
    assert.equal(m.columns.filter((c) => c.kind === "boolean").length, 21, f);
    expectKinds(m, { sex: "categorical", age: "integer", IA_location: "categorical", tobacco: "categorical", alcohol: "categorical", rupture: "boolean" });
  }
  assert.equal(col(inferFile("ican-aneurysm/avatars.csv"), "bmi").kind, "continuous");
  assert.equal(col(inferFile("ican-aneurysm/simulated.csv"), "bmi").kind, "integer");
});

test("pbc-mayo: ids, codes, binaries with empty missing", () => {
  const pbc = inferFile("pbc-mayo/pbc.csv");
  expectKinds(pbc, { id: "identifier", status: "categorical", trt: "categorical", age: "continuous", sex: "categorical", ascites: "boolean", hepato: "boolean", spiders: "boolean", edema: "categorical", bili: "continuous", stage: "categorical" });
  assert.deepEqual(col(pbc, "trt").missingTokens, [""]);
  const seq = inferFile("pbc-mayo/pbcseq.csv");
  expectKinds(seq, { id: "identifier", day: "integer", ascites: "boolean", status: "categorical" });
});

test("pima: zeros flagged in the physiological measures only", () => {
  const m = inferFile("pima-indians-diabetes/data.csv");
  expectKinds(m, { pregnant: "integer", glucose: "integer", mass: "continuous", pedigree: "continuous", age: "integer", diabetes: "boolean" });
  for (const c of ["glucose", "pressure", "triceps", "insulin", "mass"]) assert.match(col(m, c).warnings?.join() ?? "", /0 may code a missing value/, c);
  for (const c of ["pregnant", "pedigree", "age"]) assert.equal(col(m, c).warnings, undefined, c);
});

test("mimic-iv-demo-omop: 64-bit ids never numeric, concept ids categorical, ISO dates and datetimes", () => {
  for (const f of readdirSync(ROOT + "mimic-iv-demo-omop").filter((x) => x.endsWith(".csv"))) {
    const m = inferFile(`mimic-iv-demo-omop/${f}`);
    for (const c of m.columns) {
      if (/_concept_id$/.test(c.name) && c.levels!.length > 0) assert.equal(c.kind, "categorical", `${f} ${c.name}`);
      if (/_date$/i.test(c.name) && c.nullable === false) assert.deepEqual([c.kind, c.format], ["date", "YYYY-MM-DD"], `${f} ${c.name}`);
      if (/_datetime$/.test(c.name) && c.nullable === false) assert.deepEqual([c.kind, c.format], ["datetime", "YYYY-MM-DD HH:mm:ss"], `${f} ${c.name}`);
      if (/^(person|visit_occurrence|visit_detail|condition_occurrence|drug_exposure|procedure_occurrence|observation_period)_id$/.test(c.name) && c.nullable === false)
        assert.equal(c.kind, "identifier", `${f} ${c.name}`);
    }
  }
  const person = inferFile("mimic-iv-demo-omop/person.csv");
  expectKinds(person, { person_id: "identifier", year_of_birth: "integer", gender_concept_id: "categorical", provider_id: "categorical" });
  assert.deepEqual(col(person, "provider_id").levels, []);
  const visits = inferFile("mimic-iv-demo-omop/visit_occurrence.csv");
  expectKinds(visits, { visit_occurrence_id: "identifier", person_id: "identifier", visit_start_date: "date", visit_start_datetime: "datetime" });
});
