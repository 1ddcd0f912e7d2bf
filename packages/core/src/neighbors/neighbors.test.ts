import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../random/rng.ts";
import { knn, squaredEuclidean } from "./euclidean.ts";
import { type Neighbors, closestDistances, concatNeighbors } from "./search-result.ts";
import { GowerSpace } from "./gower.ts";
import { cloverDistance, cloverEncode, cloverKnn } from "./gower-clover.ts";
import { anonymeterDistance, anonymeterEncode, anonymeterKnn } from "./anonymeter-distance.ts";
import { categoricalColumn, numericColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import type { Rng } from "../random/rng.ts";

/** Numeric columns from arrays (null = missing) and categorical columns from strings (null = missing). */
function tableOf(spec: Record<string, readonly (number | null)[] | readonly (string | null)[]>): Table {
  const cols = Object.entries(spec).map(([name, values]) => {
    const cells = values as readonly (number | string | null)[];
    if (cells.some((v) => typeof v === "string")) {
      const levels = [...new Set(cells.filter((v): v is string => typeof v === "string"))];
      const codes = Int32Array.from(cells, (v) => (typeof v === "string" ? levels.indexOf(v) : -1));
      return categoricalColumn(name, codes, levels);
    }
    const missing = Uint8Array.from(cells, (v) => (v === null ? 1 : 0));
    return numericColumn(
      name,
      Float64Array.from(cells, (v) => (typeof v === "number" ? v : NaN)),
      { missing },
    );
  });
  return new Table(cols);
}

/** A random mixed table: `nNum` numeric columns (some missing) and `nCat` categoricals of 2–6 levels. */
function randomMixedTable(rng: Rng, n: number, nNum: number, nCat: number, missingRate = 0.02): Table {
  const cols = [];
  for (let c = 0; c < nNum; c++) {
    const v = new Float64Array(n);
    const m = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      v[i] = Math.round(rng.normal() * 10 * (c + 1)) / 2;
      m[i] = rng.next() < missingRate ? 1 : 0;
    }
    cols.push(numericColumn(`x${c}`, v, { missing: m }));
  }
  for (let c = 0; c < nCat; c++) {
    const levels = Array.from({ length: 2 + (c % 5) }, (_, l) => `L${l}`);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++)
      codes[i] = rng.next() < missingRate ? -1 : Math.min(levels.length - 1, Math.floor(rng.exponential()));
    cols.push(categoricalColumn(`c${c}`, codes, levels));
  }
  return new Table(cols);
}

/** Reference answer: every distance, sorted by (distance, index). */
function bruteForce(
  nQuery: number,
  nRef: number,
  k: number,
  dist: (q: number, r: number) => number,
  excludeSelf = false,
) {
  const indices: number[] = [];
  const distances: number[] = [];
  for (let q = 0; q < nQuery; q++) {
    const all: [number, number][] = [];
    for (let r = 0; r < nRef; r++) if (!(excludeSelf && r === q)) all.push([dist(q, r), r]);
    all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let j = 0; j < k; j++) {
      distances.push(all[j][0]);
      indices.push(all[j][1]);
    }
  }
  return { indices, distances };
}

function assertSameAs(nb: Neighbors, expected: { indices: number[]; distances: number[] }) {
  assert.deepEqual(Array.from(nb.indices), expected.indices);
  assert.deepEqual(Array.from(nb.distances), expected.distances);
}

function inChunks(n: number, cuts: number[], search: (start: number, end: number) => Neighbors): Neighbors {
  const bounds = [0, ...cuts, n];
  return concatNeighbors(bounds.slice(1).map((e, i) => search(bounds[i], e)));
}

test("euclidean: hand example, self exclusion by index, ties by index", () => {
  const x = new Float64Array([0, 1, 3]);
  const nb = knn(x, 3, x, 3, 1, 2, { excludeSelf: true });
  assert.deepEqual(Array.from(nb.indices), [1, 2, 0, 2, 1, 0]);
  assert.deepEqual(Array.from(nb.distances), [1, 3, 1, 2, 2, 3]);
  const { d1, d2 } = closestDistances(nb);
  assert.deepEqual([...d1, ...d2], [1, 1, 2, 3, 2, 3]);
  // Equal distances: lower index first. Duplicated rows: the twin is at distance 0.
  const ref = new Float64Array([1, -1, 1, 5]);
  const tie = knn(new Float64Array([0]), 1, ref, 4, 1, 3);
  assert.deepEqual(Array.from(tie.indices), [0, 1, 2]);
  const dup = new Float64Array([2, 7, 2]);
  const self = knn(dup, 3, dup, 3, 1, 1, { excludeSelf: true });
  assert.deepEqual(Array.from(self.indices), [2, 0, 0]);
  assert.deepEqual(Array.from(self.distances), [0, 5, 0]);
  assert.throws(() => knn(x, 3, x, 3, 1, 3, { excludeSelf: true }), RangeError);
});

