/**
 * Equivalence-class measures on the declared quasi-identifiers (§8): k-anonymity and distinct
 * l-diversity of the release (R as the reference), and k-map of S against R. QIs are generalised
 * first: numbers to 10 quantile bins of R, dates to the year (option month), hierarchies when
 * given, ∅ as a value. Synthetic rows are not people: small classes are warnings, not proofs.
 */
import type { MetricDetail, MetricInput } from "../types.ts";
import { privacyMetric } from "./definition.ts";
import { countKeys } from "./exact-equality.ts";
import { type Generalization, generalizedTokens, realAndSyntheticKeys } from "./grouping.ts";
import { declaredColumns, positiveInteger, privacyRecord, resolveVariant, undefinedRecord } from "./record.ts";
import type { PrivacyOptions, PrivacyResult } from "./types.ts";

interface ClassOptions extends PrivacyOptions {
  readonly kTarget?: number;
  readonly lTarget?: number;
  /** Dates generalised to the "year" (default) or "month". */
  readonly dateGeneralization?: "year" | "month";
  readonly hierarchies?: Generalization["hierarchies"];
}

function generalization(options: ClassOptions | undefined): Generalization {
  return {
    binning: "quantile",
    bins: 10,
    dates: options?.dateGeneralization ?? "year",
    ...(options?.hierarchies === undefined ? {} : { hierarchies: options.hierarchies }),
  };
}

/** k = smallest class size and the share (%) of rows in classes smaller than kTarget. */
export function kAnonymityOf(keys: readonly string[], kTarget: number): { k: number; shareBelow: number } {
  const counts = countKeys(keys);
  let k = Infinity;
  for (const c of counts.values()) k = Math.min(k, c);
  let below = 0;
  for (const key of keys) if (counts.get(key)! < kTarget) below++;
  return { k: keys.length === 0 ? NaN : k, shareBelow: keys.length === 0 ? NaN : (100 * below) / keys.length };
}

/** l = fewest distinct sensitive values in a class and the share (%) of classes with fewer than lTarget. */
export function lDiversityOf(
  keys: readonly string[],
  sensitive: readonly string[],
  lTarget: number,
): { l: number; shareBelow: number } {
  const distinct = new Map<string, Set<string>>();
  keys.forEach((k, i) => {
    let set = distinct.get(k);
    if (set === undefined) distinct.set(k, (set = new Set()));
    set.add(sensitive[i]);
  });
  let l = Infinity;
  let below = 0;
  for (const set of distinct.values()) {
    l = Math.min(l, set.size);
    if (set.size < lTarget) below++;
  }
  return { l: distinct.size === 0 ? NaN : l, shareBelow: distinct.size === 0 ? NaN : (100 * below) / distinct.size };
}

const NO_QI = "no declared quasi-identifiers: equivalence classes are not defined";

/** The fields every equivalence-class record shares. */
function classFields(id: string) {
  return { id, definitionStatus: "sosie" as const, distance: "generalised quasi-identifiers", min: 0 };
}

/** The smallest class size or diversity: higher is safer. */
const COUNT_SCALE = { unit: "count", max: Number.MAX_SAFE_INTEGER, objective: "max" as const };
/** A share of rows or classes, in %: lower is safer. */
const SHARE_SCALE = { unit: "%", max: 100, objective: "min" as const };

/** k-anonymity or l-diversity that cannot run: its count and its share-below submetric, undefined. */
function undefinedPair(
  input: MetricInput,
  base: ReturnType<typeof classFields>,
  shareSubmetric: string,
  reason: string,
): PrivacyResult[] {
  return [
    undefinedRecord(input, { ...base, ...COUNT_SCALE }, reason, "missing-input"),
    undefinedRecord(input, { ...base, submetric: shareSubmetric, ...SHARE_SCALE }, reason, "missing-input"),
  ];
}

function computeKAnonymity(input: MetricInput, options?: ClassOptions): PrivacyResult[] {
  const id = "k-anonymity";
  resolveVariant(id, ["sosie"], options);
  const kTarget = positiveInteger("kTarget", options?.kTarget, 5);
  const qis = declaredColumns(input, options?.quasiIdentifiers, "quasi-identifier");
  const base = classFields(id);
  if (qis.length === 0) return undefinedPair(input, base, "share-below-k", NO_QI);
  const keys = realAndSyntheticKeys(input, qis, generalization(options));
  const s = kAnonymityOf(keys.synthetic, kTarget);
  const r = kAnonymityOf(keys.real, kTarget);
  const params = { quasiIdentifiers: qis, kTarget, dates: options?.dateGeneralization ?? "year", bins: 10 };
  const note = "synthetic rows are not people: a small k in the release is a warning sign, not a proof of disclosure";
  return [
    privacyRecord(input, {
      ...base,
      value: s.k,
      reference: r.k,
      ...COUNT_SCALE,
      target: `≥ ${kTarget}`,
      params,
      notes: [note],
    }),
    privacyRecord(input, {
      ...base,
      submetric: "share-below-k",
      value: s.shareBelow,
      reference: r.shareBelow,
      ...SHARE_SCALE,
      params,
      notes: ["reference: the same share in the real data"],
    }),
  ];
}

