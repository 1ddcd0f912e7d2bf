/**
 * The common framework of the Anonymeter attacks (privacy-metrics.md §6.1; Giomi et al. 2023):
 * options, the three attackers' counts turned into Wilson success rates, the risk
 * (main − control)/(1 − control) and the §1.2 records.
 *
 * Variants: `sosie` (default) takes n = the attacks actually performed in the Wilson interval and
 * the sosie ∅ rules of the distance; `anonymeter` takes n = nAttacks and the reference code's rules.
 */
import { SosieOptionError } from "../../errors.ts";
import type { AnonymeterMissingRule } from "../../neighbors/anonymeter-distance.ts";
import { CategoryDictionary } from "../../neighbors/category-dictionary.ts";
import { categoryValues, distanceKind, numericValues } from "../../neighbors/table-columns.ts";
import { Rng } from "../../random/rng.ts";
import { isModelled } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import type { MetricDetail, MetricInput, MetricOptions, MetricResult } from "../types.ts";
import { metricResult } from "./record.ts";
import { NULL_RISK_UPPER, type SuccessRate, anonymeterRisk, wilsonRate } from "./wilson.ts";

export const ANONYMETER_VARIANTS = ["sosie", "anonymeter"] as const;
export const DEFAULT_N_ATTACKS = 500;
/** Anonymeter recommends 500–1000 control rows (§1.1). */
export const MIN_CONTROL_ROWS = 500;

export interface AnonymeterOptions extends MetricOptions {
  /** Attacks per attacker (default 500), capped by the available targets. */
  readonly nAttacks?: number;
  /** Level of the Wilson intervals (default 0.95). */
  readonly confidenceLevel?: number;
  /** Smallest control set accepted (§1.1; default MIN_CONTROL_ROWS = 500). */
  readonly minHoldoutRows?: number;
}

export interface ResolvedAnonymeterOptions {
  readonly variant: (typeof ANONYMETER_VARIANTS)[number];
  readonly seed: number | string | bigint;
  readonly nAttacks: number;
  readonly confidenceLevel: number;
  /** ∅ rule of the §2.3 distance. */
  readonly missingRule: AnonymeterMissingRule;
}

export function resolveAnonymeterOptions(
  id: string,
  options: AnonymeterOptions | undefined,
): ResolvedAnonymeterOptions {
  const variant = options?.variant ?? "sosie";
  if (variant !== "sosie" && variant !== "anonymeter")
    throw new SosieOptionError(
      `metric "${id}" has no variant "${variant}" (it has: ${ANONYMETER_VARIANTS.join(", ")})`,
    );
  const nAttacks = options?.nAttacks ?? DEFAULT_N_ATTACKS;
  if (!(Number.isInteger(nAttacks) && nAttacks >= 1))
    throw new SosieOptionError(`metric "${id}": nAttacks must be a positive integer, got ${nAttacks}`);
  const confidenceLevel = options?.confidenceLevel ?? 0.95;
  if (!(confidenceLevel > 0 && confidenceLevel < 1))
    throw new SosieOptionError(`metric "${id}": confidenceLevel must be in (0, 1), got ${confidenceLevel}`);
  return { variant, seed: options?.seed ?? 0, nAttacks, confidenceLevel, missingRule: variant };
}

/** The stream of one purpose of one attack: derive(seed, metric id, purpose). */
export function attackStream(options: ResolvedAnonymeterOptions, id: string, purpose: string): Rng {
  return Rng.fromSeed(options.seed).derive(id).derive(purpose);
}

/** The control set H, undefined without one, or why it cannot serve. */
export function controlTable(input: MetricInput, minRows = MIN_CONTROL_ROWS): Table | undefined | string {
  const h = input.holdout;
  if (h !== undefined && h.nRows < minRows)
    return `the control set needs at least ${minRows} holdout rows (H has ${h.nRows})`;
  return h;
}

