import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../random/rng.ts";
import { booleanColumn, categoricalColumn, numericColumn, stringColumn, temporalColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { fitProjection } from "./famd.ts";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

function cat(name: string, values: (string | null)[]) {
  const levels = [...new Set(values.filter((v): v is string => v !== null))].sort();
  return categoricalColumn(name, Int32Array.from(values, (v) => (v === null ? -1 : levels.indexOf(v))), levels);
}

function mixedTable(n: number, seed: number): Table {
  const rng = Rng.fromSeed(seed);
  const age = new Float64Array(n);
  const ageMissing = new Uint8Array(n);
  const bmi = new Float64Array(n);
  const day = new Float64Array(n);
  const sex: string[] = [];
  const stage: (string | null)[] = [];
  const smoker = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    age[i] = Math.round(50 + 12 * rng.normal());
    ageMissing[i] = rng.next() < 0.1 ? 1 : 0;
    bmi[i] = 25 + 4 * rng.normal() + (age[i] - 50) * 0.05;
    day[i] = 18000 + rng.int(2000);
    sex.push(rng.next() < 0.5 ? "F" : "M");
    stage.push(rng.next() < 0.05 ? null : ["I", "II", "III"][rng.int(3)]);
    smoker[i] = rng.next() < 0.3 ? 1 : 0;
  }
  return new Table([
    stringColumn("id", "identifier", Array.from({ length: n }, (_, i) => `p${i}`)),
    numericColumn("age", age, { kind: "integer", missing: ageMissing }),
    numericColumn("bmi", bmi),
    temporalColumn("admitted", "date", day, "yyyy-MM-dd"),
    cat("sex", sex),
    cat("stage", stage),
    booleanColumn("smoker", smoker, { tokens: ["no", "yes"] }),
  ]);
}

test("the spec's one-column example: scaled values and distance", () => {
  const R = new Table([numericColumn("x", new Float64Array([1, 2, 3]))]);
  const model = fitProjection(R);
  assert.equal(model.type, "pca");
  assert.equal(model.nComponents, 1);
  const z = model.scale(R);
  close(z[0], -1.2247449, 1e-7);
  assert.equal(z[1], 0);
  close(z[2], 1.2247449, 1e-7);
  const c = model.transform(R, 1);
  close(Math.abs(c[2] - c[0]), 2.4494897, 1e-7);
  close(model.explainedVariance[0], 1, 1e-12); // standardized: variance 1
});

test("one categorical by hand: coordinates ±1 and the sign rule", () => {
  const R = new Table([cat("g", ["a", "a", "b", "b"])]);
  const model = fitProjection(R);
  assert.equal(model.type, "mca");
  assert.equal(model.nComponents, 1); // the two dummies are dependent: rank 1
  const coords = Array.from(model.transform(R));
  coords.forEach((v, i) => close(v, [1, 1, -1, -1][i], 1e-12));
  close(model.axes[0], Math.SQRT1_2, 1e-12); // tie in |loading|: the lower index is positive
});

test("mixed table: zero-mean coordinates, orthonormal axes, sign rule, variances", () => {
  const R = mixedTable(500, 1);
  const model = fitProjection(R);
  assert.equal(model.type, "famd");
  assert.deepEqual(model.columns, ["age", "bmi", "admitted", "sex", "stage", "smoker"]);
  assert.ok(model.scaledNames.includes("age is missing=yes") && model.scaledNames.includes("stage=∅"));
  const p = model.nScaled;
  const r = model.nComponents;
  // age, bmi, admitted + missing(2) + sex(2) + stage(4) + smoker(2); 4 categorical dependencies.
  assert.equal(p, 13);
  assert.equal(r, 9);
  const coords = model.transform(R);
  for (let k = 0; k < r; k++) {
    let mean = 0;
    let variance = 0;
    for (let i = 0; i < R.nRows; i++) mean += coords[i * r + k] / R.nRows;
    for (let i = 0; i < R.nRows; i++) variance += (coords[i * r + k] - mean) ** 2 / R.nRows;
    close(mean, 0, 1e-10);
    close(variance, model.explainedVariance[k], 1e-9);
    if (k > 0) assert.ok(model.explainedVariance[k] <= model.explainedVariance[k - 1]);
    for (let l = 0; l < r; l++) {
      let dot = 0;
      for (let j = 0; j < p; j++) dot += model.axes[k * p + j] * model.axes[l * p + j];
      close(dot, k === l ? 1 : 0, 1e-12);
    }
    let maxIdx = 0;
    for (let j = 1; j < p; j++) if (Math.abs(model.axes[k * p + j]) > Math.abs(model.axes[k * p + maxIdx])) maxIdx = j;
    assert.ok(model.axes[k * p + maxIdx] > 0);
  }
  close(model.explainedVarianceRatio.reduce((a, b) => a + b, 0), 1, 1e-12);
  // Coordinates equal Z·Aᵀ computed from the explicit scaled matrix.
  const z = model.scale(R);
  for (const i of [0, 17, 499])
    for (let k = 0; k < r; k++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += z[i * p + j] * model.axes[k * p + j];
      close(coords[i * r + k], s, 1e-12);
    }
});

