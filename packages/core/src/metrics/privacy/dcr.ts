/**
 * Distance-to-closest-record tests against a real holdout (§4.1–4.4): dcr-distribution (sosie,
 * and the Clover-parity variant of §4.2), dcr-closer-to-train (SDMetrics DCROverfittingProtection)
 * and dcr-baseline-protection (SDMetrics DCRBaselineProtection). Default space: the sosie Gower
 * distance with ranges fixed on R; option `space: "projected"` uses §2.1 instead.
 */
import { cloverEncode, cloverKnn } from "../../neighbors/index.ts";
import { closestDistances } from "../../neighbors/search-result.ts";
import { Rng } from "../../random/rng.ts";
import {
  type Column,
  booleanColumn,
  categoricalColumn,
  isFloatColumn,
  isModelled,
  numericColumn,
  temporalColumn,
} from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import type { MetricInput } from "../types.ts";
import { subsampleRows } from "../utility/sampling.ts";
import { privacyMetric } from "./definition.ts";
import { nndr } from "./projected-space.ts";
import { type DcrSpaceOptions, dcrSpace, holdoutSizedTrain } from "./dcr-space.ts";
import {
  meanOfDefined,
  median,
  metricStream,
  privacyRecord,
  quantile,
  resolveVariant,
  undefinedRecord,
  usableHoldout,
} from "./record.ts";
import { wilsonRate } from "./wilson.ts";
import type { DistanceHistogram, PrivacyResult } from "./types.ts";

/** Clover's "ratio match" threshold, in Gower units. */
const MATCH_THRESHOLD = 0.01;
const HISTOGRAM_BINS = 20;

type DcrOptions = DcrSpaceOptions;

export { holdoutSizedTrain } from "./dcr-space.ts";

function shareBelow(values: Float64Array, threshold: number): number {
  let n = 0;
  for (const v of values) if (v < threshold) n++;
  return n / values.length;
}

function histogram(
  comparison: string,
  quantity: "dcr" | "nndr",
  values: Float64Array,
  edges: number[],
): DistanceHistogram {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const lo = edges[0];
  const width = (edges[edges.length - 1] - lo) / (edges.length - 1);
  for (const v of values) counts[Math.min(counts.length - 1, Math.max(0, Math.floor((v - lo) / width)))]++;
  return { comparison, quantity, edges, counts };
}

function equalEdges(max: number): number[] {
  const top = max > 0 ? max : 1;
  return Array.from({ length: HISTOGRAM_BINS + 1 }, (_, b) =>
    b === HISTOGRAM_BINS ? top : (b * top) / HISTOGRAM_BINS,
  );
}

interface ComparisonStats {
  readonly dcrP5: number;
  readonly dcrMedian: number;
  readonly nndrP5: number;
  readonly nndrMedian: number;
  readonly ratioMatch: number;
}

function statsOf(d1: Float64Array, ratio: Float64Array): ComparisonStats {
  return {
    dcrP5: quantile(d1, 0.05),
    dcrMedian: median(d1),
    nndrP5: quantile(ratio, 0.05),
    nndrMedian: median(ratio),
    ratioMatch: shareBelow(d1, MATCH_THRESHOLD),
  };
}

const STATS: readonly { key: keyof ComparisonStats; name: string; objective: "min" | "max"; unit: string }[] = [
  { key: "dcrP5", name: "dcr-p5", objective: "max", unit: "distance" },
  { key: "dcrMedian", name: "dcr-median", objective: "max", unit: "distance" },
  { key: "nndrP5", name: "nndr-p5", objective: "max", unit: "ratio" },
  { key: "nndrMedian", name: "nndr-median", objective: "max", unit: "ratio" },
  { key: "ratioMatch", name: "ratio-match", objective: "min", unit: "share" },
];

