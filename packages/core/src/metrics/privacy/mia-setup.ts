/**
 * The common protocol of the membership inference attacks (privacy-metrics.md §5.1).
 *
 * - H is split 50/50 (seeded) into H_cand (non-member candidates) and H_ref (the attacker's
 *   reference sample of the population).
 * - Members: m seeded rows of R; non-members: m seeded rows of H_cand; m = min(n_R, |H_cand|).
 * - Every space is fitted on what the attacker holds, S ∪ H_ref: Gower ranges (sosie rules) here,
 *   the projection and the classifier's encoders in their attack files.
 *
 * The candidate set and the bootstrap replicates come from streams of (seed, "mia"), not of the
 * metric id, so that every attack scores the same candidates and is resampled alike: the attacks
 * are comparable and the verdict may take the worst. Attack-specific draws (a classifier's fit)
 * derive from the metric id.
 *
 * The heavy searches are functions of a query row range (`searchCandidates`, ...), so that a
 * caller may run them in workers; the metrics call them on the full range. One setup serves every
 * attack run on the same tables and seed.
 */
import { SosieOptionError } from "../../errors.ts";
import { GowerSpace } from "../../neighbors/gower.ts";
import {
  CATEGORICAL,
  type EncodedRows,
  type MixedRules,
  NUMERIC,
  mixedSum,
  permuteRules,
} from "../../neighbors/mixed-kernel.ts";
import { type Neighbors, concatNeighbors } from "../../neighbors/search-result.ts";
import { Rng } from "../../random/rng.ts";
import { trainHoldoutSplit } from "../../random/train-holdout-split.ts";
import { type Column, categoricalColumn, isFloatColumn, isModelled, numericColumn } from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import type { MetricDetail, MetricInput, MetricOptions, MetricResult } from "../types.ts";
import { quantileType7 } from "../utility/statistics.ts";
import { metricResult } from "./record.ts";
import { type RankedScores, downsampleRoc, rankScores, rocSummary, tprAtFpr } from "./roc.ts";

/** H below this size gives noisy attacks (§1.1): the metrics are then undefined. */
export const MIN_HOLDOUT_ROWS = 500;
export const DEFAULT_MIA_BOOTSTRAP = 200;
/** Neighbours behind a candidate's outlierness (Meeus et al.). */
export const OUTLIER_NEIGHBORS = 5;
/** Candidates per side the vulnerable-record subset needs. */
export const MIN_VULNERABLE_PER_SIDE = 50;

export interface MiaOptions extends MetricOptions {
  /** Bootstrap replicates of the candidate set (default 200); 0 turns intervals off. */
  readonly bootstrap?: number;
  /** Smallest holdout accepted (§1.1; default MIN_HOLDOUT_ROWS = 500). */
  readonly minHoldoutRows?: number;
}

export interface ResolvedMiaOptions {
  readonly variant: string;
  readonly seed: number | string | bigint;
  readonly bootstrap: number;
}

export function resolveMiaOptions(id: string, options: MiaOptions | undefined): ResolvedMiaOptions {
  const variant = options?.variant ?? "sosie";
  if (variant !== "sosie") throw new SosieOptionError(`metric "${id}" has no variant "${variant}" (it has: sosie)`);
  const bootstrap = options?.bootstrap ?? DEFAULT_MIA_BOOTSTRAP;
  if (!(Number.isInteger(bootstrap) && bootstrap >= 0))
    throw new SosieOptionError(`bootstrap must be a non-negative integer, got ${bootstrap}`);
  return { variant, seed: options?.seed ?? 0, bootstrap };
}

// ---------------------------------------------------------------------------------------------
// Tables.

/**
 * The rows of `tables` one after the other on the named columns. Numeric kinds become numbers,
 * categorical and boolean columns categories matched by level text (booleans as "false"/"true",
 * as the distance dictionaries key them), so that one encoder reads every attack table alike.
 */
