/**
 * The avatar report metrics that need the original ↔ synthetic link (§3.1, §3.2, §3.6, §3.8):
 * hidden rate, local cloaking, categorical hidden rate and correlation protection rate.
 *
 * The link of MetricInput maps each synthetic row to the original it was made from; an original
 * may own several synthetic rows (SMOTE) and its distance to "its avatar" is then the distance
 * to the nearest one it owns. Originals that own no synthetic row cannot be re-identified by
 * this attack and are left out of the rates (the count is noted). The link stays in memory.
 */
import { SosieOptionError } from "../../errors.ts";
import { squaredEuclidean } from "../../neighbors/euclidean.ts";
import type { MetricInput } from "../types.ts";
import type { CategoricalView } from "../utility/columns.ts";
import { privacyMetric } from "./definition.ts";
import { countKeys, evaluatedColumns, rowKeys, valueTokens } from "./exact-equality.ts";
import { type Points, countWithinRadius, projectTables } from "./projected-space.ts";
import { declaredColumns, median, privacyRecord, resolveVariant, roundHalfEven, undefinedRecord } from "./record.ts";
import type { PrivacyOptions, PrivacyResult } from "./types.ts";

/** Synthetic rows owned by each original, as offsets into one list (CSR). */
export interface AvatarOwnership {
  readonly start: Int32Array;
  readonly rows: Int32Array;
}

export function ownershipFromLink(link: Int32Array, nOriginals: number, nSynthetic: number): AvatarOwnership {
  if (link.length !== nSynthetic)
    throw new SosieOptionError(`the link has ${link.length} entries for ${nSynthetic} synthetic rows`);
  const start = new Int32Array(nOriginals + 1);
  for (let s = 0; s < link.length; s++) {
    const o = link[s];
    if (!(Number.isInteger(o) && o >= 0 && o < nOriginals))
      throw new SosieOptionError(`link entry ${s} is not a real row index`);
    start[o + 1]++;
  }
  for (let o = 0; o < nOriginals; o++) start[o + 1] += start[o];
  const fill = start.slice(0, nOriginals);
  const rows = new Int32Array(link.length);
  for (let s = 0; s < link.length; s++) rows[fill[link[s]]++] = s;
  return { start, rows };
}

/** Per original: exposure under both tie rules and local cloaking; linked = 0 for originals owning no row. */
export interface LinkedExposure {
  readonly linked: Uint8Array;
  readonly expected: Float64Array;
  readonly conservative: Float64Array;
  readonly localCloaking: Int32Array;
  /** Squared distance (or distance, for Hamming) to the nearest own synthetic row. */
  readonly ownDistance: Float64Array;
}

/**
 * For originals in [start, end): with r = distance to the nearest own synthetic row, the tie set
 * T = synthetic rows at the minimum distance. Exposure: expected = (#own in T)/|T| when the
 * own row is at the minimum, conservative = 1 then; LC = #{other rows at distance ≤ r}.
 * `distance` must be a monotone function of the true distance (e.g. its square).
 */
export function linkedExposure(
  nOriginals: number,
  nSynthetic: number,
  ownership: AvatarOwnership,
  distance: (original: number, synthetic: number) => number,
  range: { start?: number; end?: number } = {},
): LinkedExposure {
  const start = range.start ?? 0;
  const end = range.end ?? nOriginals;
  const n = end - start;
  const out: LinkedExposure = {
    linked: new Uint8Array(n),
    expected: new Float64Array(n),
    conservative: new Float64Array(n),
    localCloaking: new Int32Array(n),
    ownDistance: new Float64Array(n).fill(NaN),
  };
  for (let i = start; i < end; i++) {
    const a = ownership.start[i];
    const b = ownership.start[i + 1];
    if (a === b) continue;
    let r = Infinity;
    for (let t = a; t < b; t++) r = Math.min(r, distance(i, ownership.rows[t]));
    let ownAtR = 0;
    for (let t = a; t < b; t++) if (distance(i, ownership.rows[t]) === r) ownAtR++;
    let less = 0;
    let equal = 0;
    for (let s = 0; s < nSynthetic; s++) {
      const d = distance(i, s);
      if (d < r) less++;
      else if (d === r) equal++;
    }
    const li = i - start;
    out.linked[li] = 1;
    out.ownDistance[li] = r;
    out.expected[li] = less === 0 ? ownAtR / equal : 0;
    out.conservative[li] = less === 0 ? 1 : 0;
    out.localCloaking[li] = less + equal - ownAtR;
  }
  return out;
}

