import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../table/table.ts";
import { booleanColumn, categoricalColumn, numericColumn, type CategoricalColumn } from "../table/column.ts";
import { Rng } from "../random/rng.ts";
import { SosieInputError, SosieOptionError } from "../errors.ts";
import { fitGenerator, loadModel } from "./registry.ts";
import { resolveParams } from "./params.ts";
import { smote, fitSmote, type SmoteState } from "./smote.ts";
import { smoteOptions } from "./smote/options.ts";
import { prepareSmote } from "./smote/prepare.ts";
import { drawSmote } from "./smote/draw.ts";
import { largestRemainderCounts } from "./smote/groups.ts";
import { sequentialSearch } from "./avatar/neighbours.ts";

const params = (given: Record<string, unknown> = {}) => resolveParams("smote", smote.params, given);
const options = (given: Record<string, unknown> = {}) => smoteOptions(params(given));

/** 200 rows: numerics (one with ∅, one with ties), a categorical with ∅, a boolean, a class column. */
function mixedTable(n = 200, seed = 4): Table {
  const r = Rng.fromSeed(seed);
  const x = Float64Array.from({ length: n }, () => Math.round(r.normal() * 100) / 10);
  const small = Float64Array.from({ length: n }, () => r.int(4));
  const xMissing = Uint8Array.from({ length: n }, () => (r.next() < 0.1 ? 1 : 0));
  const c = Int32Array.from({ length: n }, () => (r.next() < 0.1 ? -1 : r.int(3)));
  const flag = Uint8Array.from({ length: n }, () => r.int(2));
  const cls = Int32Array.from({ length: n }, (_, i) => (i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2));
  return new Table([
    numericColumn("x", x, { missing: xMissing }),
    numericColumn("small", small, { kind: "integer" }),
    categoricalColumn("c", c, ["u", "v", "w"]),
    booleanColumn("flag", flag),
    categoricalColumn("class", cls, ["no", "yes", "maybe"]),
  ]);
}

test("largest-remainder counts: floors plus the largest fractions, ties to the earlier group", () => {
  assert.deepEqual(largestRemainderCounts([50, 30, 20], 7), [4, 2, 1]); // quotas 3.5, 2.1, 1.4
  assert.deepEqual(largestRemainderCounts([1, 1, 1], 2), [1, 1, 0]);
  assert.deepEqual(largestRemainderCounts([3, 1], 100), [75, 25]);
});

test("neighbours follow the spec's distance: z-scored numerics, +1 per categorical mismatch, ties by index", () => {
  const table = mixedTable(60);
  const prepared = prepareSmote(table, undefined, options({ k: 4 }));
  const n = table.nRows;
  const z = ["x", "small"].map((name) => {
    const col = table.column(name) as { values: Float64Array; missing: Uint8Array };
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++)
      if (!col.missing[i]) {
        sum += col.values[i];
        count++;
      }
    const mean = sum / count;
    let ss = 0;
    for (let i = 0; i < n; i++) if (!col.missing[i]) ss += (col.values[i] - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    return Float64Array.from({ length: n }, (_, i) => (col.missing[i] ? 0 : (col.values[i] - mean) / sd));
  });
  const key = (name: string, i: number): string => {
    const col = table.column(name);
    if (col.missing[i]) return "∅";
    return col.kind === "categorical" ? String(col.codes[i]) : String((col as { values: Uint8Array }).values[i]);
  };
  const distance = (a: number, b: number): number =>
    z.reduce((s, v) => s + (v[a] - v[b]) ** 2, 0) +
    ["c", "flag", "class"].filter((name) => key(name, a) !== key(name, b)).length;
  for (let i = 0; i < n; i++) {
    const expected = Array.from({ length: n }, (_, j) => j)
      .filter((j) => j !== i)
      .sort((a, b) => distance(i, a) - distance(i, b) || a - b)
      .slice(0, 4);
    const got = Array.from(prepared.neighbours[0].indices.subarray(i * 4, i * 4 + 4));
    // Equal spec distances may differ in the last bits between the two computations: compare distances.
    assert.deepEqual(
      got.map((j) => distance(i, j).toFixed(9)),
      expected.map((j) => distance(i, j).toFixed(9)),
      `row ${i}`,
    );
  }
});