export function stackTables(tables: readonly Table[], names: readonly string[]): Table {
  const n = tables.reduce((s, t) => s + t.nRows, 0);
  const columns = names.map((name): Column => {
    const parts = tables.map((t) => t.column(name));
    const numeric = isFloatColumn(parts[0]);
    if (parts.some((c) => isFloatColumn(c) !== numeric))
      throw new SosieOptionError(`column "${name}" is numeric in one table and categorical in another`);
    const missing = new Uint8Array(n);
    let offset = 0;
    if (numeric) {
      const values = new Float64Array(n);
      for (const c of parts) {
        if (!isFloatColumn(c)) throw new Error("unreachable");
        values.set(c.values, offset);
        missing.set(c.missing, offset);
        offset += c.length;
      }
      return numericColumn(name, values, { missing });
    }
    const levels: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(n);
    for (const c of parts) {
      let texts: readonly string[];
      let source: ArrayLike<number>;
      if (c.kind === "categorical") [texts, source] = [c.levels, c.codes];
      else if (c.kind === "boolean") [texts, source] = [["false", "true"], c.values];
      else throw new SosieOptionError(`column "${name}" is ${c.kind}: it cannot be compared`);
      const map = texts.map((text) => {
        let k = index.get(text);
        if (k === undefined) index.set(text, (k = levels.push(text) - 1));
        return k;
      });
      for (let i = 0; i < c.length; i++) codes[offset + i] = c.missing[i] ? -1 : map[source[i]];
      missing.set(c.missing, offset);
      offset += c.length;
    }
    return categoricalColumn(name, codes, levels, { missing });
  });
  return new Table(columns, n);
}

/** The modelled columns of R, which S and H must hold too. */
export function attackColumns(input: MetricInput): string[] {
  const names = input.real.columns.filter((c) => isModelled(c)).map((c) => c.name);
  for (const [label, t] of [
    ["synthetic", input.synthetic],
    ["holdout", input.holdout],
  ] as const)
    for (const name of names)
      if (t !== undefined && !t.has(name))
        throw new SosieOptionError(`column "${name}" is absent from the ${label} table`);
  return names;
}

// ---------------------------------------------------------------------------------------------
// The setup shared by all attacks.

export interface MiaSetup {
  readonly columns: readonly string[];
  readonly seed: number | string | bigint;
  readonly synthetic: Table;
  /** H_ref: the attacker's reference sample. */
  readonly reference: Table;
  /** Members (m rows of R) then non-members (m rows of H_cand), on `columns`. */
  readonly candidates: Table;
  readonly nMembers: number;
  readonly isMember: Uint8Array;
  readonly sizes: {
    readonly R: number;
    readonly S: number;
    readonly H: number;
    readonly hCand: number;
    readonly hRef: number;
  };
  /** Lazily computed, shared by the attacks. */
  readonly cache: Map<string, unknown>;
}

const setups = new WeakMap<Table, WeakMap<Table, WeakMap<Table, Map<string, MiaSetup>>>>();

function cached<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

/** The setup of (R, S, H, seed), built once; null with a reason when H is too small. */
export function miaSetup(
  input: MetricInput,
  seed: number | string | bigint,
  minHoldoutRows = MIN_HOLDOUT_ROWS,
): MiaSetup | string {
  const holdout = input.holdout;
  if (holdout === undefined) return "membership attacks need a holdout H";
  if (holdout.nRows < minHoldoutRows)
    return `membership attacks need at least ${minHoldoutRows} holdout rows (H has ${holdout.nRows})`;
  if (input.synthetic.nRows < OUTLIER_NEIGHBORS)
    return `membership attacks need at least ${OUTLIER_NEIGHBORS} synthetic rows`;
  const bySeed = cached(
    cached(
      cached(setups, input.real, () => new WeakMap()),
      input.synthetic,
      () => new WeakMap(),
    ),
    holdout,
    () => new Map(),
  );
  const key = `${typeof seed}:${String(seed)}`;
  let setup = bySeed.get(key);
  if (setup === undefined)
    bySeed.set(key, (setup = buildSetup(input.real, input.synthetic, holdout, attackColumns(input), seed)));
  return setup;
}

