import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { Table } from "../../table/table.ts";
import { categoricalColumn, numericColumn, type Column } from "../../table/column.ts";
import { fitGenerator, loadModel } from "../registry.ts";
import { decideStratification, minStratumRows, stratumSizes } from "./stratify.ts";

test("stratumSizes: ⌊n × share⌋, the rows left to levels drawn by their remainders", () => {
  const rng = Rng.fromSeed(1);
  assert.deepEqual(Array.from(stratumSizes([67, 142], 209, rng)), [67, 142]);
  assert.deepEqual(Array.from(stratumSizes([1, 3], 0, rng)), [0, 0]);
  // 100 × (1/3, 1/3, 1/3) = 33.33 each: one level gets the row left, each about a third of the time.
  const extra = [0, 0, 0];
  for (let rep = 0; rep < 3000; rep++) {
    const sizes = stratumSizes([5, 5, 5], 100, rng);
    assert.equal(sizes[0] + sizes[1] + sizes[2], 100);
    sizes.forEach((s, g) => (extra[g] += s - 33));
  }
  for (const e of extra) assert.ok(Math.abs(e / 3000 - 1 / 3) < 0.04, JSON.stringify(extra));
  // 1 row of shares (0.1, 0.9): the row goes to the second level about 9 times in 10.
  let second = 0;
  for (let rep = 0; rep < 3000; rep++) second += stratumSizes([1, 9], 1, rng)[1];
  assert.ok(Math.abs(second / 3000 - 0.9) < 0.03, `${second}`);
});

/** y = "a" for 60 % of rows (a level needs 500 rows to get its own copula) with x ~ N(0, 1), "b" with x ~ N(6, 1) skewed by an exponential; z independent. */
function twoGroups(n: number, seed = 3): Table {
  const r = Rng.fromSeed(seed);
  const x = new Float64Array(n);
  const z = new Float64Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 5 < 3 ? 0 : 1;
    x[i] = Math.round((y[i] === 0 ? r.normal() : 6 + r.exponential()) * 100) / 100;
    z[i] = Math.round(r.normal() * 100) / 100;
  }
  return new Table([numericColumn("x", x), categoricalColumn("y", y, ["a", "b"]), numericColumn("z", z)], n);
}

test("decideStratification: the target when every level holds max(500, 10 × columns) rows; else why not", () => {
  const table = twoGroups(1300);
  assert.equal(minStratumRows(3), 500);
  assert.equal(minStratumRows(60), 600);
  const yes = decideStratification(table, "target", "y");
  assert.equal(yes.column, "y");
  assert.deepEqual(
    yes.groups!.map((g) => g.length),
    [780, 520],
  );
  assert.equal(decideStratification(table, "target", undefined).reason, "no target given");
  assert.match(decideStratification(table, "target", "x").reason!, /not categorical/);
  assert.match(decideStratification(twoGroups(1200), "target", "y").reason!, /fewer than 500 rows/);
  assert.equal(decideStratification(table, "none", "y").column, null);
  assert.throws(() => decideStratification(table, "x", undefined), /not categorical or boolean/);
  assert.throws(() => decideStratification(table, "w", undefined), /no modelled column "w"/);
});

function groupMeans(table: Table): { share: number; a: number; b: number } {
  const y = table.column("y") as Extract<Column, { kind: "categorical" }>;
  const x = table.column("x") as Extract<Column, { kind: "continuous" }>;
  let nb = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < table.nRows; i++)
    if (y.codes[i] === 1) {
      nb++;
      sb += x.values[i];
    } else sa += x.values[i];
  return { share: nb / table.nRows, a: sa / (table.nRows - nb), b: sb / nb };
}

test("stratified on the target: the level shares exactly, each level's own distribution of x", () => {
  const real = twoGroups(1500);
  const fit = (stratify: string) =>
    fitGenerator("gaussian-copula", real, { seed: 1, target: "y", privacy: "off", params: { stratify } });
  const stratified = fit("target").sample(1500, { seed: 2 }).table;
  const m = groupMeans(stratified);
  assert.equal(m.share, 0.4);
  // Real means: a ≈ 0, b ≈ 7 (6 + Exp(1)); tolerance 0.2 (sd of a mean of 600 rows ≈ 0.04).
  const r = groupMeans(real);
  assert.ok(Math.abs(m.a - r.a) < 0.2 && Math.abs(m.b - r.b) < 0.2, JSON.stringify({ m, r }));
  // Within "b", x never falls in the other group's range: the single copula smears the groups.
  const x = stratified.column("x") as Extract<Column, { kind: "continuous" }>;
  const y = stratified.column("y") as Extract<Column, { kind: "categorical" }>;
  for (let i = 0; i < 1500; i++) if (y.codes[i] === 1) assert.ok(x.values[i] >= 6, `row ${i}: x = ${x.values[i]}`);
  const single = fit("none").sample(1500, { seed: 2 }).table;
  const xs = single.column("x") as Extract<Column, { kind: "continuous" }>;
  const ys = single.column("y") as Extract<Column, { kind: "categorical" }>;
  let crossed = 0;
  for (let i = 0; i < 1500; i++) if (ys.codes[i] === 1 && xs.values[i] < 6) crossed++;
  assert.ok(crossed > 0, "the single copula is expected to put some b rows below 6");
});

test("stratified copula: same seed, same table; saved and reloaded, the same sample", () => {
  const real = twoGroups(1300);
  const params = { stratify: "target" };
  const model = fitGenerator("gaussian-copula", real, { seed: 4, target: "y", params });
  const first = model.sample(123, { seed: 9 }).table;
  assert.deepEqual(
    fitGenerator("gaussian-copula", real, { seed: 4, target: "y", params }).sample(123, { seed: 9 }).table,
    first,
  );
  const reloaded = loadModel(JSON.parse(JSON.stringify(model.toJSON())));
  // Asked for and refused (a level below 500 rows): one copula, and a warning saying why.
  const refused = fitGenerator("gaussian-copula", twoGroups(600), { seed: 4, target: "y", params });
  assert.ok(!("strata" in (refused.toJSON().state as object)));
  const warnings = refused.manifest.warnings ?? [];
  assert.ok(
    warnings.some((w) => /not stratified: a level of "y" has fewer than 500 rows/.test(w)),
    warnings.join("; "),
  );
  assert.deepEqual(reloaded.sample(123, { seed: 9 }).table, first);
  // 123 × 0.4 = 49.2: 49 or 50 rows of "b".
  assert.ok([49 / 123, 50 / 123].includes(groupMeans(first).share));
});
