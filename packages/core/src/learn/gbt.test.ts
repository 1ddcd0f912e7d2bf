import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../random/rng.ts";
import type { Dataset, Feature } from "./dataset.ts";
import { fitGbt, GbtModel } from "./gbt.ts";
import { accuracy, argmaxRows, r2 } from "./scores.ts";

const EXACT = { nTrees: 1, maxDepth: 1, learningRate: 1, lambda: 0, subsample: 1, colsample: 1 };

function regression(features: Feature[], y: number[]): Dataset {
  const n = y.length;
  return {
    nRows: n,
    features,
    target: { kind: "regression", name: "y", values: Float64Array.from(y) },
    sourceRows: Int32Array.from({ length: n }, (_, i) => i),
  };
}

function classification(features: Feature[], y: number[], classes: string[]): Dataset {
  const n = y.length;
  return {
    nRows: n,
    features,
    target: { kind: "classification", name: "y", codes: Int32Array.from(y), classes },
    sourceRows: Int32Array.from({ length: n }, (_, i) => i),
  };
}

const num = (name: string, v: number[]): Feature => ({ kind: "numeric", name, values: Float64Array.from(v) });

test("a single split recovers a step function exactly", () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const y = x.map((v) => (v <= 5 ? 0 : 10));
  const model = fitGbt(regression([num("x", x)], y), EXACT, Rng.fromSeed(1));
  // Root mean 5; residual sums ∓25 over 5 rows each give leaves −5 and +5.
  assert.deepEqual(Array.from(model.predict(regression([num("x", x)], y))), y);
  const tree = model.trees[0];
  assert.equal(tree.feature[0], 0);
  assert.equal(tree.threshold[0], 4); // bins 0..4 hold x = 1..5
  // Between training values the cut sits at the midpoint 5.5.
  const probe = regression([num("x", [5.4, 5.6])], [0, 0]);
  assert.deepEqual(Array.from(model.predict(probe)), [0, 10]);
});

test("a squared-error stump's leaves are the learning rate times the mean residual (λ = 0)", () => {
  const x = [0, 0, 0, 1, 1, 1];
  const y = [1, 2, 6, 10, 20, 30];
  const eta = 0.3;
  const model = fitGbt(regression([num("x", x)], y), { ...EXACT, learningRate: eta }, Rng.fromSeed(1));
  const mean = 69 / 6;
  assert.equal(model.initScore[0], mean);
  const leftResidual = (1 + 2 + 6) / 3 - mean; // −8.5
  const rightResidual = (10 + 20 + 30) / 3 - mean; // +8.5
  const p = model.predict(regression([num("x", x)], y));
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(p[i] - (mean + eta * leftResidual)) < 1e-12);
  for (let i = 3; i < 6; i++) assert.ok(Math.abs(p[i] - (mean + eta * rightResidual)) < 1e-12);
  assert.ok(Math.abs(p[0] - 8.95) < 1e-12);
});

test("missing values are routed to the side where they gain most", () => {
  for (const missingY of [0, 10]) {
    const x = [1, 1, 2, 2, 3, 3, 4, 4, NaN, NaN, NaN];
    const y = [0, 0, 0, 0, 10, 10, 10, 10, missingY, missingY, missingY];
    const data = regression([num("x", x)], y);
    const model = fitGbt(data, EXACT, Rng.fromSeed(1));
    const tree = model.trees[0];
    assert.equal(tree.threshold[0], 1); // x <= 2 left
    assert.equal(tree.missingLeft[0], missingY === 0 ? 1 : 0);
    assert.deepEqual(Array.from(model.predict(data)), y);
  }
});

test("missing values unseen in training follow the heavier child", () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8];
  const y = [0, 10, 10, 10, 10, 10, 10, 10];
  const model = fitGbt(regression([num("x", x)], y), EXACT, Rng.fromSeed(1));
  assert.equal(model.trees[0].threshold[0], 0);
  assert.equal(model.trees[0].missingLeft[0], 0); // 7 rows on the right
  assert.deepEqual(Array.from(model.predict(regression([num("x", [NaN])], [0]))), [10]);
});

test("a categorical feature splits {a, c} against {b}", () => {
  const codes: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 30; i++) {
    codes.push(i % 3);
    y.push(i % 3 === 1 ? 1 : 0);
  }
  const cat: Feature = { kind: "categorical", name: "c", codes: Int32Array.from(codes), levels: ["a", "b", "c"] };
  const data = classification([cat], y, ["no", "yes"]);
  const model = fitGbt(data, { ...EXACT, learningRate: 0.5 }, Rng.fromSeed(1));
  const tree = model.trees[0];
  assert.equal(tree.feature[0], 0);
  const off = tree.maskOffset[0];
  assert.ok(off >= 0);
  const mask = tree.catMasks;
  assert.equal(mask[off + 0], mask[off + 2]);
  assert.notEqual(mask[off + 0], mask[off + 1]);
  const p = model.predict(data);
  assert.ok(p[2 * 1 + 1] > 0.5 && p[2 * 0 + 1] < 1 / 3 && p[2 * 0 + 1] === p[2 * 2 + 1]);
  assert.equal(accuracy(data.target.kind === "classification" ? data.target.codes : [], argmaxRows(p, 2)), 1);
});

