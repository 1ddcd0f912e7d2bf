import { test } from "node:test";
import assert from "node:assert/strict";
import { missingRate, mixedPatients } from "../../test/mixed-patients.ts";
import { Table } from "../table/table.ts";
import { Rng } from "../random/rng.ts";
import { fitGenerator, loadModel, getGenerator } from "./registry.ts";
import { decimalsOf, roundHalfAway } from "./output-schema.ts";
import { addMissingIndicators, applyMissingIndicators } from "./missing-indicators.ts";
import { generateIdentifiers, learnIdentifierShape } from "./identifiers.ts";

/** 1,000 rows of every kind, ∅ in several columns, a constant and an all-missing column. */
function mixedTable(n = 1000): Table {
  return mixedPatients(n, (r) => ({
    ageMissing: r.next() < 0.1,
    bmi: Math.round((18 + r.next() * 20) * 10) / 10,
    sex: r.next() < 0.3 ? -1 : r.int(2),
    smoker: r.int(2) === 1,
  }));
}

test("rounding is half away from zero and never -0; decimals of shortest forms", () => {
  assert.equal(roundHalfAway(2.5, 0), 3);
  assert.equal(roundHalfAway(-2.5, 0), -3);
  assert.equal(roundHalfAway(1.25, 1), 1.3);
  assert.ok(Object.is(roundHalfAway(-0.2, 0), 0));
  assert.equal(roundHalfAway(58.76522929500341, 12), 58.7652292950034);
  assert.equal(roundHalfAway(1e-13, 12), 1e-13);
  assert.equal(decimalsOf(63), 0);
  assert.equal(decimalsOf(0.627), 3);
  assert.equal(decimalsOf(1e-7), 7);
});

test("independent: schema kept, domains respected, missing rates close, deterministic", () => {
  const real = mixedTable();
  const model = fitGenerator("independent", real, { seed: 1 });
  const { table: s } = model.sample(4000, { seed: 2 });
  assert.deepEqual(s.names, real.names);
  assert.deepEqual(
    s.columns.map((c) => c.kind),
    real.columns.map((c) => c.kind),
  );
  // Missing rates within 3 binomial sigmas.
  for (const name of ["age", "sex"]) {
    const p = missingRate(real.column(name));
    assert.ok(Math.abs(missingRate(s.column(name)) - p) < 3 * Math.sqrt((p * (1 - p)) / 4000), name);
  }
  const age = s.column("age");
  assert.ok(age.kind === "integer");
  for (let i = 0; i < age.length; i++)
    if (!age.missing[i]) assert.ok(Number.isInteger(age.values[i]) && age.values[i] >= 20 && age.values[i] < 80);
  const sex = s.column("sex");
  assert.ok(sex.kind === "categorical" && sex.levels.length === 3);
  // Constant and all-missing columns are reproduced; free text is never learned.
  const site = s.column("site");
  assert.ok(site.kind === "integer" && site.values.every((v) => v === 7));
  assert.equal(missingRate(s.column("empty")), 1);
  assert.equal(missingRate(s.column("notes")), 1);
  // Identifiers: fresh, unique, same shape, never a real one.
  const ids = s.column("id");
  assert.ok(ids.kind === "identifier");
  const realIds = new Set((real.column("id") as { values: string[] }).values);
  assert.equal(new Set(ids.values).size, ids.values.length);
  for (const v of ids.values) {
    assert.match(v, /^PAT-\d{6}$/);
    assert.ok(!realIds.has(v));
  }
  // Same seed, same output; saved and reloaded model samples the same.
  const again = fitGenerator("independent", real, { seed: 1 }).sample(4000, { seed: 2 }).table;
  assert.deepEqual(again, s);
  const reloaded = loadModel(JSON.parse(JSON.stringify(model.toJSON())));
  assert.deepEqual(reloaded.sample(4000, { seed: 2 }).table, s);
  assert.equal(model.toJSON().containsRealValues, true);
});

test("unknown methods and parameters are errors that name the known ones", () => {
  assert.throws(() => getGenerator("nope"), /unknown method "nope" \(known: independent/);
  assert.throws(
    () => fitGenerator("independent", mixedTable(10), { seed: 1, params: { k: 3 } }),
    /unknown parameter "k"/,
  );
});

test("missing indicators round-trip and keep the mask", () => {
  const real = mixedTable(200);
  const { table, plan } = addMissingIndicators(real);
  assert.deepEqual(
    plan.pairs.map((p) => p[0]),
    ["age", "sex", "empty"],
  );
  assert.equal(missingRate(table.column("age")), 0);
  const back = applyMissingIndicators(table, plan);
  assert.deepEqual(back.column("age").missing, real.column("age").missing);
  assert.deepEqual(back.column("sex").missing, real.column("sex").missing);
});

test("identifier shapes: rare shapes are not reproduced; uuids stay uuids", () => {
  const values = [...Array.from({ length: 20 }, (_, i) => `AB${1000 + i}`), "zz-9"];
  const shape = learnIdentifierShape(values, new Uint8Array(values.length));
  assert.deepEqual(
    shape.templates.map((t) => t.template),
    ["ABDDDD"],
  );
  const uuids = Array.from({ length: 10 }, (_, i) => `123e4567-e89b-42d3-a456-42661417400${i}`);
  const u = generateIdentifiers(learnIdentifierShape(uuids, new Uint8Array(10)), 5, Rng.fromSeed(3));
  for (const v of u) assert.match(v, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("fresh identifiers avoid the values they are told to, besides the real ones", () => {
  // Shape "DD" (first digit 1–9): 90 values, 20 real, 60 to avoid, so 10 are left.
  const real = Array.from({ length: 20 }, (_, i) => String(10 + i));
  const avoid = new Set(Array.from({ length: 60 }, (_, i) => String(30 + i)));
  const ids = generateIdentifiers(learnIdentifierShape(real, new Uint8Array(20)), 10, Rng.fromSeed(5), avoid);
  assert.deepEqual(
    [...ids].sort(),
    Array.from({ length: 10 }, (_, i) => String(90 + i)),
  );
});
