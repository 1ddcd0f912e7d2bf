/**
 * Attribute disclosure (§7): the CAP attacker of SDMetrics DisclosureProtection (and its
 * subsampled estimate), and synthpop's replicated uniques (repU) and DiSCO.
 * Known columns default to the declared quasi-identifiers, targets to the declared sensitive columns.
 */
import { SosieOptionError } from "../../errors.ts";
import type { Table } from "../../table/table.ts";
import type { MetricDetail, MetricInput } from "../types.ts";
import { subsampleRows } from "../utility/sampling.ts";
import { privacyMetric } from "./definition.ts";
import { countKeys } from "./exact-equality.ts";
import { type Generalization, generalizedTokens, groupKey, realAndSyntheticKeys } from "./grouping.ts";
import {
  declaredColumns,
  meanOfDefined,
  metricStream,
  positiveInteger,
  privacyRecord,
  resolveVariant,
  undefinedRecord,
} from "./record.ts";
import type { PrivacyOptions, PrivacyResult } from "./types.ts";

/** "sosie" (the default) is SDMetrics' `cap` rule: real rows whose key S lacks are skipped. */
const CAP_VARIANTS = ["sosie", "cap", "zero_cap", "generalized_cap"] as const;
type CapVariant = Exclude<(typeof CAP_VARIANTS)[number], "sosie">;

function capVariant(id: string, options: PrivacyOptions | undefined): CapVariant {
  const v = resolveVariant(id, CAP_VARIANTS, options);
  return v === "sosie" ? "cap" : (v as CapVariant);
}

interface DisclosureOptions extends PrivacyOptions {
  /** Known columns K (default: the declared quasi-identifiers). */
  readonly knownColumns?: readonly string[];
  /** Sensitive columns T (default: the declared sensitive columns). */
  readonly sensitiveColumns?: readonly string[];
  readonly numDiscreteBins?: number;
  readonly numRowsSubsample?: number;
  readonly numIterations?: number;
}

function roles(input: MetricInput, options: DisclosureOptions | undefined): { known: string[]; sensitive: string[] } {
  return {
    known: declaredColumns(input, options?.knownColumns ?? options?.quasiIdentifiers, "quasi-identifier"),
    sensitive: declaredColumns(input, options?.sensitiveColumns ?? options?.sensitive, "sensitive"),
  };
}

export interface CapScore {
  readonly meanProbability: number;
  readonly protection: number;
  readonly baseline: number;
  readonly score: number | null;
  readonly rowsScored: number;
}

/** CAP of §7.1 with R's rows attacked through S; keys and targets binned on R. */
export function capScore(
  real: Table,
  synthetic: Table,
  known: readonly string[],
  sensitive: readonly string[],
  variant: CapVariant,
  bins: number,
): CapScore {
  const g: Generalization = { binning: "equal-width", bins, dates: "bins" };
  const k = generalizedTokens([real, synthetic], known, g).tokens;
  const t = generalizedTokens([real, synthetic], sensitive, g).tokens;
  // Per synthetic key: how many rows, and how many per sensitive tuple.
  const byKey = new Map<string, { total: number; targets: Map<string, number> }>();
  for (let s = 0; s < synthetic.nRows; s++) {
    const key = groupKey(k, 1, s);
    let entry = byKey.get(key);
    if (entry === undefined) byKey.set(key, (entry = { total: 0, targets: new Map() }));
    entry.total++;
    const target = groupKey(t, 1, s);
    entry.targets.set(target, (entry.targets.get(target) ?? 0) + 1);
  }
  const syntheticKeys = variant === "generalized_cap" ? [...byKey.keys()].map((key) => key.split("\u0001")) : [];
  let sum = 0;
  let scored = 0;
  for (let r = 0; r < real.nRows; r++) {
    const key = groupKey(k, 0, r);
    const target = groupKey(t, 0, r);
    const entry = byKey.get(key);
    if (entry !== undefined) {
      sum += (entry.targets.get(target) ?? 0) / entry.total;
      scored++;
    } else if (variant === "zero_cap") scored++;
    else if (variant === "generalized_cap") {
      // Synthetic rows whose keys are at the minimum Hamming distance from this key.
      const parts = key.split("\u0001");
      let best = Infinity;
      let total = 0;
      let hits = 0;
      for (const candidate of syntheticKeys) {
        let d = 0;
        for (let c = 0; c < parts.length; c++) if (parts[c] !== candidate[c]) d++;
        if (d > best) continue;
        const e = byKey.get(candidate.join("\u0001"))!;
        if (d < best) {
          best = d;
          total = 0;
          hits = 0;
        }
        total += e.total;
        hits += e.targets.get(target) ?? 0;
      }
      if (total > 0) {
        sum += hits / total;
        scored++;
      }
    }
  }
  let combinations = 1;
  for (let c = 0; c < t.length; c++) combinations *= new Set(t[c][0].filter((x) => x !== "∅")).size;
  const meanProbability = scored === 0 ? NaN : sum / scored;
  const protection = 1 - meanProbability;
  const baseline = combinations === 0 ? 0 : 1 - 1 / combinations;
  return {
    meanProbability,
    protection,
    baseline,
    score: scored === 0 || baseline === 0 ? null : Math.min(protection / baseline, 1),
    rowsScored: scored,
  };
}

