import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../random/rng.ts";
import { binDataset, categoricalBin, fitBinners, numericBin, quantileEdges } from "./binning.ts";
import type { Dataset } from "./dataset.ts";

test("few distinct values: one bin each, cut at midpoints", () => {
  const edges = quantileEdges(Float64Array.from([1, 1, 2, 4, 4, 4]), 255);
  assert.deepEqual(Array.from(edges), [1.5, 3]);
});

test("many distinct values: equal-frequency bins", () => {
  const sorted = Float64Array.from({ length: 12 }, (_, i) => i);
  // 4 value bins of 3 rows: {0,1,2} {3,4,5} {6,7,8} {9,10,11}.
  assert.deepEqual(Array.from(quantileEdges(sorted, 4)), [2.5, 5.5, 8.5]);
});

test("a heavy value gets its own bin and the rest still share the others", () => {
  const values = [...new Array<number>(90).fill(0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const edges = quantileEdges(Float64Array.from(values), 4);
  assert.equal(edges[0], 0.5);
  assert.equal(edges.length, 3);
  // 10 non-zero values over 3 remaining bins, target re-aimed after each: 10/3 → {1,2,3}; 7/2 → {4..7}; {8,9,10}.
  assert.deepEqual(Array.from(edges), [0.5, 3.5, 7.5]);
});

test("bins: values by edges, missing last; categories pooled when rare, unseen codes to 'other'", () => {
  const n = 20;
  const codes = Int32Array.from({ length: n }, (_, i) => (i < 10 ? 0 : i < 18 ? 2 : i === 18 ? 1 : -1));
  const values = Float64Array.from({ length: n }, (_, i) => (i === 0 ? NaN : i));
  const data: Dataset = {
    nRows: n,
    features: [
      { kind: "numeric", name: "x", values },
      { kind: "categorical", name: "c", codes, levels: ["a", "b", "c"] },
    ],
    target: { kind: "regression", name: "y", values: new Float64Array(n) },
    sourceRows: new Int32Array(n),
  };
  const [bx, bc] = fitBinners(data, Rng.fromSeed(1), { minCategoryRows: 5 });
  assert.ok(bx.kind === "numeric" && bc.kind === "categorical");
  assert.equal(bx.nBins, 19 + 1); // 19 distinct values + missing
  assert.equal(numericBin(bx, NaN), 19);
  assert.equal(numericBin(bx, -100), 0);
  assert.equal(numericBin(bx, 1e9), 18);
  // a (10 rows) and c (8 rows) keep bins 0 and 1; b (1 row) is pooled with unseen codes.
  assert.equal(bc.nBins, 4);
  assert.deepEqual(
    [0, 1, 2, 7, -1].map((code) => categoricalBin(bc, code)),
    [0, 2, 1, 2, 3],
  );
  const m = binDataset(data, [bx, bc]);
  assert.equal(m.bins[0], 19);
  assert.equal(m.bins[n + 18], 2);
});
