import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../../table/table.ts";
import { type NumericColumn, numericColumn, stringColumn } from "../../table/column.ts";
import { Rng } from "../../random/rng.ts";
import { fitGenerator, loadModel } from "../registry.ts";
import { learnExtremeRules } from "./extremes.ts";
import { RARE_VALUES_NOT_SAVED_WARNING } from "./protection.ts";
import { learnRareValueRules, moveRareValues } from "./rare-values.ts";
import { subjectsOf } from "../../table/subjects.ts";

// Subject counts per value: 1: 3, 2: 1, 3: 3, 5: 1, 7: 4, 9: 1 (k = 3: 2, 5 and 9 are rare).
const REAL_X = [1, 1, 1, 2, 3, 3, 3, 5, 7, 7, 7, 7, 9];

function realTable(values: readonly number[], ids?: readonly string[]): Table {
  return new Table([
    stringColumn("id", "identifier", [...(ids ?? values.map((_, i) => `P${i}`))]),
    numericColumn("x", Float64Array.from(values)),
  ]);
}

const xs = (t: Table): number[] => [...(t.column("x") as NumericColumn).values];
const output = (values: readonly number[]) => new Table([numericColumn("x", Float64Array.from(values))]);

test("rare values: those held by fewer than k subjects, counted in subjects; none when k ≤ 1", () => {
  const real = realTable(REAL_X);
  const [rule] = learnRareValueRules(real, ["x"], 3, () => 0, subjectsOf(real), [], "clip", 1);
  assert.deepEqual(rule, { column: "x", rare: [2, 5, 9], lowest: 1, highest: 9, decimals: 0 });
  // Two of the three rows holding 1 are one patient's: 1 is held by two subjects, so it is rare too.
  const ids = REAL_X.map((_, i) => (i === 1 ? "P0" : `P${i}`));
  const sameSubject = realTable(REAL_X, ids);
  assert.deepEqual(
    learnRareValueRules(sameSubject, ["x"], 3, () => 0, subjectsOf(sameSubject), [], "clip", 1)[0].rare,
    [1, 2, 5, 9],
  );
  assert.deepEqual(
    learnRareValueRules(real, ["x"], 1, () => 0, subjectsOf(real), [], "clip", 1),
    [],
  );
});

test("rare values: only in the tails that max(k, tailShare × subjects) subjects reach from each end", () => {
  const hundred = realTable(Array.from({ length: 100 }, (_, i) => i + 1));
  const subjects = subjectsOf(hundred);
  // Every value is held once; the tails hold 10 subjects each: 1..10 and 91..100.
  const [rule] = learnRareValueRules(hundred, ["x"], 3, () => 0, subjects, [], "clip", 0.1);
  assert.deepEqual(rule.rare, [
    ...Array.from({ length: 10 }, (_, i) => i + 1),
    ...Array.from({ length: 10 }, (_, i) => i + 91),
  ]);
  // A share below k subjects still covers k of them.
  assert.deepEqual(
    learnRareValueRules(hundred, ["x"], 3, () => 0, subjects, [], "clip", 0.001)[0].rare,
    [1, 2, 3, 98, 99, 100],
  );
});

test("moving: each rare cell goes to the nearest free grid value inside the range, others stay, same seed same cells", () => {
  const real = realTable(REAL_X);
  const rules = learnRareValueRules(real, ["x"], 3, () => 0, subjectsOf(real), [], "clip", 1);
  const values = [2, 5, 9, 4, 7, 2, 5, 1];
  const seen = new Set<string>();
  for (let seed = 1; seed <= 40; seed++) {
    const t = output(values);
    // Moved: the three rare values of the first three cells, twice more at cells 5 and 6.
    assert.equal(moveRareValues(t, rules, Rng.fromSeed(seed)), 5);
    const x = xs(t);
    seen.add(x.join(","));
    assert.ok(x.every((v) => ![2, 5, 9].includes(v) && v >= 1 && v <= 9));
    // 2 → 1 or 3 (both held by 3 subjects); 5 → 4 or 6 (held by none); 9 → 8 (10 is outside the range).
    for (const i of [0, 5]) assert.ok(x[i] === 1 || x[i] === 3);
    for (const i of [1, 6]) assert.ok(x[i] === 4 || x[i] === 6);
    assert.equal(x[2], 8);
    assert.deepEqual([x[3], x[4], x[7]], [4, 7, 1]);
    const again = output(values);
    moveRareValues(again, rules, Rng.fromSeed(seed));
    assert.deepEqual(xs(again), x);
  }
  // The first direction is drawn: both neighbours occur over the seeds.
  assert.ok(seen.size > 1);
});

