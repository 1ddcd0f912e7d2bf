import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import {
  columnPairTrends,
  contingencySimilarity,
  correlationSimilarity,
  type PairSimilarityOptions,
} from "./pair-trends.ts";
import { cat, num, table } from "./test-tables.ts";
import type { Table } from "../../table/table.ts";

type PairMetric = typeof columnPairTrends;
const run = (metric: PairMetric, real: Table, synthetic: Table, options: PairSimilarityOptions = {}) =>
  metric.compute({ real, synthetic }, { bootstrap: 0, ...options })[0];

const x = [1, 2, 3, 4];

test("correlation similarity is 1 − |r_R − r_S| / 2 (§3.5)", () => {
  const r = table(num("x", x), num("y", [1, 2, 3, 4]));
  assert.equal(run(correlationSimilarity, r, table(num("x", x), num("y", [4, 3, 2, 1]))).value, 0);
  // y = [1, 2, 2, 1] is uncorrelated with x.
  const half = run(correlationSimilarity, r, table(num("x", x), num("y", [1, 2, 2, 1])));
  assert.equal(half.value, 0.5);
  assert.deepEqual(half.details[0].stats, { real: 1, synthetic: 0 });
});

test("correlation similarity is undefined when a column is constant in S", () => {
  const result = run(
    correlationSimilarity,
    table(num("x", x), num("y", x)),
    table(num("x", x), num("y", [2, 2, 2, 2])),
  );
  assert.equal(result.status, "undefined");
  assert.equal(result.nUndefined, 1);
});

test("contingency similarity of the spec's example (§3.6) is 0.75", () => {
  const r = table(cat("a", ["a", "a", "b", "b"]), cat("b", ["x", "x", "y", "y"]));
  const s = table(cat("a", ["a", "a", "b", "b"]), cat("b", ["x", "y", "y", "y"]));
  for (const variant of ["sosie", "sdmetrics"]) assert.equal(run(contingencySimilarity, r, s, { variant }).value, 0.75);
});

test("contingency similarity counts ∅ as a level of the pair", () => {
  const r = table(cat("a", ["a", null, "b", "b"]), cat("b", ["x", "x", "y", "y"]));
  const s = table(cat("a", ["a", "a", "b", "b"]), cat("b", ["x", "x", "y", "y"]));
  // Cells (∅, x) 1/4 in R only, (a, x) 1/4 vs 1/2: TV = 1/4.
  assert.equal(run(contingencySimilarity, r, s).value, 0.75);
});

test("shift test (§3.6): sdmetrics bins each table on its own range, sosie on R's quantiles", () => {
  const xs = Array.from({ length: 100 }, (_, i) => i);
  const g = xs.map((v) => (v < 50 ? "a" : "b"));
  const r = table(num("x", xs), cat("g", g));
  const s = table(
    num(
      "x",
      xs.map((v) => v + 1000),
    ),
    cat("g", g),
  );
  assert.equal(run(contingencySimilarity, r, s, { variant: "sdmetrics" }).value, 1);
  assert.ok(Math.abs(run(contingencySimilarity, r, s, { variant: "sosie" }).value! - 0.1) < 1e-12);
  // In column pair trends the mixed pair is scored the same way.
  assert.equal(run(columnPairTrends, r, s, { variant: "sdmetrics" }).value, 1);
});

test("contingency similarity scores a numeric pair only when asked for it explicitly", () => {
  const r = table(num("x", x), num("y", x));
  assert.equal(run(contingencySimilarity, r, r).status, "undefined");
  const explicit = run(contingencySimilarity, r, r, { pairs: [["x", "y"]] });
  assert.equal(explicit.value, 1);
  assert.equal(explicit.details[0].measure, "contingency-similarity");
  assert.throws(() => run(contingencySimilarity, r, r, { pairs: [["x", "nope"]] }), { name: "SosieOptionError" });
});

