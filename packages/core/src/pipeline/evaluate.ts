/**
 * Evaluation of one synthetic table against the real training table and the holdout: every
 * planned utility and privacy metric through the registry, with the costly ones on seeded
 * subsamples. A metric that cannot run leaves an "undefined" record with its reason; it never
 * disappears. Shared by `sosie run` and `sosie evaluate`.
 */
import { SosieInputError, SosieOptionError } from "../errors.ts";
import { metricResult } from "../metrics/privacy/record.ts";
import { computeMetric, getMetric } from "../metrics/registry.ts";
import type { MetricInput, MetricResult, MetricRole } from "../metrics/types.ts";
import { Rng } from "../random/rng.ts";
import {
  BOOTSTRAPPED_METRICS,
  DEFAULT_MAX_ROWS,
  DEFAULT_PRIVACY_MAX_ROWS,
  defaultBootstrap,
  defaultPrivacyMetrics,
  defaultUtilityMetrics,
} from "./default-metrics.ts";
import { capEvaluationTables, type EvaluationTables } from "./subsample.ts";
import type { EvaluationSettings } from "./types.ts";

export interface EvaluationPlan extends EvaluationSettings {
  readonly seed: number | string;
  readonly target?: string;
  readonly quasiIdentifiers?: readonly string[];
  readonly sensitive?: readonly string[];
}

export interface PlanOptions {
  readonly seed: number | string;
  readonly target?: string;
  /** Metric ids to run instead of the defaults (utility and privacy ids mixed). */
  readonly metrics?: readonly string[];
  readonly quasiIdentifiers?: readonly string[];
  readonly sensitive?: readonly string[];
  readonly bootstrap?: number;
  readonly maxRows?: number;
  readonly privacyMaxRows?: number;
  /**
   * Smallest holdout the holdout-based privacy metrics accept (default theirs: 500, §1.1). Lower
   * it only knowingly: the intervals widen, and the verdict reads them.
   */
  readonly minHoldoutRows?: number;
}

/** The default plan for a training table of `trainRows` rows, or the metrics the user named. */
export function evaluationPlan(trainRows: number, options: PlanOptions): EvaluationPlan {
  const named = options.metrics?.map((id) => getMetric(id));
  return {
    seed: options.seed,
    target: options.target,
    quasiIdentifiers: options.quasiIdentifiers,
    sensitive: options.sensitive,
    utilityMetrics: named
      ? named.filter((m) => m.kind === "utility").map((m) => m.id)
      : defaultUtilityMetrics(options.target),
    privacyMetrics: named ? named.filter((m) => m.kind === "privacy").map((m) => m.id) : defaultPrivacyMetrics(),
    bootstrap: options.bootstrap ?? defaultBootstrap(trainRows),
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    privacyMaxRows: options.privacyMaxRows ?? DEFAULT_PRIVACY_MAX_ROWS,
    ...(options.minHoldoutRows === undefined ? {} : { minHoldoutRows: options.minHoldoutRows }),
  };
}

export interface Evaluation {
  readonly utility: MetricResult[];
  readonly privacy: MetricResult[];
  readonly notes: string[];
}

/** Called before each metric with its id and the share of the plan done. */
export type MetricProgress = (fraction: number, metricId: string) => void;

/** One metric of the plan, ready to run on its inputs (run it through a progress step, or not). */
export interface MetricTask {
  readonly id: string;
  readonly kind: "utility" | "privacy";
  run(): MetricResult[];
}

/**
 * The plan as tasks, in order: utility metrics on subsamples of at most `maxRows` rows per table,
 * privacy metrics on linked subsamples of at most `privacyMaxRows`.
 */
