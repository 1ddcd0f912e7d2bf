/**
 * Issue #5, target B at the command line: `sosie evaluate --privacy` on 10,000 real training rows,
 * 10,000 holdout rows of diabetes-130-us-hospitals and 10,000 synthetic rows of the `independent`
 * generator fitted on them (the tables of scripts/bench/privacy.ts), written as CSV to a temporary
 * directory. Prints the command's CPU time (every thread, from /usr/bin/time) and wall time. The
 * command evaluates privacy on seeded subsamples of at most 5,000 rows per table (its default);
 * scripts/bench/privacy.ts times every metric on the full 10,000 rows.
 *
 * Run: node --import tsx scripts/bench/evaluate-privacy-cli.ts [--keep]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { csvChunks, fitGenerator, type Table } from "@sosie/core";
import { readCsv } from "../../packages/core/src/io/csv/index.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import { trainHoldoutSplit } from "../../packages/core/src/random/train-holdout-split.ts";
import { decodeTable, inferMetadata } from "../../packages/core/src/schema/index.ts";

const DATA = new URL("../../../shared/datasets/diabetes-130-us-hospitals/data.csv", import.meta.url);
const CLI = new URL("../../packages/cli/bin/sosie.mjs", import.meta.url).pathname;
const N = 10_000;
const SEED = 2024;

const raw = readCsv(readFileSync(DATA), { source: "data.csv" });
const all = decodeTable(raw, inferMetadata(raw).metadata);
const rng = Rng.fromSeed(SEED);
const rows = all.select(
  rng
    .derive("rows")
    .sampleWithoutReplacement(all.nRows, 2 * N)
    .sort(),
);
const split = trainHoldoutSplit(rows.nRows, { holdoutFraction: 0.5, rng: rng.derive("split") });
const real = rows.select(split.train);
const holdout = rows.select(split.holdout);
const synthetic = fitGenerator("independent", real, { seed: SEED }).sample(N, { seed: SEED + 1 }).table;

const dir = mkdtempSync(join(tmpdir(), "sosie-bench-"));
const write = (name: string, t: Table): string => {
  const file = join(dir, name);
  writeFileSync(file, [...csvChunks(t)].join(""));
  return file;
};
const files = {
  real: write("real.csv", real),
  holdout: write("holdout.csv", holdout),
  synthetic: write("synthetic.csv", synthetic),
};
const args = [
  CLI,
  "evaluate",
  "--privacy",
  "--quiet",
  "--real",
  files.real,
  "--holdout",
  files.holdout,
  "--synthetic",
  files.synthetic,
];
args.push("--json", join(dir, "evaluation.json"));
const before = loadavg()[0];
const run = spawnSync("/usr/bin/time", ["-f", "%U %S %e", process.execPath, ...args], { encoding: "utf8" });
const [user, sys, wall] = run.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
console.log(
  `sosie evaluate --privacy, R ${real.nRows} / H ${holdout.nRows} / S ${synthetic.nRows} rows x ${real.nColumns} columns: ` +
    `CPU ${(user + sys).toFixed(1)} s (user ${user.toFixed(1)}, sys ${sys.toFixed(1)}), wall ${wall.toFixed(1)} s, ` +
    `load ${before.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
);
if (process.argv.includes("--keep")) console.log(`files kept in ${dir}`);
else rmSync(dir, { recursive: true });