/** The scale and rule of a CAP record: a protection score in [0, 1] on binned exact keys. */
const CAP_FIELDS = {
  unit: "score",
  min: 0,
  max: 1,
  objective: "max" as const,
  definitionStatus: "sosie" as const,
  distance: "exact (binned)",
};

function capRecord(
  input: MetricInput,
  id: string,
  variant: string,
  cap: CapScore | null,
  reason: string | null,
  params: PrivacyResult["params"],
): PrivacyResult {
  return privacyRecord(input, {
    id,
    variant,
    value: cap?.score ?? null,
    reason:
      cap !== null && cap.score === null
        ? cap.rowsScored === 0
          ? "no real row has a synthetic row with its known values"
          : "the sensitive columns take one value: the baseline is 0"
        : reason,
    undefinedCause: cap === null ? "missing-input" : "degenerate",
    ...CAP_FIELDS,
    params,
    notes: ["SDMetrics DisclosureProtection: score = min(CAP protection / baseline, 1)"],
    details:
      cap === null
        ? []
        : [
            {
              columns: [],
              measure: "mean-cap-probability",
              value: cap.meanProbability,
              reference: null,
              status: "ok",
              reason: null,
            },
            {
              columns: [],
              measure: "cap-protection",
              value: cap.protection,
              reference: null,
              status: "ok",
              reason: null,
            },
            { columns: [], measure: "baseline", value: cap.baseline, reference: null, status: "ok", reason: null },
          ],
  });
}

const MISSING_ROLES = "needs known columns (declared quasi-identifiers) and sensitive columns";

function computeDisclosure(input: MetricInput, options?: DisclosureOptions): PrivacyResult[] {
  const id = "disclosure-protection";
  const variant = capVariant(id, options);
  const { known, sensitive } = roles(input, options);
  const bins = positiveInteger("numDiscreteBins", options?.numDiscreteBins, 10);
  if (known.length === 0 || sensitive.length === 0) return [capRecord(input, id, variant, null, MISSING_ROLES, {})];
  const cap = capScore(input.real, input.synthetic, known, sensitive, variant, bins);
  return [
    capRecord(input, id, variant, cap, null, {
      knownColumns: known,
      sensitiveColumns: sensitive,
      numDiscreteBins: bins,
    }),
  ];
}

export const disclosureProtection = privacyMetric<DisclosureOptions>({
  id: "disclosure-protection",
  variants: CAP_VARIANTS,
  description:
    "Protection against a CAP attacker guessing sensitive values from known columns in the release (SDMetrics)",
  compute: computeDisclosure,
});

function computeDisclosureEstimate(input: MetricInput, options?: DisclosureOptions): PrivacyResult[] {
  const id = "disclosure-protection-estimate";
  const variant = capVariant(id, options);
  const { known, sensitive } = roles(input, options);
  const bins = positiveInteger("numDiscreteBins", options?.numDiscreteBins, 10);
  const rows = positiveInteger("numRowsSubsample", options?.numRowsSubsample, 1000);
  const iterations = positiveInteger("numIterations", options?.numIterations, 10);
  if (known.length === 0 || sensitive.length === 0) return [capRecord(input, id, variant, null, MISSING_ROLES, {})];
  const rng = metricStream(id, options);
  const { value, defined } = meanOfDefined(iterations, (it) => {
    const real = subsampleRows(input.real, rows, rng.derive("iteration", it));
    return capScore(real, input.synthetic, known, sensitive, variant, bins).score;
  });
  return [
    privacyRecord(input, {
      id,
      variant,
      value,
      reason: value === null ? "no subsample gave a defined score" : null,
      undefinedCause: "degenerate",
      ...CAP_FIELDS,
      params: {
        knownColumns: known,
        sensitiveColumns: sensitive,
        numDiscreteBins: bins,
        numRowsSubsample: rows,
        numIterations: iterations,
        iterationsDefined: defined,
      },
    }),
  ];
}

