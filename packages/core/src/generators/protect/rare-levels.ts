/**
 * Rare categorical levels (held by fewer than k subjects in R) are never emitted verbatim. Each
 * generator avoids them from its own conditional where it can (CART leaves, network
 * conditionals); this shared last step replaces any rare level left in a finished table by a
 * frequent level of the same column drawn in proportion to its count in R. The model keeps only
 * the frequent levels and their counts, never the rare ones.
 */
import type { Column } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import { type Rng, cumulative } from "../../random/rng.ts";
import { type Subjects, distinctSubjectCounts } from "../../table/subjects.ts";
import type { MissingnessRule } from "./missingness-rules.ts";

export interface LevelRule {
  readonly column: string;
  /** Levels (booleans: tokens) held by at least k subjects, and their subject counts. */
  readonly allowed: readonly string[];
  readonly counts: readonly number[];
}

function levelTexts(c: Column): readonly string[] {
  if (c.kind === "categorical") return c.levels;
  if (c.kind === "boolean") return c.tokens;
  return [];
}

function codesOf(c: Column): Int32Array {
  const codes = new Int32Array(c.length);
  for (let i = 0; i < c.length; i++)
    codes[i] = c.missing[i] ? -1 : c.kind === "categorical" ? c.codes[i] : c.kind === "boolean" ? c.values[i] : -1;
  return codes;
}

/** Subject counts per level of a categorical or boolean column. */
export function levelSubjectCounts(c: Column, subjects: Subjects): Float64Array {
  return distinctSubjectCounts(codesOf(c), levelTexts(c).length, subjects);
}

/**
 * Rules for the columns that have a rare level and at least one frequent one. Columns whose every
 * level is rare are named in `unprotected` (nothing frequent to replace them with).
 */
export function learnLevelRules(
  train: Table,
  names: readonly string[],
  k: number,
  subjects: Subjects,
): { rules: LevelRule[]; unprotected: string[] } {
  const rules: LevelRule[] = [];
  const unprotected: string[] = [];
  if (k <= 0) return { rules, unprotected };
  for (const name of names) {
    const c = train.column(name);
    if (c.kind !== "categorical" && c.kind !== "boolean") continue;
    const counts = levelSubjectCounts(c, subjects);
    const texts = levelTexts(c);
    let rare = false;
    const allowed: string[] = [];
    const weights: number[] = [];
    counts.forEach((n, l) => {
      if (n >= k) {
        allowed.push(texts[l]);
        weights.push(n);
      } else if (n > 0) rare = true;
    });
    if (!rare) continue;
    if (allowed.length === 0) unprotected.push(name);
    else rules.push({ column: name, allowed, counts: weights });
  }
  return { rules, unprotected };
}

/**
 * Replace rare levels in place (the finished table's arrays are its own). One stream per rule;
 * rows in order. Returns the number of cells replaced.
 */
/**
 * Replaces the rare levels left in `table`. A replacement never lands on a level where a
 * value-dependent missingness rule (`missingness`, applied next) would blank a column the row has:
 * on MIMIC's procedure_occurrence, counted in patients, rare procedure levels replaced by a level
 * where `quantity` is never recorded lost their quantity and raised its missing rate by 2 points.
 * When every frequent level is so excluded, the draw is over all of them.
 */
export function replaceRareLevels(
  table: Table,
  rules: readonly LevelRule[],
  rng: Rng,
  missingness: readonly MissingnessRule[] = [],
): number {
  let replaced = 0;
  rules.forEach((rule, r) => {
    if (!table.has(rule.column)) return;
    const c = table.column(rule.column);
    const texts = levelTexts(c);
    const allowedIndex = new Map(rule.allowed.map((t, a) => [t, a]));
    const allowedCode = Int32Array.from(rule.allowed, (t) => texts.indexOf(t));
    const isAllowed = texts.map((t) => allowedIndex.has(t));
    const cum = cumulative(rule.counts);
    const stream = rng.derive("rare-level", r);
    const values = c.kind === "categorical" ? c.codes : c.kind === "boolean" ? c.values : null;
    if (values === null) return;
    const blanking = blankingRules(table, rule, missingness);
    const weights = new Float64Array(rule.counts.length);
    for (let i = 0; i < c.length; i++) {
      if (c.missing[i] || isAllowed[values[i]]) continue;
      let from: ArrayLike<number> = cum;
      if (blanking.length > 0) {
        let total = 0;
        rule.counts.forEach((count, a) => {
          const blanks = blanking.some((b) => b.levels.has(a) && !b.target.missing[i]);
          total += weights[a] = blanks ? 0 : count;
        });
        if (total > 0) from = cumulative(weights);
      }
      values[i] = allowedCode[stream.fromCumulative(from)];
      replaced++;
    }
  });
  return replaced;
}

/** The missingness rules on this rule's column: the target column and the allowed levels that blank it. */
function blankingRules(
  table: Table,
  rule: LevelRule,
  missingness: readonly MissingnessRule[],
): { target: Column; levels: Set<number> }[] {
  return missingness
    .filter((m) => m.source === rule.column && table.has(m.target))
    .map((m) => ({
      target: table.column(m.target),
      levels: new Set(rule.allowed.flatMap((t, a) => (m.absentWhen.includes(t) ? [a] : []))),
    }))
    .filter((b) => b.levels.size > 0);
}
