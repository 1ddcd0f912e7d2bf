/**
 * Exact and near-exact reproduction of real values and rows: column- and row-direct-match
 * protection of the avatar report (§3.5, §3.7, reconstructed), exact-match-rate and
 * new-row-synthesis (§4.5). Equality follows §1.1 (exact-equality.ts).
 */
import type { MetricDetail, MetricInput } from "../types.ts";
import type { CategoricalView, NumericView } from "../utility/columns.ts";
import { subsampleRows } from "../utility/sampling.ts";
import { privacyMetric } from "./definition.ts";
import { countKeys, evaluatedColumns, exactRowKeys, valueTokens } from "./exact-equality.ts";
import { metricStream, privacyRecord, resolveVariant } from "./record.ts";
import type { PrivacyOptions, PrivacyResult } from "./types.ts";

/** Share of R's once-only values (∅ excluded) absent from S, per column; null when R has none. */
export function columnProtection(realTokens: readonly string[], syntheticTokens: readonly string[]): number | null {
  const counts = countKeys(realTokens);
  const inSynthetic = new Set(syntheticTokens);
  let unique = 0;
  let protectedCount = 0;
  for (const [token, count] of counts) {
    if (count !== 1 || token === "∅") continue;
    unique++;
    if (!inSynthetic.has(token)) protectedCount++;
  }
  return unique === 0 ? null : protectedCount / unique;
}

function computeColumnDirectMatch(input: MetricInput, options?: PrivacyOptions): PrivacyResult[] {
  resolveVariant("column-direct-match-protection", ["sosie"], options);
  const columns = evaluatedColumns([input.real, input.synthetic]);
  const tokens = valueTokens(columns, input.real, options?.decimals);
  const details: MetricDetail[] = columns.map((c, j) => {
    const p = columnProtection(tokens[j][0], tokens[j][1]);
    return {
      columns: [c.name],
      measure: "unique-value-protection",
      value: p === null ? null : 100 * p,
      reference: null,
      status: p === null ? "undefined" : "ok",
      reason: p === null ? "no value occurs exactly once in the real column" : null,
    };
  });
  const scored = details.filter((d) => d.value !== null);
  let worst: MetricDetail | null = null;
  for (const d of scored) if (worst === null || d.value! < worst.value!) worst = d;
  const value = scored.length === 0 ? null : scored.reduce((a, d) => a + d.value!, 0) / scored.length;
  const record = privacyRecord(input, {
    id: "column-direct-match-protection",
    value,
    unit: "%",
    min: 0,
    max: 100,
    objective: "max",
    target: "> 50",
    definitionStatus: "reconstructed",
    distance: "exact",
    reason: value === null ? "no column has a value that occurs exactly once in the real data" : null,
    params: { minimumColumn: worst?.columns[0] ?? null, minimum: worst?.value ?? null },
    details,
  });
  return [{ ...record, nUndefined: details.length - scored.length }];
}

export const columnDirectMatchProtection = privacyMetric<PrivacyOptions>({
  id: "column-direct-match-protection",
  description: "Mean share, over columns, of values unique in the real data that the release does not reproduce, in %",
  compute: computeColumnDirectMatch,
});

/** Share of `keys` rows that some row of `against` equals. */
export function shareMatched(keys: readonly string[], against: readonly string[]): number {
  const set = new Set(against);
  let matched = 0;
  for (const k of keys) if (set.has(k)) matched++;
  return keys.length === 0 ? NaN : matched / keys.length;
}

function computeRowDirectMatch(input: MetricInput, options?: PrivacyOptions): PrivacyResult[] {
  resolveVariant("row-direct-match-protection", ["sosie"], options);
  const { keys } = exactRowKeys([input.real, input.synthetic], { decimals: options?.decimals });
  return [
    privacyRecord(input, {
      id: "row-direct-match-protection",
      value: 100 * (1 - shareMatched(keys[0], keys[1])),
      unit: "%",
      min: 0,
      max: 100,
      objective: "max",
      target: "> 90",
      definitionStatus: "reconstructed",
      distance: "exact",
    }),
  ];
}

export const rowDirectMatchProtection = privacyMetric<PrivacyOptions>({
  id: "row-direct-match-protection",
  description: "Share of originals that no synthetic row reproduces exactly, in %",
  compute: computeRowDirectMatch,
});

