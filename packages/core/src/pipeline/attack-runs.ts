/**
 * Membership attacks averaged over generator refits (privacy spec §5.1: "when the generator can be
 * refitted cheaply, repeat over ≥ 5 generator seeds and report mean ± sd").
 *
 * One attack on one synthetic sample is a noisy figure on a small table: on heart-failure's 90
 * holdout rows (45 candidates a side) the copula's AUCs ranged from 0.42 to 0.66 over ten seeds
 * (mean 0.54), and with about fifteen decisive membership tests, one of them crossed its threshold
 * on half the seeds, so `sosie run` recommended nothing there. Each extra run refits the generator
 * with its own seed, samples, and attacks with its own candidate draw (the other large source of
 * variance); the verdict then reads the mean. The interval is the mean of the runs' intervals: the
 * runs share the training rows, so it is kept as wide as one run's rather than narrowed by √runs.
 */
import type { MetricDetail, MetricResult } from "../metrics/types.ts";
import { MEMBERSHIP_ATTACKS } from "../metrics/privacy/verdict.ts";
import { SosieOptionError } from "../errors.ts";
import { meanAndSd } from "../metrics/utility/statistics.ts";

/** Up to this many training rows, refitting every generator is cheap (well under a second or two each). */
export const ATTACK_RUNS_MAX_ROWS = 5_000;

/** Runs per membership attack by default: 5 (the spec's minimum) on tables up to ATTACK_RUNS_MAX_ROWS rows, else 1. */
export function defaultAttackRuns(trainRows: number): number {
  return trainRows <= ATTACK_RUNS_MAX_ROWS ? 5 : 1;
}

/** The number of runs asked for, checked: a whole number from 1 (no refit) to 50. */
export function checkAttackRuns(value: number): number {
  if (!(Number.isInteger(value) && value >= 1 && value <= 50))
    throw new SosieOptionError(`attack runs must be a whole number from 1 to 50, got ${String(value)}`);
  return value;
}

const MIA_IDS: ReadonlySet<string> = new Set(MEMBERSHIP_ATTACKS);

/** Whether a membership attack could run on this evaluation (a refit is pointless otherwise). */
export function hasMembershipResults(privacy: readonly MetricResult[]): boolean {
  return privacy.some((r) => MIA_IDS.has(r.id) && r.value !== null);
}

/** The membership attacks among metric ids. */
export function membershipMetricIds(ids: readonly string[]): string[] {
  return ids.filter((id) => MIA_IDS.has(id));
}

/** Keeps the membership attacks' records of an evaluation. */
export function membershipRecords(privacy: readonly MetricResult[]): MetricResult[] {
  return privacy.filter((r) => MIA_IDS.has(r.id));
}

const keyOf = (r: MetricResult): string => `${r.id}\u0000${r.submetric}\u0000${r.variant}`;

/**
 * The records of the first run, with each membership attack's value replaced by its mean over
 * the runs where it is defined and its interval by the mean of their intervals. Other records,
 * and the first run's ROC points, are kept as they are (the ROC shown is the released output's).
 */
export function averageOverRuns(
  first: readonly MetricResult[],
  others: readonly (readonly MetricResult[])[],
): MetricResult[] {
  if (others.length === 0) return [...first];
  const byKey = others.map((run) => new Map(run.map((r) => [keyOf(r), r])));
  return first.map((record) => {
    if (!MIA_IDS.has(record.id) || record.value === null) return record;
    const runs = [record, ...byKey.map((m) => m.get(keyOf(record)))].filter(
      (r): r is MetricResult => r !== undefined && r.value !== null,
    );
    const values = runs.map((r) => r.value as number);
    const { mean, sd } = meanAndSd(values);
    const intervals = runs.map((r) => r.ci);
    const ci: readonly [number, number] | null = intervals.every((c) => c !== null)
      ? [
          intervals.reduce((a, c) => a + c![0], 0) / intervals.length,
          intervals.reduce((a, c) => a + c![1], 0) / intervals.length,
        ]
      : null;
    const spread: MetricDetail = {
      columns: [],
      measure: "runs-sd",
      value: sd,
      reference: null,
      status: "ok",
      reason: null,
      stats: { runs: values.length, min: Math.min(...values), max: Math.max(...values), first: record.value },
    };
    return {
      ...record,
      value: mean,
      ci,
      ciMethod: ci === null ? null : record.ciMethod,
      notes: [
        ...record.notes,
        `mean of ${values.length} runs, each on its own generator refit and candidate draw (privacy spec §5.1): ` +
          `sd ${sd.toFixed(3)}, first run (the released output) ${record.value.toFixed(3)}; the interval is the mean of the runs' intervals`,
      ],
      details: [...record.details, spread],
    };
  });
}