test("segment: two rows (0, a) and (10, b), k = 1: v in [0, 10], P(b | v in [8, 9)) = 0.85 ± 0.01", () => {
  const table = new Table([
    numericColumn("v", Float64Array.from([0, 10])),
    categoricalColumn("c", Int32Array.from([0, 1]), ["a", "b"]),
  ]);
  const prepared = prepareSmote(table, undefined, options({ k: 1 }));
  const { table: out } = drawSmote(prepared, 100_000, Rng.fromSeed(12));
  const v = (out.column("v") as { values: Float64Array }).values;
  const c = (out.column("c") as CategoricalColumn).codes;
  let inBin = 0;
  let b = 0;
  for (let i = 0; i < v.length; i++) {
    assert.ok(v[i] >= 0 && v[i] <= 10);
    if (v[i] >= 8 && v[i] < 9) {
      inBin++;
      b += c[i];
    }
  }
  assert.ok(inBin > 8000, `${inBin} rows in [8, 9)`);
  assert.ok(Math.abs(b / inBin - 0.85) <= 0.01, `share of b ${b / inBin}`);
});

test("λ = 0 gives exact copies of the seed rows (∅ included)", () => {
  const real = mixedTable();
  const model = fitSmote(
    real,
    params({ keepLink: true }),
    { rng: Rng.fromSeed(1), privacy: "off" },
    { lambda: () => 0 },
  );
  const { table, link } = model.sample(500, { seed: 3 });
  const seeds = real.select(link!);
  for (const name of real.names) assert.deepEqual(table.column(name), seeds.column(name), name);
});

test("stratified: class counts are the largest-remainder apportionment, rows stay in their class", () => {
  const real = mixedTable(); // class shares 0.6, 0.3, 0.1
  const model = fitGenerator("smote", real, {
    seed: 1,
    privacy: "off",
    target: "class",
    params: { mode: "stratified", keepLink: true },
  });
  const { table, link } = model.sample(47, { seed: 2 }); // quotas 28.2, 14.1, 4.7 → 28, 14, 5
  const cls = table.column("class") as CategoricalColumn;
  const counts = [0, 0, 0];
  for (let i = 0; i < cls.length; i++) counts[cls.codes[i]]++;
  assert.deepEqual(counts, [28, 14, 5]);
  const realClass = real.column("class") as CategoricalColumn;
  for (let i = 0; i < cls.length; i++) assert.equal(cls.codes[i], realClass.codes[link![i]]);
  assert.throws(() => fitGenerator("smote", real, { seed: 1, params: { mode: "stratified" } }), /needs a target/);
  assert.throws(
    () => fitGenerator("smote", real, { seed: 1, target: "x", params: { mode: "stratified" } }),
    /categorical or boolean target/,
  );
});

test("mode rule: every row from the same seed gets the same level, the neighbours' most frequent", () => {
  const real = mixedTable();
  const model = fitGenerator("smote", real, { seed: 1, params: { categoricalRule: "mode", keepLink: true } });
  const { table, link } = model.sample(2000, { seed: 5 });
  const c = table.column("c");
  const bySeed = new Map<number, string>();
  for (let i = 0; i < table.nRows; i++) {
    const level = c.missing[i] ? "∅" : String((c as CategoricalColumn).codes[i]);
    const seen = bySeed.get(link![i]);
    if (seen === undefined) bySeed.set(link![i], level);
    else assert.equal(level, seen, `seed ${link![i]}`);
  }
  // Hand case: neighbours u, v, v, u, w → tie between u and v goes to u (first in level order).
  const hand = new Table([
    numericColumn("p", Float64Array.from([0, 1, 2, 3, 4, 5])),
    categoricalColumn("q", Int32Array.from([2, 0, 1, 1, 0, 2]), ["u", "v", "w"]),
  ]);
  const prepared = prepareSmote(hand, undefined, options({ k: 5, categoricalRule: "mode" }));
  assert.equal(prepared.modeLevels.get(1)![0], 0);
});

