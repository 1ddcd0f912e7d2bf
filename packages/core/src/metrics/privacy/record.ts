/**
 * Building privacy result records (§1.2) and the shared option handling: variants, seeds,
 * declared roles, strict targets (§3.0) (the Wilson interval lives in wilson.ts).
 */
import { SosieOptionError } from "../../errors.ts";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { MetricDetail, MetricInput, MetricResult, Objective } from "../types.ts";
import { quantileType7 } from "../utility/statistics.ts";
import type { DefinitionStatus, JsonValue, PrivacyOptions, PrivacyResult, UndefinedCause } from "./types.ts";

/** Fields a metric supplies; the builder fills the rest with neutral values. */
export interface RecordFields {
  readonly id: string;
  readonly submetric?: string;
  readonly variant?: string;
  readonly value: number | null;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly objective: Objective;
  readonly definitionStatus: DefinitionStatus;
  readonly needsLink?: boolean;
  readonly target?: string | null;
  readonly reference?: number | null;
  readonly ci?: readonly [number, number] | null;
  readonly intervalMethod?: "wilson-score" | null;
  readonly space?: PrivacyResult["space"];
  readonly distance?: string | null;
  readonly tieRule?: PrivacyResult["tieRule"];
  readonly params?: Readonly<Record<string, JsonValue>>;
  readonly reason?: string | null;
  readonly undefinedCause?: UndefinedCause | null;
  readonly notes?: readonly string[];
  readonly details?: readonly MetricDetail[];
  readonly histograms?: PrivacyResult["histograms"];
  /** Overrides the strict target check (e.g. a target judged on an interval). */
  readonly met?: boolean | null;
}

export function sizesOf(input: MetricInput): PrivacyResult["n"] {
  return { R: input.real.nRows, S: input.synthetic.nRows, H: input.holdout?.nRows ?? null };
}

/**
 * A bare MetricResult on a [0, 1] scale: the fields the caller sets over neutral ones (no value,
 * no interval, status "undefined"). The §1.2 records below add the privacy fields to it; the
 * Anonymeter and membership attacks, and a metric that could not run at all, use it as it is.
 */
export function metricResult(
  input: MetricInput,
  fields: Pick<MetricResult, "id" | "submetric" | "variant" | "objective"> & Partial<MetricResult>,
): MetricResult {
  const neutral: MetricResult = {
    id: fields.id,
    submetric: fields.submetric,
    variant: fields.variant,
    value: null,
    min: 0,
    max: 1,
    objective: fields.objective,
    reference: null,
    ci: null,
    ciMethod: null,
    n: sizesOf(input),
    nUndefined: 0,
    status: "undefined",
    reason: null,
    notes: [],
    details: [],
  };
  return { ...neutral, ...fields };
}

/** A §1.2 record. A non-finite value becomes undefined: reports never carry NaN. */
export function privacyRecord(input: MetricInput, f: RecordFields): PrivacyResult {
  const finite = f.value !== null && Number.isFinite(f.value);
  const value = finite ? f.value : null;
  const target = f.target ?? null;
  const reason = value === null ? (f.reason ?? "the value is undefined") : (f.reason ?? null);
  return {
    ...metricResult(input, {
      id: f.id,
      submetric: f.submetric ?? f.id,
      variant: f.variant ?? "sosie",
      value,
      min: f.min,
      max: f.max,
      objective: f.objective,
      reference: f.reference !== undefined && f.reference !== null && Number.isFinite(f.reference) ? f.reference : null,
      ci: f.ci ?? null,
      status: value === null ? "undefined" : "ok",
      reason,
      notes: f.notes ?? [],
      details: f.details ?? [],
    }),
    unit: f.unit,
    target,
    met: f.met !== undefined ? f.met : value === null || target === null ? null : meetsTarget(value, target),
    space: f.space ?? null,
    distance: f.distance ?? null,
    tieRule: f.tieRule ?? null,
    needsLink: f.needsLink ?? false,
    definitionStatus: f.definitionStatus,
    params: f.params ?? {},
    intervalMethod: f.intervalMethod ?? null,
    undefinedCause: value === null ? (f.undefinedCause ?? "degenerate") : null,
    ...(f.histograms === undefined ? {} : { histograms: f.histograms }),
  };
}

