/**
 * Per-column distributions for the report's overlays (real vs synthetic), as aggregates that
 * cannot reveal a person: numeric columns on half-unit-shifted round bins (bins.ts) spanning the
 * MIN_SHOWN_COUNT-th smallest to the MIN_SHOWN_COUNT-th largest real value, the end bins open
 * (they also count everything below / above), so neither an edge nor a tail bin places a real
 * extreme: bins over the real min and max showed "900 to 1,000: 0.47 %", one patient's outlier.
 * Categories seen fewer than MIN_SHOWN_COUNT times in the real training table are grouped as
 * "other (n levels)".
 * The plan (edges, shown levels) comes from the real training table; every table is then counted
 * on the same plan so bars line up.
 */
import type { Column } from "../table/column.ts";
import type { Table } from "../table/table.ts";
import { MIN_SHOWN_COUNT } from "../schema/profile.ts";
import { observedRange } from "../generators/output-schema.ts";
import { binOf, safeEdges, unitOfDecimals } from "./bins.ts";
import { type Subjects, subjectsOf } from "../table/subjects.ts";

/** Most bars a categorical chart shows; further levels join "other". */
export const MAX_SHOWN_LEVELS = 20;

export type DistributionScale = "number" | "date" | "datetime";

export interface NumericPlan {
  readonly type: "numeric";
  readonly column: string;
  readonly scale: DistributionScale;
  readonly edges: readonly number[];
}

export interface CategoricalPlan {
  readonly type: "categorical";
  readonly column: string;
  /** Levels shown by name, in display order. */
  readonly shown: readonly string[];
  /** Levels grouped under "other"; only their number is ever reported. */
  readonly hidden: ReadonlySet<string>;
  /**
   * Whether the "other" bar is drawn: only when the real training table has MIN_SHOWN_COUNT rows
   * or more in it. A smaller group is a small cell (one rare level's count, whose name a public
   * code book gives), so its rows are counted in no bar.
   */
  readonly otherShown: boolean;
}

export type DistributionPlan = NumericPlan | CategoricalPlan;

/** One table's counts on a plan: aggregates only. */
export interface ColumnDistribution {
  readonly column: string;
  readonly type: "numeric" | "categorical";
  readonly scale?: DistributionScale;
  /**
   * Numeric: bin edges (length = counts.length + 1). The first bin also counts the values below
   * edges[0], the last those above its upper edge (open ends).
   */
  readonly edges?: readonly number[];
  /** Categorical: bar labels, the last one "other (n levels)" when levels were grouped. */
  readonly labels?: readonly string[];
  readonly counts: readonly number[];
  readonly missing: number;
  readonly total: number;
}

/**
 * The plans of every modelled column of the real training table, in column order. Rarity is
 * counted in distinct subjects (a diagnosis of one patient on 7 rows is held by one), as the
 * generators' protections count it; without a subject column every row is its own subject.
 */
export function distributionPlans(real: Table, subjects: Subjects = subjectsOf(real, null)): DistributionPlan[] {
  const plans: DistributionPlan[] = [];
  for (const column of real.columns) {
    const plan = planOf(column, subjects);
    if (plan !== null) plans.push(plan);
  }
  return plans;
}

function planOf(column: Column, subjects: Subjects): DistributionPlan | null {
  switch (column.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      const { min, max, decimals } = observedRange(column, 6);
      if (min > max) return { type: "numeric", column: column.name, scale: scaleOf(column.kind), edges: [] };
      const unit = column.kind === "continuous" ? unitOfDecimals(column.decimals ?? decimals) : 1;
      const [low, high] = innerRange(column, subjects);
      return { type: "numeric", column: column.name, scale: scaleOf(column.kind), edges: safeEdges(low, high, unit) };
    }
    case "categorical":
    case "boolean": {
      // Per label, how many distinct subjects hold it.
      const holders = new Map<string, Set<number>>();
      for (let i = 0; i < column.length; i++) {
        const label = labelAt(column, i);
        if (label === null) continue;
        const seen = holders.get(label) ?? new Set<number>();
        holders.set(label, seen.add(subjects.ofRow[i]));
      }
      const counts = new Map([...holders].map(([label, seen]) => [label, seen.size]));
      const ordered = column.kind === "categorical" && column.ordered;
      const frequent = [...counts].filter(([, n]) => n >= MIN_SHOWN_COUNT);
      if (!ordered) frequent.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      else {
        const rank = new Map(column.levels.map((l, k) => [l, k]));
        frequent.sort((a, b) => rank.get(a[0])! - rank.get(b[0])!);
      }
      const shown = frequent.slice(0, MAX_SHOWN_LEVELS).map(([label]) => label);
      const shownSet = new Set(shown);
      const hidden = new Set<string>();
      const allLevels = column.kind === "categorical" ? column.levels : column.tokens;
      for (const level of allLevels) if (!shownSet.has(level)) hidden.add(level);
      for (const level of counts.keys()) if (!shownSet.has(level)) hidden.add(level);
      let otherRows = 0;
      for (const [level, n] of counts) if (!shownSet.has(level)) otherRows += n;
      return { type: "categorical", column: column.name, shown, hidden, otherShown: otherRows >= MIN_SHOWN_COUNT };
    }
    case "identifier":
    case "text":
      return null;
  }
}

