import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng, cumulative } from "./rng.ts";
import { trainHoldoutSplit } from "./train-holdout-split.ts";

test("same seed gives the same stream; derived streams are independent of use order", () => {
  const a = Rng.fromSeed(42);
  const b = Rng.fromSeed(42);
  for (let i = 0; i < 100; i++) assert.equal(a.uint32(), b.uint32());
  const root = Rng.fromSeed(7);
  const x1 = root.derive("col", 3).next();
  root.derive("other").next();
  root.next();
  const x2 = root.derive("col", 3).next();
  assert.equal(x1, x2);
  assert.notEqual(root.derive("col", 3).next(), root.derive("col", 4).next());
});

test("uniform draws have the right mean and cover [0, 1)", () => {
  const r = Rng.fromSeed(1);
  let s = 0;
  let min = 1;
  let max = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    s += u;
    min = Math.min(min, u);
    max = Math.max(max, u);
  }
  assert.ok(Math.abs(s / n - 0.5) < 0.003, `mean ${s / n}`);
  assert.ok(min >= 0 && min < 1e-4 && max < 1 && max > 1 - 1e-4);
});

test("normal, exponential and integer draws have their moments (seeded, 4-sigma tolerances)", () => {
  const r = Rng.fromSeed(3);
  const n = 100_000;
  let s = 0;
  let s2 = 0;
  let e = 0;
  const counts = new Float64Array(7);
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    s += z;
    s2 += z * z;
    e += r.exponential();
    counts[r.int(7)]++;
  }
  assert.ok(Math.abs(s / n) < 4 / Math.sqrt(n));
  assert.ok(Math.abs(s2 / n - 1) < 4 * Math.sqrt(2 / n));
  assert.ok(Math.abs(e / n - 1) < 4 / Math.sqrt(n));
  for (const c of counts) assert.ok(Math.abs(c / n - 1 / 7) < 4 * Math.sqrt((1 / 7) * (6 / 7) / n));
});

test("permutation is a permutation; weighted draw follows weights", () => {
  const r = Rng.fromSeed(9);
  const p = r.permutation(1000);
  assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  const cum = cumulative([1, 0, 3]);
  const c = [0, 0, 0];
  for (let i = 0; i < 40_000; i++) c[r.fromCumulative(cum)]++;
  assert.equal(c[1], 0);
  assert.ok(Math.abs(c[2] / 40_000 - 0.75) < 0.01);
  const k = r.sampleWithoutReplacement(10, 10);
  assert.equal(new Set(k).size, 10);
});

test("seeds must be non-negative integers or strings", () => {
  assert.throws(() => Rng.fromSeed(-1), /seed/);
  assert.throws(() => Rng.fromSeed(1.5), /seed/);
  assert.equal(Rng.fromSeed("abc").next(), Rng.fromSeed("abc").next());
});

test("stratified split: sizes, disjointness, proportions per stratum, determinism", () => {
  const n = 1000;
  const strata = new Int32Array(n);
  for (let i = 0; i < n; i++) strata[i] = i % 10 === 0 ? 1 : 0; // 10 % rare class
  const s = trainHoldoutSplit(n, { holdoutFraction: 0.3, rng: Rng.fromSeed(5), strata });
  assert.equal(s.holdout.length, 300);
  assert.equal(s.train.length, 700);
  const all = new Set([...s.train, ...s.holdout]);
  assert.equal(all.size, n);
  const rareInHoldout = [...s.holdout].filter((i) => strata[i] === 1).length;
  assert.equal(rareInHoldout, 30);
  const again = trainHoldoutSplit(n, { holdoutFraction: 0.3, rng: Rng.fromSeed(5), strata });
  assert.deepEqual(again.holdout, s.holdout);
  const other = trainHoldoutSplit(n, { holdoutFraction: 0.3, rng: Rng.fromSeed(6), strata });
  assert.notDeepEqual(other.holdout, s.holdout);
  assert.throws(() => trainHoldoutSplit(n, { holdoutFraction: 1, rng: Rng.fromSeed(5) }));
});
