/**
 * The bench's results file (bench/results/*.json), format "sosie-bench/1": one aggregated record
 * per workload (dataset × generator), the peer comparisons and the machine and commit they came from.
 */
import type { Timing } from "./measure.ts";
import type { PrivacyFigures, UtilityFigures } from "./evaluation.ts";
import type { RunRecord } from "./run-workload.ts";
import type { FrontierBench } from "./frontier.ts";

/** Medians over the measured runs (wall and CPU separately). */
export interface TimingSummary {
  readonly wall_s: number;
  readonly cpu_s: number;
  readonly runs: number;
}

export interface LoadSummary {
  /** 1-minute load average sampled before and after each child process. */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

export interface WorkloadResult {
  readonly dataset: string;
  readonly method: string;
  readonly status: "ok" | "failed" | "timeout";
  /** Why it failed (the child's last error line), or null. */
  readonly error: string | null;
  readonly rows: RunRecord["rows"] | null;
  readonly read: TimingSummary | null;
  readonly fit: TimingSummary | null;
  readonly sample: TimingSummary | null;
  /** Median over runs of the peak RSS after sampling (read, fit and sample), MB. */
  readonly peak_rss_mb: number | null;
  readonly peak_rss_with_evaluation_mb: number | null;
  readonly utility_evaluation: TimingSummary | null;
  readonly privacy_evaluation: TimingSummary | null;
  /** From the first evaluated run (the seed is fixed, so every run draws the same table). */
  readonly utility: UtilityFigures | null;
  readonly privacy: PrivacyFigures | null;
  /** Whole child processes, start-up included (median). */
  readonly process_wall_s: number | null;
  readonly load: LoadSummary;
  readonly runs: readonly RunRecord[];
}

export interface Machine {
  readonly cores: number;
  readonly cpu_model: string;
  readonly memory_gib: number;
  readonly node: string;
  readonly platform: string;
}

export interface PeerComparison {
  readonly dataset: string;
  readonly method: string;
  readonly peer: string;
  readonly rows: number;
  /** Sosie / peer; null when one side lacks the figure. Times are wall seconds on both sides. */
  readonly ratios: {
    readonly fit: number | null;
    readonly sample: number | null;
    readonly fit_sample: number | null;
    readonly peak_rss: number | null;
    readonly quality: number | null;
    readonly quality_all_pairs: number | null;
  };
  /** The figures behind the ratios: Sosie's medians (wall) and the peer's. */
  readonly sosie: ComparedFigures;
  readonly peer_figures: ComparedFigures;
  /** "slower", "more memory", "lower quality" ... */
  readonly flags: readonly string[];
  /** Peer facts worth stating beside the ratio (did not finish, measured loaded, epochs). */
  readonly notes: readonly string[];
}

export interface ComparedFigures {
  readonly fit_sample_s: number | null;
  readonly peak_rss_mb: number | null;
  readonly quality: number | null;
  readonly quality_all_pairs: number | null;
}

export interface BenchResults {
  readonly format: "sosie-bench/1";
  readonly generated_utc: string;
  /** HEAD when the run started; end_sha when another commit landed during the run. */
  readonly commit: { readonly sha: string; readonly dirty: boolean; readonly end_sha?: string };
  readonly command: string;
  readonly machine: Machine;
  readonly settings: {
    readonly quick: boolean;
    readonly runs: number;
    readonly warmup: number;
    readonly seed: number;
    /** Above this many training rows only the first measured run evaluates. */
    readonly evaluate_every_run_max_rows: number;
    readonly child_timeout_s: number;
    readonly max_minutes: number | null;
  };
  readonly load: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly duration_s: number;
  readonly datasets: readonly {
    readonly id: string;
    readonly title: string;
    readonly source: string;
    readonly target: string;
  }[];
  readonly workloads: readonly WorkloadResult[];
  /** Workloads planned but not run, with why. */
  readonly skipped: readonly { readonly dataset: string; readonly method: string; readonly reason: string }[];
  readonly peers: readonly PeerComparison[];
  readonly privacy_peers: boolean;
  /** The privacy frontier on the privacy-peers splits (--privacy-peers), when it ran. */
  readonly frontier?: FrontierBench;
}

export type { Timing };
