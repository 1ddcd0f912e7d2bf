/**
 * Percentile bootstrap intervals (spec §6.1). Each replicate resamples R and S with replacement at
 * their own sizes and recomputes the metric completely (bin edges, level sets and filters
 * included). The streams are derive(seed, metric id, "bootstrap", b) and, below that, one per
 * table, so R is resampled identically whichever synthetic table it is compared with (common
 * random numbers across generators).
 *
 * Two ways to recompute a replicate, with the same draws:
 * - `bootstrapInterval` builds the resampled tables and hands them to the metric (any metric);
 * - `weightedBootstrapInterval` hands the metric the replicate as row weights (how many times each
 *   row was drawn) and the draws themselves, so that a metric can recompute its value from
 *   statistics prepared once (sorted orders, level codes) instead of from new tables. A metric
 *   that does so gives the value it would give on the resampled tables.
 */
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import { quantileType7 } from "./statistics.ts";

/** Share of undefined replicates above which no interval is given. */
const MAX_UNDEFINED_SHARE = 0.1;

export interface BootstrapInterval {
  readonly ci: readonly [number, number] | null;
  /** Why ci is null. */
  readonly reason: string | null;
}

export interface BootstrapRequest {
  readonly metricId: string;
  readonly seed: number | string | bigint;
  readonly replicates: number;
  readonly real: Table;
  readonly synthetic: Table;
  /** The metric's value on one replicate, or null when undefined there. */
  readonly recompute: (real: Table, synthetic: Table) => number | null;
}

/** One bootstrap replicate of (R, S) as draws and row weights. */
export interface Replicate {
  /** Row of R at each position of R* (n_R draws with replacement). */
  readonly realDraws: Int32Array;
  readonly otherDraws: Int32Array;
  /** How many times each row of R was drawn (sums to n_R). */
  readonly real: Float64Array;
  readonly other: Float64Array;
}

function checkReplicates(replicates: number): void {
  if (!(Number.isInteger(replicates) && replicates > 0))
    throw new RangeError(`bootstrap replicates must be a positive integer, got ${replicates}`);
}

/** The replicate streams of a metric: derive(seed, id, "bootstrap", b), then "real" and "synthetic". */
function replicateStream(metricId: string, seed: number | string | bigint, b: number): Rng {
  return Rng.fromSeed(seed).derive(metricId).derive("bootstrap", b);
}

/** n draws with replacement from 0..n-1, in draw order (sampling.ts `bootstrapRows` draws these). */
export function drawRows(n: number, rng: Rng): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = rng.int(n);
  return rows;
}

/** How many times each of n rows occurs in `draws`. */
export function drawCounts(draws: ArrayLike<number>, n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < draws.length; i++) w[draws[i]]++;
  return w;
}

/** The 95 % percentile interval of the kept values, or why there is none. */
export function percentileInterval(kept: readonly number[], replicates: number): BootstrapInterval {
  const undefinedCount = replicates - kept.length;
  if (undefinedCount > MAX_UNDEFINED_SHARE * replicates)
    return { ci: null, reason: `no interval: ${undefinedCount} of ${replicates} bootstrap replicates are undefined` };
  const sorted = Float64Array.from(kept).sort();
  return { ci: [quantileType7(sorted, 0.025), quantileType7(sorted, 0.975)], reason: null };
}

export function bootstrapInterval(request: BootstrapRequest): BootstrapInterval {
  const { replicates } = request;
  checkReplicates(replicates);
  const kept: number[] = [];
  for (let b = 1; b <= replicates; b++) {
    const stream = replicateStream(request.metricId, request.seed, b);
    const value = request.recompute(
      request.real.select(drawRows(request.real.nRows, stream.derive("real"))),
      request.synthetic.select(drawRows(request.synthetic.nRows, stream.derive("synthetic"))),
    );
    if (value !== null) kept.push(value);
  }
  return percentileInterval(kept, replicates);
}

/**
 * Replicate b (1-based) of a metric as draws and weights: the same rows `bootstrapInterval` puts
 * in its resampled tables.
 */
export function bootstrapReplicate(
  metricId: string,
  seed: number | string | bigint,
  b: number,
  nReal: number,
  nOther: number,
): Replicate {
  const stream = replicateStream(metricId, seed, b);
  const realDraws = drawRows(nReal, stream.derive("real"));
  const otherDraws = drawRows(nOther, stream.derive("synthetic"));
  return { realDraws, otherDraws, real: drawCounts(realDraws, nReal), other: drawCounts(otherDraws, nOther) };
}

/**
 * Values of every replicate b = 1..B under `value` (called once per replicate, in order), for
 * metrics that recompute from weights; each entry is null where the replicate is undefined.
 */
export function weightedReplicateValues<V>(
  metricId: string,
  seed: number | string | bigint,
  replicates: number,
  nReal: number,
  nOther: number,
  value: (replicate: Replicate) => V,
): V[] {
  checkReplicates(replicates);
  const out: V[] = [];
  for (let b = 1; b <= replicates; b++) out.push(value(bootstrapReplicate(metricId, seed, b, nReal, nOther)));
  return out;
}

/** `bootstrapInterval` for a metric that recomputes its value from replicate weights. */
export function weightedBootstrapInterval(
  metricId: string,
  seed: number | string | bigint,
  replicates: number,
  nReal: number,
  nOther: number,
  value: (replicate: Replicate) => number | null,
): BootstrapInterval {
  const values = weightedReplicateValues(metricId, seed, replicates, nReal, nOther, value);
  return percentileInterval(
    values.filter((v): v is number => v !== null),
    replicates,
  );
}