test("euclidean: equals brute force exactly, whatever the query chunking", () => {
  const rng = Rng.fromSeed(42);
  for (const dims of [1, 5, 13]) {
    const nq = 150;
    const nr = 2100; // spans several reference blocks
    // Far from the origin and on a coarse grid: many ties and large norms stress the pruning margin.
    const q = Float64Array.from({ length: nq * dims }, () => 1e3 + Math.round(rng.normal() * 4) / 4);
    const r = Float64Array.from({ length: nr * dims }, () => 1e3 + Math.round(rng.normal() * 4) / 4);
    const expected = bruteForce(nq, nr, 7, (i, j) => Math.sqrt(squaredEuclidean(q, i, r, j, dims)));
    assertSameAs(knn(q, nq, r, nr, dims, 7), expected);
    const chunked = inChunks(nq, [1, 37, 38, 101], (s, e) =>
      knn(q, nq, r, nr, dims, 7, { queryStart: s, queryEnd: e }),
    );
    assertSameAs(chunked, expected);
    const self = bruteForce(nr, nr, 3, (i, j) => Math.sqrt(squaredEuclidean(r, i, r, j, dims)), true);
    const selfNb = knn(r, nr, r, nr, dims, 3, { excludeSelf: true, queryStart: 0, queryEnd: 200 });
    assert.deepEqual(Array.from(selfNb.indices), self.indices.slice(0, 600));
  }
});

const ageSex = () => tableOf({ age: [20, 80, 50, 35], sex: ["M", "F", "M", "F"] });

test("gower sosie: the spec's hand examples and ∅ rules", () => {
  const space = GowerSpace.fit(ageSex());
  assert.equal(space.columns[0].range, 60);
  const x = space.encode(tableOf({ age: [50, 50], sex: ["M", "M"] }));
  const y = space.encode(tableOf({ age: [80, 110], sex: ["F", "M"] }));
  assert.equal(space.distance(x, 0, y, 0), 0.75);
  assert.equal(space.distance(x, 1, y, 1), 0.5);
  const m = space.encode(tableOf({ age: [null, null, 50], sex: [null, "M", null] }));
  assert.equal(space.distance(m, 0, m, 0), 0); // ∅ = ∅ on both columns
  assert.equal(space.distance(m, 0, m, 1), 0.5); // categorical: one ∅ gives 1
  assert.equal(space.distance(m, 1, m, 2), 1); // both columns: exactly one ∅
  // A level unseen at fit still compares equal to itself across tables.
  const u1 = space.encode(tableOf({ age: [50], sex: ["X"] }));
  const u2 = space.encode(tableOf({ age: [50], sex: ["X"] }));
  assert.equal(space.distance(u1, 0, u2, 0), 0);
  // Weights: (2·0.5 + 1·1)/3.
  const w = GowerSpace.fit(ageSex(), { weights: { age: 2 } });
  assert.equal(
    w.distance(w.encode(tableOf({ age: [50], sex: ["M"] })), 0, w.encode(tableOf({ age: [80], sex: ["F"] })), 0),
    2 / 3,
  );
  // Range 0: equality rule.
  const flat = GowerSpace.fit(tableOf({ v: [3, 3, 3] }));
  const f = flat.encode(tableOf({ v: [3, 4, 4.5] }));
  assert.deepEqual([flat.distance(f, 0, f, 0), flat.distance(f, 0, f, 1), flat.distance(f, 1, f, 2)], [0, 1, 1]);
});

