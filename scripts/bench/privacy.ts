/**
 * Benchmark of the default privacy evaluation: 10,000 real training rows (R) and 10,000 holdout
 * rows (H) of diabetes-130-us-hospitals, 10,000 synthetic rows (S) from the `independent`
 * generator fitted on R, and every registered privacy metric with its default options, in
 * registry order (as an evaluation runs them: later metrics reuse the searches of earlier ones).
 * Prints CPU and wall time per metric and in total; on a shared machine CPU time is the figure
 * to compare. The budget for the whole evaluation is 60 s. Loading and generating is not timed.
 *
 * Run: node --import tsx scripts/bench/privacy.ts [--workers N] [--out results.json] [metric-id ...]
 * `--out` writes every result record (values, intervals, notes), to compare two versions.
 * `--workers N` runs the big neighbour searches on a pool of N worker threads, as `sosie evaluate`
 * does (pool start-up, about a second per worker, is timed apart); CPU time then counts every
 * thread of the process.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { poolNeighbourEngine } from "../../packages/cli/src/workers/engine.ts";
import { WorkerPool } from "../../packages/cli/src/workers/pool.ts";
import { withNeighbourEngine } from "../../packages/core/src/neighbors/engine.ts";
import { fitGenerator } from "../../packages/core/src/generators/registry.ts";
import { readCsv } from "../../packages/core/src/io/csv/index.ts";
import { listMetrics } from "../../packages/core/src/metrics/registry.ts";
import type { MetricResult } from "../../packages/core/src/metrics/types.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import { trainHoldoutSplit } from "../../packages/core/src/random/train-holdout-split.ts";
import { decodeTable, inferMetadata } from "../../packages/core/src/schema/index.ts";

const DATA = new URL("../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url);
const N = 10_000;
const BUDGET_SECONDS = 60;
const SEED = 2024;

const args = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const outFile = valueOf("--out");
const workers = Number(valueOf("--workers") ?? 0);
const wanted = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));

const loadStart = performance.now();
const raw = readCsv(readFileSync(DATA), { source: "data.csv" });
const all = decodeTable(raw, inferMetadata(raw).metadata);
const rng = Rng.fromSeed(SEED);
const pool = all.select(
  rng
    .derive("rows")
    .sampleWithoutReplacement(all.nRows, 2 * N)
    .sort(),
);
const split = trainHoldoutSplit(pool.nRows, { holdoutFraction: 0.5, rng: rng.derive("split") });
const real = pool.select(split.train);
const holdout = pool.select(split.holdout);
const synthetic = fitGenerator("independent", real, { seed: SEED }).sample(N, { seed: SEED + 1 }).table;
console.log(
  `diabetes-130-us-hospitals: R ${real.nRows}, H ${holdout.nRows}, S ${synthetic.nRows} (independent) x ${real.nColumns} columns; ` +
    `load + split + generate ${((performance.now() - loadStart) / 1000).toFixed(1)} s (not timed)`,
);

function summary(results: readonly MetricResult[]): string {
  const main = results[0];
  if (main === undefined) return "no result";
  if (main.status !== "ok") return `undefined: ${main.reason ?? ""}`.slice(0, 70);
  const value = main.value === null ? "null" : main.value.toPrecision(6);
  return `${main.submetric} ${value}${main.ci === null ? "" : ` [${main.ci[0].toPrecision(4)}, ${main.ci[1].toPrecision(4)}]`}`;
}

let workerPool: WorkerPool | null = null;
if (workers > 0) {
  const start = performance.now();
  workerPool = WorkerPool.start(workers);
  // A tiny search waits for the workers to load.
  poolNeighbourEngine(workerPool).euclideanKnn(new Float64Array(2), 2, new Float64Array(2), 2, 1, 1, false);
  console.log(`${workers} worker(s) started in ${((performance.now() - start) / 1000).toFixed(1)} s (not timed)`);
}
const engine = workerPool === null ? null : poolNeighbourEngine(workerPool);

const metrics = listMetrics("privacy").filter((m) => wanted.length === 0 || wanted.includes(m.id));
const rows: [string, number, number, string][] = [];
const records: MetricResult[] = [];
let totalWall = 0;
let totalCpu = 0;
for (const metric of metrics) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const results = withNeighbourEngine(engine, () => metric.compute({ real, synthetic, holdout }, { seed: SEED }));
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  totalWall += wall;
  totalCpu += cpuSeconds;
  records.push(...results);
  rows.push([metric.id, wall, cpuSeconds, summary(results)]);
  console.log(
    `  ${metric.id.padEnd(34)} ${cpuSeconds.toFixed(2).padStart(7)} s CPU ${wall.toFixed(2).padStart(7)} s wall  ${summary(results)}`,
  );
}
console.log(`\n| metric | CPU s | wall s | value |\n|---|---:|---:|---|`);
for (const [id, wall, cpu, value] of rows) console.log(`| ${id} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} | ${value} |`);
console.log(`| **total** | ${totalCpu.toFixed(2)} | ${totalWall.toFixed(2)} | budget ${BUDGET_SECONDS} s |`);
console.log(
  `workers: ${workers}; load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(", ")}`,
);
await workerPool?.close();
if (outFile !== undefined) writeFileSync(outFile, JSON.stringify(records, null, 1));
