/**
 * `groupRareModalities` (spec generators.md §2.1, §1.2): levels seen in R fewer than `minCount`
 * times are merged into one "other" modality before projecting, because a rare modality's scaled
 * dummy (1 − p)/√p is large and would dominate distances. On output, "other" is resolved by
 * drawing one of the merged levels in proportion to its count in R.
 */
import { type CategoricalColumn, categoricalColumn } from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import { type Rng, cumulative } from "../../random/rng.ts";

export interface RareGroup {
  readonly column: string;
  /** Original levels, restored on output. */
  readonly levels: readonly string[];
  readonly ordered: boolean;
  /** Grouped code → original code, for the levels that were kept. */
  readonly keptOriginal: Int32Array;
  /** Code of "other" among the grouped levels. */
  readonly otherCode: number;
  /** Original codes merged into "other" and their cumulative R counts. */
  readonly members: Int32Array;
  readonly cumulativeCounts: Float64Array;
}

function otherLabel(levels: readonly string[]): string {
  let label = "other";
  while (levels.includes(label)) label += "_";
  return label;
}

function groupColumn(c: CategoricalColumn, minCount: number): { column: CategoricalColumn; group: RareGroup } | null {
  const counts = new Float64Array(c.levels.length);
  for (let i = 0; i < c.length; i++) if (!c.missing[i]) counts[c.codes[i]]++;
  const rare = (l: number): boolean => counts[l] > 0 && counts[l] < minCount;
  const members: number[] = [];
  const kept: number[] = [];
  for (let l = 0; l < counts.length; l++) (rare(l) ? members : kept).push(l);
  if (members.length === 0) return null;
  const newCode = new Int32Array(c.levels.length);
  kept.forEach((l, j) => (newCode[l] = j));
  const otherCode = kept.length;
  for (const l of members) newCode[l] = otherCode;
  const codes = new Int32Array(c.length);
  for (let i = 0; i < c.length; i++) codes[i] = c.missing[i] ? -1 : newCode[c.codes[i]];
  const levels = [...kept.map((l) => c.levels[l]), otherLabel(c.levels)];
  return {
    column: categoricalColumn(c.name, codes, levels, { missing: c.missing.slice(), ordered: false }),
    group: {
      column: c.name,
      levels: c.levels,
      ordered: c.ordered,
      keptOriginal: Int32Array.from(kept),
      otherCode,
      members: Int32Array.from(members),
      cumulativeCounts: cumulative(members.map((l) => counts[l])),
    },
  };
}

/** Merges the rare levels of each categorical column (booleans are left alone); minCount 0 is a no-op. */
export function groupRareModalities(table: Table, minCount: number): { table: Table; groups: RareGroup[] } {
  const groups: RareGroup[] = [];
  if (minCount <= 0) return { table, groups };
  let out = table;
  for (const c of table.columns) {
    if (c.kind !== "categorical") continue;
    const grouped = groupColumn(c, minCount);
    if (grouped === null) continue;
    out = out.withColumn(grouped.column);
    groups.push(grouped.group);
  }
  return { table: out, groups };
}

/**
 * Back to the original levels: "other" becomes a merged level drawn ∝ its R count. Draw order:
 * rows in index order, then groups in order, one draw per "other" cell.
 */
export function resolveRareModalities(table: Table, groups: readonly RareGroup[], rng: Rng): Table {
  if (groups.length === 0) return table;
  const sources = groups.map((g) => table.column(g.column) as CategoricalColumn);
  const codes = sources.map((c) => new Int32Array(c.length));
  for (let i = 0; i < table.nRows; i++) {
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      const code = sources[g].codes[i];
      if (sources[g].missing[i]) codes[g][i] = -1;
      else if (code === group.otherCode) codes[g][i] = group.members[rng.fromCumulative(group.cumulativeCounts)];
      else codes[g][i] = group.keptOriginal[code];
    }
  }
  let out = table;
  groups.forEach((group, g) => {
    const column = categoricalColumn(group.column, codes[g], group.levels, { missing: sources[g].missing.slice(), ordered: group.ordered });
    out = out.withColumn(column);
  });
  return out;
}