test("gower sosie: search equals brute force, ranges fixed from the fitting tables, chunking-invariant", () => {
  const rng = Rng.fromSeed(7);
  const real = randomMixedTable(rng, 400, 4, 6);
  const synth = randomMixedTable(rng, 230, 4, 6, 0.05);
  const space = GowerSpace.fit(real);
  const R = space.encode(real);
  const S = space.encode(synth);
  const expected = bruteForce(230, 400, 5, (i, j) => space.distance(S, i, R, j));
  assertSameAs(space.knn(S, R, 5), expected);
  assertSameAs(
    inChunks(230, [50, 51, 199], (s, e) => space.knn(S, R, 5, { queryStart: s, queryEnd: e })),
    expected,
  );
  for (const d of expected.distances) assert.ok(d >= 0 && d <= 1);
  const self = bruteForce(400, 400, 2, (i, j) => space.distance(R, i, R, j), true);
  assertSameAs(space.knn(R, R, 2, { excludeSelf: true }), self);
  // Fitting on two tables uses the union of their ranges.
  const both = GowerSpace.fit([real, synth]);
  const r0 = real.column("x0");
  const s0 = synth.column("x0");
  const vals = [r0, s0].flatMap((c) =>
    c.kind === "continuous" ? Array.from(c.values).filter((v) => !Number.isNaN(v)) : [],
  );
  assert.equal(both.columns[0].range, Math.max(...vals) - Math.min(...vals));
});

test("gower clover: union range, float32, the max-0 quirk, ∅ rules", () => {
  const pair = cloverEncode(tableOf({ age: [50], sex: ["M"] }), tableOf({ age: [20, 80, 110], sex: ["M", "F", "M"] }));
  assert.equal(cloverDistance(pair, 0, 2), Math.fround(Math.fround(60 / 90) / 2));
  assert.ok(Math.abs(cloverDistance(pair, 0, 2) - 0.3333333) < 1e-7);
  // All values ≤ 0 with max 0: the numeric column contributes nothing.
  const neg = cloverEncode(tableOf({ v: [0, -5] }), tableOf({ v: [-10, 0] }));
  assert.equal(cloverDistance(neg, 1, 0), 0);
  // Categorical ∅ ≠ ∅; numeric ∅ gives NaN, sorted last.
  const miss = cloverEncode(tableOf({ v: [1, 2], c: [null, "a"] }), tableOf({ v: [1, null, 2], c: [null, "a", "a"] }));
  assert.equal(cloverDistance(miss, 0, 0), 0.5);
  assert.ok(Number.isNaN(cloverDistance(miss, 0, 1)));
  const nb = cloverKnn(miss, 3);
  assert.deepEqual(Array.from(nb.indices), [0, 2, 1, 2, 0, 1]);
  assert.ok(Number.isNaN(nb.distances[2]));
});

test("anonymeter distance: union range, sum, both ∅ rules, search equals brute force", () => {
  const q = tableOf({ x: [0, 10, null], c: ["a", "b", null] });
  const r = tableOf({ x: [5, 20, null], c: ["a", "a", null] });
  const sosie = anonymeterEncode(q, r);
  // Range over the union is 20: |0 − 5|/20 + 0 = 0.25; |10 − 20|/20 + 1 = 1.5.
  assert.equal(anonymeterDistance(sosie, 0, 0), 0.25);
  assert.equal(anonymeterDistance(sosie, 1, 1), 1.5);
  assert.equal(anonymeterDistance(sosie, 2, 2), 0);
  assert.equal(anonymeterDistance(sosie, 2, 0), 2);
  const ref = anonymeterEncode(q, r, { missing: "anonymeter" });
  assert.equal(anonymeterDistance(ref, 2, 2), 2);
  const rng = Rng.fromSeed(3);
  const a = randomMixedTable(rng, 120, 3, 4, 0.1);
  const b = randomMixedTable(rng, 300, 3, 4, 0.1);
  for (const missing of ["sosie", "anonymeter"] as const) {
    const pair = anonymeterEncode(a, b, { missing, columns: ["x0", "x2", "c1", "c3"] });
    const expected = bruteForce(120, 300, 4, (i, j) => anonymeterDistance(pair, i, j));
    assertSameAs(
      inChunks(120, [60], (s, e) => anonymeterKnn(pair, 4, { queryStart: s, queryEnd: e })),
      expected,
    );
  }
});