function mixedData(n: number, seed: number): Dataset {
  const rng = Rng.fromSeed(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Int32Array(n);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal();
    b[i] = rng.next() < 0.1 ? NaN : rng.normal();
    c[i] = rng.int(5);
    const z = 1.5 * a[i] + (Number.isNaN(b[i]) ? 1 : b[i]) + (c[i] === 3 ? 1.5 : 0) + rng.normal() * 0.5;
    y.push(z > 0.5 ? 1 : 0);
  }
  return classification(
    [
      { kind: "numeric", name: "a", values: a },
      { kind: "numeric", name: "b", values: b },
      { kind: "categorical", name: "c", codes: c, levels: ["p", "q", "r", "s", "t"] },
    ],
    y,
    ["0", "1"],
  );
}

test("same seed and data give bit-identical predictions; JSON round trip keeps them", () => {
  const train = mixedData(2000, 1);
  const test = mixedData(500, 2);
  const options = { subsample: 0.7, colsample: 0.6, earlyStopping: { validationFraction: 0.2, patience: 5 } };
  const m1 = fitGbt(train, options, Rng.fromSeed(42));
  const m2 = fitGbt(train, options, Rng.fromSeed(42));
  const p1 = m1.predict(test);
  assert.deepEqual(m2.predict(test), p1);
  const m3 = GbtModel.fromJSON(JSON.parse(JSON.stringify(m1.toJSON())));
  assert.deepEqual(m3.predict(test), p1);
  const other = fitGbt(train, options, Rng.fromSeed(43)).predict(test);
  assert.notDeepEqual(other, p1);
  // It learned the signal.
  const labels = test.target.kind === "classification" ? test.target.codes : [];
  assert.ok(accuracy(labels, argmaxRows(p1, 2)) > 0.8);
});

test("a copy of the training rows labelled the other way gives 0.5 everywhere", () => {
  const base = mixedData(300, 3);
  const n = base.nRows;
  const twice = (f: Feature): Feature =>
    f.kind === "numeric"
      ? { ...f, values: Float64Array.from([...f.values, ...f.values]) }
      : { ...f, codes: Int32Array.from([...f.codes, ...f.codes]) };
  const y = [...new Array<number>(n).fill(1), ...new Array<number>(n).fill(0)];
  const data = classification(base.features.map(twice), y, ["synthetic", "real"]);
  const model = fitGbt(data, { subsample: 1, colsample: 1 }, Rng.fromSeed(5));
  const p = model.predict(base);
  for (let i = 0; i < p.length; i++) assert.equal(p[i], 0.5);
});

test("multiclass softmax: probabilities sum to one and classes are learned", () => {
  const rng = Rng.fromSeed(7);
  const n = 1500;
  const x = new Float64Array(n);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = rng.next() * 3;
    y.push(Math.min(2, Math.floor(x[i] + rng.normal() * 0.05)));
  }
  const data = classification([{ kind: "numeric", name: "x", values: x }], y, ["lo", "mid", "hi"]);
  const model = fitGbt(data, { nTrees: 30 }, Rng.fromSeed(1));
  assert.equal(model.trees.length, 90);
  const p = model.predict(data);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(p[3 * i] + p[3 * i + 1] + p[3 * i + 2] - 1) < 1e-12);
  assert.ok(accuracy(Int32Array.from(y), argmaxRows(p, 3)) > 0.95);
});

test("a class absent from the training rows gets probability exactly 0", () => {
  const data = mixedData(400, 9);
  const y = data.target.kind === "classification" ? data.target.codes : new Int32Array(0);
  const three = classification([...data.features], Array.from(y), ["0", "1", "never"]);
  const p = fitGbt(three, { nTrees: 10 }, Rng.fromSeed(1)).predict(three);
  for (let i = 0; i < three.nRows; i++) assert.equal(p[3 * i + 2], 0);
});

test("regression fits a noisy line (R² > 0.9 on fresh rows)", () => {
  const make = (seed: number) => {
    const rng = Rng.fromSeed(seed);
    const x = Array.from({ length: 1000 }, () => rng.next() * 10);
    return regression(
      [num("x", x)],
      x.map((v) => 2 * v + rng.normal()),
    );
  };
  const model = fitGbt(make(1), {}, Rng.fromSeed(2));
  const test = make(3);
  const y = test.target.kind === "regression" ? test.target.values : new Float64Array(0);
  assert.ok(r2(y, model.predict(test)) > 0.9);
});

test("early stopping on a target of pure noise stops after `patience` rounds without progress", () => {
  const rng = Rng.fromSeed(11);
  const n = 1000;
  const x = Array.from({ length: n }, () => rng.normal());
  const y = Array.from({ length: n }, () => rng.int(2));
  const data = classification([num("x", x)], y, ["0", "1"]);
  const model = fitGbt(data, { nTrees: 200, earlyStopping: { validationFraction: 0.3, patience: 7 } }, Rng.fromSeed(1));
  assert.ok(model.nRounds < 200);
  assert.equal(model.validationLoss.length, model.nRounds + 7);
  assert.equal(model.trees.length, model.nRounds);
  const best = Math.min(...model.validationLoss);
  assert.equal(model.validationLoss[model.nRounds - 1], best);
});

test("leaf-wise growth respects maxLeaves", () => {
  const data = mixedData(1000, 4);
  const model = fitGbt(data, { growth: "leafwise", maxLeaves: 5, nTrees: 5 }, Rng.fromSeed(1));
  for (const t of model.trees) {
    let leaves = 0;
    for (let k = 0; k < t.feature.length; k++) if (t.feature[k] < 0) leaves++;
    assert.ok(leaves <= 5 && leaves >= 2);
  }
});

test("prediction rejects a dataset with other features", () => {
  const model = fitGbt(mixedData(200, 1), { nTrees: 2 }, Rng.fromSeed(1));
  assert.throws(() => model.predict(regression([num("zz", [1])], [0])), /features/);
});
