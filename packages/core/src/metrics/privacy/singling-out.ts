/**
 * Singling-out attacks (privacy-metrics.md §6.2; Anonymeter's SinglingOutEvaluator).
 *
 * A query is a conjunction of predicates on columns; it singles out in a frame when exactly one
 * row satisfies it. Queries are generated from S (deduplicated) and kept when they single out
 * there; the main attack counts those that also single out in R, the control attack those that
 * single out in H (rescaled to |R| by the fitted singling-out curve when the sizes differ), the
 * baseline random queries that single out in R.
 *
 * Predicates are evaluated on typed columns (numbers, category codes shared by level text); no
 * query text is built. A comparison with ∅ is false; only "is ∅" / "is not ∅" test ∅. Queries and
 * their values stay in memory: records hold counts and rates only.
 */
import { SosieOptionError } from "../../errors.ts";
import type { Rng } from "../../random/rng.ts";
import { isModelled } from "../../table/column.ts";
import type { MetricInput, MetricResult } from "../types.ts";
import { quantileType7 } from "../utility/statistics.ts";
import { privacyMetric } from "./definition.ts";
import {
  ANONYMETER_VARIANTS,
  type AnonymeterOptions,
  type AttackCounts,
  type RecordContext,
  type ResolvedAnonymeterOptions,
  anonymeterRecords,
  attackStream,
  checkColumns,
  controlTable,
  resolveAnonymeterOptions,
  sharedColumns,
  undefinedAnonymeterRecords,
} from "./anonymeter.ts";

export type Operator = "==" | "!=" | "<" | ">" | "<=" | ">=" | "is-missing" | "not-missing";

export interface Predicate {
  readonly column: number;
  readonly op: Operator;
  /** Number or shared category code; NaN for the ∅ tests. */
  readonly value: number;
}

export type Query = readonly Predicate[];

/** Distinct rows of one table on the shared columns. */
export interface Frame {
  readonly n: number;
  /** cols[c][row]: NaN for ∅. */
  readonly cols: readonly Float64Array[];
  readonly numeric: readonly boolean[];
}

/** The frame of the given columns with duplicate rows removed (first occurrence kept; ∅ = ∅). */
export function distinctFrame(cols: readonly Float64Array[], numeric: readonly boolean[]): Frame {
  const n = cols.length > 0 ? cols[0].length : 0;
  const seen = new Set<string>();
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = cols.map((c) => (Number.isNaN(c[i]) ? "∅" : String(c[i]))).join("\u0000");
    if (!seen.has(key)) {
      seen.add(key);
      keep.push(i);
    }
  }
  return { n: keep.length, cols: cols.map((c) => Float64Array.from(keep, (i) => c[i])), numeric };
}

function satisfies(x: number, p: Predicate): boolean {
  if (x !== x) return p.op === "is-missing";
  switch (p.op) {
    case "==":
      return x === p.value;
    case "!=":
      return x !== p.value;
    case "<":
      return x < p.value;
    case ">":
      return x > p.value;
    case "<=":
      return x <= p.value;
    case ">=":
      return x >= p.value;
    case "is-missing":
      return false;
    case "not-missing":
      return true;
  }
}

/** Rows of `frame` satisfying every predicate, counting no further than `stopAt`. */
export function countMatches(frame: Frame, query: Query, stopAt = Infinity, rows?: ArrayLike<number>): number {
  let count = 0;
  const n = rows?.length ?? frame.n;
  for (let k = 0; k < n; k++) {
    const i = rows === undefined ? k : rows[k];
    let all = true;
    for (const p of query)
      if (!satisfies(frame.cols[p.column][i], p)) {
        all = false;
        break;
      }
    if (all && ++count >= stopAt) return count;
  }
  return count;
}

export function singlesOut(frame: Frame, query: Query, rows?: ArrayLike<number>): boolean {
  return countMatches(frame, query, 2, rows) === 1;
}

/**
 * Univariate candidates from S: `≤ min` and `≥ max` of numeric columns, `== v` for each value that
 * occurs once, `is ∅` for a column with exactly one ∅; shuffled, kept while they single out in S,
 * up to nAttacks.
 */
