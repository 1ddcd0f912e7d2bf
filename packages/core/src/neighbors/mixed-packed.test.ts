/**
 * The bit-sliced search (mixedKnn on ≥ 8 queries with categorical columns) returns exactly the
 * plain brute force's neighbours and distances: on a seeded sample of diabetes-130-us-hospitals
 * (every modelled column, its own ∅), with duplicated rows for ties, and on constructed tables
 * that reach every branch (weights, Anonymeter's ∅ rules, equality-compared numerics, more than
 * 15 and more than 31 categorical columns, values unseen in the reference, one reference row).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readCsv } from "../io/csv/index.ts";
import { Rng } from "../random/rng.ts";
import { decodeTable, inferMetadata } from "../schema/index.ts";
import { categoricalColumn, numericColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { anonymeterEncode } from "./anonymeter-distance.ts";
import { GowerSpace } from "./gower.ts";
import {
  CATEGORICAL,
  type EncodedRows,
  type MixedRules,
  NUMERIC,
  ONE_HOT,
  SQUARED,
  mixedDistance,
  mixedKnn,
  mixedKnnBrute,
} from "./mixed-kernel.ts";
import { indexReference, indexedKnn } from "./mixed-packed.ts";
import { type Neighbors, concatNeighbors } from "./search-result.ts";

const DIABETES = new URL("../../../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url).pathname;

/** Every distance, sorted by (distance, index): the definition the searches must meet. */
function naive(rules: MixedRules, q: EncodedRows, r: EncodedRows, k: number, excludeSelf = false) {
  const indices: number[] = [];
  const distances: number[] = [];
  for (let i = 0; i < q.n; i++) {
    const all: [number, number][] = [];
    for (let j = 0; j < r.n; j++) if (!(excludeSelf && i === j)) all.push([mixedDistance(rules, q, i, r, j), j]);
    all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let t = 0; t < k; t++) {
      distances.push(all[t][0]);
      indices.push(all[t][1]);
    }
  }
  return { indices, distances };
}

function assertSame(nb: Neighbors, expected: { indices: number[]; distances: number[] }, label: string) {
  assert.deepEqual(Array.from(nb.indices), expected.indices, `${label}: indices`);
  assert.deepEqual(Array.from(nb.distances), expected.distances, `${label}: distances`);
}

function chunked(n: number, search: (start: number, end: number) => Neighbors): Neighbors {
  const cuts = [0, 9, Math.floor(n / 2), n - 8, n];
  return concatNeighbors(cuts.slice(1).map((e, i) => search(cuts[i], e)));
}

/** The space's private rules (the tests compare searches on one set of rules). */
const rulesOf = (space: GowerSpace): MixedRules => (space as unknown as { rules: MixedRules }).rules;

test("bit-sliced search equals brute force on diabetes-130 rows (ties from duplicated rows, ∅, self exclusion, ranges)", () => {
  const raw = readCsv(new Uint8Array(readFileSync(DIABETES)), { source: "diabetes/data.csv" });
  const table = decodeTable(raw, inferMetadata(raw).metadata);
  const modelled = table.drop(table.columns.filter((c) => c.kind === "identifier").map((c) => c.name));
  const rows = Rng.fromSeed(5).derive("diabetes-sample").sampleWithoutReplacement(modelled.nRows, 1000);
  // Reference: 700 rows, 60 of them twice (exact ties at distance 0 and between twins).
  const refRows = Int32Array.from([...rows.slice(0, 700), ...rows.slice(0, 60)]);
  const real = modelled.select(refRows);
  // Queries: 240 other rows and 60 copies of reference rows.
  const synth = modelled.select(Int32Array.from([...rows.slice(700, 940), ...rows.slice(30, 90)]));
  const space = GowerSpace.fit(real);
  const rules = rulesOf(space);
  const R = space.encode(real);
  const S = space.encode(synth);
  const index = indexReference(rules, R);
  assert.ok(index !== null && index.columns.length >= 15, "diabetes has enough categorical columns to index");
  for (const k of [2, 5]) {
    const expected = naive(rules, S, R, k);
    assertSame(mixedKnn(rules, S, R, k), expected, `S → R, k = ${k}`);
    assertSame(mixedKnnBrute(rules, S, R, k), expected, `plain scan, k = ${k}`);
    assertSame(
      chunked(S.n, (queryStart, queryEnd) => space.knn(S, R, k, { queryStart, queryEnd })),
      expected,
      `chunks, k = ${k}`,
    );
  }
  const ties = mixedKnn(rules, S, R, 2);
  let zero = 0;
  for (let q = 240; q < 300; q++) if (ties.distances[q * 2] === 0) zero++;
  assert.equal(zero, 60, "every copied query finds its twin at distance 0");
  assertSame(mixedKnn(rules, R, R, 2, { excludeSelf: true }), naive(rules, R, R, 2, true), "R → R without self");
});