function buildSetup(
  real: Table,
  synthetic: Table,
  holdout: Table,
  columns: string[],
  seed: number | string | bigint,
): MiaSetup {
  const stream = Rng.fromSeed(seed).derive("mia");
  const split = trainHoldoutSplit(holdout.nRows, { holdoutFraction: 0.5, rng: stream.derive("holdout-split") });
  const hCand = split.train;
  const m = Math.min(real.nRows, hCand.length);
  const members = stream.derive("members").sampleWithoutReplacement(real.nRows, m).sort();
  const nonMembers = Int32Array.from(
    stream.derive("non-members").sampleWithoutReplacement(hCand.length, m).sort(),
    (i) => hCand[i],
  );
  const candidates = stackTables([real.select(members), holdout.select(nonMembers)], columns);
  const isMember = new Uint8Array(2 * m);
  isMember.fill(1, 0, m);
  return {
    columns,
    seed,
    synthetic: stackTables([synthetic], columns),
    reference: stackTables([holdout.select(split.holdout)], columns),
    candidates,
    nMembers: m,
    isMember,
    sizes: { R: real.nRows, S: synthetic.nRows, H: holdout.nRows, hCand: hCand.length, hRef: split.holdout.length },
    cache: new Map(),
  };
}

export function once<T>(setup: MiaSetup, key: string, make: () => T): T {
  if (!setup.cache.has(key)) setup.cache.set(key, make());
  return setup.cache.get(key) as T;
}

// ---------------------------------------------------------------------------------------------
// Gower searches (sosie rules, ranges from S ∪ H_ref).

export interface GowerView {
  readonly space: GowerSpace;
  readonly synthetic: EncodedRows;
  readonly reference: EncodedRows;
  readonly candidates: EncodedRows;
}

export function gowerView(setup: MiaSetup): GowerView {
  return once(setup, "gower", () => {
    const space = GowerSpace.fit([setup.synthetic, setup.reference], { columns: setup.columns });
    return {
      space,
      synthetic: space.encode(setup.synthetic),
      reference: space.encode(setup.reference),
      candidates: space.encode(setup.candidates),
    };
  });
}

/** The OUTLIER_NEIGHBORS nearest synthetic rows (`to` = "synthetic") or H_ref rows of candidates [start, end). */
export function searchCandidates(
  view: GowerView,
  to: "synthetic" | "reference",
  start: number,
  end: number,
): Neighbors {
  const ref = to === "synthetic" ? view.synthetic : view.reference;
  return view.space.knn(view.candidates, ref, Math.min(OUTLIER_NEIGHBORS, ref.n), { queryStart: start, queryEnd: end });
}

/** d1 of H_ref rows [start, end) to S (the calibration of §5.2's threshold). */
export function searchReferenceToSynthetic(view: GowerView, start: number, end: number): Neighbors {
  return view.space.knn(view.reference, view.synthetic, 1, { queryStart: start, queryEnd: end });
}

/**
 * The sosie Gower rules of a fitted space, rebuilt from its public columns and order (the space
 * keeps its own private), for range counting with the kernel's early abandoning.
 */
function gowerRules(space: GowerSpace): MixedRules {
  const { columns } = space;
  const natural: MixedRules = {
    kind: Uint8Array.from(columns, (c) => (c.kind === "numeric" && c.range > 0 ? NUMERIC : CATEGORICAL)),
    range: Float64Array.from(columns, (c) => (c.range > 0 ? c.range : 1)),
    cap: new Float64Array(columns.length).fill(1),
    weight: Float64Array.from(columns, (c) => c.weight),
    bothMissing: new Float64Array(columns.length),
    oneMissing: Float64Array.from(columns, (c) => c.weight),
    divisor: columns.reduce((s, c) => s + c.weight, 0),
  };
  return permuteRules(natural, space.order);
}

