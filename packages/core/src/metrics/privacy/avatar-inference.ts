/**
 * inference-continuous and inference-categorical (§3.9, 2021 avatar-paper code): an attacker who
 * knows the quasi-identifiers of every original projects them into a space fitted on the
 * release's quasi-identifiers, takes the nearest synthetic row(s) and reads off the sensitive
 * value. The score is the attacker's error: SMAPE (%) for numbers, error rate (%) for categories.
 */
import { knn } from "../../neighbors/euclidean.ts";
import type { Metric, MetricDetail, MetricInput } from "../types.ts";
import type { CategoricalView, NumericView } from "../utility/columns.ts";
import { privacyMetric } from "./definition.ts";
import { evaluatedColumns } from "./exact-equality.ts";
import { projectTables } from "./projected-space.ts";
import { declaredColumns, positiveInteger, privacyRecord, resolveVariant, undefinedRecord } from "./record.ts";
import type { PrivacyOptions, PrivacyResult } from "./types.ts";

/** SMAPE = mean 200·|ŷ − y|/(|y| + |ŷ|), 0/0 counted as 0, over the pairs given. */
export function smape(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) {
    const denominator = Math.abs(truth[i]) + Math.abs(predicted[i]);
    sum += denominator === 0 ? 0 : (200 * Math.abs(predicted[i] - truth[i])) / denominator;
  }
  return sum / truth.length;
}

interface AvatarInferenceOptions extends PrivacyOptions {
  /** Neighbours the attacker averages (numbers) or votes over (categories); default 1. */
  readonly k?: number;
}

type Family = "numeric" | "categorical";

function inferenceMetric(family: Family): Metric<AvatarInferenceOptions> {
  const id = family === "numeric" ? "inference-continuous" : "inference-categorical";
  const base = {
    id,
    unit: "%",
    min: 0,
    max: family === "numeric" ? 200 : 100,
    objective: "max" as const,
    target: "> 10",
    definitionStatus: "reconstructed" as const,
    distance: "euclidean-projected (fitted on the synthetic quasi-identifiers)",
  };
  const compute = (input: MetricInput, options?: AvatarInferenceOptions): PrivacyResult[] => {
    resolveVariant(id, ["sosie"], options);
    const qis = declaredColumns(input, options?.quasiIdentifiers, "quasi-identifier");
    const sensitive = declaredColumns(input, options?.sensitive, "sensitive");
    if (qis.length === 0 || sensitive.length === 0)
      return [
        undefinedRecord(
          input,
          base,
          "needs declared quasi-identifiers (known variables) and sensitive columns (targets)",
          "missing-input",
        ),
      ];
    const k = positiveInteger("k", options?.k, 1);
    const targets = evaluatedColumns([input.real, input.synthetic], sensitive).filter((c) => c.family === family);
    if (targets.length === 0)
      return [undefinedRecord(input, base, `no declared sensitive column is ${family}`, "missing-input")];
    const details: MetricDetail[] = [];
    let ncpUsed = 0;
    for (const target of targets) {
      const known = qis.filter((q) => q !== target.name);
      if (known.length === 0) {
        details.push({
          columns: [target.name],
          measure: id,
          value: null,
          reference: null,
          status: "undefined",
          reason: "no known column besides the target",
        });
        continue;
      }
      // Fitted on S's known columns (the attacker's data), ncp = min(5, p′_K); R is projected into it.
      const space = projectTables(
        [input.synthetic, input.real],
        { projection: options?.projection, ncp: options?.ncp },
        known,
      );
      const [syn, real] = space.points;
      ncpUsed = space.info.ncp;
      const kk = Math.min(k, syn.n);
      const nb = knn(real.coords, real.n, syn.coords, syn.n, syn.dims, kk);
      if (target.family === "numeric") {
        const [y, s] = target.views as readonly NumericView[];
        const truth: number[] = [];
        const predicted: number[] = [];
        for (let i = 0; i < real.n; i++) {
          let sum = 0;
          let m = 0;
          for (let j = 0; j < kk; j++) {
            const v = s.values[nb.indices[i * kk + j]];
            if (!Number.isNaN(v)) {
              sum += v;
              m++;
            }
          }
          // A missing truth or an all-missing guess has no error to score.
          if (m === 0 || Number.isNaN(y.values[i])) continue;
          truth.push(y.values[i]);
          predicted.push(sum / m);
        }
        let mse = 0;
        let mean = 0;
        for (const t of truth) mean += t / truth.length;
        let total = 0;
        truth.forEach((t, i) => {
          mse += (predicted[i] - t) ** 2 / truth.length;
          total += (t - mean) ** 2 / truth.length;
        });
        const value = truth.length === 0 ? null : smape(truth, predicted);
        details.push({
          columns: [target.name],
          measure: "smape",
          value,
          reference: null,
          status: value === null ? "undefined" : "ok",
          reason: value === null ? "no original has both a value and a prediction" : null,
          stats: { mse, rmse: Math.sqrt(mse), r2: total > 0 ? 1 - mse / total : null, scored: truth.length },
        });
      } else {
        const [y, s] = target.views as readonly CategoricalView[];
        let correct = 0;
        const votes = new Map<number, number>();
        const confusion = new Map<string, number>();
        for (let i = 0; i < real.n; i++) {
          votes.clear();
          for (let j = 0; j < kk; j++) {
            const code = s.codes[nb.indices[i * kk + j]];
            votes.set(code, (votes.get(code) ?? 0) + 1);
          }
          // Majority vote; ties go to the nearest neighbour's value seen first.
          let guess = s.codes[nb.indices[i * kk]];
          for (const [code, count] of votes) if (count > votes.get(guess)!) guess = code;
          if (guess === y.codes[i]) correct++;
          const cell = `${y.codes[i]}→${guess}`;
          confusion.set(cell, (confusion.get(cell) ?? 0) + 1);
        }
        const stats: Record<string, number> = { accuracy: correct / real.n };
        details.push({
          columns: [target.name],
          measure: "error-rate",
          value: 100 * (1 - correct / real.n),
          reference: null,
          status: "ok",
          reason: null,
          stats: { ...stats, confusionCells: confusion.size },
        });
      }
    }
    const scored = details.filter((d) => d.value !== null);
    const worst = scored.length === 0 ? null : Math.min(...scored.map((d) => d.value!));
    return [
      privacyRecord(input, {
        ...base,
        value: worst,
        reason: worst === null ? "no sensitive column could be scored" : null,
        params: {
          quasiIdentifiers: [...qis],
          sensitive: targets.map((t) => t.name),
          k,
          ncp: ncpUsed,
          aggregation: "worst (minimum) over sensitive columns",
        },
        notes: [
          "computation confirmed (avatar-paper 2021); the mapping of the “> 10” target to the attacker's error is reconstructed",
        ],
        details,
      }),
    ];
  };
  return privacyMetric({
    id,
    description:
      family === "numeric"
        ? "Attacker's SMAPE (%) guessing numeric sensitive values from the nearest synthetic row on the quasi-identifiers"
        : "Attacker's error rate (%) guessing categorical sensitive values from the nearest synthetic row on the quasi-identifiers",
    compute,
  });
}

export const inferenceContinuous = inferenceMetric("numeric");
export const inferenceCategorical = inferenceMetric("categorical");