function computeSosieDistribution(input: MetricInput, options: DcrOptions | undefined): PrivacyResult[] {
  const id = "dcr-distribution";
  const base = { id, unit: "distance", min: 0, max: 1, objective: "max" as const, definitionStatus: "sosie" as const };
  const usable = usableHoldout(input, options);
  if (usable.holdout === null) return [undefinedRecord(input, base, usable.reason, usable.cause)];
  const holdout = usable.holdout;
  const train = holdoutSizedTrain(input.real, holdout.nRows, options?.seed);
  const { search, info, distance } = dcrSpace(input.real, options);
  const comparisons = [
    { name: "synthetic-train", query: input.synthetic, ref: train },
    { name: "synthetic-holdout", query: input.synthetic, ref: holdout },
    { name: "holdout-train", query: holdout, ref: train },
  ].map((c) => {
    const { d1, d2 } = search(c.query, c.ref);
    const ratio = nndr(d1, d2, 1);
    return { name: c.name, d1, ratio, stats: statsOf(d1, ratio) };
  });
  const [st, sh, ht] = comparisons;
  const maxD1 = Math.max(...comparisons.map((c) => c.d1.reduce((a, b) => Math.max(a, b), 0)));
  const dcrEdges = distance === "gower-sosie" ? equalEdges(1) : equalEdges(maxD1);
  const ratioEdges = equalEdges(1);
  const histograms = comparisons.flatMap((c) => [
    histogram(c.name, "dcr", c.d1, dcrEdges),
    histogram(c.name, "nndr", c.ratio, ratioEdges),
  ]);
  const params = {
    space: options?.space ?? "gower",
    trainRows: train.nRows,
    matchThreshold: MATCH_THRESHOLD,
    ratioWhenSecondDistanceIsZero: 1,
  };
  const common = { id, definitionStatus: "sosie" as const, distance, space: info, params };
  const maxOf = (unit: string) =>
    unit === "share" || unit === "ratio" || distance === "gower-sosie" ? 1 : Number.MAX_VALUE;
  const records: PrivacyResult[] = [];
  for (const s of STATS) {
    records.push(
      privacyRecord(input, {
        ...common,
        submetric: s.name,
        value: st.stats[s.key],
        reference: ht.stats[s.key],
        unit: s.unit,
        min: 0,
        max: maxOf(s.unit),
        objective: s.objective,
        notes: ["synthetic → train (R subsampled to the holdout size); reference: holdout → train"],
        ...(records.length === 0 ? { histograms } : {}),
      }),
      privacyRecord(input, {
        ...common,
        submetric: `${s.name}-synthetic-holdout`,
        value: sh.stats[s.key],
        unit: s.unit,
        min: 0,
        max: maxOf(s.unit),
        objective: s.objective,
        notes: ["synthetic → holdout"],
      }),
    );
  }
  const denominator = ht.stats.dcrP5;
  records.push(
    privacyRecord(input, {
      ...common,
      submetric: "dcr-p5-ratio",
      value: denominator === 0 ? null : st.stats.dcrP5 / denominator,
      reason: denominator === 0 ? "the 5th percentile of holdout → train distances is 0" : null,
      undefinedCause: "degenerate",
      unit: "ratio",
      min: 0,
      max: Number.MAX_VALUE,
      objective: "max",
      target: "≥ 1",
    }),
  );
  return records;
}

