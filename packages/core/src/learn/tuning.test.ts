import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../random/rng.ts";
import type { Dataset } from "./dataset.ts";
import { assignFolds, foldRows } from "./folds.ts";
import { chooseTrial, fitWithProtocol, planTuning } from "./tuning.ts";

test("unshuffled stratified folds cut each class into contiguous blocks", () => {
  const strata = Int32Array.from([0, 0, 0, 0, 1, 1, 0, 0, 1, 1]);
  // class 0 rows 0,1,2,3,6,7 get floor(2i/6) = 0,0,0,1,1,1; class 1 rows 4,5,8,9 get 0,0,1,1.
  const folds = assignFolds(10, 2, { strata });
  assert.deepEqual(Array.from(folds), [0, 0, 0, 1, 0, 0, 1, 1, 1, 1]);
  const { train, test: held } = foldRows(folds, 1);
  assert.deepEqual(Array.from(held), [3, 6, 7, 8, 9]);
  assert.deepEqual(Array.from(train), [0, 1, 2, 4, 5]);
});

test("shuffled folds are seeded and balanced per class", () => {
  const n = 103;
  const strata = Int32Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const a = assignFolds(n, 5, { strata, rng: Rng.fromSeed(1) });
  assert.deepEqual(assignFolds(n, 5, { strata, rng: Rng.fromSeed(1) }), a);
  assert.notDeepEqual(assignFolds(n, 5, { strata, rng: Rng.fromSeed(2) }), a);
  const ones = [0, 0, 0, 0, 0];
  const all = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    all[a[i]]++;
    ones[a[i]] += strata[i];
  }
  // 26 rows of class 1 cut at floor(5i/26): 6,5,5,5,5; 77 of class 0 at floor(5i/77): 16,15,16,15,15.
  assert.deepEqual(ones, [6, 5, 5, 5, 5]);
  assert.deepEqual(all, [22, 20, 21, 20, 20]);
});

test("chooseTrial takes the highest CV score, first on ties, NaN last", () => {
  const r = (cvScore: number) => ({ options: {}, cvScore });
  assert.equal(chooseTrial([r(0.7), r(0.9), r(0.9)]), 1);
  assert.equal(chooseTrial([r(NaN), r(0.1)]), 1);
});

function noisyData(n: number, seed: number): Dataset {
  const rng = Rng.fromSeed(seed);
  const x = new Float64Array(n);
  const z = new Float64Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    z[i] = rng.normal();
    y[i] = x[i] + 0.7 * rng.normal() > 0 ? 1 : 0;
  }
  return {
    nRows: n,
    features: [
      { kind: "numeric", name: "x", values: x },
      { kind: "numeric", name: "noise", values: z },
    ],
    target: { kind: "classification", name: "y", codes: y, classes: ["a", "b"] },
    sourceRows: new Int32Array(n),
  };
}

test("plans: fast has no trials; clover has 20 trials in its search space over 5 unshuffled folds", () => {
  const data = noisyData(200, 1);
  assert.equal(planTuning(data, Rng.fromSeed(1), { profile: "fast" }).trials.length, 0);
  const clover = planTuning(data, Rng.fromSeed(1), { profile: "clover" });
  assert.equal(clover.trials.length, 20);
  assert.equal(clover.nFolds, 5);
  for (const t of clover.trials) {
    assert.ok(t.learningRate! >= 0.001 && t.learningRate! <= 0.1);
    assert.ok(t.maxDepth! >= 4 && t.maxDepth! <= 10);
    assert.ok(t.subsample! >= 0.5 && t.subsample! <= 1 && t.colsample! >= 0.5 && t.colsample! <= 1);
  }
  assert.deepEqual(clover.folds, planTuning(data, Rng.fromSeed(9), { profile: "clover" }).folds);
});

test("the tuned protocol is deterministic and beats chance on fresh rows", () => {
  const data = noisyData(600, 2);
  const fresh = noisyData(400, 3);
  const a = fitWithProtocol(data, Rng.fromSeed(5), { nTrials: 3, nFolds: 3 });
  const b = fitWithProtocol(data, Rng.fromSeed(5), { nTrials: 3, nFolds: 3 });
  assert.equal(a.nFits, 10);
  assert.equal(a.trials.length, 3);
  assert.deepEqual(
    a.trials.map((t) => t.cvScore),
    b.trials.map((t) => t.cvScore),
  );
  assert.deepEqual(a.model.predict(fresh), b.model.predict(fresh));
  for (const t of a.trials) assert.ok(t.cvScore > 0.75, `CV AUC ${t.cvScore}`);
});