export function univariateQueries(syn: Frame, nAttacks: number, rng: Rng): Query[] {
  const candidates: Query[] = [];
  syn.cols.forEach((col, c) => {
    const counts = new Map<number, number>();
    let missing = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const x of col) {
      if (x !== x) {
        missing++;
        continue;
      }
      counts.set(x, (counts.get(x) ?? 0) + 1);
      if (x < min) min = x;
      if (x > max) max = x;
    }
    if (syn.numeric[c] && min <= max) {
      candidates.push([{ column: c, op: "<=", value: min }]);
      candidates.push([{ column: c, op: ">=", value: max }]);
    }
    const once = [...counts]
      .filter(([, k]) => k === 1)
      .map(([v]) => v)
      .sort((a, b) => a - b);
    for (const v of once) candidates.push([{ column: c, op: "==", value: v }]);
    if (missing === 1) candidates.push([{ column: c, op: "is-missing", value: NaN }]);
  });
  rng.shuffle(candidates);
  const kept: Query[] = [];
  for (const q of candidates) {
    if (kept.length >= nAttacks) break;
    if (singlesOut(syn, q)) kept.push(q);
  }
  return kept;
}

function queryKey(q: Query): string {
  return q.map((p) => `${p.column}${p.op}${p.value}`).join("&");
}

/**
 * Multivariate queries: from a random S row and nCols random columns (in column order), `≥ v` above
 * the column's S median and `≤ v` otherwise for numbers, `== v` for categories, `is ∅` for ∅; kept
 * when new and singling out in S, until nAttacks are kept or maxAttempts are spent.
 */
export function multivariateQueries(
  syn: Frame,
  nCols: number,
  nAttacks: number,
  maxAttempts: number,
  rng: Rng,
): Query[] {
  const p = syn.cols.length;
  const medians = syn.cols.map((col, c) => {
    if (!syn.numeric[c]) return NaN;
    const present = Float64Array.from(col.filter((x) => x === x)).sort();
    return quantileType7(present, 0.5);
  });
  const kept: Query[] = [];
  const seen = new Set<string>();
  // Once every (row, column set) has been drawn no new query can come: stop rather than spin.
  let choose = 1;
  for (let k = 0; k < nCols; k++) choose = (choose * (p - k)) / (k + 1);
  const possible = syn.n * Math.round(choose);
  for (let attempt = 0; attempt < maxAttempts && kept.length < nAttacks && seen.size < possible; attempt++) {
    const row = rng.int(syn.n);
    const columns = rng.sampleWithoutReplacement(p, nCols).sort();
    const query: Predicate[] = Array.from(columns, (c) => {
      const v = syn.cols[c][row];
      if (v !== v) return { column: c, op: "is-missing", value: NaN };
      if (!syn.numeric[c]) return { column: c, op: "==", value: v };
      return { column: c, op: v > medians[c] ? ">=" : "<=", value: v };
    });
    const key = queryKey(query);
    if (seen.has(key)) continue;
    seen.add(key);
    if (singlesOut(syn, query)) kept.push(query);
  }
  return kept;
}

const NUMERIC_OPS: readonly Operator[] = ["==", "!=", ">", "<", ">=", "<="];
const CATEGORICAL_OPS: readonly Operator[] = ["==", "!="];