/** §4.2: Clover's DCR on 20 % samples, Clover's Gower recomputed per pair, NNDR 0 when d2 = 0. */
function computeCloverDistribution(input: MetricInput, options: DcrOptions | undefined): PrivacyResult[] {
  const id = "dcr-distribution";
  if (input.holdout === undefined)
    return [
      undefinedRecord(
        input,
        { id, variant: "clover", unit: "distance", min: 0, max: 1, objective: "max", definitionStatus: "sosie" },
        "no holdout: Clover's DCR compares with real control rows",
        "missing-input",
      ),
    ];
  const rng = metricStream(id, options).derive("clover-samples");
  const size = (n: number) => Math.floor(0.2 * n);
  const nH = input.holdout.nRows;
  const sample = (t: Table, n: number, tag: string): Table => {
    const rows = rng.derive(tag).sampleWithoutReplacement(t.nRows, Math.min(n, t.nRows));
    return t.select(rows);
  };
  const realTrain = sample(input.real, size(nH), "real-train");
  const realControl = sample(input.holdout, size(nH), "real-control");
  const synth = sample(input.synthetic, size(input.synthetic.nRows), "synthetic");
  const pairs = [
    { name: "synthreal_train", query: synth, ref: realTrain },
    { name: "synthreal_control", query: synth, ref: realControl },
    { name: "train_test_ref", query: realControl, ref: realTrain },
  ];
  const records: PrivacyResult[] = [];
  const params = { realTrainRows: realTrain.nRows, realControlRows: realControl.nRows, syntheticRows: synth.nRows };
  for (const p of pairs) {
    const base = {
      id,
      variant: "clover",
      min: 0,
      max: 1,
      definitionStatus: "sosie" as const,
      distance: "gower-clover",
      params,
      notes: [
        "Clover parity: 20 % samples, ranges recomputed per pair of sets; small samples make the percentiles noisy",
      ],
    };
    if (p.query.nRows === 0 || p.ref.nRows < 2) {
      for (const name of ["dcr_5th_percent", "nndr_5th_percent", "ratio_match"])
        records.push(
          undefinedRecord(
            input,
            {
              ...base,
              submetric: `${name}_${p.name}`,
              unit: "distance",
              objective: name === "ratio_match" ? "min" : "max",
            },
            "the 20 % samples are too small",
            "too-small",
          ),
        );
      continue;
    }
    const nb = cloverKnn(cloverEncode(p.query, p.ref), 2);
    const { d1, d2 } = closestDistances(nb);
    const ratio = new Float64Array(d1.length);
    for (let i = 0; i < d1.length; i++) ratio[i] = d2[i] === 0 ? 0 : d1[i] / d2[i];
    const hasNaN = d1.some((d) => Number.isNaN(d));
    const nanReason = "a numeric ∅ makes Clover's distance NaN (numpy would return NaN)";
    records.push(
      privacyRecord(input, {
        ...base,
        submetric: `dcr_5th_percent_${p.name}`,
        value: hasNaN ? null : quantile(d1, 0.05),
        reason: hasNaN ? nanReason : null,
        unit: "distance",
        objective: "max",
      }),
      privacyRecord(input, {
        ...base,
        submetric: `nndr_5th_percent_${p.name}`,
        value: hasNaN ? null : quantile(ratio, 0.05),
        reason: hasNaN ? nanReason : null,
        unit: "ratio",
        objective: "max",
      }),
      privacyRecord(input, {
        ...base,
        submetric: `ratio_match_${p.name}`,
        value: shareBelow(d1, MATCH_THRESHOLD),
        unit: "share",
        objective: "min",
      }),
    );
  }
  return records;
}

export const dcrDistribution = privacyMetric<DcrOptions>({
  id: "dcr-distribution",
  optional: ["holdout"],
  variants: ["sosie", "clover"],
  description:
    "Distances to closest record and NNDR of synthetic rows against training and holdout rows, with the holdout reference",
  compute: (input, options) =>
    resolveVariant("dcr-distribution", ["sosie", "clover"], options) === "clover"
      ? computeCloverDistribution(input, options)
      : computeSosieDistribution(input, options),
});

/** closer_s: 1 if d1(s, train) < d1(s, holdout), tie ½ (sosie) or 0 (sdmetrics), else 0; returns Σ. */
export function closerToTrain(toTrain: Float64Array, toHoldout: Float64Array, tieValue: number): number {
  let sum = 0;
  for (let s = 0; s < toTrain.length; s++)
    sum += toTrain[s] < toHoldout[s] ? 1 : toTrain[s] === toHoldout[s] ? tieValue : 0;
  return sum;
}