function computeExactMatchRate(input: MetricInput, options?: PrivacyOptions): PrivacyResult[] {
  resolveVariant("exact-match-rate", ["sosie"], options);
  const tables =
    input.holdout === undefined ? [input.real, input.synthetic] : [input.real, input.synthetic, input.holdout];
  const { keys } = exactRowKeys(tables, { decimals: options?.decimals });
  const value = shareMatched(keys[1], keys[0]);
  const reference = keys.length > 2 ? shareMatched(keys[2], keys[0]) : null;
  return [
    privacyRecord(input, {
      id: "exact-match-rate",
      value,
      reference,
      unit: "share",
      min: 0,
      max: 1,
      objective: "min",
      target: reference === null ? null : `≤ ${reference}`,
      definitionStatus: "sosie",
      distance: "exact",
      notes: reference === null ? ["no holdout: the natural duplicate rate of the population is unknown"] : [],
    }),
  ];
}

export const exactMatchRate = privacyMetric<PrivacyOptions>({
  id: "exact-match-rate",
  optional: ["holdout"],
  description: "Share of synthetic rows identical to a real row; reference: the same share for holdout rows",
  compute: computeExactMatchRate,
});

interface NewRowOptions extends PrivacyOptions {
  /** Relative numeric tolerance (default 0.01). */
  readonly tolerance?: number;
  /** Synthetic rows evaluated (seeded subsample); default all. */
  readonly numRowsSubsample?: number;
}

/**
 * NewRowSynthesis: a synthetic row is new when no real row matches it (categoricals equal,
 * numbers within tolerance·|s|, ∅ with ∅). Real rows are grouped by their categorical values
 * and ∅ pattern first, so only rows of the same group compare numbers.
 */
export function newRowShare(
  columns: ReturnType<typeof evaluatedColumns>,
  nReal: number,
  nSynthetic: number,
  tolerance: number,
): number {
  const numeric: [NumericView, NumericView][] = [];
  const categorical: [CategoricalView, CategoricalView][] = [];
  for (const c of columns) {
    if (c.family === "numeric") numeric.push([c.views[0] as NumericView, c.views[1] as NumericView]);
    else categorical.push([c.views[0] as CategoricalView, c.views[1] as CategoricalView]);
  }
  const groupKey = (t: 0 | 1, i: number): string => {
    let key = "";
    for (const pair of categorical) key += pair[t].codes[i] + ",";
    for (const pair of numeric) key += Number.isNaN(pair[t].values[i]) ? "m" : "v";
    return key;
  };
  const groups = new Map<string, number[]>();
  for (let r = 0; r < nReal; r++) {
    const key = groupKey(0, r);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  }
  let fresh = 0;
  for (let s = 0; s < nSynthetic; s++) {
    const candidates = groups.get(groupKey(1, s)) ?? [];
    const matched = candidates.some((r) =>
      numeric.every(([real, syn]) => {
        const x = syn.values[s];
        return Number.isNaN(x) || Math.abs(x - real.values[r]) <= tolerance * Math.abs(x);
      }),
    );
    if (!matched) fresh++;
  }
  return fresh / nSynthetic;
}

function computeNewRowSynthesis(input: MetricInput, options?: NewRowOptions): PrivacyResult[] {
  resolveVariant("new-row-synthesis", ["sosie"], options);
  const tolerance = options?.tolerance ?? 0.01;
  const synthetic =
    options?.numRowsSubsample === undefined
      ? input.synthetic
      : subsampleRows(
          input.synthetic,
          options.numRowsSubsample,
          metricStream("new-row-synthesis", options).derive("subsample"),
        );
  const columns = evaluatedColumns([input.real, synthetic]);
  return [
    privacyRecord(input, {
      id: "new-row-synthesis",
      value: newRowShare(columns, input.real.nRows, synthetic.nRows, tolerance),
      unit: "share",
      min: 0,
      max: 1,
      objective: "max",
      definitionStatus: "sosie",
      distance: "match within a relative tolerance",
      params: { tolerance, syntheticRowsEvaluated: synthetic.nRows },
      notes: ["SDMetrics NewRowSynthesis"],
    }),
  ];
}

export const newRowSynthesis = privacyMetric<NewRowOptions>({
  id: "new-row-synthesis",
  description: "Share of synthetic rows that match no real row (numbers within a relative tolerance)",
  compute: computeNewRowSynthesis,
});
