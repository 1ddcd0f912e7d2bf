/**
 * Speed of the pool on the exact k-NN search: n × n, k neighbours, `dims` dimensions of uniform
 * coordinates, in-thread and with 1 and 2 workers (start-up timed apart). Checks that every run
 * finds the same neighbours.
 *
 *   node --import tsx packages/cli/src/workers/bench-knn.ts [n=50000] [dims=5] [k=5]
 */
import { Rng } from "@sosie/core";
import { WorkerPool } from "./pool.ts";
import { parallelKnn } from "./parallel-knn.ts";

const [n, dims, k] = [50_000, 5, 5].map((fallback, i) => Number(process.argv[2 + i] ?? fallback));
const rng = Rng.fromSeed(1);
const x = Float64Array.from({ length: n * dims }, () => rng.next());

function timed<T>(label: string, work: () => T): T {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(cpu);
  console.log(
    `${label}: ${((performance.now() - wall) / 1000).toFixed(2)} s wall, process CPU (all threads) ${((used.user + used.system) / 1e6).toFixed(2)} s`,
  );
  return result;
}

const reference = timed(`in-thread ${n} x ${n}, ${dims} dims, k = ${k}`, () =>
  parallelKnn(null, x, n, x, n, dims, k, { excludeSelf: true }),
);
for (const size of [1, 2]) {
  const pool = WorkerPool.start(size);
  try {
    // A tiny search waits for the workers to load, so start-up is not counted in the search.
    timed(`  start ${size} worker(s)`, () => parallelKnn(pool, x, 2, x, n, dims, 1));
    const found = timed(`${size} worker(s)`, () => parallelKnn(pool, x, n, x, n, dims, k, { excludeSelf: true }));
    const same =
      found.indices.every((v, i) => v === reference.indices[i]) &&
      found.distances.every((v, i) => v === reference.distances[i]);
    console.log(`  same neighbours as in-thread: ${same}`);
  } finally {
    await pool.close();
  }
}