/** n rows: `nCat` categoricals of 2–5 levels with ∅, two numerics (one with ∅), one constant-range numeric. */
function mixedTable(rng: Rng, n: number, nCat: number, missingRate: number, extraLevel = false): Table {
  const cols = [];
  for (let c = 0; c < nCat; c++) {
    const levels = Array.from({ length: 2 + (c % 4) + (extraLevel ? 1 : 0) }, (_, l) => `v${l}`);
    const codes = Int32Array.from({ length: n }, () =>
      rng.next() < missingRate ? -1 : Math.min(levels.length - 1, Math.floor(rng.exponential())),
    );
    cols.push(categoricalColumn(`c${c}`, codes, levels));
  }
  const missing = Uint8Array.from({ length: n }, () => (rng.next() < missingRate ? 1 : 0));
  cols.push(
    numericColumn(
      "x",
      Float64Array.from({ length: n }, () => Math.round(rng.normal() * 4) / 2),
      { missing },
    ),
  );
  cols.push(
    numericColumn(
      "y",
      Float64Array.from({ length: n }, () => rng.int(5)),
    ),
  );
  // Range 0 in the fitting table: compared by equality, with non-integer values in the queries.
  cols.push(
    numericColumn(
      "z",
      Float64Array.from({ length: n }, () => (extraLevel ? 0.5 + rng.int(2) : 0.5)),
    ),
  );
  return new Table(cols, n);
}

test("bit-sliced search: weights, 15+ and 31+ categoricals, unseen values, equality numerics, Anonymeter ∅ rules", () => {
  const rng = Rng.fromSeed(77);
  for (const nCat of [3, 20, 40]) {
    const real = mixedTable(rng.derive("real", nCat), 400, nCat, 0.08);
    const synth = mixedTable(rng.derive("synth", nCat), 150, nCat, 0.15, true);
    const weights = Object.fromEntries(real.columns.map((c, i) => [c.name, 0.25 + (i % 3) * 0.5]));
    for (const options of [{}, { weights }]) {
      const space = GowerSpace.fit(real, options);
      const rules = rulesOf(space);
      const R = space.encode(real);
      const S = space.encode(synth);
      const label = `${nCat} categoricals${"weights" in options ? ", weighted" : ""}`;
      assertSame(mixedKnn(rules, S, R, 3), naive(rules, S, R, 3), label);
      assertSame(mixedKnn(rules, R, R, 4, { excludeSelf: true }), naive(rules, R, R, 4, true), `${label}, self`);
    }
    for (const missing of ["sosie", "anonymeter"] as const) {
      const pair = anonymeterEncode(synth, real, { missing });
      assertSame(
        mixedKnn(pair.rules, pair.query, pair.ref, 2),
        naive(pair.rules, pair.query, pair.ref, 2),
        `anonymeter ${missing}`,
      );
    }
  }
});

test("bit-sliced search: one reference row, all-numeric rows fall back to the plain scan", () => {
  const rng = Rng.fromSeed(3);
  const real = mixedTable(rng.derive("r"), 1, 4, 0);
  const synth = mixedTable(rng.derive("s"), 40, 4, 0.2, true);
  const space = GowerSpace.fit([real, synth]);
  const rules = rulesOf(space);
  const R = space.encode(real);
  const S = space.encode(synth);
  assertSame(mixedKnn(rules, S, R, 1), naive(rules, S, R, 1), "one reference row");
  // Rows changed after a search (against the contract) get a fresh index, not a stale bound.
  const big = space.encode(mixedTable(rng.derive("big"), 200, 6, 0.1));
  assertSame(
    mixedKnn(rules, S, big, 2, { queryStart: 0, queryEnd: 20 }),
    naive(rules, { ...S, n: 20 }, big, 2),
    "before",
  );
  for (let i = 0; i < big.values.length; i += 3) big.values[i] = big.values[(i * 7) % big.values.length];
  assertSame(
    mixedKnn(rules, S, big, 2, { queryStart: 0, queryEnd: 20 }),
    naive(rules, { ...S, n: 20 }, big, 2),
    "after",
  );
  const numeric: MixedRules = {
    kind: new Uint8Array([NUMERIC, NUMERIC]),
    range: new Float64Array([1, 2]),
    cap: new Float64Array([1, 1]),
    weight: new Float64Array([1, 1]),
    bothMissing: new Float64Array(2),
    oneMissing: new Float64Array([1, 1]),
    divisor: 2,
  };
  const rows = (n: number): EncodedRows => ({
    n,
    p: 2,
    values: Float64Array.from({ length: 2 * n }, () => rng.int(4) / 2),
  });
  const [q, r] = [rows(30), rows(50)];
  assert.equal(indexReference(numeric, r), null);
  assertSame(mixedKnn(numeric, q, r, 3), naive(numeric, q, r, 3), "all numeric");
  // A categorical column whose values never differ cannot bound anything: no index either.
  const constant: MixedRules = { ...numeric, kind: new Uint8Array([CATEGORICAL, NUMERIC]) };
  const flat: EncodedRows = { n: 20, p: 2, values: Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : i)) };
  assert.equal(indexReference(constant, flat), null);
});

