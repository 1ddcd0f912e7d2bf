/**
 * `fscore-difference` (spec §5.4, Clover `fscore`): for a binary categorical target, the Chen & Lin
 * F-score of each numeric feature on the real and on the synthetic table, and the mean absolute
 * gap. sosie: real = R, synthetic = S, reference H vs R; clover: real = H, synthetic = S_eval.
 */
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { Metric, MetricInput, MetricOptions } from "../types.ts";
import { alignColumns, type CategoricalView } from "./columns.ts";
import {
  averageUnits,
  comparisonRecord,
  runComparison,
  type Comparison,
  type Resolved,
  type ScoredUnit,
} from "./comparison.ts";
import { LEARNED_VARIANTS } from "./learning-protocol.ts";

const ID = "fscore-difference";

export interface FscoreOptions extends MetricOptions {
  /** The binary categorical target column. */
  readonly target?: string;
  /** clover variant: a second synthetic table to use as S_eval (Clover's `synthetic.test`). */
  readonly syntheticTest?: Table;
}

/**
 * F(x) = [(x̄⁰ − x̄)² + (x̄¹ − x̄)²] / (s₀² + s₁²) over the rows where x is present and the class
 * is 0 or 1; null when a class has fewer than 2 values or the denominator is 0.
 */
export function fScore(x: ArrayLike<number>, cls: ArrayLike<number>): number | null {
  const n = [0, 0];
  const sum = [0, 0];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || (cls[i] !== 0 && cls[i] !== 1)) continue;
    n[cls[i]]++;
    sum[cls[i]] += x[i];
  }
  if (n[0] < 2 || n[1] < 2) return null;
  const mean = [sum[0] / n[0], sum[1] / n[1]];
  const overall = (sum[0] + sum[1]) / (n[0] + n[1]);
  const ss = [0, 0];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || (cls[i] !== 0 && cls[i] !== 1)) continue;
    ss[cls[i]] += (x[i] - mean[cls[i]]) ** 2;
  }
  const denominator = ss[0] / (n[0] - 1) + ss[1] / (n[1] - 1);
  if (!(denominator > 0)) return null;
  return ((mean[0] - overall) ** 2 + (mean[1] - overall) ** 2) / denominator;
}

/** Sorted class texts of R's target mapped to 0 and 1, as a class code per level of the shared space. */
function binaryClasses(realTarget: CategoricalView, levelTexts: readonly string[]): Int32Array | string {
  const present = new Set<number>();
  for (const c of realTarget.codes) if (c >= 0) present.add(c);
  if (present.size !== 2) return `the target needs exactly 2 classes in R, has ${present.size}`;
  const [a, b] = [...present].sort((p, q) =>
    levelTexts[p] < levelTexts[q] ? -1 : levelTexts[p] > levelTexts[q] ? 1 : 0,
  );
  const classOf = new Int32Array(realTarget.nLevels).fill(-1);
  classOf[a] = 0;
  classOf[b] = 1;
  return classOf;
}

/** Level texts of the shared code space of the aligned target (texts of the first table that has each). */
function sharedLevelTexts(tables: readonly Table[], target: string, nLevels: number): string[] {
  const texts = new Array<string>(nLevels).fill("");
  const views = alignColumns(tables.map((t) => t.pick([target])))[0].views;
  tables.forEach((t, k) => {
    const column = t.column(target);
    const view = views[k];
    if (view === null || view.family !== "categorical") return;
    const own = column.kind === "categorical" ? column.levels : ["false", "true"];
    const codes = column.kind === "categorical" ? column.codes : column.kind === "boolean" ? column.values : null;
    if (codes === null) return;
    for (let i = 0; i < column.length; i++) if (view.codes[i] >= 0) texts[view.codes[i]] = own[codes[i]];
  });
  return texts;
}

