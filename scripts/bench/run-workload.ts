/**
 * One measured run of one workload (dataset × generator), in a fresh process so that its peak
 * memory is its own: read the CSV, split, fit, sample as many rows as train, and optionally
 * evaluate. Prints one JSON line (RunRecord) on stdout, last; the parent (scripts/bench.ts) reads it.
 * Run: node --import tsx scripts/bench/run-workload.ts '{"dataset":"heart","method":"cart","seed":1,"evaluate":true}'
 */
import { fitGenerator } from "../../packages/core/src/generators/registry.ts";
import { splitInput } from "../../packages/core/src/pipeline/split.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import type { Table } from "../../packages/core/src/table/table.ts";
import { evaluatePrivacy, evaluateUtility, type PrivacyFigures, type UtilityFigures } from "./evaluation.ts";
import { peakRssMb, timed, type Timing } from "./measure.ts";
import { HOLDOUT_FRACTION, getDataset } from "./workloads.ts";

export interface RunRequest {
  readonly dataset: string;
  readonly method: string;
  readonly seed: number;
  readonly evaluate: boolean;
}

export interface RunRecord {
  readonly dataset: string;
  readonly method: string;
  readonly seed: number;
  readonly rows: {
    readonly train: number;
    readonly holdout: number | null;
    readonly columns: number;
    readonly synthetic: number;
  };
  /** Reading the CSV file(s) and decoding them into typed columns. */
  readonly read: Timing;
  readonly fit: Timing;
  readonly sample: Timing;
  /** Peak RSS after sampling (read, fit and sample), and at the end (evaluation included). */
  readonly peak_rss_mb: number;
  readonly peak_rss_with_evaluation_mb: number;
  readonly utility?: { readonly timing: Timing; readonly figures: UtilityFigures };
  readonly privacy?: { readonly timing: Timing; readonly figures: PrivacyFigures };
}

export const RECORD_PREFIX = "BENCH-RECORD ";

/** The sample seed of a bench run: derived from the run's seed and the method, so methods draw apart. */
export function benchSampleSeed(seed: number, method: string): string {
  return String(Rng.fromSeed(seed).derive(`sample:${method}`).key);
}

export function runWorkload(request: RunRequest): RunRecord {
  const spec = getDataset(request.dataset);
  const read = timed(() => spec.load());
  let train: Table = read.value.table;
  let holdout: Table | undefined = read.value.holdout;
  if (spec.split.kind === "fraction") {
    const split = splitInput(train, HOLDOUT_FRACTION, Rng.fromSeed(request.seed).derive("split"), spec.target.column);
    train = split.train;
    holdout = split.holdout;
  }
  const fit = timed(() => fitGenerator(request.method, train, { seed: request.seed, target: spec.target.column }));
  const sampleSeed = benchSampleSeed(request.seed, request.method);
  const sample = timed(() => fit.value.sample(train.nRows, { seed: sampleSeed }));
  const synthetic = sample.value.table;
  const peak = peakRssMb();
  const utility = request.evaluate ? evaluateUtility(train, synthetic, holdout, spec.target, request.seed) : undefined;
  const privacy = request.evaluate ? evaluatePrivacy(train, synthetic, holdout, request.seed) : undefined;
  return {
    dataset: request.dataset,
    method: request.method,
    seed: request.seed,
    rows: { train: train.nRows, holdout: holdout?.nRows ?? null, columns: train.nColumns, synthetic: synthetic.nRows },
    read: read.timing,
    fit: fit.timing,
    sample: sample.timing,
    peak_rss_mb: peak,
    peak_rss_with_evaluation_mb: peakRssMb(),
    ...(utility === undefined ? {} : { utility }),
    ...(privacy === undefined ? {} : { privacy }),
  };
}

// Entry point when run as the child process.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const request = JSON.parse(process.argv[2] ?? "{}") as RunRequest;
  const record = runWorkload(request);
  process.stdout.write(`${RECORD_PREFIX}${JSON.stringify(record)}\n`);
}