/**
 * For candidates [start, end): the number of synthetic rows at Gower distance ≤ radius.
 *
 * `known`, the candidates' exact k-NN lists to S (any query range), answers without a scan every
 * candidate whose k-th neighbour lies beyond the radius: the rows within are then all in its
 * list. The other candidates are scanned, abandoning a row only when its partial sum exceeds the
 * radius by more than rounding, and deciding on sum/divisor ≤ radius as the search computes the
 * distance, so both ways count the same rows.
 */
export function countSyntheticWithin(
  view: GowerView,
  radius: number,
  start: number,
  end: number,
  known?: Neighbors,
): Int32Array {
  const rules = gowerRules(view.space);
  const bound = radius * rules.divisor * (1 + 8 * Number.EPSILON);
  const nS = view.synthetic.n;
  const out = new Int32Array(end - start);
  for (let q = start; q < end; q++) {
    const row = known === undefined ? -1 : q - known.queryStart;
    if (known !== undefined && row >= 0 && row < known.nQuery) {
      const { k, distances } = known;
      if (k >= nS || distances[row * k + k - 1] > radius) {
        let count = 0;
        for (let j = 0; j < k; j++) if (distances[row * k + j] <= radius) count++;
        out[q - start] = count;
        continue;
      }
    }
    let count = 0;
    for (let r = 0; r < nS; r++) {
      const s = mixedSum(rules, view.candidates, q, view.synthetic, r, bound);
      if (s <= bound && s / rules.divisor <= radius) count++;
    }
    out[q - start] = count;
  }
  return out;
}

/** The candidate searches of the whole set, computed once per setup. */
export function candidateNeighbors(setup: MiaSetup, to: "synthetic" | "reference"): Neighbors {
  return once(setup, `knn:${to}`, () => {
    const view = gowerView(setup);
    return searchCandidates(view, to, 0, view.candidates.n);
  });
}

/** d1 of every H_ref row to S (its search computed once per setup). */
export function referenceD1(setup: MiaSetup): Float64Array {
  return once(setup, "knn:reference-synthetic", () => {
    const view = gowerView(setup);
    return searchReferenceToSynthetic(view, 0, view.reference.n);
  }).distances;
}

// ---------------------------------------------------------------------------------------------
// The searches as tasks over query ranges, for a caller that spreads them over workers.

/** One heavy search of the attacks on a query row range. */
export interface MiaSearchTask {
  readonly search: "candidates-synthetic" | "candidates-reference" | "reference-synthetic";
  readonly start: number;
  readonly end: number;
}

const CACHE_KEYS: Record<MiaSearchTask["search"], string> = {
  "candidates-synthetic": "knn:synthetic",
  "candidates-reference": "knn:reference",
  "reference-synthetic": "knn:reference-synthetic",
};

/** The Gower searches every distance attack reads, each cut into `parts` consecutive query ranges. */
export function miaSearchTasks(setup: MiaSetup, parts: number): MiaSearchTask[] {
  const view = gowerView(setup);
  const tasks: MiaSearchTask[] = [];
  const cut = (search: MiaSearchTask["search"], n: number) => {
    const k = Math.max(1, Math.min(parts, n));
    for (let i = 0; i < k; i++)
      tasks.push({ search, start: Math.floor((i * n) / k), end: Math.floor(((i + 1) * n) / k) });
  };
  cut("candidates-synthetic", view.candidates.n);
  cut("candidates-reference", view.candidates.n);
  cut("reference-synthetic", view.reference.n);
  return tasks;
}

/**
 * Runs one task. A worker builds its own setup with `miaSetup` from the same tables and seed (the
 * setup is a deterministic function of them), so its ranges match the caller's.
 */
