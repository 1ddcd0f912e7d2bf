import { test } from "node:test";
import assert from "node:assert/strict";
import { binEqualWidthOwnRange, binWithInteriorEdges, quantileInteriorEdges } from "./discretize.ts";

test("sdmetrics bins: 10 equal-width bins of the table's own range; the maximum and ∅ share bin 11", () => {
  const v = binEqualWidthOwnRange(Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, 9.99]));
  assert.deepEqual([...v.codes], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 10]);
  assert.equal(v.nLevels, 12);
});

test("sdmetrics bins of a constant column span ±0.5 around it", () => {
  // Edges 4.5, 4.6, ..., 5.5: 5 is on the sixth edge.
  assert.deepEqual([...binEqualWidthOwnRange(Float64Array.from([5, 5])).codes], [6, 6]);
});

test("sosie bins: quantile edges of R, left-closed, open outer edges, ∅ apart", () => {
  const real = Float64Array.from({ length: 11 }, (_, i) => i);
  const interior = quantileInteriorEdges(real, 10);
  assert.deepEqual([...interior], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const binned = binWithInteriorEdges(Float64Array.from([-50, 0, 0.5, 1, 9, 10, 1000, NaN]), interior);
  assert.deepEqual([...binned.codes], [0, 0, 0, 1, 9, 9, 9, -1]);
  assert.equal(binned.nLevels, 10);
});

test("sosie bins: duplicate quantile edges collapse, a constant column is one bin", () => {
  assert.deepEqual([...quantileInteriorEdges(Float64Array.from([3, 3, 3, NaN]), 10)], []);
  // Eleven values: Q_{b/10} is the b-th sorted value, so the distinct edges are 0 and 1: no interior edge.
  assert.deepEqual([...quantileInteriorEdges(Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]), 10)], []);
  // Distinct edges 0, 1, 2: one interior edge.
  assert.deepEqual([...quantileInteriorEdges(Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2]), 10)], [1]);
});
