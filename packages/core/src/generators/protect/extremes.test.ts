import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../../table/table.ts";
import { type NumericColumn, numericColumn, stringColumn } from "../../table/column.ts";
import { Rng } from "../../random/rng.ts";
import { codeExtremes, learnExtremeRules } from "./extremes.ts";
import { subjectsOf } from "../../table/subjects.ts";

// x: 1..20 once each, then the minimum 0 held by rows of two subjects and the maximum 30 by one.
const REAL_X = [0, 0, ...Array.from({ length: 20 }, (_, i) => i + 1), 30];
// The second subject's maximum: 20, the largest value another subject than 30's holds.

function realTable(ids: readonly string[]): Table {
  return new Table([stringColumn("id", "identifier", [...ids]), numericColumn("x", Float64Array.from(REAL_X))]);
}

const distinctIds = REAL_X.map((_, i) => `P${i}`);

function rulesOf(real: Table) {
  return learnExtremeRules(real, ["x"], 3, () => 0, subjectsOf(real));
}

const xs = (t: Table): Float64Array => (t.column("x") as NumericColumn).values;

function output(values: readonly number[]): Table {
  return new Table([numericColumn("x", Float64Array.from(values))]);
}

test("extreme rules: the k-th values, the real extremes and the extremes two subjects reach", () => {
  const [rule] = rulesOf(realTable(distinctIds));
  const { low, high, min, max, reachMin, reachMax } = rule;
  assert.deepEqual(
    { low, high, min, max, reachMin, reachMax },
    { low: 1, high: 19, min: 0, max: 30, reachMin: 0, reachMax: 20 },
  );
  // The two rows holding 0 belong to one patient: the next subject's minimum is 1.
  const sameSubject = distinctIds.map((id, i) => (i === 1 ? distinctIds[0] : id));
  assert.equal(rulesOf(realTable(sameSubject))[0].reachMin, 1);
  // One patient holds both 30 and 20: the second subject reaches 19.
  const twoHigh = distinctIds.map((id, i) => (i === REAL_X.length - 1 ? distinctIds[REAL_X.indexOf(20)] : id));
  assert.equal(rulesOf(realTable(twoHigh))[0].reachMax, 19);
});

test("clip codes to the k-th values and never spans the range", () => {
  const rules = rulesOf(realTable(distinctIds));
  const t = output([-5, 0, 5, 10, 25, 40]);
  assert.equal(codeExtremes(t, rules, "clip", Rng.fromSeed(1)), 4);
  assert.deepEqual([...xs(t)], [1, 1, 5, 10, 19, 19]);
});

test("spread redraws tails up to what two subjects reach, sets a shared extreme the output misses, never a unique one", () => {
  const rules = rulesOf(realTable(distinctIds));
  for (let seed = 1; seed <= 50; seed++) {
    const t = output([3, 5, 8, 12, 25, 27, 2, 40]);
    codeExtremes(t, rules, "spread", Rng.fromSeed(seed));
    const x = [...xs(t)];
    // The shared minimum 0 is reached (by the lowest row, here the 3 or the 2); no value leaves [0, 20].
    assert.equal(Math.min(...x), 0);
    assert.ok(x.every((v) => v >= 0 && v <= 20));
    // The tail rows (25, 27, 40) were redrawn in [19, 20]: the unique maximum 30 never appears.
    for (const i of [4, 5, 7]) assert.ok(x[i] === 19 || x[i] === 20, `${x[i]}`);
    assert.deepEqual([x[1], x[2], x[3]], [5, 8, 12]);
  }
  // An output that already reaches the shared minimum is left as drawn; the same seed gives the same bytes.
  const a = output([0, 4, 7]);
  const b = output([0, 4, 7]);
  codeExtremes(a, rules, "spread", Rng.fromSeed(9));
  codeExtremes(b, rules, "spread", Rng.fromSeed(9));
  assert.deepEqual([...xs(a)], [0, 4, 7]);
  assert.deepEqual([...xs(a)], [...xs(b)]);
});

test("spread: rules saved before reachMin / reachMax redraw up to the real extremes and set nothing", () => {
  const legacy = rulesOf(realTable(distinctIds)).map(({ reachMin: _a, reachMax: _b, ...rule }) => rule);
  let hits = 0;
  const trials = 2000;
  for (let seed = 0; seed < trials; seed++) {
    const t = output([10, 25]);
    codeExtremes(t, legacy, "spread", Rng.fromSeed(seed));
    assert.equal(xs(t)[0], 10);
    if (xs(t)[1] === 30) hits++;
  }
  // Uniform on [19, 30] rounded to integers: P(30) = 0.5 / 11 ≈ 0.045 (binomial sd ≈ 0.005).
  assert.ok(Math.abs(hits / trials - 0.5 / 11) < 0.015, `${hits} of ${trials}`);
});

test("the k-th values count subjects: one patient's many rows at the top count once", () => {
  // Patient P holds the three largest values (28, 29, 30) and the two smallest (0, 0).
  const ids = REAL_X.map((_, i) => (i < 2 || i >= REAL_X.length - 3 ? "P" : `Q${i}`));
  const x = [...REAL_X.slice(0, -3), 28, 29, 30];
  const real = new Table([stringColumn("id", "identifier", ids), numericColumn("x", Float64Array.from(x))]);
  const [rule] = learnExtremeRules(real, ["x"], 3, () => 0, subjectsOf(real));
  // From the top: P (30, 29, 28), then the subjects of 18 and 17; from the bottom: P (0, 0), 1, 2.
  const { low, high, reachMin, reachMax } = rule;
  assert.deepEqual({ low, high, reachMin, reachMax }, { low: 2, high: 17, reachMin: 1, reachMax: 18 });
});

test("spread reaches a shared extreme only where a sample of that size from R would, more often than not", () => {
  const [rule] = rulesOf(realTable(distinctIds));
  // 0 is 2 of the 23 observed values: a sample of n holds one with probability 1 − (21/23)^n, ½ from n = 8.
  assert.equal(rule.minShare, 2 / 23);
  const small = output([3, 5, 8, 12, 6, 7, 9]);
  codeExtremes(small, [rule], "spread", Rng.fromSeed(4));
  assert.deepEqual([...xs(small)], [3, 5, 8, 12, 6, 7, 9]);
  const large = output([3, 5, 8, 12, 6, 7, 9, 10]);
  codeExtremes(large, [rule], "spread", Rng.fromSeed(4));
  assert.deepEqual(
    [...xs(large)],
    [3, 5, 8, 12, 6, 7, 9, 10].map((v) => (v === 3 ? 0 : v)),
  );
});
