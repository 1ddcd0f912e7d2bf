/**
 * Percentile bootstrap intervals (spec §6.1). Each replicate resamples R and S with replacement at
 * their own sizes and recomputes the metric completely (bin edges, level sets and filters
 * included). The streams are derive(seed, metric id, "bootstrap", b) and, below that, one per
 * table, so R is resampled identically whichever synthetic table it is compared with (common
 * random numbers across generators).
 */
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import { bootstrapRows } from "./sampling.ts";
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

export function bootstrapInterval(request: BootstrapRequest): BootstrapInterval {
  const { replicates } = request;
  if (!(Number.isInteger(replicates) && replicates > 0))
    throw new RangeError(`bootstrap replicates must be a positive integer, got ${replicates}`);
  const metricStream = Rng.fromSeed(request.seed).derive(request.metricId);
  const kept: number[] = [];
  for (let b = 1; b <= replicates; b++) {
    const stream = metricStream.derive("bootstrap", b);
    const value = request.recompute(
      bootstrapRows(request.real, stream.derive("real")),
      bootstrapRows(request.synthetic, stream.derive("synthetic")),
    );
    if (value !== null) kept.push(value);
  }
  const undefinedCount = replicates - kept.length;
  if (undefinedCount > MAX_UNDEFINED_SHARE * replicates)
    return { ci: null, reason: `no interval: ${undefinedCount} of ${replicates} bootstrap replicates are undefined` };
  const sorted = Float64Array.from(kept).sort();
  return { ci: [quantileType7(sorted, 0.025), quantileType7(sorted, 0.975)], reason: null };
}