/** 100 · (1 − Σ e_i / n_linked) over the linked originals. */
export function hiddenRateOf(
  exposure: LinkedExposure,
  tieRule: "expected" | "conservative",
): { value: number | null; nLinked: number } {
  const e = tieRule === "expected" ? exposure.expected : exposure.conservative;
  let sum = 0;
  let nLinked = 0;
  for (let i = 0; i < e.length; i++)
    if (exposure.linked[i]) {
      sum += e[i];
      nLinked++;
    }
  return { value: nLinked === 0 ? null : 100 * (1 - sum / nLinked), nLinked };
}

/** CPR = 100 · (1 − round(n2 · (1 − HR/100)) / n_R), round half to even (§3.8). */
export function correlationProtectionRate(n2: number, hiddenRate: number, nReal: number): number {
  return 100 * (1 - roundHalfEven(n2 * (1 - hiddenRate / 100)) / nReal);
}

const NO_LINK =
  "no link: only generators that make one synthetic row from one original (avatar, SMOTE) give it, and this metric needs it";

function tieRuleOf(options: PrivacyOptions | undefined): "expected" | "conservative" {
  const rule = options?.tieRule ?? "expected";
  if (rule !== "expected" && rule !== "conservative")
    throw new SosieOptionError(`tieRule must be "expected" or "conservative"`);
  return rule;
}

/** Exposure of every original in the projected space of R. */
function projectedExposure(input: MetricInput, options: PrivacyOptions | undefined) {
  const projected = projectTables([input.real, input.synthetic], options);
  const [orig, syn] = projected.points;
  const ownership = ownershipFromLink(input.link!, orig.n, syn.n);
  const exposure = linkedExposure(orig.n, syn.n, ownership, (i, s) =>
    squaredEuclidean(orig.coords, i, syn.coords, s, orig.dims),
  );
  return { projected, orig, syn, exposure };
}

function linkNote(nLinked: number, nReal: number): string[] {
  return nLinked === nReal ? [] : [`${nReal - nLinked} of ${nReal} originals own no synthetic row and are left out`];
}

/** What the records of the four linked metrics share: they need the link, and higher is safer. */
const LINKED = { min: 0, objective: "max" as const, needsLink: true };
const PERCENT = { unit: "%", max: 100 };

const HR_BASE = {
  ...LINKED,
  ...PERCENT,
  id: "hidden-rate",
  target: "> 90",
  definitionStatus: "confirmed" as const,
  distance: "euclidean-projected",
};

function computeHiddenRate(input: MetricInput, options?: PrivacyOptions): PrivacyResult[] {
  resolveVariant("hidden-rate", ["sosie"], options);
  const tieRule = tieRuleOf(options);
  if (input.link === undefined) return [undefinedRecord(input, { ...HR_BASE, tieRule }, NO_LINK, "missing-input")];
  const { projected, exposure } = projectedExposure(input, options);
  const hr = hiddenRateOf(exposure, tieRule);
  return [
    privacyRecord(input, {
      ...HR_BASE,
      value: hr.value,
      tieRule,
      space: projected.info,
      params: { tieRule, ncp: projected.info.ncp },
      notes: linkNote(hr.nLinked, input.real.nRows),
      details: [
        {
          columns: [],
          measure: "conservative-tie-rule",
          value: hiddenRateOf(exposure, tieRule === "expected" ? "conservative" : "expected").value,
          reference: null,
          status: "ok",
          reason: null,
        },
      ],
    }),
  ];
}

export const hiddenRate = privacyMetric<PrivacyOptions>({
  id: "hidden-rate",
  optional: ["link"],
  description: "Share of originals whose own avatar is not their nearest synthetic row (projected space), in %",
  compute: computeHiddenRate,
});

const LC_BASE = {
  ...LINKED,
  id: "local-cloaking",
  unit: "count",
  max: Number.MAX_SAFE_INTEGER,
  target: "> 5",
  definitionStatus: "confirmed" as const,
  distance: "euclidean-projected",
};

