/**
 * The bench's evaluation of one synthetic table: the headline figures only, each from a registered
 * metric with the pipeline's row caps (utility on at most DEFAULT_MAX_ROWS rows, privacy on seeded
 * subsamples of at most DEFAULT_PRIVACY_MAX_ROWS rows, as in `sosie run`). A metric that cannot run
 * gives null with its reason; it never stops the bench.
 */
import { computeMetric } from "../../packages/core/src/metrics/registry.ts";
import type { MetricInput, MetricResult } from "../../packages/core/src/metrics/types.ts";
import { MEMBERSHIP_ATTACKS } from "../../packages/core/src/metrics/privacy/verdict.ts";
import { DEFAULT_MAX_ROWS, DEFAULT_PRIVACY_MAX_ROWS } from "../../packages/core/src/pipeline/default-metrics.ts";
import { capEvaluationTables } from "../../packages/core/src/pipeline/subsample.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import { booleanColumn, type Column } from "../../packages/core/src/table/column.ts";
import type { Table } from "../../packages/core/src/table/table.ts";
import { identicalRows, type IdenticalRows } from "./identical.ts";
import { timed, type Timing } from "./measure.ts";
import type { TargetSpec } from "./workloads.ts";

/** A value, or null with the reason the metric gave. */
export interface Figure {
  readonly value: number | null;
  readonly ci?: readonly [number, number] | null;
  readonly reference?: number | null;
  readonly reason?: string;
}

export interface UtilityFigures {
  /** quality-score, SDMetrics definition (its default pair filter), S vs R; reference = H vs R. */
  readonly quality: Figure;
  /** The same with every pair counted. */
  readonly quality_all_pairs: Figure;
  /** AUC on H of a model trained on R minus one trained on S (mean of 3 repetitions). */
  readonly tstr_gap: Figure;
  readonly tstr_real: Figure;
  readonly tstr_synthetic: Figure;
}

export interface PrivacyFigures {
  readonly share_closer_to_train: Figure;
  readonly best_mia_auc: Figure & { readonly attack?: string };
  readonly singling_out_risk: Figure;
  readonly identical: IdenticalRows;
}

function figure(results: readonly MetricResult[], submetric: string): Figure {
  const r = results.find((x) => x.submetric === submetric);
  if (r === undefined) return { value: null, reason: results[0]?.reason ?? `no ${submetric} record` };
  return {
    value: r.value,
    ci: r.ci,
    reference: r.reference,
    ...(r.value === null ? { reason: r.reason ?? "undefined" } : {}),
  };
}

/** The metric's records, or one record-free failure whose message becomes the reason. */
function safely(id: string, input: MetricInput, options: Record<string, unknown>): MetricResult[] | string {
  try {
    return computeMetric(id, input, options);
  } catch (error) {
    return `${id}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
  }
}

function figureOf(id: string, input: MetricInput, options: Record<string, unknown>, submetric: string): Figure {
  const results = safely(id, input, options);
  return typeof results === "string" ? { value: null, reason: results } : figure(results, submetric);
}

const NO_HOLDOUT = "no holdout: the whole table trained the generator";

function labelAt(column: Column, i: number): string {
  switch (column.kind) {
    case "categorical":
      return column.levels[column.codes[i]];
    case "boolean":
      return column.tokens[column.values[i]];
    case "identifier":
    case "text":
      return column.values[i];
    default:
      return String(column.values[i]);
  }
}

/** The table with its target replaced by the usual binary task (e.g. num > 0), when there is one. */
export function withTaskTarget(table: Table, target: TargetSpec): { table: Table; column: string } {
  if (target.positive === undefined) return { table, column: target.column };
  const source = table.column(target.column);
  const values = new Uint8Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) if (!source.missing[i]) values[i] = target.positive(labelAt(source, i)) ? 1 : 0;
  const task = booleanColumn(target.label, values, { missing: Uint8Array.from(source.missing) });
  return { table: table.drop([target.column]).withColumn(task), column: target.label };
}

export function evaluateUtility(
  train: Table,
  synthetic: Table,
  holdout: Table | undefined,
  target: TargetSpec,
  seed: number,
): { figures: UtilityFigures; timing: Timing } {
  const { value, timing } = timed((): UtilityFigures => {
    const input: MetricInput = { real: train, synthetic, ...(holdout === undefined ? {} : { holdout }) };
    const base = { seed, bootstrap: 0, maxRows: DEFAULT_MAX_ROWS, variant: "sdmetrics" };
    const quality = figureOf("quality-score", input, base, "quality-score");
    const qualityAll = figureOf("quality-score", input, { ...base, pairFilter: false }, "quality-score");
    if (holdout === undefined) {
      const none = { value: null, reason: NO_HOLDOUT };
      return { quality, quality_all_pairs: qualityAll, tstr_gap: none, tstr_real: none, tstr_synthetic: none };
    }
    const r = withTaskTarget(train, target);
    const tstrInput = {
      real: r.table,
      synthetic: withTaskTarget(synthetic, target).table,
      holdout: withTaskTarget(holdout, target).table,
    };
    const tstr = safely("tstr-classification", tstrInput, {
      seed,
      bootstrap: 0,
      maxRows: DEFAULT_MAX_ROWS,
      target: r.column,
    });
    const pick = (s: string): Figure => (typeof tstr === "string" ? { value: null, reason: tstr } : figure(tstr, s));
    return {
      quality,
      quality_all_pairs: qualityAll,
      tstr_gap: pick("diff-real-synth"),
      tstr_real: pick("score-real"),
      tstr_synthetic: pick("score-synthetic"),
    };
  });
  return { figures: value, timing };
}

export function evaluatePrivacy(
  train: Table,
  synthetic: Table,
  holdout: Table | undefined,
  seed: number,
): { figures: PrivacyFigures; timing: Timing } {
  const { value, timing } = timed((): PrivacyFigures => {
    const identical = identicalRows(train, synthetic);
    if (holdout === undefined) {
      const none = { value: null, reason: NO_HOLDOUT };
      return { share_closer_to_train: none, best_mia_auc: none, singling_out_risk: none, identical };
    }
    const capped = capEvaluationTables(
      { real: train, synthetic, holdout },
      DEFAULT_PRIVACY_MAX_ROWS,
      Rng.fromSeed(seed).derive("privacy-subsample"),
    );
    const input = capped.tables as MetricInput;
    const options = { seed, bootstrap: 0 };
    let best: Figure & { attack?: string } = { value: null, reason: "no attack gave an AUC" };
    const reasons: string[] = [];
    for (const id of MEMBERSHIP_ATTACKS) {
      const auc = figureOf(id, input, options, "auc");
      if (auc.value === null) reasons.push(auc.reason ?? id);
      else if (best.value === null || auc.value > best.value) best = { value: auc.value, attack: id };
    }
    if (best.value === null && reasons.length > 0) best = { value: null, reason: reasons[0] };
    return {
      share_closer_to_train: figureOf("dcr-closer-to-train", input, options, "share-closer-to-train"),
      best_mia_auc: best,
      singling_out_risk: figureOf("singling-out-univariate", input, options, "risk"),
      identical,
    };
  });
  return { figures: value, timing };
}