export function evaluationTasks(
  tables: EvaluationTables,
  plan: EvaluationPlan,
): { tasks: MetricTask[]; notes: string[] } {
  const notes: string[] = [];
  // Utility metrics see seeded subsamples of at most maxRows rows per table: the pair and learned
  // metrics cost grows with rows, and univariate shapes are stable well below that size.
  const utilityTables = capEvaluationTables(
    { real: tables.real, synthetic: tables.synthetic, holdout: tables.holdout },
    plan.maxRows,
    Rng.fromSeed(plan.seed).derive("utility-subsample"),
  );
  if (utilityTables.changed)
    notes.push(
      `utility metrics ran on seeded subsamples of at most ${plan.maxRows.toLocaleString("en")} rows per table`,
    );
  const tasks: MetricTask[] = plan.utilityMetrics.map((id) => ({
    id,
    kind: "utility",
    run: () =>
      safely(id, inputFor(id, utilityTables.tables), {
        seed: plan.seed,
        bootstrap: BOOTSTRAPPED_METRICS.has(id) ? plan.bootstrap : 0,
        maxRows: plan.maxRows,
        ...(plan.target === undefined ? {} : { target: plan.target }),
      }),
  }));
  if (plan.privacyMetrics.length > 0) {
    const capped = capEvaluationTables(
      tables,
      plan.privacyMaxRows,
      Rng.fromSeed(plan.seed).derive("privacy-subsample"),
    );
    if (capped.changed)
      notes.push(
        `privacy metrics ran on seeded subsamples of at most ${plan.privacyMaxRows.toLocaleString("en")} rows per table` +
          (tables.link === undefined ? "" : " (synthetic rows kept with the real rows they were made from)"),
      );
    // Privacy metrics keep their own interval defaults: Wilson intervals are analytic and the
    // membership bootstrap reuses one ranking, so both stay cheap at any size.
    const options = {
      seed: plan.seed,
      ...(plan.quasiIdentifiers === undefined ? {} : { quasiIdentifiers: plan.quasiIdentifiers }),
      ...(plan.sensitive === undefined ? {} : { sensitive: plan.sensitive }),
      ...(plan.minHoldoutRows === undefined ? {} : { minHoldoutRows: plan.minHoldoutRows }),
    };
    for (const id of plan.privacyMetrics)
      tasks.push({ id, kind: "privacy", run: () => safely(id, inputFor(id, capped.tables), options) });
  }
  return { tasks, notes };
}

/** Runs the whole plan at once (the CLI runs the tasks one by one to report progress). */
export function evaluateSynthetic(
  tables: EvaluationTables,
  plan: EvaluationPlan,
  onProgress?: MetricProgress,
): Evaluation {
  const { tasks, notes } = evaluationTasks(tables, plan);
  const utility: MetricResult[] = [];
  const privacy: MetricResult[] = [];
  tasks.forEach((task, k) => {
    onProgress?.(k / tasks.length, task.id);
    (task.kind === "utility" ? utility : privacy).push(...task.run());
  });
  onProgress?.(1, "");
  return { utility, privacy, notes };
}

/** The inputs a metric is given: the link only to metrics that declare a use for it. */
function inputFor(id: string, tables: EvaluationTables): MetricInput {
  const metric = getMetric(id);
  const uses = (role: MetricRole): boolean => metric.needs.includes(role) || metric.optional.includes(role);
  return {
    real: tables.real,
    synthetic: tables.synthetic,
    ...(tables.holdout !== undefined && uses("holdout") ? { holdout: tables.holdout } : {}),
    ...(tables.link !== undefined && uses("link") ? { link: tables.link } : {}),
  };
}

/** The metric's records, or one undefined record saying why it could not run. */
function safely(id: string, input: MetricInput, options: Record<string, unknown>): MetricResult[] {
  const metric = getMetric(id);
  const absent = metric.needs.filter((role) => role !== "real" && role !== "synthetic" && input[role] === undefined);
  if (absent.length > 0)
    return [undefinedResult(id, input, `needs ${absent.join(" and ")}, which this run does not have`)];
  try {
    return computeMetric(id, input, options);
  } catch (error) {
    const expected = error instanceof SosieOptionError || error instanceof SosieInputError;
    const message = error instanceof Error ? error.message : String(error);
    return [undefinedResult(id, input, expected ? message : `internal error: ${message.slice(0, 200)}`)];
  }
}

function undefinedResult(id: string, input: MetricInput, reason: string): MetricResult {
  return metricResult(input, { id, submetric: id, variant: "sosie", objective: "max", reason });
}