function computeLocalCloaking(input: MetricInput, options?: PrivacyOptions): PrivacyResult[] {
  resolveVariant("local-cloaking", ["sosie"], options);
  if (input.link === undefined) return [undefinedRecord(input, LC_BASE, NO_LINK, "missing-input")];
  const { projected, orig, exposure } = projectedExposure(input, options);
  const lc: number[] = [];
  const linkedRows: number[] = [];
  for (let i = 0; i < orig.n; i++)
    if (exposure.linked[i]) {
      lc.push(exposure.localCloaking[i]);
      linkedRows.push(i);
    }
  // Other originals within each original's own-avatar radius (records-median, empty rate).
  const othersWithin = countWithinRadius(
    orig,
    orig,
    exposure.ownDistance.map((d) => (Number.isNaN(d) ? -1 : d)),
    {
      excludeSelf: true,
    },
  );
  const records = linkedRows.map((i) => othersWithin[i]);
  let zero = 0;
  let empty = 0;
  let sum = 0;
  linkedRows.forEach((i, t) => {
    sum += lc[t];
    if (lc[t] === 0) zero++;
    if (lc[t] === 0 && othersWithin[i] === 0) empty++;
  });
  const m = lc.length;
  const stat = (measure: string, value: number | null) => ({
    columns: [],
    measure,
    value: m === 0 ? null : value,
    reference: null,
    status: m === 0 ? ("undefined" as const) : ("ok" as const),
    reason: null,
  });
  return [
    privacyRecord(input, {
      ...LC_BASE,
      value: m === 0 ? null : median(lc),
      space: projected.info,
      params: { ncp: projected.info.ncp, aggregation: "median (type 7)" },
      notes: linkNote(m, input.real.nRows),
      details: [
        stat("mean", sum / m),
        stat("share-zero", zero / m),
        stat("records-median", median(records)),
        stat("empty-rate", empty / m),
      ],
    }),
  ];
}

export const localCloaking = privacyMetric<PrivacyOptions>({
  id: "local-cloaking",
  optional: ["link"],
  description: "Median number of other avatars at least as close to an original as its own avatar",
  compute: computeLocalCloaking,
});

const CHR_BASE = {
  ...LINKED,
  ...PERCENT,
  id: "categorical-hidden-rate",
  target: "> 90",
  definitionStatus: "reconstructed" as const,
  distance: "hamming",
};

interface ChrOptions extends PrivacyOptions {
  /** Categorical columns compared (vendor `categorical_hidden_rate_variables`). */
  readonly variables?: readonly string[];
}

function computeCategoricalHiddenRate(input: MetricInput, options?: ChrOptions): PrivacyResult[] {
  resolveVariant("categorical-hidden-rate", ["sosie"], options);
  const tieRule = tieRuleOf(options);
  if (input.link === undefined) return [undefinedRecord(input, { ...CHR_BASE, tieRule }, NO_LINK, "missing-input")];
  const all = evaluatedColumns([input.real, input.synthetic]);
  const categorical = all.filter((c) => c.family === "categorical").map((c) => c.name);
  const qis = declaredColumns(input, options?.quasiIdentifiers, "quasi-identifier").filter((n) =>
    categorical.includes(n),
  );
  const variables = options?.variables ?? (qis.length > 0 ? qis : categorical);
  if (variables.length === 0)
    return [undefinedRecord(input, { ...CHR_BASE, tieRule }, "no categorical column to compare", "missing-input")];
  const views = evaluatedColumns([input.real, input.synthetic], variables).map((c) => {
    if (c.family !== "categorical") throw new SosieOptionError(`column "${c.name}" is not categorical`);
    return c.views as readonly CategoricalView[];
  });
  const hamming = (i: number, s: number): number => {
    let d = 0;
    for (const [r, sy] of views) if (r.codes[i] !== sy.codes[s]) d++;
    return d;
  };
  const ownership = ownershipFromLink(input.link, input.real.nRows, input.synthetic.nRows);
  const exposure = linkedExposure(input.real.nRows, input.synthetic.nRows, ownership, hamming);
  const chr = hiddenRateOf(exposure, tieRule);
  return [
    privacyRecord(input, {
      ...CHR_BASE,
      value: chr.value,
      tieRule,
      params: { tieRule, variables: [...variables] },
      notes: linkNote(chr.nLinked, input.real.nRows),
    }),
  ];
}

export const categoricalHiddenRate = privacyMetric<ChrOptions>({
  id: "categorical-hidden-rate",
  optional: ["link"],
  description: "Hidden rate with the Hamming distance on categorical variables (reconstructed), in %",
  compute: computeCategoricalHiddenRate,
});

const CPR_BASE = {
  ...LINKED,
  ...PERCENT,
  id: "correlation-protection-rate",
  target: "> 95",
  definitionStatus: "confirmed" as const,
  distance: "quasi-identifier match (numeric within 5 % of the mean)",
};

