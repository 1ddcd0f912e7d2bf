import { test } from "node:test";
import assert from "node:assert/strict";
import { squaredEuclidean } from "../../neighbors/euclidean.ts";
import { Rng } from "../../random/rng.ts";
import { num, table } from "../utility/test-tables.ts";
import { type Points, countWithinRadius, nearestTwo, points, projectTables } from "./projected-space.ts";

function bruteCount(query: Points, ref: Points, limits: Float64Array, excludeSelf: boolean): Int32Array {
  return Int32Array.from({ length: query.n }, (_, q) => {
    let c = 0;
    for (let r = 0; r < ref.n; r++)
      if (!(excludeSelf && r === q) && squaredEuclidean(query.coords, q, ref.coords, r, query.dims) <= limits[q]) c++;
    return c;
  });
}

test("radius counts through the first-axis window equal the full scan (ties, duplicates, radius 0, far offsets)", () => {
  const rng = Rng.fromSeed(11);
  // A coarse grid gives exact ties at the radius; an offset of 1e6 stresses the window's rounding.
  for (const offset of [0, 1e6]) {
    const coords = (n: number) =>
      Float64Array.from({ length: n * 3 }, (_, i) => offset * (i % 3 === 0 ? 1 : 0) + rng.int(7) * 0.1);
    const ref = points(coords(400), 3);
    const query = points(coords(300), 3);
    const radius = nearestTwo(query, ref).d1;
    for (const limits of [
      radius.map((d) => d * d),
      radius.map((d) => (2 * d) ** 2),
      new Float64Array(query.n),
      new Float64Array(query.n).fill(0.05),
    ])
      assert.deepEqual(countWithinRadius(query, ref, limits), bruteCount(query, ref, limits, false));
    const self = nearestTwo(ref, ref, { excludeSelf: true }).d1.map((d) => d * d);
    assert.deepEqual(countWithinRadius(ref, ref, self, { excludeSelf: true }), bruteCount(ref, ref, self, true));
    assert.deepEqual(
      countWithinRadius(ref, ref, self, { excludeSelf: true, queryStart: 50, queryEnd: 90 }),
      bruteCount(ref, ref, self, true).slice(50, 90),
    );
  }
});

test("projections and searches are memoised per table and options; a range is searched afresh", () => {
  const R = table(num("x", [1, 2, 3, 4, 8]), num("y", [0, 1, 0, 1, 5]));
  const S = table(num("x", [1.5, 2, 7, 4, 3]), num("y", [0, 0, 4, 1, 1]));
  const a = projectTables([R, S], undefined);
  const b = projectTables([R, S], {});
  assert.equal(a.points[1], b.points[1], "same options, same coordinates object");
  assert.notEqual(projectTables([R, S], { ncp: 1 }).points[1], a.points[1]);
  assert.equal(nearestTwo(a.points[1], a.points[0]), nearestTwo(b.points[1], b.points[0]));
  const part = nearestTwo(a.points[1], a.points[0], { queryStart: 1, queryEnd: 3 });
  assert.deepEqual(Array.from(part.d1), Array.from(nearestTwo(a.points[1], a.points[0]).d1.slice(1, 3)));
});