// Three numeric columns: (x, y) strongly correlated, z weakly with both; two categorical ones:
// (g, h) perfectly associated, k independent of g.
function filterTables(): { real: Table; synthetic: Table } {
  const n = 40;
  const xs = Array.from({ length: n }, (_, i) => i);
  const ys = xs.map((v) => 2 * v + (v % 3));
  const zs = xs.map((v) => (v * 7) % 11);
  const g = xs.map((v) => (v % 2 === 0 ? "p" : "q"));
  const h = xs.map((v) => (v % 2 === 0 ? "u" : "v"));
  const k = xs.map((v) => (v % 4 < 2 ? "m" : "n"));
  const real = table(num("x", xs), num("y", ys), num("z", zs), cat("g", g), cat("h", h), cat("k", k));
  const synthetic = table(
    num("x", xs),
    num("y", [...ys].reverse()),
    num("z", zs),
    cat("g", g),
    cat("h", [...h].reverse()),
    cat("k", k),
  );
  return { real, synthetic };
}

test("pair filter: only pairs with |r_R| > 0.5 or Cramér's V_R > 0.3 enter (sdmetrics default)", () => {
  const { real, synthetic } = filterTables();
  const filtered = run(columnPairTrends, real, synthetic, { variant: "sdmetrics" });
  const entered = filtered.details.filter((d) => d.status === "ok").map((d) => d.columns.join("-"));
  assert.ok(entered.includes("x-y"));
  assert.ok(entered.includes("g-h"));
  assert.ok(!entered.includes("g-k"), "g and k are independent in R");
  assert.ok(!entered.includes("x-z"));
  for (const d of filtered.details.filter((e) => e.status === "excluded")) assert.equal(d.value, null);
  // With the filter off every pair counts: 15 pairs of 6 columns.
  const all = run(columnPairTrends, real, synthetic, { variant: "sdmetrics", pairFilter: false });
  assert.equal(all.details.filter((d) => d.status === "ok").length, 15);
  assert.notEqual(all.value, filtered.value);
  // sosie: filter off by default.
  assert.equal(run(columnPairTrends, real, synthetic).details.filter((d) => d.status === "ok").length, 15);
});

test("pair filter with no strong pair makes column pair trends undefined", () => {
  const r = table(cat("g", ["a", "b", "a", "b"]), cat("k", ["m", "m", "n", "n"]));
  const result = run(columnPairTrends, r, r, { variant: "sdmetrics" });
  assert.equal(result.status, "undefined");
  assert.equal(result.reason, "no pair passes the real-association filter");
  assert.equal(result.nUndefined, 0);
});

test("identical tables score 1; shuffling each synthetic column independently lowers pair trends", () => {
  const rng = Rng.fromSeed(7);
  const n = 500;
  const xs = Array.from({ length: n }, () => rng.normal());
  const ys = xs.map((v) => v + 0.3 * rng.normal());
  const g = xs.map((v) => (v > 0 ? "hi" : "lo"));
  const real = table(num("x", xs), num("y", ys), cat("g", g));
  const shuffle = (values: readonly (number | string)[], stream: Rng) =>
    Array.from(stream.permutation(values.length), (i) => values[i]);
  const broken = table(
    num("x", shuffle(xs, rng.derive("x")) as number[]),
    num("y", shuffle(ys, rng.derive("y")) as number[]),
    cat("g", shuffle(g, rng.derive("g")) as string[]),
  );
  for (const variant of ["sosie", "sdmetrics"]) {
    assert.equal(run(columnPairTrends, real, real, { variant }).value, 1);
    // Another row order changes only the summation order of the correlations.
    assert.ok(1 - run(columnPairTrends, real, real.select(rng.permutation(n)), { variant }).value! < 1e-12);
    const lowered = run(columnPairTrends, real, broken, { variant }).value!;
    assert.ok(lowered < 0.8, `${variant}: ${lowered}`);
  }
});

test("maxRows subsamples each table with a seeded stream and says so", () => {
  const { real, synthetic } = filterTables();
  const a = run(columnPairTrends, real, synthetic, { maxRows: 25, seed: 3 });
  const b = run(columnPairTrends, real, synthetic, { maxRows: 25, seed: 3 });
  assert.equal(a.value, b.value);
  assert.deepEqual(a.notes, ["real table subsampled to 25 of 40 rows", "compared table subsampled to 25 of 40 rows"]);
  assert.equal(a.n.R, 40);
});
