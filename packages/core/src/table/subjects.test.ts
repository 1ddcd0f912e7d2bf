// Which column names a row's person, and the subjects it gives.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SosieOptionError } from "../errors.ts";
import { fitGenerator } from "../generators/registry.ts";
import { categoricalColumn, numericColumn, stringColumn } from "./column.ts";
import { subjectColumn, subjectsOf } from "./subjects.ts";
import { Table } from "./table.ts";

const ids = (name: string, values: string[]) => stringColumn(name, "identifier", values);
const x = numericColumn("x", Float64Array.from([1, 2, 3, 4]));

test("the person key: declared, else the only identifier, else the only repeating one, else a person-like name", () => {
  assert.equal(subjectColumn(new Table([x])), null);
  assert.equal(subjectColumn(new Table([ids("id", ["a", "b", "c", "d"]), x])), "id");
  // Encounters: encounter_id is unique, patient_nbr repeats.
  const encounters = new Table([
    ids("encounter_id", ["e1", "e2", "e3", "e4"]),
    ids("patient_nbr", ["p1", "p1", "p2", "p3"]),
    x,
  ]);
  assert.equal(subjectColumn(encounters), "patient_nbr");
  // Two repeating keys: the person-like name decides; without one, nothing does.
  const visits = new Table([
    ids("care_site_id", ["s1", "s1", "s1", "s2"]),
    ids("person_id", ["p1", "p1", "p2", "p3"]),
    x,
  ]);
  assert.equal(subjectColumn(visits), "person_id");
  const unclear = new Table([ids("site", ["s1", "s1", "s1", "s2"]), ids("ward", ["w1", "w1", "w2", "w3"]), x]);
  assert.equal(subjectColumn(unclear), null);
  // A declaration wins, even over a numeric column; null says "each row".
  assert.equal(subjectColumn(encounters, "x"), "x");
  assert.equal(subjectColumn(encounters, null), null);
  assert.throws(() => subjectColumn(encounters, "nope"), SosieOptionError);
});

test("subjects of rows: one per distinct key, a missing key is a subject of its own, any column kind", () => {
  const t = new Table([
    ids("patient", ["p1", "p1", "", "p2"]),
    numericColumn("visit", Float64Array.from([7, 7, 8, 9]), { kind: "integer" }),
    categoricalColumn("ward", Int32Array.from([0, 1, 0, -1]), ["A", "B"]),
  ]);
  const missingPatient = Uint8Array.from([0, 0, 1, 0]);
  const withMissing = new Table([
    stringColumn("patient", "identifier", ["p1", "p1", "", "p2"], { missing: missingPatient }),
  ]);
  assert.deepEqual(subjectsOf(withMissing, "patient"), {
    ofRow: Int32Array.from([0, 0, 1, 2]),
    count: 3,
    column: "patient",
  });
  assert.deepEqual(subjectsOf(t, "visit"), { ofRow: Int32Array.from([0, 0, 1, 2]), count: 3, column: "visit" });
  assert.deepEqual(subjectsOf(t, "ward"), { ofRow: Int32Array.from([0, 1, 0, 2]), count: 3, column: "ward" });
  assert.deepEqual(subjectsOf(t, null), { ofRow: Int32Array.from([0, 1, 2, 3]), count: 4, column: null });
});

test("a fit counts and records the subjects it was given (several stays per patient)", () => {
  // 40 stays of 8 patients (5 each); the stay key is unique, the patient key repeats.
  const n = 40;
  const table = new Table([
    ids(
      "stay_id",
      Array.from({ length: n }, (_, i) => `S${i}`),
    ),
    ids(
      "patient_id",
      Array.from({ length: n }, (_, i) => `P${i % 8}`),
    ),
    numericColumn(
      "los",
      Float64Array.from({ length: n }, (_, i) => 1 + (i % 7)),
    ),
  ]);
  const record = (subject?: string | null) =>
    fitGenerator("independent", table, { seed: 1, ...(subject === undefined ? {} : { subject }) }).manifest.privacy
      ?.subjects;
  assert.deepEqual(record(), { column: "patient_id", count: 8 }); // inferred: the repeating key
  assert.deepEqual(record("stay_id"), { column: "stay_id", count: 40 });
  assert.deepEqual(record(null), { column: null, count: 40 });
});