test("k-d tree: equals brute force exactly on tie-heavy grids, duplicates, any chunking, self exclusion", async () => {
  const { kdTreeKnn } = await import("./kd-tree.ts");
  const { bruteForceKnn } = await import("./euclidean.ts");
  const rng = Rng.fromSeed(11);
  for (const dims of [1, 2, 3, 5, 8]) {
    const nq = 200;
    const nr = 1100;
    // Integer grid with few values per axis: huge numbers of equal distances and duplicated rows.
    const grid = () => Math.floor(rng.next() * 4) - 2 + (dims === 1 ? 0.5 : 0);
    const q = Float64Array.from({ length: nq * dims }, grid);
    const r = Float64Array.from({ length: nr * dims }, grid);
    const expected = bruteForce(nq, nr, 9, (i, j) => Math.sqrt(squaredEuclidean(q, i, r, j, dims)));
    assertSameAs(kdTreeKnn(q, nq, r, nr, dims, 9), expected);
    assertSameAs(bruteForceKnn(q, nq, r, nr, dims, 9), expected);
    assertSameAs(
      inChunks(nq, [3, 150, 151], (s, e) => kdTreeKnn(q, nq, r, nr, dims, 9, { queryStart: s, queryEnd: e })),
      expected,
    );
    const self = bruteForce(nr, nr, 4, (i, j) => Math.sqrt(squaredEuclidean(r, i, r, j, dims)), true);
    assertSameAs(kdTreeKnn(r, nr, r, nr, dims, 4, { excludeSelf: true }), self);
    // Irrational-looking coordinates far from the origin: rounding, not the grid, decides near-ties.
    const far = Float64Array.from({ length: nr * dims }, () => 1e6 + Math.round(rng.normal() * 8) / 3);
    const farSelf = bruteForce(nr, nr, 3, (i, j) => Math.sqrt(squaredEuclidean(far, i, far, j, dims)), true);
    assertSameAs(knn(far, nr, far, nr, dims, 3, { excludeSelf: true }), farSelf);
  }
  // All points equal: one big leaf, ties resolved by index.
  const same = new Float64Array(3000).fill(1);
  const nb = kdTreeKnn(same, 1500, same, 1500, 2, 3, { excludeSelf: true, queryStart: 0, queryEnd: 3 });
  assert.deepEqual(Array.from(nb.indices), [1, 2, 3, 0, 2, 3, 0, 1, 3]);
  // A cached tree is not reused once the coordinates change.
  const pts = Float64Array.from({ length: 2000 }, (_, i) => i);
  assert.deepEqual(Array.from(kdTreeKnn(new Float64Array([0]), 1, pts, 2000, 1, 1).indices), [0]);
  pts[1999] = 0.25;
  assert.deepEqual(Array.from(kdTreeKnn(new Float64Array([0.2]), 1, pts, 2000, 1, 1).indices), [1999]);
});

test("gower search: equals brute force on tie-heavy data, self exclusion, chunking, unseen values", () => {
  const rng = Rng.fromSeed(19);
  // Few levels and integer numerics: many equal distances; a constant column uses the equality rule.
  const make = (n: number, missing: number) => {
    const t = randomMixedTable(rng, n, 3, 7, missing);
    const flat = numericColumn(
      "flat",
      Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? 2 : 1)),
    );
    return new Table([...t.columns, flat]);
  };
  const real = make(500, 0.05);
  const synth = make(260, 0.1);
  const space = GowerSpace.fit(real.slice(0, 96)); // "flat" is constant there: the equality rule
  const R = space.encode(real);
  const S = space.encode(synth);
  for (const k of [1, 2, 6]) {
    const expected = bruteForce(260, 500, k, (i, j) => space.distance(S, i, R, j));
    assertSameAs(space.knn(S, R, k), expected);
    assertSameAs(
      inChunks(260, [1, 100, 101], (s, e) => space.knn(S, R, k, { queryStart: s, queryEnd: e })),
      expected,
    );
    const self = bruteForce(500, 500, k, (i, j) => space.distance(R, i, R, j), true);
    assertSameAs(space.knn(R, R, k, { excludeSelf: true }), self);
  }
  // Only categoricals with 2 levels: every bucket is huge and distances tie everywhere.
  const bin = new Table(
    Array.from({ length: 4 }, (_, c) =>
      categoricalColumn(
        `b${c}`,
        Int32Array.from({ length: 300 }, () => rng.int(2)),
        ["x", "y"],
      ),
    ),
  );
  const bs = GowerSpace.fit(bin);
  const B = bs.encode(bin);
  assertSameAs(
    bs.knn(B, B, 5, { excludeSelf: true }),
    bruteForce(300, 300, 5, (i, j) => bs.distance(B, i, B, j), true),
  );
});
