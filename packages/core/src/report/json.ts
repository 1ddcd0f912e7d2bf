/**
 * Results → report.json. The Results are already aggregates; this step makes them JSON-safe and
 * coarse where exactness could identify someone:
 * - non-finite numbers become the strings "Infinity" / "-Infinity" (utility spec §1.6), NaN null;
 * - the statistics behind a detail (`stats`, e.g. a real median) keep 3 significant digits, so
 *   that no exact real value is carried.
 */
import type { RunResults } from "../pipeline/types.ts";

export const REPORT_FORMAT = "sosie-report/1";

/** Significant digits kept in detail statistics. */
export const STATS_DIGITS = 3;

export function roundSignificant(x: number, digits = STATS_DIGITS): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

/** The JSON value of a report: Infinity as strings, detail statistics rounded. */
export function reportJsonValue(results: RunResults): unknown {
  return JSON.parse(JSON.stringify({ report: REPORT_FORMAT, ...results }, replacer));
}

/** report.json as text: two-space indentation, final newline, byte-identical for identical Results. */
export function reportJsonText(results: RunResults): string {
  return JSON.stringify(reportJsonValue(results), null, 2) + "\n";
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return null;
    if (value === Infinity) return "Infinity";
    if (value === -Infinity) return "-Infinity";
    return value;
  }
  if (key === "stats" && value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = typeof v === "number" && Number.isFinite(v) ? roundSignificant(v) : v;
    return out;
  }
  if (value instanceof Set) return [...value];
  return value;
}