/** Row-major rows of `kind`: ONE_HOT codes 0–3 (some NaN), SQUARED halves in [−3, 3] (some NaN). */
function squaredRows(rng: Rng, n: number, kind: Uint8Array, missingRate: number): EncodedRows {
  const p = kind.length;
  const values = new Float64Array(n * p);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < p; c++)
      values[i * p + c] =
        rng.next() < missingRate ? NaN : kind[c] === ONE_HOT ? Math.floor(rng.exponential()) % 4 : rng.int(13) / 2 - 3;
  return { n, p, values };
}

test("SQUARED and ONE_HOT rules (SMOTE-NC): sums as the dense one-hot sum, bit-sliced search = plain scan = definition", () => {
  const rng = Rng.fromSeed(41);
  // 20 one-hot columns (more than the first block) around 3 squared numerics.
  const kind = Uint8Array.from({ length: 23 }, (_, c) => (c % 8 === 3 ? SQUARED : ONE_HOT));
  const p = kind.length;
  for (const root of [true, false]) {
    const rules: MixedRules = {
      kind,
      range: Float64Array.from(kind, (k, c) => (k === SQUARED ? 0.5 + c / 10 : 1)),
      cap: new Float64Array(p).fill(Infinity),
      weight: Float64Array.from(kind, (k, c) => (k === SQUARED ? 1.5 : c % 2 === 0 ? 1 : 0.75)),
      bothMissing: new Float64Array(p).fill(0.25),
      oneMissing: new Float64Array(p).fill(1.5),
      divisor: 3,
      root,
    };
    const R = squaredRows(rng.derive("r", Number(root)), 500, kind, 0.03);
    const S = squaredRows(rng.derive("s", Number(root)), 120, kind, 0.05);
    // Ties: queries that copy reference rows.
    for (let i = 0; i < 20; i++) S.values.set(R.values.subarray(i * 7 * p, (i * 7 + 1) * p), i * p);
    const index = indexReference(rules, R);
    assert.ok(index !== null && index.columns.length === 20, "every one-hot column is indexed");
    assert.equal(index.weight, 1.5, "a one-hot mismatch bounds the sum by twice its weight");
    const label = root ? "root" : "sum";
    assertSame(mixedKnn(rules, S, R, 4), naive(rules, S, R, 4), label);
    assertSame(indexedKnn(rules, index, S, R, 4, 0, S.n, false), naive(rules, S, R, 4), `${label}, index`);
    assertSame(mixedKnnBrute(rules, S, R, 4), naive(rules, S, R, 4), `${label}, plain scan`);
    assertSame(mixedKnn(rules, R, R, 3, { excludeSelf: true }), naive(rules, R, R, 3, true), `${label}, self`);
  }
  // The sum, term for term: a squared difference, and a one-hot mismatch as two additions.
  const two: MixedRules = {
    kind: new Uint8Array([SQUARED, ONE_HOT, SQUARED]),
    range: new Float64Array([2, 1, 1]),
    cap: new Float64Array(3).fill(Infinity),
    weight: new Float64Array([3, 0.1, 1]),
    bothMissing: new Float64Array(3),
    oneMissing: new Float64Array(3),
    divisor: 4,
    root: true,
  };
  const x: EncodedRows = { n: 2, p: 3, values: new Float64Array([1, 0, 0.2, 4, 2, 0.1]) };
  let sum = ((1 - 4) / 2) ** 2 * 3;
  sum += 0.1;
  sum += 0.1;
  sum += (0.2 - 0.1) ** 2;
  assert.equal(mixedDistance(two, x, 0, x, 1), Math.sqrt(sum / 4));
  assert.equal(mixedDistance(two, x, 1, x, 1), 0);
});