test("transform is row-wise: a row range gives the same coordinates as the whole table", () => {
  const R = mixedTable(300, 2);
  const model = fitProjection(R);
  const all = model.transform(R, 5);
  const parts = [model.transform(R.slice(0, 101), 5), model.transform(R.slice(101, 102), 5), model.transform(R.slice(102), 5)];
  const joined = new Float64Array(all.length);
  let o = 0;
  for (const part of parts) {
    joined.set(part, o);
    o += part.length;
  }
  assert.deepEqual(joined, all);
});

test("full inverse reconstructs R; unseen modalities get all-zero dummies", () => {
  const R = mixedTable(200, 3);
  const model = fitProjection(R);
  const back = model.inverse(model.transform(R), model.nComponents);
  assert.deepEqual(back.names, model.columns);
  for (const name of ["age", "bmi", "admitted"]) {
    const a = R.column(name);
    const b = back.column(name);
    assert.equal(b.kind, a.kind);
    assert.deepEqual(b.missing, a.missing);
    if (b.kind !== "continuous" && b.kind !== "integer" && b.kind !== "date") throw new Error("kind");
    if (a.kind !== "continuous" && a.kind !== "integer" && a.kind !== "date") throw new Error("kind");
    for (let i = 0; i < R.nRows; i++) if (!a.missing[i]) close(b.values[i], a.values[i], 1e-6);
  }
  for (const name of ["sex", "stage"]) {
    const a = R.column(name);
    const b = back.column(name);
    if (a.kind !== "categorical" || b.kind !== "categorical") throw new Error("kind");
    assert.deepEqual(b.codes, a.codes);
    assert.deepEqual(b.levels, a.levels);
  }
  const s = back.column("smoker");
  const s0 = R.column("smoker");
  if (s.kind !== "boolean" || s0.kind !== "boolean") throw new Error("kind");
  assert.deepEqual(s.values, s0.values);
  assert.deepEqual(s.tokens, ["no", "yes"]);

  const unseen = new Table([cat("g", ["a", "b", "a", "c"])]);
  const m = fitProjection(new Table([cat("g", ["a", "a", "a", "b"])]));
  const z = m.scale(unseen);
  // Row 3 ("c", unseen): −√p for every modality: −√0.75 and −√0.25.
  close(z[6], -Math.sqrt(0.75), 1e-15);
  close(z[7], -0.5, 1e-15);
});

test("MCA scale: with Q = 4 categorical columns, auto coordinates × 2 equal famd coordinates", () => {
  const rng = Rng.fromSeed(4);
  const cols = [0, 1, 2, 3].map((c) =>
    cat(`q${c}`, Array.from({ length: 120 }, () => ["u", "v", "w"][Math.min(2, Math.floor(rng.exponential() * (c + 1)))])),
  );
  const R = new Table(cols);
  const auto = fitProjection(R);
  const famd = fitProjection(R, { projection: "famd" });
  assert.equal(auto.type, "mca");
  const a = auto.transform(R);
  const f = famd.transform(R);
  assert.equal(a.length, f.length);
  for (let i = 0; i < a.length; i++) close(a[i] * 2, f[i], 1e-12);
  close(auto.explainedVariance[0] * 4, famd.explainedVariance[0], 1e-12);
  // inverse() undoes the MCA scale.
  assert.deepEqual(auto.inverse(a, auto.nComponents).column("q2"), R.column("q2"));
});

