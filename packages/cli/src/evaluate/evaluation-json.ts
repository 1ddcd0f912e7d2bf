/**
 * The evaluation as JSON (`evaluate --json`): the metric records in full (aggregates only, never a
 * real row), the plan that produced them, the inputs' sizes and the verdict. JSON has no infinity:
 * ±∞ are written as the strings "Infinity" and "-Infinity" (utility spec §1.6), NaN as null.
 */
import type { EvaluationPlan, MetricResult, PrivacyVerdict } from "@sosie/core";
import { cliVersion } from "../version.ts";

export interface EvaluationDocument {
  readonly inputs: {
    readonly real: { readonly file: string; readonly rows: number };
    readonly synthetic: { readonly file: string; readonly rows: number };
    readonly holdout: { readonly file: string; readonly rows: number } | null;
    /** Whether a link file was given (the link itself is never written). */
    readonly link: boolean;
  };
  readonly plan: EvaluationPlan;
  readonly utility: readonly MetricResult[];
  readonly privacy: readonly MetricResult[];
  readonly verdict: PrivacyVerdict | null;
  readonly notes: readonly string[];
}

export function evaluationJson(doc: EvaluationDocument): string {
  return JSON.stringify({ format: "sosie-evaluation/1", sosie: cliVersion(), ...doc }, finiteJson, 2) + "\n";
}

function finiteJson(_key: string, value: unknown): unknown {
  if (typeof value !== "number" || Number.isFinite(value)) return value;
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return null;
}
