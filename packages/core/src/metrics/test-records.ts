/** Hand-made metric records for tests: the fields every record has, with what a test sets. */
import type { MetricResult } from "./types.ts";

export function metricRecord(
  id: string,
  submetric: string,
  value: number | null,
  fields: Partial<MetricResult> = {},
): MetricResult {
  return {
    id,
    submetric,
    variant: "sosie",
    value,
    min: 0,
    max: 1,
    objective: "min",
    reference: null,
    ci: null,
    ciMethod: null,
    n: { R: 100, S: 100, H: 100 },
    nUndefined: 0,
    status: value === null ? "undefined" : "ok",
    reason: null,
    notes: [],
    details: [],
    ...fields,
  };
}
