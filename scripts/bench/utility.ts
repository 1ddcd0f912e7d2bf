/**
 * Benchmark of the default utility evaluation (issue #4's speed target): 10,000 real training
 * rows (R) and 10,000 holdout rows (H) from a seeded split of diabetes-130-us-hospitals, 10,000
 * synthetic rows (S) from a generator fitted on R, and the default utility metrics (those
 * `sosie evaluate --utility --target readmitted` plans) with their spec defaults: target
 * `readmitted` for the learned metrics, B = 200 bootstrap replicates for every metric with a
 * percentile interval. Prints CPU and wall time per metric and in total, with the load average.
 * The budget for the whole evaluation is 30 s. Loading, decoding and generating are not timed.
 *
 * Run: node --import tsx scripts/bench/utility.ts [--generator name] [--all] [--pipeline] [--bootstrap B] [--workers N] [metric-id ...]
 *   --generator  the generator of S (default gaussian-copula)
 *   --all        every registered utility metric, the opt-in ones included (pmse, cross learning)
 *   --pipeline   the evaluation `sosie evaluate --utility` runs: the pipeline's plan (its bootstrap
 *                replicates on its headline metrics only, its row caps) through evaluationTasks
 *   --bootstrap  replicates of the percentile intervals (default: each metric's own, 200)
 *   --workers    fit the learned metrics' models on N threads, this one and N - 1 workers (the
 *                CLI's learn pool, as `sosie evaluate` does); default 1: in this thread. CPU time
 *                counts every thread of the process (process.cpuUsage), the workers' included.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fitGenerator } from "../../packages/core/src/generators/registry.ts";
import { readCsv } from "../../packages/core/src/io/csv/index.ts";
import { computeMetric, listMetrics } from "../../packages/core/src/metrics/registry.ts";
import type { MetricResult } from "../../packages/core/src/metrics/types.ts";
import { defaultUtilityMetrics } from "../../packages/core/src/pipeline/default-metrics.ts";
import { evaluationPlan, evaluationTasks } from "../../packages/core/src/pipeline/evaluate.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import { trainHoldoutSplit } from "../../packages/core/src/random/train-holdout-split.ts";
import { withLearnEngine } from "../../packages/core/src/learn/engine.ts";
import { decodeTable, inferMetadata } from "../../packages/core/src/schema/index.ts";
import { startLearnPool } from "../../packages/cli/src/workers/learn-pool.ts";

const DATA = new URL("../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url);
const N = 10_000;
const TARGET = "readmitted";
const BUDGET_SECONDS = 30;
const SEED = 2024;

const args = process.argv.slice(2);
function flag(name: string): string | undefined {
  const k = args.indexOf(name);
  if (k < 0) return undefined;
  const value = args[k + 1];
  args.splice(k, 2);
  return value;
}
const generator = flag("--generator") ?? "gaussian-copula";
const bootstrapText = flag("--bootstrap");
const workers = Number(flag("--workers") ?? "1");
if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError("--workers must be a positive integer");
const all = args.includes("--all");
const pipeline = args.includes("--pipeline");
const wanted = args.filter((a) => a !== "--all" && a !== "--pipeline");

const loadStart = performance.now();
const raw = readCsv(readFileSync(DATA), { source: "data.csv" });
const table = decodeTable(raw, inferMetadata(raw).metadata);
const rng = Rng.fromSeed(SEED);
const pool = table.select(
  rng
    .derive("rows")
    .sampleWithoutReplacement(table.nRows, 2 * N)
    .sort(),
);
const split = trainHoldoutSplit(pool.nRows, { holdoutFraction: 0.5, rng: rng.derive("split") });
const real = pool.select(split.train);
const holdout = pool.select(split.holdout);
const synthetic = fitGenerator(generator, real, { seed: SEED }).sample(N, { seed: SEED + 1 }).table;
console.log(
  `diabetes-130-us-hospitals: R ${real.nRows}, H ${holdout.nRows}, S ${synthetic.nRows} (${generator}) x ${real.nColumns} columns; ` +
    `load + split + generate ${((performance.now() - loadStart) / 1000).toFixed(1)} s (not timed)`,
);

function summary(results: readonly MetricResult[]): string {
  const main = results[0];
  if (main === undefined) return "no result";
  if (main.status !== "ok") return `undefined: ${main.reason ?? ""}`.slice(0, 70);
  const value = main.value === null ? "null" : main.value.toPrecision(4);
  return `${main.submetric} ${value}${main.ci === null ? "" : ` [${main.ci[0].toPrecision(3)}, ${main.ci[1].toPrecision(3)}]`}`;
}

const planned = all ? listMetrics("utility").map((m) => m.id) : defaultUtilityMetrics(TARGET);
const ids = planned.filter((id) => wanted.length === 0 || wanted.includes(id));
const options = {
  seed: SEED,
  target: TARGET,
  ...(bootstrapText === undefined ? {} : { bootstrap: Number(bootstrapText) }),
};
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(", ");
const loadBefore = loadavg();
const rows: [string, number, number, string][] = [];
let totalWall = 0;
let totalCpu = 0;
const plan = evaluationPlan(real.nRows, {
  seed: SEED,
  target: TARGET,
  metrics: ids,
  ...(bootstrapText === undefined ? {} : { bootstrap: Number(bootstrapText) }),
});
const tasks = new Map(evaluationTasks({ real, synthetic, holdout }, plan).tasks.map((t) => [t.id, t]));
if (pipeline)
  console.log(`pipeline plan: bootstrap ${plan.bootstrap} on its headline metrics, maxRows ${plan.maxRows}`);
// Started before the timings, as the CLI starts it before the evaluation: its workers load core meanwhile.
const learnPool = startLearnPool(real.nRows, true, workers);
if (learnPool.engine !== null) console.log(`model fits on ${learnPool.threads} threads`);
for (const id of ids) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const results = withLearnEngine(learnPool.engine, () =>
    pipeline ? tasks.get(id)!.run() : computeMetric(id, { real, synthetic, holdout }, options),
  );
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  totalWall += wall;
  totalCpu += cpuSeconds;
  rows.push([id, wall, cpuSeconds, summary(results)]);
  console.log(
    `  ${id.padEnd(32)} ${wall.toFixed(2).padStart(7)} s wall ${cpuSeconds.toFixed(2).padStart(7)} s CPU  ${summary(results)}`,
  );
}
console.log(`\n| metric | wall s | CPU s | value |\n|---|---:|---:|---|`);
for (const [id, wall, cpu, value] of rows) console.log(`| ${id} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${value} |`);
console.log(`| **total** | ${totalWall.toFixed(2)} | ${totalCpu.toFixed(2)} | budget ${BUDGET_SECONDS} s |`);
console.log(`load average before ${load(loadBefore)}, after ${load(loadavg())}`);
await learnPool.close();
