/**
 * The `marginals = "ranks"` option of the avatar (a Sosie extension of spec generators.md §2):
 * each numeric, date or datetime column of the output keeps the avatars' order but takes R's
 * values, rank for rank.
 *
 * Why: an avatar's numeric value is a weighted mean of its neighbours', so the output marginals
 * are narrower than R's and lose their atoms (heart's oldpeak is 0 for a third of the patients;
 * a mean of neighbours is 0 only when all of them are). With the spec's defaults the SDMetrics
 * column shapes of heart score 0.92 and its quality 0.894 (ten seeds), below sequential CART.
 * Replacing the values by R's order statistics restores each marginal exactly while the ranks,
 * which carry the avatars' associations, are unchanged (heart: quality 0.94).
 *
 * What it costs: the output then holds R's numeric values, as CART's donors do, so the values that
 * could point at few people are aggregated first (`protectedReference`, the privacy preset's k);
 * the convex-hull property of §2.2 step 5 no longer holds. Off by default ("barycentre", the spec).
 *
 * The j-th smallest of the m observed output values (ties by row) gets the reference's value of
 * rank ⌊(j + ½)·n / m⌋: exactly the reference's multiset when m = n, a step quantile otherwise.
 */
import { type Column, type FloatColumn, isFloatColumn } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import { roundHalfAway } from "../output-schema.ts";
import { type Subjects, distinctSubjectCounts } from "../../table/subjects.ts";
import { sortedObserved } from "../copula/empirical-marginal.ts";
import type { Layout } from "./layout.ts";

export type AvatarMarginals = "barycentre" | "ranks";

/**
 * R's observed values of a column, ascending, with the values held by fewer than k subjects
 * replaced (univariate microaggregation, as in statistical disclosure control): consecutive rare
 * values are grouped until a group holds k subjects and each takes its group's mean, rounded to
 * the column's decimals; a run of rare values between two common ones that never reaches k
 * subjects takes the nearest common value instead (the lower on ties). Common values stay, so
 * atoms (heart's oldpeak = 0) are kept. k ≤ 1 gives R's values.
 */
export function protectedReference(column: FloatColumn, k: number, decimals: number, subjects: Subjects): Float64Array {
  const rows: number[] = [];
  for (let i = 0; i < column.length; i++) if (!column.missing[i]) rows.push(i);
  const values = column.values;
  rows.sort((a, b) => values[a] - values[b] || a - b);
  const sorted = Float64Array.from(rows, (r) => values[r]);
  if (k <= 1 || sorted.length === 0) return sorted;
  // Distinct values: where each starts in `sorted`, and how many subjects hold it.
  const starts: number[] = [];
  const keys = new Int32Array(column.length).fill(-1);
  rows.forEach((r, j) => {
    if (j === 0 || sorted[j] !== sorted[j - 1]) starts.push(j);
    keys[r] = starts.length - 1;
  });
  starts.push(sorted.length);
  const held = distinctSubjectCounts(keys, starts.length - 1, subjects);
  const common = (d: number) => held[d] >= k;
  const out = sorted.slice();
  const fill = (from: number, to: number, value: number) => out.fill(value, from, to);
  const mean = (from: number, to: number) => {
    let sum = 0;
    for (let j = from; j < to; j++) sum += sorted[j];
    return roundHalfAway(sum / (to - from), decimals);
  };
  let d = 0;
  const nDistinct = starts.length - 1;
  while (d < nDistinct) {
    if (common(d)) {
      d++;
      continue;
    }
    // A run of rare distinct values [d, e), cut into groups of at least k subjects.
    let e = d;
    while (e < nDistinct && !common(e)) e++;
    const groups: [number, number][] = [];
    let groupStart = starts[d];
    const seen = new Set<number>();
    for (let j = starts[d]; j < starts[e]; j++) {
      seen.add(subjects.ofRow[rows[j]]);
      const endOfValue = j + 1 === starts[e] || sorted[j + 1] !== sorted[j];
      if (endOfValue && seen.size >= k) {
        groups.push([groupStart, j + 1]);
        groupStart = j + 1;
        seen.clear();
      }
    }
    if (groupStart < starts[e]) {
      // A remainder of fewer than k subjects joins the group before it, if the run has one.
      const last = groups.pop();
      if (last !== undefined) groups.push([last[0], starts[e]]);
      else {
        const below = d > 0 ? sorted[starts[d] - 1] : undefined;
        const above = e < nDistinct ? sorted[starts[e]] : undefined;
        for (let j = starts[d]; j < starts[e]; j++) {
          const v = sorted[j];
          if (below === undefined && above === undefined) out[j] = mean(starts[d], starts[e]);
          else if (above === undefined || (below !== undefined && v - below <= above - v)) out[j] = below!;
          else out[j] = above;
        }
      }
    }
    for (const [from, to] of groups) fill(from, to, mean(from, to));
    d = e;
  }
  return out;
}

/**
 * `output` with every numeric and temporal column of the layout rank-matched to its reference
 * (`protectedReference`), or to R's observed values when `references` has none for it.
 */
export function matchRealMarginals(
  output: Table,
  layout: Layout,
  references: Readonly<Record<string, readonly number[]>> = {},
): Table {
  let table = output;
  for (const slot of layout.numerics) {
    const real = slot.source;
    const column = table.column(real.name);
    if (!isFloatColumn(column)) continue;
    const given = references[real.name];
    const reference = given !== undefined ? Float64Array.from(given) : sortedObserved(real.values, real.missing);
    if (reference.length === 0) continue;
    const observed: number[] = [];
    for (let i = 0; i < column.length; i++) if (!column.missing[i]) observed.push(i);
    const order = Int32Array.from(observed).sort((a, b) => column.values[a] - column.values[b] || a - b);
    const values = column.values.slice();
    const m = order.length;
    for (let k = 0; k < m; k++) {
      const rank = Math.min(reference.length - 1, Math.floor(((k + 0.5) * reference.length) / m));
      values[order[k]] = reference[rank];
    }
    table = table.withColumn({ ...column, values } as Column);
  }
  return table;
}
