/**
 * A/B of histogram bundling on the model TSTR fits for issue #4's utility evaluation: the fast
 * profile's multiclass model of `readmitted` on 10,000 rows of diabetes-130-us-hospitals,
 * encoded as the learned metrics encode it (one-hot up to 32 levels, ranks above). Fits with and
 * without bundling alternate in one process (the machine is shared: compare within a run), and
 * the holdout AUCs of both are printed.
 * Run: node --import tsx scripts/bench/gbt-bundling.ts [pairs]
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fitGbt } from "../../packages/core/src/learn/gbt.ts";
import { readCsv } from "../../packages/core/src/io/csv/index.ts";
import {
  encodeDataset,
  FAST_SETTINGS,
  featureColumns,
  fitFeatureEncoder,
  scoreOnTest,
  targetSpecOf,
} from "../../packages/core/src/metrics/utility/learning-protocol.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import { decodeTable, inferMetadata } from "../../packages/core/src/schema/index.ts";

const DATA = new URL("../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url);
const raw = readCsv(readFileSync(DATA), { source: "data.csv" });
const table = decodeTable(raw, inferMetadata(raw).metadata);
const rows = Rng.fromSeed(2024).derive("rows").sampleWithoutReplacement(table.nRows, 20_000);
const train = table.select(rows.slice(0, 10_000).sort());
const test = table.select(rows.slice(10_000).sort());
const target = targetSpecOf(train, "readmitted");
const encoder = fitFeatureEncoder(train, featureColumns(train, "readmitted"), { variant: "sosie", maxOneHot: 32 });
const { data } = encodeDataset(train, encoder, target);
const { data: holdout } = encodeDataset(test, encoder, target);
const pairs = Number(process.argv[2] ?? 2);
console.log(
  `${data.nRows} rows x ${data.features.length} features, ${target.kind === "classification" ? target.classes.length : 0} classes`,
);
for (let p = 0; p < pairs; p++)
  for (const bundling of process.env.AB === "on" ? [true] : [true, false]) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const model = fitGbt(data, { ...FAST_SETTINGS, bundling }, Rng.fromSeed(7).derive("refit"));
    const used = process.cpuUsage(cpu);
    const auc = scoreOnTest(model, holdout).score;
    console.log(
      `bundling ${String(bundling).padEnd(5)} ${((used.user + used.system) / 1e6).toFixed(2)} s CPU ` +
        `${((performance.now() - start) / 1000).toFixed(2)} s wall  AUC ${auc.toFixed(6)}  load ${loadavg()[0].toFixed(2)}`,
    );
  }