function computeCloserToTrain(input: MetricInput, options?: DcrOptions): PrivacyResult[] {
  const id = "dcr-closer-to-train";
  const variant = resolveVariant(id, ["sosie", "sdmetrics"], options);
  const base = {
    id,
    variant,
    unit: "share",
    min: 0,
    max: 1,
    objective: "min" as const,
    definitionStatus: "sosie" as const,
  };
  const usable = usableHoldout(input, options);
  if (usable.holdout === null)
    return [
      undefinedRecord(input, { ...base, submetric: "share-closer-to-train" }, usable.reason, usable.cause),
      undefinedRecord(
        input,
        { ...base, submetric: "overfitting-protection", objective: "max" },
        usable.reason,
        usable.cause,
      ),
    ];
  const train = holdoutSizedTrain(input.real, usable.holdout.nRows, options?.seed);
  const { search, info, distance } = dcrSpace(input.real, options);
  const toTrain = search(input.synthetic, train).d1;
  const toHoldout = search(input.synthetic, usable.holdout).d1;
  const n = toTrain.length;
  const sum = closerToTrain(toTrain, toHoldout, variant === "sosie" ? 0.5 : 0);
  const p = sum / n;
  const { ci } = wilsonRate(sum, n);
  let ties = 0;
  for (let s = 0; s < n; s++) if (toTrain[s] === toHoldout[s]) ties++;
  const common = {
    ...base,
    distance,
    space: info,
    params: {
      space: options?.space ?? "gower",
      trainRows: train.nRows,
      holdoutRows: usable.holdout.nRows,
      tieValue: variant === "sosie" ? 0.5 : 0,
    },
    notes:
      ties > 0.05 * n
        ? [`${ties} of ${n} synthetic rows are equally close to both sets: the interval is approximate`]
        : [],
  };
  return [
    privacyRecord(input, {
      ...common,
      submetric: "share-closer-to-train",
      value: p,
      ci,
      intervalMethod: "wilson-score",
      target: "≤ 0.5",
      // Ideal 0.5: the target is met unless the share is significantly above 0.5.
      met: ci[0] <= 0.5,
    }),
    privacyRecord(input, {
      ...common,
      submetric: "overfitting-protection",
      value: Math.min(2 * (1 - p), 1),
      objective: "max",
    }),
  ];
}

export const dcrCloserToTrain = privacyMetric<DcrOptions>({
  id: "dcr-closer-to-train",
  optional: ["holdout"],
  variants: ["sosie", "sdmetrics"],
  description:
    "Share of synthetic rows closer to training rows than to holdout rows (ideal 0.5), and the overfitting protection",
  compute: computeCloserToTrain,
});

/**
 * A random table like R, column by column: integers and dates uniform on [min, max] integers,
 * floats and datetimes uniform on [min, max], categories uniform over R's observed levels, ∅ at
 * R's missing rate. Identifier and text columns are left out.
 */
export function uniformTable(real: Table, nRows: number, rng: Rng): Table {
  const columns: Column[] = [];
  for (const [c, column] of real.columns.entries()) {
    if (!isModelled(column)) continue;
    const stream = rng.derive("column", c);
    let missingCount = 0;
    for (let i = 0; i < column.length; i++) missingCount += column.missing[i];
    const missingRate = column.length === 0 ? 0 : missingCount / column.length;
    const missing = new Uint8Array(nRows);
    const present: number[] = [];
    for (let i = 0; i < nRows; i++) missing[i] = stream.next() < missingRate ? 1 : 0;
    if (column.kind === "categorical" || column.kind === "boolean") {
      const seen = new Set<number>();
      const source = column.kind === "categorical" ? column.codes : column.values;
      for (let i = 0; i < column.length; i++) if (!column.missing[i]) seen.add(source[i]);
      present.push(...[...seen].sort((a, b) => a - b));
      if (present.length === 0) missing.fill(1);
      const draw = (): number => (present.length === 0 ? 0 : present[stream.int(present.length)]);
      if (column.kind === "categorical") {
        const codes = Int32Array.from({ length: nRows }, (_, i) => (missing[i] ? -1 : draw()));
        columns.push(categoricalColumn(column.name, codes, column.levels, { ordered: column.ordered, missing }));
      } else {
        const values = Uint8Array.from({ length: nRows }, (_, i) => (missing[i] ? 0 : draw()));
        columns.push(booleanColumn(column.name, values, { missing, tokens: column.tokens }));
      }
      continue;
    }
    if (!isFloatColumn(column)) continue;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < column.length; i++)
      if (!column.missing[i]) {
        min = Math.min(min, column.values[i]);
        max = Math.max(max, column.values[i]);
      }
    if (!(min <= max)) missing.fill(1);
    const whole = column.kind === "integer" || column.kind === "date";
    const values = Float64Array.from({ length: nRows }, (_, i) => {
      if (missing[i]) return NaN;
      return whole ? min + stream.int(max - min + 1) : min + stream.next() * (max - min);
    });
    if (column.kind === "date" || column.kind === "datetime")
      columns.push(temporalColumn(column.name, column.kind, values, column.format, { missing }));
    else if (column.kind === "continuous" || column.kind === "integer")
      columns.push(
        numericColumn(column.name, values, {
          kind: column.kind,
          missing,
          ...(column.decimals === undefined ? {} : { decimals: column.decimals }),
        }),
      );
  }
  return new Table(columns, nRows);
}