/** Checks that every named column is a modelled column of every table. */
export function checkColumns(names: readonly string[], tables: readonly (Table | undefined)[], what: string): void {
  for (const name of names)
    for (const t of tables) {
      if (t === undefined) continue;
      if (!t.has(name)) throw new SosieOptionError(`${what}: column "${name}" is absent from a compared table`);
      if (!isModelled(t.column(name)))
        throw new SosieOptionError(`${what}: column "${name}" is an identifier or free text`);
    }
}

/** The columns of several tables as numbers on shared codes (categories by level text), NaN for ∅. */
export interface SharedColumns {
  readonly names: readonly string[];
  readonly numeric: readonly boolean[];
  /** values[t][c]: column c of table t. */
  readonly values: readonly (readonly Float64Array[])[];
}

export function sharedColumns(tables: readonly Table[], names: readonly string[]): SharedColumns {
  const numeric = names.map((n) => distanceKind(tables[0].column(n)) === "numeric");
  const dictionaries = names.map(() => new CategoryDictionary());
  const values = tables.map((t) =>
    names.map((n, c) => (numeric[c] ? numericValues(t.column(n)) : categoryValues(t.column(n), dictionaries[c]))),
  );
  return { names, numeric, values };
}

// ---------------------------------------------------------------------------------------------
// Records.

export interface AttackCounts {
  /** May be fractional after the singling-out size correction. */
  readonly successes: number;
  readonly performed: number;
}

export interface AttackOutcome {
  readonly main: AttackCounts;
  /** null without a control set. */
  readonly control: AttackCounts | null;
  readonly baseline: AttackCounts;
}

export interface RecordContext {
  readonly id: string;
  readonly input: MetricInput;
  readonly options: ResolvedAnonymeterOptions;
  readonly notes: readonly string[];
}

function record(ctx: RecordContext, submetric: string, fields: Partial<MetricResult>): MetricResult {
  return metricResult(ctx.input, {
    id: ctx.id,
    submetric,
    variant: ctx.options.variant,
    objective: "min",
    notes: ctx.notes,
    ...fields,
  });
}

/** A success rate with its Wilson interval, over the attacks performed (sosie) or requested (anonymeter, §6.1). */
function successRate(
  c: AttackCounts,
  count: ResolvedAnonymeterOptions["variant"],
  options: ResolvedAnonymeterOptions,
): ReturnType<typeof wilsonRate> {
  const n = count === "anonymeter" ? Math.max(options.nAttacks, c.successes) : c.performed;
  return wilsonRate(c.successes, n, options.confidenceLevel);
}

/** The fields of a risk record: clamped value, interval, status and reason. */
function riskFields(risk: ReturnType<typeof anonymeterRisk>): Partial<MetricResult> {
  return {
    value: risk.value,
    ci: risk.ci,
    ciMethod: risk.ci === null ? null : "wilson",
    status: risk.value === null ? "undefined" : "ok",
    reason: risk.reason,
  };
}

/**
 * The upper bound of the risk interval at zero risk: had the main attack succeeded exactly as
 * often as the control (the control's share of successes, at the main attack's count), the control
 * as observed; without a control set, had no main attack succeeded.
 */
function nullRiskUpper(outcome: AttackOutcome, rate: (c: AttackCounts) => SuccessRate): number | null {
  const { main, control } = outcome;
  const share = control === null || control.performed === 0 ? 0 : control.successes / control.performed;
  const risk = anonymeterRisk(
    rate({ successes: share * main.performed, performed: main.performed }),
    control === null ? undefined : rate(control),
  );
  return risk.ci === null ? null : risk.ci[1];
}

const WILSON_NOTE = "interval: Wilson score interval of the success rates, propagated to the risk (Anonymeter)";

/**
 * The records of one attack: `risk<suffix>` (clamped, with its interval), and the success rates
 * `main-rate<suffix>`, `control-rate<suffix>`, `baseline-rate<suffix>`. `columns` names what the
 * attack targeted (a secret column), for the details.
 */