/**
 * The values the MIN_SHOWN_COUNT-th distinct subject reaches from each end (their middle value
 * when fewer than twice that many subjects have one): the span of a histogram whose end bins each
 * hold that many subjects.
 */
function innerRange(column: Extract<Column, { values: Float64Array }>, subjects: Subjects): [number, number] {
  const rows: number[] = [];
  for (let i = 0; i < column.length; i++) if (!column.missing[i]) rows.push(i);
  rows.sort((a, b) => column.values[a] - column.values[b] || a - b);
  const k = MIN_SHOWN_COUNT;
  const reach = (fromTop: boolean): number | undefined => {
    const seen = new Set<number>();
    for (let j = 0; j < rows.length; j++) {
      const row = rows[fromTop ? rows.length - 1 - j : j];
      if (seen.add(subjects.ofRow[row]).size >= k) return column.values[row];
    }
    return undefined;
  };
  const low = reach(false);
  const high = reach(true);
  if (low === undefined || high === undefined || low > high) {
    const middle = column.values[rows[rows.length >> 1]];
    return [middle, middle];
  }
  return [low, high];
}

function scaleOf(kind: "continuous" | "integer" | "date" | "datetime"): DistributionScale {
  return kind === "date" ? "date" : kind === "datetime" ? "datetime" : "number";
}

function labelAt(column: Column, i: number): string | null {
  if (column.missing[i]) return null;
  if (column.kind === "categorical") return column.levels[column.codes[i]];
  if (column.kind === "boolean") return column.tokens[column.values[i]];
  return null;
}

/** The counts of `table` on `plans`; a column absent from the table counts as all missing. */
export function distributionsOf(table: Table, plans: readonly DistributionPlan[]): ColumnDistribution[] {
  return plans.map((plan) => countOnPlan(table.has(plan.column) ? table.column(plan.column) : null, plan, table.nRows));
}

function countOnPlan(column: Column | null, plan: DistributionPlan, nRows: number): ColumnDistribution {
  if (plan.type === "numeric") {
    const counts = new Array<number>(Math.max(0, plan.edges.length - 1)).fill(0);
    let missing = 0;
    const values =
      column !== null && "values" in column && column.values instanceof Float64Array ? column.values : null;
    for (let i = 0; i < nRows; i++) {
      if (values === null || column!.missing[i] || counts.length === 0) missing++;
      else counts[binOf(values[i], plan.edges)]++;
    }
    return {
      column: plan.column,
      type: "numeric",
      scale: plan.scale,
      edges: plan.edges,
      counts,
      missing,
      total: nRows,
    };
  }
  const index = new Map(plan.shown.map((label, k) => [label, k]));
  const other = plan.hidden.size > 0 && plan.otherShown ? plan.shown.length : -1;
  const counts = new Array<number>(plan.shown.length + (other >= 0 ? 1 : 0)).fill(0);
  let missing = 0;
  for (let i = 0; i < nRows; i++) {
    const label = column === null ? null : labelAt(column, i);
    if (label === null) {
      missing++;
      continue;
    }
    const k = index.get(label);
    if (k !== undefined) counts[k]++;
    else if (other >= 0) counts[other]++;
  }
  const labels =
    other >= 0
      ? [...plan.shown, `other (${plan.hidden.size} level${plan.hidden.size === 1 ? "" : "s"})`]
      : [...plan.shown];
  return { column: plan.column, type: "categorical", labels, counts, missing, total: nRows };
}