test("moving walks the column's decimal grid and past a run of rare values", () => {
  const real = realTable([2.4, 2.5, 2.6, 2.7, 2.7, 2.7, 2.2, 2.2, 2.2]);
  const rules = learnRareValueRules(real, ["x"], 3, () => 1, subjectsOf(real), [], "clip", 1);
  assert.deepEqual(rules[0].rare, [2.4, 2.5, 2.6]);
  for (let seed = 1; seed <= 20; seed++) {
    const t = output([2.5, 2.4]);
    moveRareValues(t, rules, Rng.fromSeed(seed));
    const [a, b] = xs(t);
    // 2.5's nearest free values are 2.3 and 2.7, two steps away; 2.4's is 2.3.
    assert.ok(a === 2.3 || a === 2.7, `2.5 moved to ${a}`);
    assert.equal(b, 2.3);
  }
});

test("exempt: the values the extreme coding emits on purpose, and its range bounds the moves", () => {
  // 0 held by two subjects, 1..20 once each, 30 once: at k = 3, spread reaches 0 and 20, clip codes to 1 and 19.
  const values = [0, 0, ...Array.from({ length: 20 }, (_, i) => i + 1), 30];
  const real = realTable(values);
  const subjects = subjectsOf(real);
  const extremes = learnExtremeRules(real, ["x"], 3, () => 0, subjects);
  const [spread] = learnRareValueRules(real, ["x"], 3, () => 0, subjects, extremes, "spread", 1);
  // The shared minimum 0 stays emittable; the range is what two subjects reach.
  assert.equal(spread.rare.includes(0), false);
  assert.deepEqual([spread.lowest, spread.highest], [0, 20]);
  const [clip] = learnRareValueRules(real, ["x"], 3, () => 0, subjects, extremes, "clip", 1);
  assert.equal(clip.rare.includes(1) || clip.rare.includes(19), false);
  assert.deepEqual([clip.lowest, clip.highest], [1, 19]);
  // Under spread every value from 1 to 20 is rare and 21 is outside the range: the only free value is 0.
  const t = output([20, 10]);
  moveRareValues(t, [spread], Rng.fromSeed(1));
  assert.deepEqual(xs(t), [0, 0]);
});

test("generators: at balanced no output value is rare in R; the rule is saved only with a model that holds real values", () => {
  // An integer count with a long, sparse tail (as diabetes-130's visit counts).
  const r = Rng.fromSeed(5);
  const n = 600;
  const x = Float64Array.from({ length: n }, () => Math.floor(-Math.log(1 - r.next()) * 4));
  const y = Float64Array.from(x, (v) => Math.round(10 * (v + r.normal())) / 10);
  const real = new Table([numericColumn("x", x), numericColumn("y", y)]);
  const counts = new Map<number, number>();
  for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
  // The balanced tail: the values the top max(5, 1 % of 600) = 6 rows reach.
  const tailHigh = Float64Array.from(x).sort()[n - 6];
  const rareX = new Set([...counts].filter(([v, c]) => c < 5 && v >= tailHigh).map(([v]) => v));
  assert.ok(rareX.size >= 3, "the fixture has a rare tail");
  for (const method of ["cart", "gaussian-copula", "bayesnet", "independent"]) {
    const model = fitGenerator(method, real, { seed: 1 });
    assert.equal(model.manifest.privacy?.rareValueColumns, 2, method);
    const out = (model.sample(n, { seed: 2 }).table.column("x") as NumericColumn).values;
    assert.ok(
      out.every((v) => !rareX.has(v)),
      method,
    );
    const off = (
      fitGenerator(method, real, { seed: 1, privacy: "off" }).sample(n, { seed: 2 }).table.column("x") as NumericColumn
    ).values;
    if (method === "cart")
      assert.ok(
        off.some((v) => rareX.has(v)),
        "without protection CART re-emits them",
      );
  }
  const cart = JSON.parse(JSON.stringify(fitGenerator("cart", real, { seed: 1 }).toJSON()));
  assert.equal(cart.protection.rareValues.length, 2);
  const copula = fitGenerator("gaussian-copula", real, { seed: 1, params: { marginal: "normal" } }).toJSON();
  assert.deepEqual(copula.protection?.rareValues, []);
  assert.ok(copula.manifest.warnings?.includes(RARE_VALUES_NOT_SAVED_WARNING));
  // Loaded from its file, the copula still samples (without the rule, as the warning says).
  assert.equal(loadModel(JSON.parse(JSON.stringify(copula))).sample(50, { seed: 3 }).table.nRows, 50);
});
