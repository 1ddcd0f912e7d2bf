import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  GowerSpace,
  Rng,
  categoricalColumn,
  csvChunks,
  decodeTable,
  inferMetadata,
  knn,
  numericColumn,
  readCsv,
  resolveParams,
  Table,
} from "@sosie/core";
import { withTestPools } from "./test-pools.ts";
import { WorkerPool, taskRanges } from "../src/workers/pool.ts";
import { parallelGowerKnn, parallelKnn, poolNeighbourSearch } from "../src/workers/parallel-knn.ts";
// The avatar's search hook is not exported by core's index yet (see the lead's notes).
import { avatar, fitAvatar } from "../../core/src/generators/avatar.ts";

let one: WorkerPool;
let two: WorkerPool;

withTestPools((a, b) => {
  [one, two] = [a, b];
});

/** n rows of `dims` coordinates on a coarse grid, so that ties (broken by lower index) are common. */
function gridPoints(n: number, dims: number, seed: number): Float64Array {
  const rng = Rng.fromSeed(seed);
  return Float64Array.from({ length: n * dims }, () => rng.int(6) / 2);
}

test("task ranges cover every row once, in order, whatever the size", () => {
  assert.deepEqual(taskRanges(5, 2), [
    [0, 2],
    [2, 4],
    [4, 5],
  ]);
  assert.deepEqual(taskRanges(0, 2), []);
});

test("Euclidean k-NN is identical in-thread and with 1 or 2 workers (self excluded, ties by index)", () => {
  const n = 5000;
  const dims = 3;
  const x = gridPoints(n, dims, 1);
  const direct = knn(x, n, x, n, dims, 4, { excludeSelf: true });
  for (const pool of [null, one, two]) {
    const found = parallelKnn(pool, x, n, x, n, dims, 4, { excludeSelf: true });
    assert.deepEqual(found.indices, direct.indices, `indices, ${pool?.size ?? 0} workers`);
    assert.deepEqual(found.distances, direct.distances, `distances, ${pool?.size ?? 0} workers`);
    assert.equal(found.queryStart, 0);
    assert.equal(found.nQuery, n);
  }
});

test("query and reference tables may differ", () => {
  const q = gridPoints(2500, 2, 2);
  const r = gridPoints(3000, 2, 3);
  const direct = knn(q, 2500, r, 3000, 2, 2);
  assert.deepEqual(parallelKnn(two, q, 2500, r, 3000, 2, 2).indices, direct.indices);
});

test("Gower k-NN is identical in-thread and with 2 workers (the space is refitted in each worker)", () => {
  const n = 2500;
  const rng = Rng.fromSeed(4);
  const age = Float64Array.from({ length: n }, () => 20 + rng.int(60));
  const missing = Uint8Array.from({ length: n }, () => (rng.int(10) === 0 ? 1 : 0));
  const sex = Int32Array.from({ length: n }, () => rng.int(2));
  const table = new Table([
    numericColumn("age", age, { kind: "integer", missing }),
    categoricalColumn("sex", sex, ["F", "M"]),
  ]);
  const space = GowerSpace.fit(table);
  const rows = space.encode(table);
  const direct = space.knn(rows, rows, 5, { excludeSelf: true });
  const found = parallelGowerKnn(two, [table], {}, rows, rows, 5, { excludeSelf: true });
  assert.deepEqual(found.indices, direct.indices);
  assert.deepEqual(found.distances, direct.distances);
});

test("a bad search fails on the main thread with core's message, before any work is sent", () => {
  const x = gridPoints(10, 2, 5);
  assert.throws(() => parallelKnn(two, x, 10, x, 10, 2, 10, { excludeSelf: true }), /k = 10 needs/);
});

test("progress reaches 1 once every range is answered", () => {
  const x = gridPoints(5000, 2, 6);
  const seen: number[] = [];
  parallelKnn(two, x, 5000, x, 5000, 2, 1, { onProgress: (f) => seen.push(f) });
  assert.equal(seen.length, taskRanges(5000).length);
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f, i) => i === 0 || f > seen[i - 1]));
});

test("the avatar run on the pool's search writes the same bytes as its own search", () => {
  const raw = readCsv(readFileSync(new URL("../../../examples/heart.csv", import.meta.url), "utf8"));
  const real = decodeTable(raw, inferMetadata(raw).metadata);
  const params = resolveParams("avatar", avatar.params, { k: 5 });
  const bytes = (search?: ReturnType<typeof poolNeighbourSearch>): string => {
    const model = fitAvatar(real, params, { rng: Rng.fromSeed(9) }, search === undefined ? {} : { search });
    return [...csvChunks(model.sample(real.nRows, { seed: 9 }).table)].join("");
  };
  const own = bytes();
  assert.equal(bytes(poolNeighbourSearch(one)), own);
  assert.equal(bytes(poolNeighbourSearch(two)), own);
});