test("column weights: axes are orthonormal in the weighted metric, a heavy column leads the first axis", () => {
  const rng = Rng.fromSeed(5);
  const n = 400;
  const a = Float64Array.from({ length: n }, () => rng.normal());
  const b = Float64Array.from({ length: n }, () => rng.normal());
  const R = new Table([numericColumn("a", a), numericColumn("b", b), cat("g", Array.from({ length: n }, () => (rng.next() < 0.4 ? "x" : "y")))]);
  const model = fitProjection(R, { columnWeights: { b: 10 } });
  const p = model.nScaled;
  const w = [1, 10, 1, 1];
  for (let k = 0; k < model.nComponents; k++)
    for (let l = 0; l < model.nComponents; l++) {
      let dot = 0;
      for (let j = 0; j < p; j++) dot += model.axes[k * p + j] * w[j] * model.axes[l * p + j];
      close(dot, k === l ? 1 : 0, 1e-10);
    }
  assert.ok(Math.abs(model.axes[1]) > 0.3); // loading of b on axis 1 (= V/√10, |V| ≈ 1)
  // Least-squares inverse on all axes still recovers R exactly.
  const back = model.inverse(model.transform(R), model.nComponents);
  const bb = back.column("b");
  if (bb.kind !== "continuous") throw new Error("kind");
  for (let i = 0; i < n; i++) close(bb.values[i], b[i], 1e-8);
  assert.throws(() => fitProjection(R, { columnWeights: { a: 0 } }));
});

test("cross-product from counts equals ZᵀZ of the dense scaled rows", async () => {
  const { crossProduct } = await import("./famd-cross-product.ts");
  const parts = await import("./famd-parts.ts");
  const R = mixedTable(700, 6).drop(["id"]);
  const model = fitProjection(R);
  const p = model.nScaled;
  const numerics = [];
  const categoricals = [];
  let offset = 0;
  for (const c of R.columns) {
    if (c.kind === "continuous" || c.kind === "integer" || c.kind === "date") {
      const part = parts.fitNumeric(c, offset++);
      numerics.push({ part, z: parts.standardized(part, R) });
      if (part.companion === 0) {
        const cat = parts.fitCategorical(c, true, offset);
        categoricals.push(cat);
        offset += cat.part.keys.length;
      }
    } else {
      const cat = parts.fitCategorical(c, false, offset);
      categoricals.push(cat);
      offset += cat.part.keys.length;
    }
  }
  assert.equal(offset, p);
  const G = crossProduct({ n: R.nRows, p, numerics, categoricals });
  const z = model.scale(R);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let i = 0; i < R.nRows; i++) s += z[i * p + a] * z[i * p + b];
      close(G[a * p + b], s, 1e-9 * R.nRows);
    }
});

test("scaling parameters are exposed for inverses", () => {
  const R = mixedTable(100, 8);
  const model = fitProjection(R);
  const age = model.scaling.find((s) => s.column === "age" && s.type === "numeric");
  const z = model.scale(R);
  const col = R.column("age");
  if (age?.type !== "numeric" || col.kind !== "integer") throw new Error("kind");
  const i = col.missing.indexOf(0);
  close(z[i * model.nScaled + age.offset], (col.values[i] - age.mean) / age.sd, 1e-15);
  const sex = model.scaling.find((s) => s.column === "sex");
  if (sex?.type !== "categorical") throw new Error("kind");
  close(sex.shares.reduce((a, b) => a + b, 0), 1, 1e-15);
  assert.equal(sex.keys.length, 2);
  assert.ok(model.scaling.some((s) => s.type === "categorical" && s.companionOf && s.column === "age"));
  assert.equal(model.coordinateScale, 1);
});

test("maxComponents: the partial eigensolver keeps the same leading axes, variances and coordinates", () => {
  // Many levels (p′ > 300) so the partial path runs.
  const rng = Rng.fromSeed(9);
  const n = 3000;
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const g = Array.from({ length: n }, (_, i) => `g${Math.floor(Math.abs(x[i]) * 60 + rng.int(120))}`);
  const h = Array.from({ length: n }, () => `h${Math.min(199, Math.floor(rng.exponential() * 40))}`);
  const R = new Table([numericColumn("x", x), cat("g", g), cat("h", h), cat("s", Array.from({ length: n }, () => (rng.next() < 0.3 ? "a" : "b")))]);
  const full = fitProjection(R);
  const part = fitProjection(R, { maxComponents: 5 });
  assert.ok(full.nScaled > 300);
  assert.equal(part.nComponents, 5);
  const p = full.nScaled;
  for (let k = 0; k < 5; k++) {
    close(part.explainedVariance[k], full.explainedVariance[k], 1e-12 * full.explainedVariance[0]);
    close(part.explainedVarianceRatio[k], full.explainedVarianceRatio[k], 1e-12);
    for (let j = 0; j < p; j++) close(part.axes[k * p + j], full.axes[k * p + j], 1e-9);
  }
  const a = part.transform(R);
  const b = full.transform(R, 5);
  for (let i = 0; i < a.length; i++) close(a[i], b[i], 1e-8);
  // Deterministic: a second fit is bit-identical.
  assert.deepEqual(fitProjection(R, { maxComponents: 5 }).axes, part.axes);
  assert.throws(() => fitProjection(R, { maxComponents: 0 }));
});