export function anonymeterRecords(
  ctx: RecordContext,
  outcome: AttackOutcome,
  suffix = "",
  columns: readonly string[] = [],
): MetricResult[] {
  const { options } = ctx;
  const rate = (c: AttackCounts) => successRate(c, options.variant, options);
  const main = rate(outcome.main);
  const control = outcome.control === null ? undefined : rate(outcome.control);
  const baseline = rate(outcome.baseline);
  const risk = anonymeterRisk(main, control);
  const informative = main.rate > baseline.rate;
  const notes = [...ctx.notes, WILSON_NOTE];
  if (!informative)
    notes.push("attack not better than random guessing (main rate ≤ baseline rate): its low risk is not evidence");
  if (control === undefined) notes.push("no control set: the risk is the main success rate");
  const stats: Record<string, number | null> = {
    mainSuccesses: outcome.main.successes,
    mainAttacks: outcome.main.performed,
    controlSuccesses: outcome.control?.successes ?? null,
    controlAttacks: outcome.control?.performed ?? null,
    baselineSuccesses: outcome.baseline.successes,
    baselineAttacks: outcome.baseline.performed,
    nAttacksRequested: options.nAttacks,
  };
  const riskDetails: MetricDetail[] = [
    { columns, measure: "informative", value: informative ? 1 : 0, reference: null, status: "ok", reason: null, stats },
    {
      columns,
      measure: NULL_RISK_UPPER,
      value: nullRiskUpper(outcome, rate),
      reference: null,
      status: "ok",
      reason: null,
      stats: { mainAttacks: main.attacks, controlAttacks: control?.attacks ?? null },
    },
  ];
  const rateRecord = (name: string, r: ReturnType<typeof rate> | undefined, reason: string) =>
    record(
      { ...ctx, notes },
      `${name}${suffix}`,
      r === undefined
        ? { reason }
        : {
            value: r.rate,
            ci: r.ci,
            ciMethod: "wilson",
            status: "ok",
            details: [
              { columns, measure: "wilson-error", value: r.error, reference: null, status: "ok", reason: null },
            ],
          },
    );
  return [
    record({ ...ctx, notes }, `risk${suffix}`, { ...riskFields(risk), details: riskDetails }),
    rateRecord("main-rate", main, ""),
    rateRecord("control-rate", control, "no control set"),
    rateRecord("baseline-rate", baseline, ""),
    ...(options.variant === "sosie" ? [requestedCountRisk(ctx, outcome, notes, suffix)] : []),
  ];
}

/**
 * The same risk on Anonymeter's count (§6.1: n = nAttacks even when fewer attacks could be
 * generated), beside the sosie count, as the spec has the report show both. On a table where few
 * queries can be formed (diabetes-130: about 24 of 500), the sosie interval is wide by
 * construction, and this is the figure published tools report.
 */
function requestedCountRisk(
  ctx: RecordContext,
  outcome: AttackOutcome,
  notes: readonly string[],
  suffix: string,
): MetricResult {
  const rate = (c: AttackCounts) => successRate(c, "anonymeter", ctx.options);
  const risk = anonymeterRisk(rate(outcome.main), outcome.control === null ? undefined : rate(outcome.control));
  return record(
    { ...ctx, notes: [...notes, REQUESTED_COUNT_NOTE] },
    `risk-anonymeter-count${suffix}`,
    riskFields(risk),
  );
}

const REQUESTED_COUNT_NOTE =
  "Anonymeter's count: rates over the nAttacks requested, even when fewer attacks could be formed";

/** The records of an attack that cannot run, with the reason. */
export function undefinedAnonymeterRecords(
  ctx: RecordContext,
  reason: string,
  suffixes: readonly string[] = [""],
): MetricResult[] {
  return suffixes.flatMap((suffix) =>
    ["risk", "main-rate", "control-rate", "baseline-rate"].map((name) => record(ctx, `${name}${suffix}`, { reason })),
  );
}
