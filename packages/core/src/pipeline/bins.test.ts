import assert from "node:assert/strict";
import { test } from "node:test";
import { binOf, niceStep, safeEdges } from "./bins.ts";
import { distributionPlans, distributionsOf } from "./distributions.ts";
import { Table } from "../table/table.ts";
import { categoricalColumn, numericColumn } from "../table/column.ts";

test("nice steps are 1, 2 or 5 × 10^k and never below the unit", () => {
  assert.equal(niceStep(3.7, 1), 5);
  assert.equal(niceStep(0.13, 0.1), 0.2);
  assert.equal(niceStep(0.01, 1), 1);
  assert.equal(niceStep(120, 1), 200);
});

test("edges are shifted half a unit: integers get .5 edges, one decimal gets .05 edges, none equals a value", () => {
  // Integers 29..77 (heart ages): step 5, first edge 24.5 (floor(29 / 5) · 5 − 0.5).
  const ages = safeEdges(29, 77, 1);
  assert.equal(ages[0], 24.5);
  assert.equal(ages[1] - ages[0], 5);
  assert.ok(ages[ages.length - 1] > 77);
  for (const e of ages) assert.equal(e % 1, 0.5);
  const decimals = safeEdges(0, 6.2, 0.1);
  assert.equal(decimals[0], -0.05);
  for (const e of decimals) assert.ok(Math.abs(Math.round(e * 10) - e * 10) > 0.49, `edge ${e} is off the 0.1 grid`);
  // A single value still gets one bin around it.
  assert.deepEqual(safeEdges(5, 5, 1), [4.5, 5.5]);
});

test("binOf puts each value in [edge_i, edge_i+1) and clamps outside values to the end bins", () => {
  const edges = [0.5, 1.5, 2.5, 3.5];
  assert.deepEqual(
    [1, 2, 3, -10, 10, 1.5].map((x) => binOf(x, edges)),
    [0, 1, 2, 0, 2, 1],
  );
});

test("categories seen fewer than 5 times are grouped as other, drawn only when the group holds 5 real rows", () => {
  const levels = ["a", "b", "rare1", "rare2"];
  const realCodes = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 3, -1]);
  const real = new Table([
    categoricalColumn("c", realCodes, levels),
    numericColumn(
      "x",
      Float64Array.from(realCodes, (c, i) => i),
    ),
  ]);
  const plans = distributionPlans(real);
  const [cat, num] = distributionsOf(real, plans);
  // rare1 and rare2 hold 2 rows: a small cell, in no bar.
  assert.deepEqual(cat.labels, ["b", "a"]);
  assert.deepEqual(cat.counts, [6, 5]);
  assert.equal(cat.missing, 1);
  assert.equal(
    num.counts.reduce((a, b) => a + b, 0),
    14,
  );
  const synthetic = new Table([
    categoricalColumn("c", Int32Array.from([2, 2, 3, 0]), levels),
    numericColumn("x", Float64Array.from([0, 1, 2, 99])),
  ]);
  const [sCat] = distributionsOf(synthetic, plans);
  assert.deepEqual(sCat.counts, [0, 1]);

  // Five rare levels of one row each: the group holds 5 rows and is drawn, in every table.
  const many = ["a", "r1", "r2", "r3", "r4", "r5"];
  const wide = new Table([categoricalColumn("c", Int32Array.from([0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5]), many)]);
  const widePlans = distributionPlans(wide);
  const [w] = distributionsOf(wide, widePlans);
  assert.deepEqual(w.labels, ["a", "other (5 levels)"]);
  assert.deepEqual(w.counts, [6, 5]);
  const [ws] = distributionsOf(new Table([categoricalColumn("c", Int32Array.from([1, 0]), many)]), widePlans);
  assert.deepEqual(ws.counts, [1, 1]);
});

test("numeric bins span the 5th smallest to the 5th largest real value; the end bins take the tails", () => {
  // 0 … 98 and one outlier at 987.654: no edge near it, and the last bin holds it with 4 others.
  const values = Float64Array.from({ length: 100 }, (_, i) => (i === 99 ? 987.654 : i));
  const real = new Table([numericColumn("x", values, { decimals: 3 })]);
  const [plan] = distributionPlans(real);
  assert.ok(plan.type === "numeric");
  const edges = plan.edges;
  // Edges come from the 5th smallest (4) and largest (95) values: round steps of 10 around them.
  assert.equal(edges[0], -0.0005);
  assert.equal(edges[edges.length - 1], 99.9995);
  const [d] = distributionsOf(real, [plan]);
  assert.ok(d.counts[0] >= 5 && d.counts[d.counts.length - 1] >= 5, `${d.counts.join(",")}`);
  assert.equal(
    d.counts.reduce((a, b) => a + b, 0),
    100,
  );
});

test("rarity in the report counts patients: a level of one patient on 7 rows is grouped, and numeric tails hold 5 patients", () => {
  // 12 patients × 7 rows; patient 0 alone has level "z" and the largest x values.
  const n = 84;
  const patient = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 7));
  const real = new Table([
    categoricalColumn(
      "c",
      Int32Array.from(patient, (p) => (p === 0 ? 2 : p % 2)),
      ["a", "b", "z"],
    ),
    numericColumn(
      "x",
      Float64Array.from(patient, (p, i) => (p === 0 ? 1000 + i : 10 * p + (i % 7))),
    ),
  ]);
  const subjects = { ofRow: patient, count: 12, column: "patient" };
  const [cat, num] = distributionPlans(real, subjects);
  assert.ok(cat.type === "categorical" && num.type === "numeric");
  assert.deepEqual(cat.shown, ["b", "a"]);
  assert.equal(cat.otherShown, false, "one patient's 7 rows are a small cell");
  // Patients 11 … 7 reach 116 … 76 from the top: the 5th, 76, bounds the bins, far from 1,000.
  assert.ok(num.edges[num.edges.length - 1] < 200, `${num.edges.join(",")}`);
  // Counted in rows, the same level would have shown.
  const [byRows] = distributionPlans(real);
  assert.ok(byRows.type === "categorical");
  assert.deepEqual(byRows.shown, ["b", "a", "z"]);
});