/** Baseline queries: nCols random columns, random values observed in S, random operators. */
export function randomQueries(syn: Frame, nCols: number, nAttacks: number, rng: Rng): Query[] {
  // Distinct observed values per column (∅ included once), in first-seen order.
  const observed = syn.cols.map((col) => {
    const values: number[] = [];
    const seen = new Set<string>();
    for (const x of col) {
      const key = x !== x ? "∅" : String(x);
      if (!seen.has(key)) {
        seen.add(key);
        values.push(x);
      }
    }
    return values;
  });
  const out: Query[] = [];
  for (let a = 0; a < nAttacks; a++) {
    const columns = rng.sampleWithoutReplacement(syn.cols.length, nCols).sort();
    out.push(
      Array.from(columns, (c): Predicate => {
        const values = observed[c];
        const v = values[rng.int(values.length)];
        if (v !== v) return { column: c, op: rng.int(2) === 0 ? "is-missing" : "not-missing", value: NaN };
        const ops = syn.numeric[c] ? NUMERIC_OPS : CATEGORICAL_OPS;
        return { column: c, op: ops[rng.int(ops.length)], value: v };
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Control-size correction.

/** f(n) = A·[1 − (n·w + 1)(1 − w)^n]/(n + 1): Cohen & Nissim's n·w·(1 − w)^(n−1) integrated over 0..w. */
export function singlingOutCurve(n: number, w: number, A: number): number {
  if (n === 0) return 0;
  // 1 − (n·w + 1)(1 − w)^n as −expm1(log1p(n·w) + n·log1p(−w)): the direct form cancels
  // catastrophically for tiny w and could turn negative, flipping the rescaled control count.
  return (A * (0 - Math.expm1(Math.log1p(n * w) + n * Math.log1p(-w)))) / (n + 1);
}

/** Least-squares (w, A) with w ∈ [0, 1], A ≥ 0: A is linear given w, w is searched (log grid, then golden section). */
export function fitSinglingOutCurve(sizes: readonly number[], counts: readonly number[]): { w: number; A: number } {
  const solve = (w: number) => {
    let gy = 0;
    let gg = 0;
    for (let i = 0; i < sizes.length; i++) {
      const g = singlingOutCurve(sizes[i], w, 1);
      gy += g * counts[i];
      gg += g * g;
    }
    const A = gg > 0 ? Math.max(0, gy / gg) : 0;
    let sse = 0;
    for (let i = 0; i < sizes.length; i++) sse += (counts[i] - singlingOutCurve(sizes[i], w, A)) ** 2;
    return { A, sse };
  };
  const grid = [0, ...Array.from({ length: 401 }, (_, k) => 10 ** (-10 + (10 * k) / 400))];
  let best = 0;
  for (let k = 1; k < grid.length; k++) if (solve(grid[k]).sse < solve(grid[best]).sse) best = k;
  let lo = grid[Math.max(0, best - 1)];
  let hi = grid[Math.min(grid.length - 1, best + 1)];
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 100; it++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (solve(a).sse <= solve(b).sse) hi = b;
    else lo = a;
  }
  const w = (lo + hi) / 2;
  const candidates = [w, grid[best]];
  const chosen = solve(candidates[0]).sse <= solve(candidates[1]).sse ? candidates[0] : candidates[1];
  return { w: chosen, A: solve(chosen).A };
}

/**
 * The control count expressed at |R|: count · f(|R|)/f(|H|), with f fitted to the successes on
 * control subsamples (10 sizes from min(1000, |H|) to |H|, 5 seeded repetitions each).
 */
export function rescaledControlCount(
  control: Frame,
  queries: readonly Query[],
  count: number,
  nOri: number,
  rng: Rng,
): { count: number; note: string | null } {
  if (control.n === nOri || count === 0) return { count, note: null };
  const start = Math.min(1000, control.n);
  const sizes: number[] = [];
  const counts: number[] = [];
  for (let s = 0; s < 10; s++) {
    const size = Math.round(start + ((control.n - start) * s) / 9);
    for (let rep = 0; rep < 5; rep++) {
      const rows = rng.derive("subsample", s * 5 + rep).sampleWithoutReplacement(control.n, size);
      sizes.push(size);
      counts.push(queries.reduce((k, q) => k + (singlesOut(control, q, rows) ? 1 : 0), 0));
    }
  }
  const { w, A } = fitSinglingOutCurve(sizes, counts);
  const atControl = singlingOutCurve(control.n, w, A);
  if (!(atControl > 0)) return { count, note: "control size correction skipped: the fitted curve is 0 at |H|" };
  const scaled = Math.max(0, Math.min(queries.length, (count * singlingOutCurve(nOri, w, A)) / atControl));
  return { count: scaled, note: `control count rescaled from |H| = ${control.n} to |R| = ${nOri} distinct rows` };
}

// ---------------------------------------------------------------------------------------------
// The metrics.

export interface SinglingOutOptions extends AnonymeterOptions {
  /** Columns per multivariate query (default 3). */
  readonly nCols?: number;
  /** Further column counts reported as `-<n>-columns` submetrics (default [4]). */
  readonly alsoNCols?: readonly number[];
  /** Multivariate query attempts (default 10⁷). */
  readonly maxAttempts?: number;
}

const MAX_ATTEMPTS = 10_000_000;

interface Frames {
  readonly ori: Frame;
  readonly syn: Frame;
  readonly control: Frame | undefined;
}

function framesOf(input: MetricInput, columns: readonly string[], control: MetricInput["holdout"]): Frames {
  const tables = control === undefined ? [input.real, input.synthetic] : [input.real, input.synthetic, control];
  const shared = sharedColumns(tables, columns);
  const [ori, syn, ctl] = shared.values.map((cols) => distinctFrame(cols, shared.numeric));
  return { ori, syn, control: ctl };
}

function attack(
  frames: Frames,
  queries: readonly Query[],
  baselineCols: number,
  options: ResolvedAnonymeterOptions,
  stream: Rng,
): { main: AttackCounts; control: AttackCounts | null; baseline: AttackCounts; notes: string[] } {
  const notes: string[] = [];
  const main = queries.reduce((k, q) => k + (singlesOut(frames.ori, q) ? 1 : 0), 0);
  let control: AttackCounts | null = null;
  if (frames.control !== undefined) {
    const raw = queries.reduce((k, q) => k + (singlesOut(frames.control!, q) ? 1 : 0), 0);
    const scaled = rescaledControlCount(frames.control, queries, raw, frames.ori.n, stream.derive("control-curve"));
    if (scaled.note !== null) notes.push(scaled.note);
    control = { successes: scaled.count, performed: queries.length };
  }
  const baselineQueries = randomQueries(frames.syn, baselineCols, options.nAttacks, stream.derive("baseline"));
  const baseline = baselineQueries.reduce((k, q) => k + (singlesOut(frames.ori, q) ? 1 : 0), 0);
  return {
    main: { successes: main, performed: queries.length },
    control,
    baseline: { successes: baseline, performed: baselineQueries.length },
    notes,
  };
}

function modelledColumns(input: MetricInput): string[] {
  return input.real.columns.filter((c) => isModelled(c)).map((c) => c.name);
}

function runSinglingOut(
  id: string,
  input: MetricInput,
  options: SinglingOutOptions | undefined,
  modes: readonly { suffix: string; nCols: number | null }[],
): MetricResult[] {
  const resolved = resolveAnonymeterOptions(id, options);
  const ctx: RecordContext = {
    id,
    input,
    options: resolved,
    notes: ["duplicates removed from R, S and H before the attack"],
  };
  const control = controlTable(input, options?.minHoldoutRows);
  if (typeof control === "string")
    return undefinedAnonymeterRecords(
      ctx,
      control,
      modes.map((m) => m.suffix),
    );
  const columns = modelledColumns(input);
  checkColumns(columns, [input.synthetic, control], id);
  const frames = framesOf(input, columns, control);
  const maxAttempts = options?.maxAttempts ?? MAX_ATTEMPTS;
  return modes.flatMap(({ suffix, nCols }) => {
    const local = {
      ...ctx,
      notes: [...ctx.notes, nCols === null ? "univariate queries" : `queries on ${nCols} columns`],
    };
    if (nCols !== null && nCols > columns.length)
      return undefinedAnonymeterRecords(local, `queries on ${nCols} columns need as many columns (${columns.length})`, [
        suffix,
      ]);
    const stream = attackStream(resolved, id, `queries${suffix}`);
    const queries =
      nCols === null
        ? univariateQueries(frames.syn, resolved.nAttacks, stream.derive("generate"))
        : multivariateQueries(frames.syn, nCols, resolved.nAttacks, maxAttempts, stream.derive("generate"));
    if (queries.length === 0)
      return undefinedAnonymeterRecords(local, "no generated query singles out a synthetic row", [suffix]);
    const outcome = attack(frames, queries, nCols ?? 1, resolved, stream);
    return anonymeterRecords({ ...local, notes: [...local.notes, ...outcome.notes] }, outcome, suffix);
  });
}

export const singlingOutUnivariate = privacyMetric<SinglingOutOptions>({
  id: "singling-out-univariate",
  optional: ["holdout"],
  variants: ANONYMETER_VARIANTS,
  description: "Anonymeter singling-out risk with one-column queries built from rare synthetic values",
  compute(input, options) {
    return runSinglingOut("singling-out-univariate", input, options, [{ suffix: "", nCols: null }]);
  },
});

export const singlingOutMultivariate = privacyMetric<SinglingOutOptions>({
  id: "singling-out-multivariate",
  optional: ["holdout"],
  variants: ANONYMETER_VARIANTS,
  description: "Anonymeter singling-out risk with queries on several columns built from synthetic rows",
  compute(input, options) {
    const nCols = options?.nCols ?? 3;
    const also = options?.alsoNCols ?? [4];
    for (const k of [nCols, ...also])
      if (!(Number.isInteger(k) && k >= 1)) throw new SosieOptionError(`nCols must be a positive integer, got ${k}`);
    const modes = [
      { suffix: "", nCols },
      ...also.filter((k) => k !== nCols).map((k) => ({ suffix: `-${k}-columns`, nCols: k })),
    ];
    return runSinglingOut("singling-out-multivariate", input, options, modes);
  },
});