/** An undefined record: the metric could not run, for the reason given. */
export function undefinedRecord(
  input: MetricInput,
  f: Omit<RecordFields, "value" | "reason" | "undefinedCause">,
  reason: string,
  cause: UndefinedCause,
): PrivacyResult {
  return privacyRecord(input, { ...f, value: null, reason, undefinedCause: cause });
}

const TARGET = /^\s*(>=|<=|≥|≤|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Whether `value` meets a target such as "> 90" or "≤ 0.5", on the unrounded value. Strict
 * operators fail on equality (§3.0): a value equal to its target fails.
 */
export function meetsTarget(value: number, target: string): boolean {
  const m = TARGET.exec(target);
  if (m === null) throw new SosieOptionError(`target "${target}" is not an operator followed by a number`);
  const t = Number(m[2]);
  switch (m[1]) {
    case ">":
      return value > t;
    case "<":
      return value < t;
    case ">=":
    case "≥":
      return value >= t;
    default:
      return value <= t;
  }
}

/** The variant asked for, checked against the metric's list (first = default). */
export function resolveVariant(id: string, variants: readonly string[], options: PrivacyOptions | undefined): string {
  const variant = options?.variant ?? variants[0];
  if (!variants.includes(variant))
    throw new SosieOptionError(`metric "${id}" has no variant "${variant}" (it has: ${variants.join(", ")})`);
  return variant;
}

/** The metric's own random stream: derived from the report seed and the metric id (§1.3). */
export function metricStream(id: string, options: PrivacyOptions | undefined): Rng {
  return Rng.fromSeed(options?.seed ?? 0).derive(id);
}

/** Declared columns of a role, checked to exist in R and S; empty when none are declared. */
export function declaredColumns(
  input: MetricInput,
  names: readonly string[] | undefined,
  role: "quasi-identifier" | "sensitive",
): string[] {
  const list = [...(names ?? [])];
  for (const name of list)
    for (const [label, t] of [
      ["real", input.real],
      ["synthetic", input.synthetic],
    ] as const)
      if (!t.has(name)) throw new SosieOptionError(`declared ${role} column "${name}" is not in the ${label} table`);
  return list;
}

export function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(Number.isInteger(v) && v >= 1)) throw new SosieOptionError(`${name} must be a positive integer, got ${v}`);
  return v;
}

/** The holdout when it has at least `minHoldoutRows` rows (§1.1), or why it cannot be used. */
export function usableHoldout(
  input: MetricInput,
  options: PrivacyOptions | undefined,
): { holdout: Table; reason: null; cause: null } | { holdout: null; reason: string; cause: UndefinedCause } {
  const minRows = options?.minHoldoutRows ?? 500;
  if (input.holdout === undefined)
    return {
      holdout: null,
      reason: "no holdout: this metric compares with real rows the generator never saw",
      cause: "missing-input",
    };
  if (input.holdout.nRows < minRows)
    return {
      holdout: null,
      reason: `the holdout has ${input.holdout.nRows} rows, fewer than the ${minRows} this metric needs`,
      cause: "too-small",
    };
  return { holdout: input.holdout, reason: null, cause: null };
}

/** The mean of the defined scores of `iterations` repetitions (null when none is), and how many were defined. */
export function meanOfDefined(
  iterations: number,
  score: (iteration: number) => number | null,
): { value: number | null; defined: number } {
  const scores: number[] = [];
  for (let it = 0; it < iterations; it++) {
    const s = score(it);
    if (s !== null) scores.push(s);
  }
  return {
    value: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length,
    defined: scores.length,
  };
}

/** Round half to even on integers (Python's round), used by CPR (§3.8). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(r - x) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Type-7 median of arbitrary values (sorted copy). */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Type-7 quantile of arbitrary values (sorted copy); NaN when empty. */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileType7(Float64Array.from(values).sort(), p);
}
