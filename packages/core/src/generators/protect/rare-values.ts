/**
 * Rare numeric values (held by fewer than k subjects in R) are never emitted as they are, the
 * numeric counterpart of rare-levels.ts. Smoothing and spreading keep a value from being *copied*,
 * but an integer column rounds them back onto the real grid: on diabetes-130, CART's balanced
 * output re-emitted tail counts such as 20 or 29 outpatient visits (one patient each in R), every
 * such value being a query (`col == v`) that singles that patient out, and its univariate
 * singling-out risk exceeded 0.09 on 3 sample seeds of 8. This last step moves each cell holding
 * a rare value of a tail to the nearest value of the column's grid (its decimals) that is not
 * rare, within the range the output may take: a value held by no subject, or by k subjects or
 * more, is emitted instead, one or a few grid steps away.
 *
 * Only the tails: values at or beyond the one that max(k, tailShare × subjects) subjects reach from
 * either end. In the body of a dense column (heart's cholesterol, 303 rows, most values held by
 * one to four patients) nearly every value is rare; moving them all piles each run of rare values
 * onto its ends (CART's SDMetrics quality on heart fell by 0.006, cholesterol's shape by 0.05),
 * while a coincidence there singles out no outlier: a held-out sample matches such values as
 * often, which the singling-out attack's control measures.
 *
 * Exempt: the values the extreme coding itself emits on purpose: the clip targets (k subjects or
 * more reach them) and the real extremes that two subjects or more hold (extremes.ts spans them).
 * The rule holds single patients' values, so a model that otherwise holds no real value keeps it in
 * memory only (protection.ts).
 */
import { isFloatColumn } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import type { Rng } from "../../random/rng.ts";
import { roundHalfAway } from "../output-schema.ts";
import type { ExtremeCoding, ExtremeRule } from "./extremes.ts";
import type { Subjects } from "../../table/subjects.ts";

export interface RareValueRule {
  readonly column: string;
  /** Values held by 1 to k − 1 subjects, increasing. */
  readonly rare: readonly number[];
  /** The range a moved value stays in (the output's own range after coding). */
  readonly lowest: number;
  readonly highest: number;
  readonly decimals: number;
}

/** A move never walks further than this many grid steps; a cell with no free value nearer stays. */
const MAX_STEPS = 100_000;

/** Per float column with a rare value: the rare values and the range moves stay in. */
export function learnRareValueRules(
  train: Table,
  names: readonly string[],
  k: number,
  decimalsOf: (name: string) => number,
  subjects: Subjects,
  extremes: readonly ExtremeRule[],
  coding: ExtremeCoding,
  tailShare: number,
): RareValueRule[] {
  const rules: RareValueRule[] = [];
  if (k <= 1) return rules;
  const extremeOf = new Map(extremes.map((e) => [e.column, e]));
  for (const name of names) {
    const c = train.column(name);
    if (!isFloatColumn(c)) continue;
    // Distinct subjects per value: a subject's repeated value counts once.
    const holders = new Map<number, Set<number> | number>();
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < c.length; i++) {
      if (c.missing[i]) continue;
      const v = c.values[i];
      if (v < min) min = v;
      if (v > max) max = v;
      const s = subjects.ofRow[i];
      const held = holders.get(v);
      if (held === undefined) holders.set(v, s);
      else if (typeof held === "number") {
        if (held !== s) holders.set(v, new Set([held, s]));
      } else held.add(s);
    }
    if (holders.size === 0) continue;
    const extreme = extremeOf.get(name);
    const exempt = new Set<number>();
    let lowest = min;
    let highest = max;
    if (extreme !== undefined) {
      if (coding === "clip") {
        exempt.add(extreme.low).add(extreme.high);
        lowest = extreme.low;
        highest = extreme.high;
      } else {
        lowest = extreme.reachMin ?? extreme.min;
        highest = extreme.reachMax ?? extreme.max;
        if (extreme.reachMin === extreme.min) exempt.add(extreme.min);
        if (extreme.reachMax === extreme.max) exempt.add(extreme.max);
      }
    }
    // The tails: values at or beyond the one the t-th subject reaches from each end.
    const t = Math.max(k, Math.round(tailShare * subjectsWithValue(c, subjects)));
    const [tailLow, tailHigh] = tailBounds(holders, t);
    const rare: number[] = [];
    for (const [v, held] of holders) {
      const n = typeof held === "number" ? 1 : held.size;
      if (n < k && (v <= tailLow || v >= tailHigh) && !exempt.has(v)) rare.push(v);
    }
    if (rare.length === 0) continue;
    rare.sort((a, b) => a - b);
    rules.push({ column: name, rare, lowest, highest, decimals: decimalsOf(name) });
  }
  return rules;
}

/** Distinct subjects with a value in the column. */
function subjectsWithValue(c: { readonly length: number; readonly missing: Uint8Array }, subjects: Subjects): number {
  const seen = new Set<number>();
  for (let i = 0; i < c.length; i++) if (!c.missing[i]) seen.add(subjects.ofRow[i]);
  return seen.size;
}

/**
 * The values that t subjects reach from the bottom and from the top, walking the distinct values
 * in order (a subject holding several values of a tail counts once per value: an upper bound).
 */
function tailBounds(holders: ReadonlyMap<number, Set<number> | number>, t: number): [number, number] {
  const values = [...holders.keys()].sort((a, b) => a - b);
  const size = (v: number) => {
    const held = holders.get(v)!;
    return typeof held === "number" ? 1 : held.size;
  };
  let low = values[values.length - 1];
  for (let j = 0, n = 0; j < values.length; j++) {
    n += size(values[j]);
    if (n >= t) {
      low = values[j];
      break;
    }
  }
  let high = values[0];
  for (let j = values.length - 1, n = 0; j >= 0; j--) {
    n += size(values[j]);
    if (n >= t) {
      high = values[j];
      break;
    }
  }
  return [low, high];
}

/** The grid step of a column written with `decimals` decimals, never below the spacing of doubles near v. */
function gridStep(decimals: number, v: number): number {
  const step = decimals >= 12 ? 1e-12 : 10 ** -decimals;
  return Math.max(step, Math.abs(v) * 4 * Number.EPSILON);
}

/**
 * Move rare values in place (one stream per rule, rows in order): each to the nearest grid value
 * in [lowest, highest] that is not rare, the first direction tried drawn at random so that moves
 * do not all lean one way. Returns the number of cells moved.
 */
export function moveRareValues(table: Table, rules: readonly RareValueRule[], rng: Rng): number {
  let moved = 0;
  rules.forEach((rule, r) => {
    if (!table.has(rule.column)) return;
    const c = table.column(rule.column);
    if (!isFloatColumn(c)) return;
    const rare = new Set(rule.rare);
    const stream = rng.derive("rare-value", r);
    const free = (x: number) => x >= rule.lowest && x <= rule.highest && !rare.has(x);
    for (let i = 0; i < c.length; i++) {
      if (c.missing[i] || !rare.has(c.values[i])) continue;
      const v = c.values[i];
      const step = gridStep(rule.decimals, v);
      const first = stream.next() < 0.5 ? 1 : -1;
      for (let j = 1; j <= MAX_STEPS; j++) {
        const up = roundHalfAway(v + first * j * step, rule.decimals);
        const down = roundHalfAway(v - first * j * step, rule.decimals);
        const pick = free(up) ? up : free(down) ? down : null;
        if (pick !== null) {
          c.values[i] = pick;
          moved++;
          break;
        }
        if ((up < rule.lowest || up > rule.highest) && (down < rule.lowest || down > rule.highest)) break;
      }
    }
  });
  return moved;
}
