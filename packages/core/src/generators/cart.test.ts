import { test } from "node:test";
import assert from "node:assert/strict";
import { missingRate } from "../../test/mixed-patients.ts";
import { Table } from "../table/table.ts";
import {
  type CategoricalColumn,
  type NumericColumn,
  type StringColumn,
  booleanColumn,
  categoricalColumn,
  numericColumn,
  stringColumn,
  temporalColumn,
} from "../table/column.ts";
import { Rng } from "../random/rng.ts";
import { SosieOptionError } from "../errors.ts";
import { decimalsOf } from "./output-schema.ts";
import { fitGenerator, loadModel } from "./registry.ts";
import type { CartState } from "./cart/state.ts";
import { isLeaf, loadTree } from "./cart/tree.ts";

function numeric(t: Table, name: string): NumericColumn {
  const c = t.column(name);
  assert.ok(c.kind === "continuous" || c.kind === "integer", `${name} is ${c.kind}`);
  return c as NumericColumn;
}

function categorical(t: Table, name: string): CategoricalColumn {
  const c = t.column(name);
  assert.equal(c.kind, "categorical");
  return c as CategoricalColumn;
}

/** |observed − expected| within 3 binomial σ for a proportion over n draws. */
function within3Sigma(observed: number, p: number, n: number, label: string): void {
  const sigma = Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(observed - p) <= 3 * sigma, `${label}: ${observed} vs ${p} ± ${3 * sigma}`);
}

/** Mixed table: every kind, ∅ in several columns, a constant and an all-missing column. */
function mixedTable(n: number): Table {
  const r = Rng.fromSeed(11);
  const age = new Float64Array(n);
  const ageMissing = new Uint8Array(n);
  const bmi = new Float64Array(n);
  const sex = new Int32Array(n);
  const smoker = new Uint8Array(n);
  const admitted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sex[i] = r.next() < 0.1 ? -1 : r.int(2);
    age[i] = 20 + r.int(60);
    ageMissing[i] = r.next() < 0.1 ? 1 : 0;
    bmi[i] = Math.round((18 + (sex[i] === 1 ? 4 : 0) + age[i] / 10 + r.next() * 8) * 10) / 10;
    smoker[i] = r.next() < 0.2 + age[i] / 200 ? 1 : 0;
    admitted[i] = 18000 + r.int(2000);
  }
  return new Table([
    stringColumn(
      "id",
      "identifier",
      Array.from({ length: n }, (_, i) => `PAT-${100000 + i}`),
    ),
    categoricalColumn("sex", sex, ["F", "M", "unused"]),
    numericColumn("age", age, { kind: "integer", missing: ageMissing }),
    numericColumn("bmi", bmi, { kind: "continuous" }),
    booleanColumn("smoker", smoker, { tokens: ["No", "Yes"] }),
    temporalColumn("admitted", "date", admitted, "YYYY-MM-DD"),
    numericColumn("site", new Float64Array(n).fill(7), { kind: "integer" }),
    categoricalColumn("empty", new Int32Array(n).fill(-1), []),
    stringColumn(
      "notes",
      "text",
      Array.from({ length: n }, (_, i) => `note ${i}`),
    ),
  ]);
}

test("cart: every column kind through the shared finishing step; support and domains of R", () => {
  const real = mixedTable(1000);
  // privacy off: the support check is about the unsmoothed algorithm.
  const s = fitGenerator("cart", real, { seed: 1, privacy: "off" }).sample(1500, { seed: 2 }).table;
  assert.deepEqual(s.names, real.names);
  assert.deepEqual(
    s.columns.map((c) => c.kind),
    real.columns.map((c) => c.kind),
  );
  assert.equal(s.nRows, 1500);
  // Support: without smoothing every numeric or date value is a value of R; levels only from R.
  for (const name of ["age", "bmi", "admitted"]) {
    const r = real.column(name) as NumericColumn;
    const values = new Set(Array.from(r.values).filter((_, i) => !r.missing[i]));
    const c = s.column(name) as NumericColumn;
    for (let i = 0; i < c.length; i++) if (!c.missing[i]) assert.ok(values.has(c.values[i]), `${name} ${i}`);
  }
  const sex = categorical(s, "sex");
  assert.deepEqual(sex.levels, ["F", "M", "unused"]);
  for (let i = 0; i < sex.length; i++) assert.ok(sex.missing[i] || sex.codes[i] < 2);
  assert.ok(missingRate(sex) > 0);
  const smoker = s.column("smoker");
  assert.ok(smoker.kind === "boolean" && smoker.tokens[1] === "Yes");
  // Constant, all-missing, text and identifier columns are the finishing step's.
  assert.ok((s.column("site") as NumericColumn).values.every((v) => v === 7));
  assert.equal(missingRate(s.column("empty")), 1);
  assert.equal(missingRate(s.column("notes")), 1);
  const ids = s.column("id") as StringColumn;
  const realIds = new Set((real.column("id") as StringColumn).values);
  assert.ok(ids.values.every((v) => /^PAT-\d{6}$/.test(v) && !realIds.has(v)));
});