export function runMiaSearchTask(setup: MiaSetup, task: MiaSearchTask): Neighbors {
  const view = gowerView(setup);
  if (task.search === "reference-synthetic") return searchReferenceToSynthetic(view, task.start, task.end);
  return searchCandidates(
    view,
    task.search === "candidates-synthetic" ? "synthetic" : "reference",
    task.start,
    task.end,
  );
}

/**
 * Hands the setup the results of one search computed elsewhere (all its ranges, in any order);
 * the attacks then read them instead of searching. The parts are the exact searches' own lists,
 * so the records are the same as without priming.
 */
export function primeMiaSearch(setup: MiaSetup, search: MiaSearchTask["search"], parts: readonly Neighbors[]): void {
  const whole = concatNeighbors([...parts].sort((a, b) => a.queryStart - b.queryStart));
  const view = gowerView(setup);
  const n = search === "reference-synthetic" ? view.reference.n : view.candidates.n;
  if (whole.queryStart !== 0 || whole.nQuery !== n)
    throw new RangeError(`the parts of ${search} do not cover its ${n} query rows`);
  if (!setup.cache.has(CACHE_KEYS[search])) setup.cache.set(CACHE_KEYS[search], whole);
}

/** d1 of every candidate to S. */
export function candidateD1(setup: MiaSetup, to: "synthetic" | "reference"): Float64Array {
  const nb = candidateNeighbors(setup, to);
  return Float64Array.from({ length: nb.nQuery }, (_, q) => nb.distances[q * nb.k]);
}

/**
 * Outlierness of each candidate: the mean distance to its OUTLIER_NEIGHBORS nearest rows of
 * S ∪ H_ref (the two sorted lists merged).
 */
