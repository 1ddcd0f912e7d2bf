/**
 * Benchmark of the cart generator: fit + sample of as many rows as R on heart (303 x 14) and
 * diabetes-10k (10,000 x 48) from ../shared/bench/peer-outputs, default parameters, median of 3
 * runs, with the SDMetrics-compatible quality of each run's output. `diabetes-full` is the whole
 * diabetes-130 table (101,766 x 50, ../shared/datasets, loaded as the CLI does): one run, no
 * quality (the quality score's pair tables are not what is measured there).
 * Run: node --import tsx scripts/bench/cart.ts [heart | diabetes-10k | diabetes-full ...]
 */
import { fitGenerator } from "../../packages/core/src/generators/registry.ts";
import { qualityScore } from "../../packages/core/src/metrics/utility/quality.ts";
import { loadPeerTable } from "../../packages/core/test/peer-tables.ts";
import { loadTable } from "../../packages/core/test/datasets.ts";

const FULL = "diabetes-full";

const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const datasets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["heart", "diabetes-10k"];
for (const dataset of datasets) {
  const full = dataset === FULL;
  const real = full ? loadTable("diabetes-130-us-hospitals/data.csv") : loadPeerTable(`peer-outputs/${dataset}`);
  const runs = full ? 1 : RUNS;
  const fitMs: number[] = [];
  const sampleMs: number[] = [];
  const cpuMs: number[] = [];
  const quality: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const model = fitGenerator("cart", real, { seed: run + 1 });
    const t1 = performance.now();
    const synthetic = model.sample(real.nRows, { seed: run + 101 }).table;
    const t2 = performance.now();
    const used = process.cpuUsage(cpu);
    fitMs.push(t1 - t0);
    sampleMs.push(t2 - t1);
    cpuMs.push((used.user + used.system) / 1000);
    if (full) continue;
    const [q] = qualityScore.compute({ real, synthetic }, { variant: "sdmetrics", bootstrap: 0 });
    quality.push(q.value ?? NaN);
  }
  const total = fitMs.map((f, i) => f + sampleMs[i]);
  console.log(
    `cart ${dataset} (${real.nRows} x ${real.nColumns}): fit ${median(fitMs).toFixed(0)} ms, sample ${median(sampleMs).toFixed(0)} ms, ` +
      `fit + sample ${median(total).toFixed(0)} ms (cpu ${median(cpuMs).toFixed(0)} ms), median of ${runs}` +
      (full ? "" : `; quality (sdmetrics) ${quality.map((q) => q.toFixed(4)).join(" ")}`),
  );
}