test("cart: a deterministic relation x → y is reproduced exactly (pure leaves)", () => {
  const n = 300;
  const x = Int32Array.from({ length: n }, (_, i) => i % 3);
  const y = Float64Array.from(x, (c) => 10 * (c + 1));
  const real = new Table([categoricalColumn("x", x, ["a", "b", "c"]), numericColumn("y", y, { kind: "integer" })]);
  const s = fitGenerator("cart", real, { seed: 3 }).sample(2000, { seed: 4 }).table;
  const sx = categorical(s, "x");
  const sy = numeric(s, "y");
  for (let i = 0; i < s.nRows; i++) assert.equal(sy.values[i], 10 * (sx.codes[i] + 1));
  // A predictor matrix without x leaves y to its marginal: the relation breaks (about 2/3 mismatches).
  const free = fitGenerator("cart", real, { seed: 3, params: { predictorMatrix: { y: [] } } }).sample(2000, {
    seed: 4,
  }).table;
  let mismatches = 0;
  for (let i = 0; i < free.nRows; i++)
    if (numeric(free, "y").values[i] !== 10 * (categorical(free, "x").codes[i] + 1)) mismatches++;
  assert.ok(mismatches > 2000 / 2, `${mismatches}`);
});

test("cart: first-column level frequencies within binomial 3σ of R", () => {
  const n = 10000;
  const r = Rng.fromSeed(5);
  const codes = Int32Array.from({ length: n }, () => {
    const u = r.next();
    return u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
  });
  const other = Float64Array.from({ length: n }, () => r.int(100));
  const real = new Table([
    categoricalColumn("g", codes, ["a", "b", "c"]),
    numericColumn("v", other, { kind: "integer" }),
  ]);
  const s = fitGenerator("cart", real, { seed: 6 }).sample(n, { seed: 7 }).table;
  const sg = categorical(s, "g");
  for (let level = 0; level < 3; level++) {
    const p = codes.filter((c) => c === level).length / n;
    within3Sigma(sg.codes.filter((c) => c === level).length / n, p, n, `level ${level}`);
  }
});

test("cart: 30 % ∅ is reproduced, and ∅ that depends on an earlier categorical keeps the dependence", () => {
  const n = 6000;
  const r = Rng.fromSeed(12);
  const group = Int32Array.from({ length: n }, () => r.int(2));
  const lab = new Float64Array(n);
  const labMissing = new Uint8Array(n);
  const dose = new Float64Array(n);
  const doseMissing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    lab[i] = Math.round(r.normal() * 100) / 10;
    labMissing[i] = r.next() < (group[i] === 0 ? 0.1 : 0.6) ? 1 : 0;
    dose[i] = 1 + r.int(20);
    doseMissing[i] = r.next() < 0.3 ? 1 : 0;
  }
  const real = new Table([
    categoricalColumn("group", group, ["A", "B"]),
    numericColumn("dose", dose, { kind: "integer", missing: doseMissing }),
    numericColumn("lab", lab, { missing: labMissing }),
  ]);
  const s = fitGenerator("cart", real, { seed: 13, privacy: "off" }).sample(n, { seed: 14 }).table;
  within3Sigma(missingRate(s.column("dose")), missingRate(real.column("dose")), n, "dose ∅");
  const sGroup = categorical(s, "group");
  const sLab = numeric(s, "lab");
  for (const g of [0, 1]) {
    const realRows = Array.from(group.keys()).filter((i) => group[i] === g);
    const synthRows = Array.from(sGroup.codes.keys()).filter((i) => sGroup.codes[i] === g);
    const realRate = realRows.filter((i) => labMissing[i]).length / realRows.length;
    within3Sigma(
      synthRows.filter((i) => sLab.missing[i]).length / synthRows.length,
      realRate,
      synthRows.length,
      `lab ∅ in group ${g}`,
    );
  }
});