export interface BaselineOptions extends DcrOptions {
  readonly numRowsSubsample?: number;
  readonly numIterations?: number;
}

/** median d1(S → R) / median d1(U → R), capped at 1; null when the random table sits on R. */
/** The tables of one baseline iteration: R and S (subsampled with `numRowsSubsample`) and U. */
export interface BaselineTables {
  readonly real: Table;
  readonly synthetic: Table;
  readonly uniform: Table;
}

const baselineMemo = new WeakMap<Table, WeakMap<Table, Map<string, BaselineTables>>>();

/**
 * The tables of iteration `it`, a deterministic function of the inputs and options, memoised on
 * the input tables so that searches on them (U → R is the costly one: random rows prune poorly)
 * can be run by range elsewhere (`dcrSearch`) and handed back (`primeDcrSearch`).
 */
export function baselineTables(input: MetricInput, options: BaselineOptions | undefined, it: number): BaselineTables {
  let bySynthetic = baselineMemo.get(input.real);
  if (bySynthetic === undefined) baselineMemo.set(input.real, (bySynthetic = new WeakMap()));
  let byKey = bySynthetic.get(input.synthetic);
  if (byKey === undefined) bySynthetic.set(input.synthetic, (byKey = new Map()));
  const seed = options?.seed ?? 0;
  const key = JSON.stringify([typeof seed, String(seed), options?.numRowsSubsample ?? null, it]);
  let tables = byKey.get(key);
  if (tables === undefined) {
    const stream = metricStream("dcr-baseline-protection", options).derive("iteration", it);
    const sub = (t: Table, tag: string) =>
      options?.numRowsSubsample === undefined ? t : subsampleRows(t, options.numRowsSubsample, stream.derive(tag));
    const real = sub(input.real, "real");
    const synthetic = sub(input.synthetic, "synthetic");
    tables = { real, synthetic, uniform: uniformTable(real, synthetic.nRows, stream.derive("uniform")) };
    byKey.set(key, tables);
  }
  return tables;
}

/** median d1(S → R) / median d1(U → R), capped at 1; null when the random table sits on R. */
function baselineScore(tables: BaselineTables, options: BaselineOptions | undefined): number | null {
  const { search } = dcrSpace(tables.real, options);
  const denominator = median(search(tables.uniform, tables.real).d1);
  if (!(denominator > 0)) return null;
  return Math.min(median(search(tables.synthetic, tables.real).d1) / denominator, 1);
}

function computeBaselineProtection(input: MetricInput, options?: BaselineOptions): PrivacyResult[] {
  const id = "dcr-baseline-protection";
  resolveVariant(id, ["sosie"], options);
  const iterations = options?.numIterations ?? 1;
  const { value, defined } = meanOfDefined(iterations, (it) =>
    baselineScore(baselineTables(input, options, it), options),
  );
  return [
    privacyRecord(input, {
      id,
      value,
      reason: value === null ? "the random table's median distance to the real rows is 0" : null,
      undefinedCause: "degenerate",
      unit: "score",
      min: 0,
      max: 1,
      objective: "max",
      definitionStatus: "sosie",
      distance: options?.space === "projected" ? "euclidean-projected" : "gower-sosie",
      params: {
        space: options?.space ?? "gower",
        numIterations: iterations,
        numRowsSubsample: options?.numRowsSubsample ?? null,
        iterationsDefined: defined,
      },
      notes: ["SDMetrics DCRBaselineProtection"],
    }),
  ];
}

export const dcrBaselineProtection = privacyMetric<BaselineOptions>({
  id: "dcr-baseline-protection",
  description: "Median synthetic-to-real distance relative to that of uniformly random rows (capped at 1)",
  compute: computeBaselineProtection,
});
