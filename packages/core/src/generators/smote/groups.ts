/**
 * SMOTE's groups (spec generators.md §7.1–7.2): all rows in `unsupervised` mode, one group per
 * level of the target (∅ is a level) in `stratified` mode, and how many rows each group makes:
 * round(nRows × share) with largest-remainder rounding so the counts sum to nRows.
 */
import type { Column } from "../../table/column.ts";

export interface SmoteGroup {
  /** Rows of R in the group, ascending. */
  readonly rows: Int32Array;
}

/** One group per value of the target column in order of level (∅ last); empty levels are skipped. */
export function groupsByTarget(target: Column): SmoteGroup[] {
  let nLevels: number;
  let levelOf: (i: number) => number;
  if (target.kind === "categorical") {
    nLevels = target.levels.length + 1;
    levelOf = (i) => (target.missing[i] ? target.levels.length : target.codes[i]);
  } else if (target.kind === "boolean") {
    nLevels = 3;
    levelOf = (i) => (target.missing[i] ? 2 : target.values[i]);
  } else throw new RangeError(`target "${target.name}" must be categorical or boolean for stratified SMOTE`);
  const members: number[][] = Array.from({ length: nLevels }, () => []);
  for (let i = 0; i < target.length; i++) members[levelOf(i)].push(i);
  return members.filter((m) => m.length > 0).map((m) => ({ rows: Int32Array.from(m) }));
}

export function singleGroup(nRows: number): SmoteGroup[] {
  return [{ rows: Int32Array.from({ length: nRows }, (_, i) => i) }];
}

/** Largest-remainder apportionment of `total` by `sizes` (ties: the earlier group). */
export function largestRemainderCounts(sizes: readonly number[], total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  const quotas = sizes.map((s) => (total * s) / sum);
  const counts = quotas.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = quotas.map((q, g) => g).sort((a, b) => quotas[b] - counts[b] - (quotas[a] - counts[a]) || a - b);
  for (let i = 0; left > 0; i++, left--) counts[order[i]]++;
  return counts;
}