test("cart: special codes are their own state; observed values never take them", () => {
  const n = 3000;
  const r = Rng.fromSeed(21);
  const income = Float64Array.from({ length: n }, () => (r.next() < 0.2 ? -9 : 1000 + r.int(4000)));
  const flag = Int32Array.from(income, (v) => (v === -9 ? 1 : r.int(2)));
  const real = new Table([
    categoricalColumn("flag", flag, ["no", "yes"]),
    numericColumn("income", income, { kind: "integer" }),
  ]);
  const model = fitGenerator("cart", real, { seed: 22, privacy: "off", params: { specialCodes: { income: [-9] } } });
  const s = model.sample(n, { seed: 23 }).table;
  const sIncome = numeric(s, "income");
  const sFlag = categorical(s, "flag");
  let codes = 0;
  for (let i = 0; i < n; i++) {
    if (sIncome.values[i] === -9) {
      codes++;
      assert.equal(sFlag.codes[i], 1); // the code is only ever seen with flag "yes" in R
    } else assert.ok(sIncome.values[i] >= 1000 && sIncome.values[i] < 5000);
  }
  within3Sigma(codes / n, income.filter((v) => v === -9).length / n, n, "special code share");
  const state = model.toJSON().state as CartState;
  assert.deepEqual(state.plans[1].naStates, [-9]);
  assert.throws(
    () => fitGenerator("cart", real, { seed: 1, params: { specialCodes: { flag: [1] } } }),
    SosieOptionError,
  );
});

test("cart: density-nrd0 smoothing moves values off R's support, within [min R, max R] and R's decimals", () => {
  const real = mixedTable(1000);
  const s = fitGenerator("cart", real, { seed: 1, params: { smoothing: "density-nrd0" } }).sample(1000, {
    seed: 2,
  }).table;
  const realBmi = numeric(real, "bmi");
  const support = new Set(realBmi.values);
  const bmi = numeric(s, "bmi");
  let offSupport = 0;
  const [min, max] = [Math.min(...realBmi.values), Math.max(...realBmi.values)];
  for (const v of bmi.values) {
    assert.ok(v >= min && v <= max); // the shared finishing step clips max R + h back to max R
    assert.ok(decimalsOf(v) <= 1);
    if (!support.has(v)) offSupport++;
  }
  assert.ok(offSupport > 0);
  // Integers stay integers; dates are not smoothed.
  assert.ok(numeric(s, "age").values.every((v, i) => numeric(s, "age").missing[i] || Number.isInteger(v)));
});

test("cart: every leaf of every fitted tree holds at least minbucket training rows", () => {
  const model = fitGenerator("cart", mixedTable(1000), { seed: 1 });
  const state = model.toJSON().state as CartState;
  assert.equal(state.steps.length, 5); // sex first; age.NA, age.0, bmi, smoker, admitted
  for (const step of state.steps) {
    const tree = loadTree(step.tree);
    for (let node = 0; node < tree.feature.length; node++)
      if (isLeaf(tree, node)) assert.ok(tree.donorCount[node] >= 5);
  }
});

test("cart: same seed gives the same table; a saved and reloaded model samples the same; proper synthesis too", () => {
  const real = mixedTable(500);
  for (const params of [{}, { proper: true, smoothing: "density" }]) {
    const model = fitGenerator("cart", real, { seed: 9, params });
    const a = model.sample(700, { seed: 10 }).table;
    assert.deepEqual(fitGenerator("cart", real, { seed: 9, params }).sample(700, { seed: 10 }).table, a);
    const reloaded = loadModel(JSON.parse(JSON.stringify(model.toJSON())));
    assert.deepEqual(reloaded.sample(700, { seed: 10 }).table, a);
    assert.notDeepEqual(model.sample(700, { seed: 11 }).table, a);
    assert.equal(model.toJSON().containsRealValues, true);
    assert.equal(model.manifest.params.minbucket, 5);
  }
});

test("cart: visit sequence and parameter checks", () => {
  const real = mixedTable(300);
  const model = fitGenerator("cart", real, { seed: 1, params: { visitSequence: ["bmi", "id", "sex"] } });
  const state = model.toJSON().state as CartState;
  // Listed modelled columns first (the identifier is skipped), the rest in table order.
  assert.deepEqual(
    state.plans.map((p) => p.name),
    ["bmi", "sex", "age", "smoker", "admitted"],
  );
  assert.equal(model.sample(10, { seed: 1 }).table.names.join(), real.names.join());
  assert.throws(
    () => fitGenerator("cart", real, { seed: 1, params: { visitSequence: ["nope"] } }),
    /visitSequence names "nope"/,
  );
  assert.throws(() => fitGenerator("cart", real, { seed: 1, params: { visitSequence: ["bmi", "bmi"] } }), /twice/);
  assert.throws(
    () => fitGenerator("cart", real, { seed: 1, params: { predictorMatrix: { bmi: ["nope"] } } }),
    SosieOptionError,
  );
  assert.throws(() => fitGenerator("cart", real, { seed: 1, params: { smoothing: "spline" } }), SosieOptionError);
});
