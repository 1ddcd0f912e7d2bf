/**
 * Cross learning (spec §5.3, Clover `cross_classif` and `cross_reg`): §5.2 run once per
 * categorical column (cross-classification) or per numeric column (cross-regression) as the
 * target, all other evaluated columns as features. Opt-in (`crossLearning: true`): it fits
 * 2 × repetitions models per column.
 */
import { SosieOptionError } from "../../errors.ts";
import { Rng } from "../../random/rng.ts";
import type { Metric, MetricDetail, MetricInput, MetricResult } from "../types.ts";
import { columnFamily } from "./columns.ts";
import {
  learnedRecords,
  resolveLearnedOptions,
  undefinedRecords,
  LEARNED_VARIANTS,
  type LearnedOptions,
} from "./learning-protocol.ts";
import { runTstr, type TaskKind } from "./tstr.ts";

export interface CrossLearningOptions extends LearnedOptions {
  /** Cross learning runs only when this is true (§5.3, §7.1: off by default because of its cost). */
  readonly crossLearning?: boolean;
}

function crossId(kind: TaskKind): string {
  return kind === "classification" ? "cross-classification" : "cross-regression";
}

function computeCross(kind: TaskKind, input: MetricInput, options?: CrossLearningOptions): MetricResult[] {
  const id = crossId(kind);
  const o = resolveLearnedOptions(id, options);
  const shape = [
    { name: "diff-real-synth", min: 0, max: kind === "classification" ? 1 : Infinity, objective: "min" as const },
  ];
  if (options?.crossLearning !== true)
    return undefinedRecords(
      id,
      o.variant,
      input,
      shape,
      "cross learning is opt-in: set crossLearning: true (it fits 2 models per column and repetition)",
    );
  const family = kind === "classification" ? "categorical" : "numeric";
  const targets = input.real.columns.filter((c) => columnFamily(c) === family).map((c) => c.name);
  if (targets.length === 0)
    return undefinedRecords(id, o.variant, input, shape, `no ${family} column to use as a target`);
  const stream = Rng.fromSeed(o.seed).derive(id);
  // perRepetition[r] collects |score_R − score_S| of every target in repetition r.
  const perRepetition: number[][] = Array.from({ length: o.repetitions }, () => []);
  const details: MetricDetail[] = [];
  let nUndefined = 0;
  let nFits = 0;
  for (const target of targets) {
    try {
      // Each target has its own stream, so adding a column does not change the others' results.
      const run = runTstr(input, target, o, stream.derive(`target:${target}`));
      nFits += run.nFits;
      const gaps: number[] = [];
      run.repetitions.forEach((rep, r) => {
        const a = kind === "regression" && o.variant === "sosie" ? rep.real.scores.nrmse : rep.real.scores.score;
        const b =
          kind === "regression" && o.variant === "sosie" ? rep.synthetic.scores.nrmse : rep.synthetic.scores.score;
        if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return;
        gaps.push(Math.abs(a - b));
        perRepetition[r].push(Math.abs(a - b));
      });
      const value = gaps.length === 0 ? null : gaps.reduce((s, g) => s + g, 0) / gaps.length;
      if (value === null) nUndefined++;
      details.push({
        columns: [target],
        measure:
          kind === "regression" && o.variant === "sosie" ? "nrmse-gap" : kind === "regression" ? "rmse-gap" : "auc-gap",
        value,
        reference: null,
        status: value === null ? "undefined" : "ok",
        reason: value === null ? "the score is undefined on H" : null,
      });
    } catch (error) {
      if (!(error instanceof SosieOptionError)) throw error;
      nUndefined++;
      details.push({
        columns: [target],
        measure: "gap",
        value: null,
        reference: null,
        status: "undefined",
        reason: error.message,
      });
    }
  }
  const values = perRepetition.filter((v) => v.length > 0).map((v) => v.reduce((s, g) => s + g, 0) / v.length);
  if (values.length === 0)
    return undefinedRecords(id, o.variant, input, shape, "no target column could be learned", []).map((r) => ({
      ...r,
      details,
      nUndefined,
    }));
  return learnedRecords({
    id,
    variant: o.variant,
    input,
    reason: null,
    notes: [
      `${targets.length - nUndefined} of ${targets.length} targets evaluated; profile ${o.profile}, ${nFits} model fits`,
    ],
    submetrics: [{ ...shape[0], values, details, nUndefined }],
  });
}

function crossMetric(kind: TaskKind, description: string): Metric<CrossLearningOptions> {
  return {
    id: crossId(kind),
    kind: "utility",
    optIn: true,
    batchedFits: true,
    needs: ["real", "synthetic", "holdout"],
    optional: [],
    variants: LEARNED_VARIANTS,
    description,
    compute: (input, options) => computeCross(kind, input, options),
  };
}

export const crossClassification = crossMetric(
  "classification",
  "TSTR AUC gap averaged over every categorical column as the target; opt-in (Clover cross_classif)",
);

export const crossRegression = crossMetric(
  "regression",
  "TSTR normalised RMSE gap averaged over every numeric column as the target; opt-in (Clover cross_reg)",
);