export const kAnonymity = privacyMetric<ClassOptions>({
  id: "k-anonymity",
  description:
    "Smallest equivalence class of the release on the generalised quasi-identifiers, and the share of rows in small classes",
  compute: computeKAnonymity,
});

function computeLDiversity(input: MetricInput, options?: ClassOptions): PrivacyResult[] {
  const id = "l-diversity";
  resolveVariant(id, ["sosie"], options);
  const lTarget = positiveInteger("lTarget", options?.lTarget, 2);
  const qis = declaredColumns(input, options?.quasiIdentifiers, "quasi-identifier");
  const sensitive = declaredColumns(input, options?.sensitive, "sensitive");
  const base = classFields(id);
  if (qis.length === 0 || sensitive.length === 0)
    return undefinedPair(input, base, "share-below-l", "needs declared quasi-identifiers and sensitive columns");
  const keys = realAndSyntheticKeys(input, qis, generalization(options));
  const perColumn = sensitive.map((t) => {
    const tokens = generalizedTokens([input.real, input.synthetic], [t], generalization(options)).tokens[0];
    return {
      name: t,
      s: lDiversityOf(keys.synthetic, tokens[1], lTarget),
      r: lDiversityOf(keys.real, tokens[0], lTarget),
    };
  });
  const detail = (measure: string, pick: (c: (typeof perColumn)[number]) => [number, number]): MetricDetail[] =>
    perColumn.map((c) => ({
      columns: [c.name],
      measure,
      value: pick(c)[0],
      reference: pick(c)[1],
      status: "ok",
      reason: null,
    }));
  const worstL = perColumn.reduce((a, c) => (c.s.l < a.s.l ? c : a));
  const worstShare = perColumn.reduce((a, c) => (c.s.shareBelow > a.s.shareBelow ? c : a));
  const params = { quasiIdentifiers: qis, sensitive, lTarget, aggregation: "worst over sensitive columns" };
  return [
    privacyRecord(input, {
      ...base,
      value: worstL.s.l,
      reference: worstL.r.l,
      ...COUNT_SCALE,
      target: `≥ ${lTarget}`,
      params,
      details: detail("l", (c) => [c.s.l, c.r.l]),
    }),
    privacyRecord(input, {
      ...base,
      submetric: "share-below-l",
      value: worstShare.s.shareBelow,
      reference: worstShare.r.shareBelow,
      ...SHARE_SCALE,
      params,
      details: detail("share-below-l", (c) => [c.s.shareBelow, c.r.shareBelow]),
    }),
  ];
}

export const lDiversity = privacyMetric<ClassOptions>({
  id: "l-diversity",
  description:
    "Fewest distinct sensitive values in an equivalence class of the release, and the share of classes below lTarget",
  compute: computeLDiversity,
});

/** Shares (%) of synthetic rows whose class matches 1..kTarget−1 real rows, and no real row. */
export function kMapOf(
  realKeys: readonly string[],
  syntheticKeys: readonly string[],
  kTarget: number,
): { rare: number; unmatched: number } {
  const counts = countKeys(realKeys);
  let rare = 0;
  let unmatched = 0;
  for (const k of syntheticKeys) {
    const c = counts.get(k) ?? 0;
    if (c === 0) unmatched++;
    else if (c < kTarget) rare++;
  }
  return { rare: (100 * rare) / syntheticKeys.length, unmatched: (100 * unmatched) / syntheticKeys.length };
}

function computeKMap(input: MetricInput, options?: ClassOptions): PrivacyResult[] {
  const id = "k-map";
  resolveVariant(id, ["sosie"], options);
  const kTarget = positiveInteger("kTarget", options?.kTarget, 5);
  const qis = declaredColumns(input, options?.quasiIdentifiers, "quasi-identifier");
  const base = { ...classFields(id), ...SHARE_SCALE };
  if (qis.length === 0)
    return [
      undefinedRecord(input, { ...base, submetric: "share-rare-match" }, NO_QI, "missing-input"),
      undefinedRecord(input, { ...base, submetric: "share-no-match" }, NO_QI, "missing-input"),
    ];
  const keys = realAndSyntheticKeys(input, qis, generalization(options));
  const m = kMapOf(keys.real, keys.synthetic, kTarget);
  const params = { quasiIdentifiers: qis, kTarget };
  return [
    privacyRecord(input, {
      ...base,
      submetric: "share-rare-match",
      value: m.rare,
      params,
      notes: [`synthetic rows whose class matches between 1 and ${kTarget - 1} real rows`],
    }),
    privacyRecord(input, { ...base, submetric: "share-no-match", value: m.unmatched, params }),
  ];
}

export const kMap = privacyMetric<ClassOptions>({
  id: "k-map",
  description: "Share of synthetic rows pointing at a rare real quasi-identifier combination (k-map against R)",
  compute: computeKMap,
});
