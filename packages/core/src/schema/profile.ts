/**
 * Column profiles: the aggregate facts shown to the user in the metadata review step.
 * Privacy: levels seen on fewer than MIN_SHOWN_COUNT rows are never listed, only counted.
 */
import type { ColumnKind } from "../table/column.ts";

/** Levels rarer than this are counted, never shown. */
export const MIN_SHOWN_COUNT = 5;

/** At most this many levels are listed in a profile. */
export const MAX_TOP_LEVELS = 20;

export interface LevelCount {
  level: string;
  count: number;
}

export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  reason: string;
  confidence: number;
  nRows: number;
  nMissing: number;
  /** Distinct non-missing values. */
  nDistinct: number;
  /** Numeric: in the column's units; dates: days, datetimes: seconds since the epoch. */
  min?: number;
  max?: number;
  mean?: number;
  /** Categorical and boolean: the most frequent levels with count >= MIN_SHOWN_COUNT. */
  topLevels?: LevelCount[];
  /** Categorical and boolean: levels with count < MIN_SHOWN_COUNT (not listed). */
  nRareLevels?: number;
  warnings: string[];
  /**
   * A few values make the column another kind than the rest suggests (a stray "unknown" among
   * numbers): generate and run print it, since every generator would then model the wrong kind.
   */
  kindWarning?: string;
}

/** Weighted min, max and mean of distinct numbers with their row counts. */
export function numericSummary(
  values: readonly number[],
  counts: readonly number[],
): { min: number; max: number; mean: number } | null {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v * counts[i];
    n += counts[i];
  }
  return n === 0 ? null : { min, max, mean: sum / n };
}

/** The shown levels (count >= MIN_SHOWN_COUNT, most frequent first) and the number of rare ones. */
export function levelSummary(levels: readonly LevelCount[]): { topLevels: LevelCount[]; nRareLevels: number } {
  const shown = levels.filter((l) => l.count >= MIN_SHOWN_COUNT);
  shown.sort((a, b) => b.count - a.count || (a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
  return { topLevels: shown.slice(0, MAX_TOP_LEVELS), nRareLevels: levels.length - shown.length };
}
