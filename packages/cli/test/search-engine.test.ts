/**
 * Core's NeighbourEngine on the worker pool: mixed-distance searches (Gower, Anonymeter) give the
 * same lists in-thread and on 1 or 2 workers, big searches made inside `withNeighbourEngine` go
 * to the engine (and small ones do not), and a privacy metric's records are identical with and
 * without workers.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ENGINE_MIN_PAIRS,
  GowerSpace,
  type MixedRules,
  type NeighbourEngine,
  Rng,
  Table,
  anonymeterEncode,
  categoricalColumn,
  computeMetric,
  kdeLogDensity,
  mixedKnn,
  numericColumn,
  withNeighbourEngine,
} from "@sosie/core";
import { withTestPools } from "./test-pools.ts";
import { WorkerPool } from "../src/workers/pool.ts";
import { parallelKdeLogDensity, parallelMixedKnn } from "../src/workers/parallel-knn.ts";
import { poolNeighbourEngine } from "../src/workers/engine.ts";
import { startSearchPool } from "../src/workers/search-pool.ts";

let one: WorkerPool;
let two: WorkerPool;

withTestPools((a, b) => {
  [one, two] = [a, b];
});

/** A mixed table with few levels (many ties), ∅ in both kinds and a duplicated block of rows. */
function mixedTable(n: number, seed: number): Table {
  const rng = Rng.fromSeed(seed);
  const half = Math.floor(n / 2);
  const twin = (i: number) => (i >= half && i < half + 50 ? i - half : i);
  const draws = Array.from({ length: n }, () => [rng.int(50), rng.int(10), rng.int(3), rng.int(4), rng.int(20)]);
  const cell = (i: number, c: number) => draws[twin(i)][c];
  const missing = Uint8Array.from({ length: n }, (_, i) => (cell(i, 1) === 0 ? 1 : 0));
  const cols = [
    numericColumn(
      "age",
      Float64Array.from({ length: n }, (_, i) => 20 + cell(i, 0)),
      { kind: "integer", missing },
    ),
    categoricalColumn(
      "sex",
      Int32Array.from({ length: n }, (_, i) => cell(i, 2) % 2),
      ["F", "M"],
    ),
    categoricalColumn(
      "grade",
      Int32Array.from({ length: n }, (_, i) => (cell(i, 3) === 3 ? -1 : cell(i, 3))),
      ["a", "b", "c"],
    ),
    categoricalColumn(
      "code",
      Int32Array.from({ length: n }, (_, i) => cell(i, 4)),
      Array.from({ length: 20 }, (_, l) => `k${l}`),
    ),
  ];
  return new Table(cols, n);
}

const rulesOf = (space: GowerSpace): MixedRules => (space as unknown as { rules: MixedRules }).rules;

test("mixed-distance k-NN is identical in-thread and with 1 or 2 workers (Gower and Anonymeter, self excluded)", () => {
  const real = mixedTable(2400, 1);
  const synth = mixedTable(2000, 2);
  const space = GowerSpace.fit(real);
  const rules = rulesOf(space);
  const R = space.encode(real);
  const S = space.encode(synth);
  const direct = mixedKnn(rules, S, R, 2);
  const self = mixedKnn(rules, R, R, 3, { excludeSelf: true });
  for (const pool of [null, one, two]) {
    const found = parallelMixedKnn(pool, rules, S, R, 2);
    assert.deepEqual(found.indices, direct.indices, `S → R indices, ${pool?.size ?? 0} workers`);
    assert.deepEqual(found.distances, direct.distances, `S → R distances, ${pool?.size ?? 0} workers`);
    const within = parallelMixedKnn(pool, rules, R, R, 3, { excludeSelf: true });
    assert.deepEqual(within.indices, self.indices, `R → R, ${pool?.size ?? 0} workers`);
    assert.deepEqual(within.distances, self.distances);
  }
  const pair = anonymeterEncode(synth, real, { missing: "anonymeter" });
  const anonymeter = mixedKnn(pair.rules, pair.query, pair.ref, 1);
  assert.deepEqual(parallelMixedKnn(two, pair.rules, pair.query, pair.ref, 1).distances, anonymeter.distances);
});

test("big searches inside withNeighbourEngine go to the engine, small ones stay, and the engine is not re-entered", () => {
  const real = mixedTable(2100, 3);
  const space = GowerSpace.fit(real);
  const rules = rulesOf(space);
  const R = space.encode(real);
  assert.ok(R.n * R.n >= ENGINE_MIN_PAIRS);
  const calls: number[] = [];
  const counting: NeighbourEngine = {
    // Falls back to core's own search: it must not come back to this engine.
    mixedKnn: (r, q, ref, k, excludeSelf) => {
      calls.push(q.n);
      return mixedKnn(r, q, ref, k, { excludeSelf });
    },
    euclideanKnn: () => {
      throw new Error("no Euclidean search here");
    },
  };
  const direct = mixedKnn(rules, R, R, 2, { excludeSelf: true });
  const small = { ...R, n: 100 };
  const viaEngine = withNeighbourEngine(counting, () => {
    mixedKnn(rules, small, R, 2);
    return mixedKnn(rules, R, R, 2, { excludeSelf: true });
  });
  assert.deepEqual(calls, [R.n]);
  assert.deepEqual(viaEngine.indices, direct.indices);
  const pooled = withNeighbourEngine(poolNeighbourEngine(two), () => mixedKnn(rules, R, R, 2, { excludeSelf: true }));
  assert.deepEqual(pooled.distances, direct.distances);
});

test("a privacy metric gives the same records with and without workers", async () => {
  const tables = () => ({ real: mixedTable(2200, 4), synthetic: mixedTable(2200, 5), holdout: mixedTable(2200, 6) });
  const alone = computeMetric("dcr-distribution", tables(), { seed: 3 });
  const engine = poolNeighbourEngine(two);
  let searches = 0;
  const counted: NeighbourEngine = {
    mixedKnn: (...args) => (searches++, engine.mixedKnn(...args)),
    euclideanKnn: (...args) => (searches++, engine.euclideanKnn(...args)),
  };
  const pooled = withNeighbourEngine(counted, () => computeMetric("dcr-distribution", tables(), { seed: 3 }));
  assert.equal(searches, 3, "S → R, S → H and H → R went to the workers");
  assert.deepEqual(pooled, alone);
  assert.equal(startSearchPool(1000, 2).engine, null, "small evaluations start no workers");
  assert.equal(startSearchPool(50_000, 1).engine, null, "one core: no workers");
  const big = startSearchPool(5000, 2);
  assert.equal(big.workers, 2);
  assert.notEqual(big.engine, null);
  await big.close();
});

test("DOMIAS's kernel sums are identical in-thread and on workers, directly and through the engine", () => {
  const rng = Rng.fromSeed(8);
  const d = 3;
  const n = 2500;
  const points = Float64Array.from({ length: n * d }, () => rng.normal());
  const kde = {
    n,
    d,
    factor: Float64Array.from([0.5, 0, 0, 0.1, 0.4, 0, 0.2, 0.1, 0.3]),
    whitened: points,
    logNorm: -9,
  };
  const queries = Float64Array.from({ length: 2100 * d }, () => 2 * rng.normal());
  const direct = kdeLogDensity(kde, queries, 0, 2100);
  for (const pool of [null, one, two])
    assert.deepEqual(parallelKdeLogDensity(pool, kde, queries, 2100), direct, `${pool?.size ?? 0} workers`);
  const viaEngine = withNeighbourEngine(poolNeighbourEngine(two), () => kdeLogDensity(kde, queries, 0, 2100));
  assert.deepEqual(viaEngine, direct);
});