export function outlierness(setup: MiaSetup): Float64Array {
  return once(setup, "outlierness", () => {
    const a = candidateNeighbors(setup, "synthetic");
    const b = candidateNeighbors(setup, "reference");
    const k = OUTLIER_NEIGHBORS;
    const out = new Float64Array(a.nQuery);
    for (let q = 0; q < a.nQuery; q++) {
      let i = 0;
      let j = 0;
      let sum = 0;
      for (let t = 0; t < k; t++) {
        const da = i < a.k ? a.distances[q * a.k + i] : Infinity;
        const db = j < b.k ? b.distances[q * b.k + j] : Infinity;
        if (da <= db) {
          sum += da;
          i++;
        } else {
          sum += db;
          j++;
        }
      }
      out[q] = sum / k;
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// From scores to result records.

interface Submetric {
  readonly name: string;
  readonly baseline: number;
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
  readonly reason: string | null;
  readonly details?: readonly MetricDetail[];
  readonly notes?: readonly string[];
}

type Measures = { auc: number; tpr1: number; tpr10: number; advantage: number; accuracy: number };

function measures(ranked: RankedScores, weights?: Float64Array): Measures {
  const s = rocSummary(ranked, weights);
  return {
    auc: s.auc,
    tpr1: tprAtFpr(s.fpr, s.tpr, 0.01),
    tpr10: tprAtFpr(s.fpr, s.tpr, 0.1),
    advantage: s.advantage,
    accuracy: s.accuracyAtMedian,
  };
}

/** Percentile bootstrap of the measures over `rows` of the candidates, members and non-members resampled apart. */
function bootstrapMeasures(
  ranked: RankedScores,
  rows: Int32Array,
  isMember: Uint8Array,
  replicates: number,
  stream: Rng,
): Record<keyof Measures, readonly [number, number]> | null {
  if (replicates === 0) return null;
  const memberRows = rows.filter((i) => isMember[i] === 1);
  const otherRows = rows.filter((i) => isMember[i] === 0);
  const kept: Record<keyof Measures, number[]> = { auc: [], tpr1: [], tpr10: [], advantage: [], accuracy: [] };
  const weights = new Float64Array(ranked.n);
  for (let b = 1; b <= replicates; b++) {
    const rng = stream.derive("bootstrap", b);
    weights.fill(0);
    for (const side of [memberRows, otherRows])
      for (let t = 0; t < side.length; t++) weights[side[rng.int(side.length)]]++;
    const m = measures(ranked, weights);
    for (const key of Object.keys(kept) as (keyof Measures)[]) kept[key].push(m[key]);
  }
  const ci = (values: number[]): readonly [number, number] => {
    const sorted = Float64Array.from(values).sort();
    return [quantileType7(sorted, 0.025), quantileType7(sorted, 0.975)];
  };
  return {
    auc: ci(kept.auc),
    tpr1: ci(kept.tpr1),
    tpr10: ci(kept.tpr10),
    advantage: ci(kept.advantage),
    accuracy: ci(kept.accuracy),
  };
}

/** An aggregate behind a record (a baseline, a ROC point): never a row. */
function detail(measure: string, value: number | null, stats?: Record<string, number | null>): MetricDetail {
  return { columns: [], measure, value, reference: null, status: "ok", reason: null, ...(stats ? { stats } : {}) };
}

/** The §5.1 submetrics of the scores restricted to `rows` (all candidates, or the vulnerable ones). */
function scoreSubmetrics(
  setup: MiaSetup,
  scores: Float64Array,
  rows: Int32Array,
  prefix: string,
  options: ResolvedMiaOptions,
): Submetric[] {
  const subScores = Float64Array.from(rows, (i) => scores[i]);
  const subMember = Uint8Array.from(rows, (i) => setup.isMember[i]);
  const ranked = rankScores(subScores, subMember);
  const point = measures(ranked);
  const local = Int32Array.from(rows, (_, k) => k);
  const stream = Rng.fromSeed(setup.seed)
    .derive("mia")
    .derive(prefix === "" ? "bootstrap" : "bootstrap-vulnerable");
  const ci = bootstrapMeasures(ranked, local, subMember, options.bootstrap, stream);
  const nNon = ranked.nNonMembers;
  const summary = rocSummary(ranked);
  const roc = downsampleRoc(summary).map((p) => detail("roc-point", null, { fpr: p.fpr, tpr: p.tpr }));
  const rate = (
    name: string,
    fpr: number,
    value: number,
    interval: readonly [number, number] | undefined,
    minNon: number,
  ): Submetric =>
    nNon < minNon
      ? {
          name,
          baseline: fpr,
          value: null,
          ci: null,
          reason: `TPR at ${fpr * 100} % FPR needs at least ${minNon} non-members (${nNon})`,
        }
      : {
          name,
          baseline: fpr,
          value,
          ci: interval ?? null,
          reason: null,
          details: [detail("times-random", value / fpr)],
        };
  return [
    {
      name: `${prefix}auc`,
      baseline: 0.5,
      value: point.auc,
      ci: ci?.auc ?? null,
      reason: null,
      details: prefix === "" ? roc : [],
    },
    rate(`${prefix}tpr-at-1pct-fpr`, 0.01, point.tpr1, ci?.tpr1, 100),
    rate(`${prefix}tpr-at-10pct-fpr`, 0.1, point.tpr10, ci?.tpr10, 10),
    { name: `${prefix}advantage`, baseline: 0, value: point.advantage, ci: ci?.advantage ?? null, reason: null },
    {
      name: `${prefix}accuracy-at-median`,
      baseline: 0.5,
      value: point.accuracy,
      ci: ci?.accuracy ?? null,
      reason: null,
    },
  ];
}

/** Candidates in the top decile of outlierness (ties by index), or why there are too few. */
function vulnerableRows(setup: MiaSetup): Int32Array | string {
  const out = outlierness(setup);
  const n = out.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => out[b] - out[a] || a - b);
  const rows = order.slice(0, Math.round(n / 10)).sort();
  let members = 0;
  for (const i of rows) members += setup.isMember[i];
  const others = rows.length - members;
  if (members < MIN_VULNERABLE_PER_SIDE || others < MIN_VULNERABLE_PER_SIDE)
    return `the top outlierness decile has ${members} members and ${others} non-members; each side needs ${MIN_VULNERABLE_PER_SIDE}`;
  return rows;
}

export interface MiaReport {
  readonly id: string;
  readonly setup: MiaSetup;
  readonly options: ResolvedMiaOptions;
  /** One score per candidate, higher = more likely a member. */
  readonly scores: Float64Array;
  /** Attack-specific submetrics (e.g. TPR at the DCR threshold), without intervals. */
  readonly extra?: readonly { name: string; value: number | null; baseline: number | null; reason?: string }[];
  readonly notes?: readonly string[];
}

/** §1.2 records of a membership attack: the §5.1 metrics on all and on vulnerable candidates. */
export function miaRecords(report: MiaReport): MetricResult[] {
  const { setup, options, scores } = report;
  const all = Int32Array.from({ length: scores.length }, (_, i) => i);
  const submetrics = scoreSubmetrics(setup, scores, all, "", options);
  const vulnerable = vulnerableRows(setup);
  if (typeof vulnerable === "string")
    for (const s of scoreSubmetrics(setup, scores, all, "vulnerable-", { ...options, bootstrap: 0 }))
      submetrics.push({ ...s, value: null, ci: null, reason: vulnerable, details: [] });
  else submetrics.push(...scoreSubmetrics(setup, scores, vulnerable, "vulnerable-", options));
  for (const e of report.extra ?? [])
    submetrics.push({ name: e.name, baseline: e.baseline ?? NaN, value: e.value, ci: null, reason: e.reason ?? null });
  const { sizes } = setup;
  const notes = [
    `candidates: ${setup.nMembers} members (rows of R) and ${setup.nMembers} non-members (rows of H_cand); attacker reference H_ref: ${sizes.hRef} rows of H`,
    ...(report.notes ?? []),
  ];
  return submetrics.map((s): MetricResult => {
    const value = s.value !== null && Number.isFinite(s.value) ? s.value : null;
    const baseline = Number.isFinite(s.baseline) ? [detail("baseline", s.baseline)] : [];
    return {
      id: report.id,
      submetric: s.name,
      variant: options.variant,
      value,
      min: 0,
      max: 1,
      objective: "min",
      reference: null,
      ci: value === null ? null : s.ci,
      ciMethod: value !== null && s.ci !== null ? "percentile-bootstrap" : null,
      n: { R: sizes.R, S: sizes.S, H: sizes.H },
      nUndefined: 0,
      status: value === null ? "undefined" : "ok",
      reason: value === null ? (s.reason ?? "undefined on these candidates") : s.reason,
      notes,
      details: [...baseline, ...(s.details ?? [])],
    };
  });
}

/** Records of an attack that cannot run: the main submetrics, undefined, with the reason. */
export function undefinedMiaRecords(input: MetricInput, id: string, variant: string, reason: string): MetricResult[] {
  return ["auc", "tpr-at-1pct-fpr", "tpr-at-10pct-fpr", "advantage", "accuracy-at-median"].map((name) =>
    metricResult(input, { id, submetric: name, variant, objective: "min", reason }),
  );
}

/** Runs `attack` on the shared setup, or returns undefined records when the setup cannot be built. */
export function runMia(
  id: string,
  input: MetricInput,
  options: MiaOptions | undefined,
  attack: (setup: MiaSetup, options: ResolvedMiaOptions) => Omit<MiaReport, "id" | "setup" | "options"> | string,
): MetricResult[] {
  const resolved = resolveMiaOptions(id, options);
  const setup = miaSetup(input, resolved.seed, options?.minHoldoutRows);
  if (typeof setup === "string") return undefinedMiaRecords(input, id, resolved.variant, setup);
  const result = attack(setup, resolved);
  if (typeof result === "string") return undefinedMiaRecords(input, id, resolved.variant, result);
  return miaRecords({ ...result, id, setup, options: resolved });
}
