import type { Column, ColumnKind } from "@sosie/core";

/**
 * Levels seen fewer times than this are never shown: a rare category can single out a person.
 * Such levels are only counted ("3 rare levels hidden").
 */
export const MIN_SHOWN_COUNT = 5;

/** How many frequent levels a summary keeps. */
export const TOP_LEVELS = 5;

export interface LevelCount {
  level: string;
  count: number;
}

/** What `sosie inspect` shows of one column: counts, and values only where they are safe to show. */
export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  nRows: number;
  nMissing: number;
  /** Distinct non-missing values. */
  nDistinct: number;
  /** Numbers: in the column's unit; dates: ISO dates; datetimes: ISO date-times (UTC). */
  min?: number | string;
  max?: number | string;
  mean?: number;
  /** Categorical and boolean: most frequent levels seen at least MIN_SHOWN_COUNT times. */
  topLevels?: LevelCount[];
  /** Categorical and boolean: levels seen 1 to MIN_SHOWN_COUNT - 1 times (never shown). */
  nRareLevels?: number;
}

export function summarizeColumn(column: Column): ColumnSummary {
  const nRows = column.length;
  let nMissing = 0;
  for (let i = 0; i < nRows; i++) nMissing += column.missing[i];
  const base = { name: column.name, kind: column.kind, nRows, nMissing };
  switch (column.kind) {
    case "continuous":
    case "integer":
      return { ...base, ...numberStats(column.values, column.missing) };
    case "date":
    case "datetime": {
      const stats = numberStats(column.values, column.missing);
      const iso = column.kind === "date" ? isoDate : isoDateTime;
      return {
        ...base,
        nDistinct: stats.nDistinct,
        ...(stats.min === undefined ? {} : { min: iso(stats.min), max: iso(stats.max!) }),
      };
    }
    case "categorical":
      return { ...base, ...levelStats(column.levels, column.codes, column.missing) };
    case "boolean":
      return { ...base, ...levelStats(column.tokens, column.values, column.missing) };
    case "identifier":
    case "text": {
      const distinct = new Set<string>();
      for (let i = 0; i < nRows; i++) if (!column.missing[i]) distinct.add(column.values[i]);
      return { ...base, nDistinct: distinct.size };
    }
  }
}

function numberStats(
  values: Float64Array,
  missing: Uint8Array,
): { nDistinct: number; min?: number; max?: number; mean?: number } {
  const distinct = new Set<number>();
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) continue;
    const v = values[i];
    distinct.add(v);
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  return n === 0 ? { nDistinct: 0 } : { nDistinct: distinct.size, min, max, mean: sum / n };
}

function levelStats(
  levels: readonly string[],
  codes: ArrayLike<number>,
  missing: Uint8Array,
): { nDistinct: number; topLevels: LevelCount[]; nRareLevels: number } {
  const counts = new Array<number>(levels.length).fill(0);
  for (let i = 0; i < codes.length; i++) if (!missing[i]) counts[codes[i]]++;
  const seen = counts.map((count, code) => ({ level: levels[code], count })).filter((l) => l.count > 0);
  const frequent = seen.filter((l) => l.count >= MIN_SHOWN_COUNT).sort((a, b) => b.count - a.count);
  return {
    nDistinct: seen.length,
    topLevels: frequent.slice(0, TOP_LEVELS),
    nRareLevels: seen.length - frequent.length,
  };
}

const DAY_MS = 86_400_000;

/** JavaScript dates cover ±100,000,000 days around 1970; beyond that the raw number is shown. */
const MAX_DATE_MS = 8.64e15;

function isoDate(days: number): string {
  const ms = days * DAY_MS;
  return Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString().slice(0, 10) : `day ${days}`;
}

function isoDateTime(seconds: number): string {
  const ms = seconds * 1000;
  return Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString().replace(".000Z", "Z") : `second ${seconds}`;
}