interface CprOptions extends PrivacyOptions {
  /** Numeric match tolerance as a share of |mean_R| (reference `boundaries`, default 0.05). */
  readonly boundaries?: number;
}

/**
 * n2 of §3.8: originals whose QI combination is unique in R and that exactly one synthetic row
 * matches (categorical equal, numeric within boundaries·|mean_R|, ∅ only with ∅).
 */
export function uniqueSingleMatches(
  input: MetricInput,
  qis: readonly string[],
  options: CprOptions | undefined,
): number {
  const columns = evaluatedColumns([input.real, input.synthetic], qis);
  const tokens = valueTokens(columns, input.real, options?.decimals);
  const keys = rowKeys(tokens, 0, input.real.nRows);
  const counts = countKeys(keys);
  const boundaries = options?.boundaries ?? 0.05;
  const tolerance = columns.map((c) => {
    if (c.family !== "numeric") return 0;
    const v = (c.views[0] as { values: Float64Array }).values;
    let sum = 0;
    let m = 0;
    for (let i = 0; i < v.length; i++)
      if (!Number.isNaN(v[i])) {
        sum += v[i];
        m++;
      }
    return boundaries * Math.abs(m === 0 ? 0 : sum / m);
  });
  const matches = (o: number, s: number): boolean => {
    for (let c = 0; c < columns.length; c++) {
      const [r, sy] = columns[c].views;
      if (r!.family === "categorical") {
        if (r!.codes[o] !== (sy as CategoricalView).codes[s]) return false;
      } else {
        const a = r!.values[o];
        const b = (sy as { values: Float64Array }).values[s];
        const am = Number.isNaN(a);
        const bm = Number.isNaN(b);
        if (am || bm) {
          if (am !== bm) return false;
        } else if (!(Math.abs(a - b) <= tolerance[c])) return false;
      }
    }
    return true;
  };
  let n2 = 0;
  for (let o = 0; o < input.real.nRows; o++) {
    if (counts.get(keys[o]) !== 1) continue;
    let found = 0;
    for (let s = 0; s < input.synthetic.nRows && found < 2; s++) if (matches(o, s)) found++;
    if (found === 1) n2++;
  }
  return n2;
}

function computeCorrelationProtection(input: MetricInput, options?: CprOptions): PrivacyResult[] {
  resolveVariant("correlation-protection-rate", ["sosie"], options);
  const tieRule = tieRuleOf(options);
  const qis = declaredColumns(input, options?.quasiIdentifiers, "quasi-identifier");
  if (qis.length === 0)
    return [
      undefinedRecord(
        input,
        { ...CPR_BASE, tieRule },
        "no declared quasi-identifiers: the attacker's known variables are not defined",
        "missing-input",
      ),
    ];
  if (input.link === undefined) return [undefinedRecord(input, { ...CPR_BASE, tieRule }, NO_LINK, "missing-input")];
  const { projected, exposure } = projectedExposure(input, options);
  const hr = hiddenRateOf(exposure, tieRule);
  const n2 = uniqueSingleMatches(input, qis, options);
  const value = hr.value === null ? null : correlationProtectionRate(n2, hr.value, input.real.nRows);
  return [
    privacyRecord(input, {
      ...CPR_BASE,
      value,
      tieRule,
      space: projected.info,
      params: { quasiIdentifiers: [...qis], boundaries: options?.boundaries ?? 0.05, tieRule },
      details: [
        { columns: [], measure: "hidden-rate", value: hr.value, reference: null, status: "ok", reason: null },
        { columns: [], measure: "unique-single-matches", value: n2, reference: null, status: "ok", reason: null },
      ],
    }),
  ];
}

export const correlationProtectionRateMetric = privacyMetric<CprOptions>({
  id: "correlation-protection-rate",
  optional: ["link"],
  description:
    "Share of originals not linkable through a unique quasi-identifier match, weighted by the hidden rate, in %",
  compute: computeCorrelationProtection,
});

/** For callers that hold coordinates: HR and LC of §3.1–3.2 on 1-D or ncp-D points. */
export function exposureOfPoints(orig: Points, syn: Points, link: Int32Array): LinkedExposure {
  const ownership = ownershipFromLink(link, orig.n, syn.n);
  return linkedExposure(orig.n, syn.n, ownership, (i, s) => squaredEuclidean(orig.coords, i, syn.coords, s, orig.dims));
}