/** F-score gaps between `real` (the table holding the truth) and `other`. */
export function compareFscores(
  real: Table,
  other: Table,
  target: string | undefined,
  requireSameClasses = false,
): Comparison {
  const empty = (reason: string): Comparison => ({ value: null, units: [], nUndefined: 0, reason, notes: [] });
  if (target === undefined) return empty("no target column: set the `target` option");
  if (!real.has(target) || !other.has(target)) return empty(`target "${target}" is absent from a table`);
  const aligned = alignColumns([real, other]);
  const targetColumn = aligned.find((c) => c.name === target);
  if (targetColumn === undefined || targetColumn.family !== "categorical")
    return empty(`target "${target}" is not categorical`);
  const [rt, ot] = targetColumn.views as (CategoricalView | null)[];
  if (rt === null || ot === null) return empty(`target "${target}" is of another kind in the compared table`);
  const classOf = binaryClasses(rt, sharedLevelTexts([real, other], target, rt.nLevels));
  if (typeof classOf === "string") return empty(classOf);
  const realClass = Int32Array.from(rt.codes, (c) => (c >= 0 ? classOf[c] : -1));
  const otherClass = Int32Array.from(ot.codes, (c) => (c >= 0 ? classOf[c] : -1));
  if (requireSameClasses) {
    // Clover asserts that both tables have the same class set.
    const seen = new Set<number>();
    for (let i = 0; i < ot.codes.length; i++) if (ot.codes[i] >= 0) seen.add(otherClass[i]);
    if (seen.size !== 2 || seen.has(-1))
      return empty(`clover: the classes of "${target}" differ between the two tables`);
  }
  const units: ScoredUnit[] = [];
  for (const column of aligned) {
    if (column.family !== "numeric" || column.name === target) continue;
    const [rx, ox] = column.views;
    if (rx === null || ox === null || rx.family !== "numeric" || ox.family !== "numeric") {
      units.push({
        columns: [column.name],
        measure: "f-score",
        value: null,
        status: "undefined",
        reason: "column absent from a table",
      });
      continue;
    }
    const fReal = fScore(rx.values, realClass);
    const fOther = fScore(ox.values, otherClass);
    const ok = fReal !== null && fOther !== null;
    units.push({
      columns: [column.name],
      measure: "f-score",
      value: ok ? Math.abs(fReal - fOther) : null,
      status: ok ? "ok" : "undefined",
      reason: ok ? null : "a class has fewer than 2 values or zero within-class variance",
      stats: { fReal, fOther },
    });
  }
  if (units.length === 0) return empty("no numeric feature");
  return averageUnits(units, "no numeric feature has a defined F-score on both tables");
}

function compareVariant(
  real: Table,
  other: Table,
  options: Resolved<FscoreOptions>,
  input: MetricInput | null,
): Comparison {
  if (options.variant !== "clover" || input === null) return compareFscores(real, other, options.target);
  // clover: real = H, synthetic = S_eval (min(n_H, ⌊n_S/2⌋) seeded rows of S, or syntheticTest).
  if (input.holdout === undefined)
    return { value: null, units: [], nUndefined: 0, reason: "the clover variant needs H", notes: [] };
  let sEval = options.syntheticTest;
  if (sEval === undefined) {
    const k = Math.min(input.holdout.nRows, Math.floor(input.synthetic.nRows / 2));
    const rows = Rng.fromSeed(options.seed)
      .derive(ID)
      .derive("synthetic-split")
      .sampleWithoutReplacement(input.synthetic.nRows, k);
    sEval = input.synthetic.select(rows.sort());
  }
  return compareFscores(input.holdout, sEval, options.target, true);
}

export const fscoreDifference: Metric<FscoreOptions> = {
  id: ID,
  kind: "utility",
  needsTarget: true,
  needs: ["real", "synthetic"],
  optional: ["holdout"],
  variants: LEARNED_VARIANTS,
  description: "Mean absolute gap of Chen & Lin F-scores of numeric features for a binary target (Clover fscore)",
  compute: (input, options) => {
    if (options?.variant === "clover") {
      // Clover compares H with S_eval; there is no H-vs-R reference and no bootstrap in that case.
      const resolved = {
        ...options,
        variant: "clover",
        seed: options.seed ?? 0,
        bootstrap: 0,
      } as Resolved<FscoreOptions>;
      const main = compareVariant(input.real, input.synthetic, resolved, input);
      const definition = { name: ID, min: 0, max: Infinity, objective: "min" as const };
      return [comparisonRecord(ID, definition, "clover", input, main, null, null, main.reason)];
    }
    return runComparison(
      {
        id: ID,
        variants: LEARNED_VARIANTS,
        min: 0,
        max: Infinity,
        objective: "min",
        compare: (real, other, resolved) => compareFscores(real, other, resolved.target),
      },
      input,
      options,
    );
  },
};