test("a one-row group is an error unless allowCopies, which copies it and warns", () => {
  const real = new Table([
    numericColumn("x", Float64Array.from([1, 2, 3, 4])),
    categoricalColumn("g", Int32Array.from([0, 0, 0, 1]), ["big", "lonely"]),
  ]);
  assert.throws(
    () => fitGenerator("smote", real, { seed: 1, privacy: "off", target: "g", params: { mode: "stratified" } }),
    (e: unknown) =>
      e instanceof SosieOptionError && /group 2 of 2 has a single row/.test(e.message) && !e.message.includes("lonely"),
  );
  const model = fitGenerator("smote", real, {
    seed: 1,
    privacy: "off",
    target: "g",
    params: { mode: "stratified", allowCopies: true, keepLink: true },
  });
  assert.ok((model.toJSON().state as SmoteState).warnings[0].includes("copies"));
  const { table, link } = model.sample(400, { seed: 2 });
  const x = (table.column("x") as { values: Float64Array }).values;
  for (let i = 0; i < table.nRows; i++) if (link![i] === 3) assert.equal(x[i], 4);
});

test("∅ follows the seed: a cell is ∅ exactly when its seed's is, and a pair with ∅ keeps the seed's value", () => {
  const real = mixedTable();
  const model = fitSmote(real, params({ keepLink: true }), { rng: Rng.fromSeed(1), privacy: "off" });
  const { table, link } = model.sample(2000, { seed: 3 });
  const x = real.column("x") as { values: Float64Array; missing: Uint8Array };
  const c = real.column("c") as CategoricalColumn;
  const sx = table.column("x") as { values: Float64Array; missing: Uint8Array };
  const sc = table.column("c") as CategoricalColumn;
  let fromNeighbour = 0;
  for (let r = 0; r < table.nRows; r++) {
    const i = link![r];
    assert.equal(sx.missing[r], x.missing[i], `x ∅ of row ${r}`);
    assert.equal(sc.missing[r], c.missing[i], `c ∅ of row ${r}`);
    if (!sc.missing[r] && sc.codes[r] !== c.codes[i]) fromNeighbour++;
  }
  // The pair rule still applies between present levels: about half take the neighbour's level.
  assert.ok(fromNeighbour > 100, `${fromNeighbour} levels from the neighbour`);
});

test("a one-row table models nothing (every column is constant): constants out, with a warning", () => {
  const real = new Table([
    numericColumn("x", Float64Array.from([7])),
    categoricalColumn("g", Int32Array.from([0]), ["a"]),
  ]);
  // A privacy preset refuses it: its one row could only be copied.
  assert.throws(
    () => fitGenerator("smote", real, { seed: 1 }),
    (e: unknown) =>
      e instanceof SosieInputError && e.code === "too-few-subjects" && /1 subjects \(rows\)/.test(e.message),
  );
  const model = fitGenerator("smote", real, { seed: 1, privacy: "off" });
  assert.ok(model.manifest.warnings?.some((w) => w.startsWith("no column is modelled")));
  const table = model.sample(5, { seed: 2 }).table;
  assert.equal(table.nRows, 5);
  assert.deepEqual(Array.from((table.column("x") as { values: Float64Array }).values), [7, 7, 7, 7, 7]);
});

test("determinism, search splits, saved model without the link", () => {
  const real = mixedTable();
  const fit = (chunk?: number) =>
    fitSmote(
      real,
      params({ keepLink: true }),
      { rng: Rng.fromSeed(1) },
      chunk ? { search: sequentialSearch(chunk) } : {},
    );
  const model = fit();
  const before = JSON.stringify(model.toJSON());
  const a = model.sample(300, { seed: 7 });
  assert.deepEqual(fit().sample(300, { seed: 7 }), a);
  assert.deepEqual(fit(3).sample(300, { seed: 7 }), a);
  assert.notDeepEqual(model.sample(300, { seed: 8 }).table, a.table);
  assert.equal(JSON.stringify(model.toJSON()), before);
  const state = model.toJSON().state as SmoteState;
  assert.deepEqual(Object.keys(state).sort(), ["columns", "nRows", "target", "warnings"]);
  assert.equal(model.toJSON().containsRealValues, true);
  const reloaded = loadModel(JSON.parse(before));
  assert.deepEqual(reloaded.sample(300, { seed: 7 }), a);
  assert.equal(fitGenerator("smote", real, { seed: 1 }).sample(5, { seed: 1 }).link, undefined);
});