export const disclosureProtectionEstimate = privacyMetric<DisclosureOptions>({
  id: "disclosure-protection-estimate",
  variants: CAP_VARIANTS,
  description: "DisclosureProtection averaged over seeded subsamples of real rows",
  compute: computeDisclosureEstimate,
});

const SYNTHPOP_BINNING: Generalization = { binning: "quantile", bins: 10, dates: "bins" };

/** repU (%): real rows whose key is unique in R and unique in S. */
export function replicatedUniques(realKeys: readonly string[], syntheticKeys: readonly string[]): number {
  const r = countKeys(realKeys);
  const s = countKeys(syntheticKeys);
  let n = 0;
  for (const k of realKeys) if (r.get(k) === 1 && s.get(k) === 1) n++;
  return (100 * n) / realKeys.length;
}

/** DiSCO (%): real rows whose key occurs in S with a single target value, equal to theirs. */
export function disco(
  realKeys: readonly string[],
  realTargets: readonly string[],
  syntheticKeys: readonly string[],
  syntheticTargets: readonly string[],
): number {
  const single = new Map<string, string | null>();
  syntheticKeys.forEach((k, s) => {
    const seen = single.get(k);
    if (seen === undefined) single.set(k, syntheticTargets[s]);
    else if (seen !== null && seen !== syntheticTargets[s]) single.set(k, null);
  });
  let n = 0;
  realKeys.forEach((k, i) => {
    const v = single.get(k);
    if (v !== undefined && v !== null && v === realTargets[i]) n++;
  });
  return (100 * n) / realKeys.length;
}

interface SynthpopOptions extends PrivacyOptions {
  readonly keys?: readonly string[];
}

/** What repU and DiSCO share: the sosie variant only, the key columns, the fields of a % of real rows. */
function synthpopSetup(id: string, input: MetricInput, options: SynthpopOptions | undefined) {
  resolveVariant(id, ["sosie"], options);
  const keysCols = declaredColumns(input, options?.keys ?? options?.quasiIdentifiers, "quasi-identifier");
  const base = {
    id,
    unit: "%",
    min: 0,
    max: 100,
    objective: "min" as const,
    definitionStatus: "sosie" as const,
    distance: "exact (quantile-binned)",
  };
  return { keysCols, base };
}

function computeReplicatedUniques(input: MetricInput, options?: SynthpopOptions): PrivacyResult[] {
  const { keysCols, base } = synthpopSetup("replicated-uniques", input, options);
  if (keysCols.length === 0)
    return [undefinedRecord(input, base, "needs keys (declared quasi-identifiers)", "missing-input")];
  const keys = realAndSyntheticKeys(input, keysCols, SYNTHPOP_BINNING);
  const value = replicatedUniques(keys.real, keys.synthetic);
  return [
    privacyRecord(input, {
      ...base,
      value,
      params: { keys: keysCols, bins: 10 },
      notes: ["synthpop disclosure: repU"],
    }),
  ];
}

export const replicatedUniquesMetric = privacyMetric<SynthpopOptions>({
  id: "replicated-uniques",
  description:
    "Share of real rows whose quasi-identifier key is unique in the real data and unique in the release (synthpop repU), in %",
  compute: computeReplicatedUniques,
});

function computeDisco(input: MetricInput, options?: SynthpopOptions): PrivacyResult[] {
  const { keysCols, base } = synthpopSetup("disco", input, options);
  const targets = declaredColumns(input, options?.sensitive, "sensitive");
  if (keysCols.length === 0 || targets.length === 0)
    return [
      undefinedRecord(input, base, "needs keys (declared quasi-identifiers) and sensitive targets", "missing-input"),
    ];
  const keys = realAndSyntheticKeys(input, keysCols, SYNTHPOP_BINNING);
  const details: MetricDetail[] = targets.map((t) => {
    if (keysCols.includes(t)) throw new SosieOptionError(`column "${t}" cannot be both a key and a target`);
    const target = generalizedTokens([input.real, input.synthetic], [t], SYNTHPOP_BINNING).tokens;
    const value = disco(keys.real, target[0][0], keys.synthetic, target[0][1]);
    return { columns: [t], measure: "disco", value, reference: null, status: "ok", reason: null };
  });
  return [
    privacyRecord(input, {
      ...base,
      value: Math.max(...details.map((d) => d.value!)),
      params: { keys: keysCols, targets, bins: 10, aggregation: "worst (maximum) over targets" },
      notes: ["synthpop disclosure: DiSCO"],
      details,
    }),
  ];
}

export const discoMetric = privacyMetric<SynthpopOptions>({
  id: "disco",
  description:
    "Share of real rows whose sensitive value a single-valued synthetic key group discloses correctly (synthpop DiSCO), in %",
  compute: computeDisco,
});
