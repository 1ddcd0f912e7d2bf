/**
 * Issue #5, target A: DCR + NNDR (the exact Gower 2-NN, sosie rules, ranges fitted on R) of
 * 100,000 synthetic rows against 100,000 real rows of diabetes-130-us-hospitals, every modelled
 * column. R: 100,000 seeded rows of the file; S: 100,000 rows of the `independent` generator
 * fitted on R (its rows sit far from R, so the bound prunes less than on a good generator's).
 * Also R → R without self (the closest-other-original search).
 *
 * Runs the search in this thread and on a pool of 1 and 2 workers, checks that every run finds
 * the same neighbours, and prints CPU time (this process, every thread) and wall time. With
 * `--brute N`, also times the plain scan on the first N queries (extrapolated to 100k, per pair).
 *
 * Run: node --import tsx scripts/bench/gower-100k.ts [--rows 100000] [--brute 1000] [--pools 1,2] [--skip-in-thread]
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { GowerSpace, type Neighbors, closestDistances, fitGenerator, mixedKnnBrute } from "@sosie/core";
import { WorkerPool } from "../../packages/cli/src/workers/pool.ts";
import { parallelGowerKnn } from "../../packages/cli/src/workers/parallel-knn.ts";
import { readCsv } from "../../packages/core/src/io/csv/index.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import { decodeTable, inferMetadata } from "../../packages/core/src/schema/index.ts";
import { timed } from "./measure.ts";

const DATA = new URL("../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url);
const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const N = option("--rows", 100_000);
const BRUTE = option("--brute", 0);
const at = args.indexOf("--pools");
const POOLS = at >= 0 ? args[at + 1].split(",").map(Number) : [1, 2];
const SEED = 2024;

const load = (label: string) =>
  `${label} (load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")})`;
const raw = readCsv(readFileSync(DATA), { source: "data.csv" });
const all = decodeTable(raw, inferMetadata(raw).metadata);
const modelled = all.drop(all.columns.filter((c) => c.kind === "identifier").map((c) => c.name));
const real = modelled.select(Rng.fromSeed(SEED).derive("rows").sampleWithoutReplacement(modelled.nRows, N).sort());
const synthetic = fitGenerator("independent", real, { seed: SEED }).sample(N, { seed: SEED + 1 }).table;
const space = GowerSpace.fit(real);
const R = space.encode(real);
const S = space.encode(synthetic);
console.log(`diabetes-130-us-hospitals: R ${R.n} x ${R.p} columns, S ${S.n} (independent); Gower 2-NN (DCR + NNDR)`);

function report(label: string, nQuery: number, timing: { cpu_s: number; wall_s: number }): void {
  const ns = (timing.cpu_s * 1e9) / (nQuery * R.n);
  console.log(
    `${load(label).padEnd(62)} cpu ${timing.cpu_s.toFixed(1).padStart(6)} s  wall ${timing.wall_s.toFixed(1).padStart(6)} s  ${ns.toFixed(2)} ns/pair (CPU)`,
  );
}

function same(a: Neighbors, b: Neighbors): boolean {
  return a.indices.every((v, i) => v === b.indices[i]) && a.distances.every((v, i) => v === b.distances[i]);
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const searches = [
  { name: "S → R", query: S, excludeSelf: false },
  { name: "R → R (self excluded)", query: R, excludeSelf: true },
];
for (const { name, query, excludeSelf } of searches) {
  let reference: Neighbors | undefined;
  if (!args.includes("--skip-in-thread")) {
    const run = timed(() => parallelGowerKnn(null, [real], {}, query, R, 2, { excludeSelf }));
    report(`${name}: in-thread`, query.n, run.timing);
    reference = run.value;
  }
  for (const size of POOLS) {
    const pool = WorkerPool.start(size);
    try {
      // A tiny search waits for the workers to load, so start-up is not counted.
      const tiny = { ...query, n: 2 };
      timed(() => parallelGowerKnn(pool, [real], {}, tiny, R, 2));
      const run = timed(() => parallelGowerKnn(pool, [real], {}, query, R, 2, { excludeSelf }));
      report(`${name}: ${size} worker(s)`, query.n, run.timing);
      if (reference === undefined) reference = run.value;
      else console.log(`  same neighbours and distances as in-thread: ${same(reference, run.value)}`);
    } finally {
      await pool.close();
    }
  }
  if (reference !== undefined) {
    const { d1, d2 } = closestDistances(reference);
    const ratio = d1.map((d, i) => (d2[i] === 0 ? 1 : d / d2[i]));
    console.log(`  median DCR ${median(d1).toFixed(4)}, median NNDR ${median(ratio).toFixed(4)}`);
  }
  if (BRUTE > 0) {
    const rules = (space as unknown as { rules: Parameters<typeof mixedKnnBrute>[0] }).rules;
    const run = timed(() => mixedKnnBrute(rules, query, R, 2, { excludeSelf, queryStart: 0, queryEnd: BRUTE }));
    report(`${name}: plain scan, first ${BRUTE} queries`, BRUTE, run.timing);
    if (reference !== undefined) {
      const head = {
        ...reference,
        nQuery: BRUTE,
        indices: reference.indices.subarray(0, 2 * BRUTE),
        distances: reference.distances.subarray(0, 2 * BRUTE),
      };
      console.log(`  same as the plain scan on those queries: ${same(run.value, head)}`);
    }
  }
}
