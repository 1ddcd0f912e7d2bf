/**
 * The scaled columns of the projection (privacy-metrics.md §2.1), one "part" per source column:
 * a numeric part (one standardised column) or a categorical part (one scaled dummy per modality
 * seen in R, ∅ included; also the "<col> is missing" companion of a numeric column with ∅).
 *
 * Rows are read through integer modality indices found per level (never per row string keys).
 */
import type { Column, FloatColumn } from "../table/column.ts";
import type { Table } from "../table/table.ts";
import { columnScale } from "./column-scale.ts";

/** Key of the ∅ modality (cannot collide with a level: keys of levels are prefixed). */
export const MISSING_KEY = "∅";
export const levelKey = (level: string): string => `=${level}`;

export interface NumericPart {
  readonly type: "numeric";
  readonly source: FloatColumn;
  readonly offset: number;
  readonly mean: number;
  readonly sd: number;
  /** Index in `parts` of the "is missing" companion, or −1. */
  companion: number;
}

export interface CategoricalPart {
  readonly type: "categorical";
  /** The source column, or the numeric column a companion describes. */
  readonly source: Column;
  readonly companionOf: boolean;
  readonly offset: number;
  /** Modality keys in order of first appearance in R. */
  readonly keys: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Rows of R per modality. */
  readonly counts: Float64Array;
  readonly shares: Float64Array;
}

export type Part = NumericPart | CategoricalPart;

export function fitNumeric(c: FloatColumn, offset: number): NumericPart {
  const { mean, sd, observed } = columnScale(c);
  return {
    type: "numeric",
    source: c,
    offset,
    mean,
    sd,
    // 0 marks "needs a companion"; the caller replaces it with the companion's part index.
    companion: observed < c.length ? 0 : -1,
  };
}

/**
 * Each row's "slot" (a small integer standing for its value: level code, boolean value, missing
 * flag) and the key of each slot. Slots index a per-column table, so keys are built once per level.
 */
function slotsOf(c: Column, companion: boolean): { slots: Int32Array; keys: readonly string[] } {
  const n = c.length;
  const slots = new Int32Array(n);
  if (companion) {
    for (let i = 0; i < n; i++) slots[i] = c.missing[i];
    return { slots, keys: ["no", "yes"] };
  }
  if (c.kind === "categorical") {
    const L = c.levels.length;
    for (let i = 0; i < n; i++) slots[i] = c.missing[i] ? L : c.codes[i];
    return { slots, keys: [...c.levels.map(levelKey), MISSING_KEY] };
  }
  if (c.kind === "boolean") {
    for (let i = 0; i < n; i++) slots[i] = c.missing[i] ? 2 : c.values[i];
    return { slots, keys: [levelKey("false"), levelKey("true"), MISSING_KEY] };
  }
  throw new RangeError(`column "${c.name}" is not categorical`);
}

/** A categorical part fitted on R, with the modality index of each row of R. */
export function fitCategorical(
  source: Column,
  companionOf: boolean,
  offset: number,
): { part: CategoricalPart; rows: Int32Array } {
  const { slots, keys: slotKeys } = slotsOf(source, companionOf);
  const modalityOfSlot = new Int32Array(slotKeys.length).fill(-1);
  const keys: string[] = [];
  const countList: number[] = [];
  const rows = new Int32Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    let m = modalityOfSlot[slots[i]];
    if (m < 0) {
      m = keys.length;
      modalityOfSlot[slots[i]] = m;
      keys.push(slotKeys[slots[i]]);
      countList.push(0);
    }
    countList[m]++;
    rows[i] = m;
  }
  const n = slots.length;
  const counts = Float64Array.from(countList);
  const shares = Float64Array.from(countList, (c) => c / n);
  const index = new Map(keys.map((k, m) => [k, m]));
  return { part: { type: "categorical", source, companionOf, offset, keys, index, counts, shares }, rows };
}

/** Modality index of each row of X for a categorical part (−1: unseen in R). */
export function modalityIndices(part: CategoricalPart, X: Table): Int32Array {
  const { slots, keys } = slotsOf(X.column(part.source.name), part.companionOf);
  const lookup = Int32Array.from(keys, (k) => part.index.get(k) ?? -1);
  const out = new Int32Array(slots.length);
  for (let i = 0; i < slots.length; i++) out[i] = lookup[slots[i]];
  return out;
}

/** Standardized values of a numeric part on X (∅ → the mean → 0). */
export function standardized(part: NumericPart, X: Table): Float64Array {
  const c = X.column(part.source.name) as FloatColumn;
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c.missing[i] ? 0 : (c.values[i] - part.mean) / part.sd;
  return out;
}

/** Rows [start, end) of the scaled matrix Z (row-major, p′ columns). */
export function scaleRows(parts: readonly Part[], p: number, X: Table, start: number, end: number): Float64Array {
  const slice = X.slice(start, end);
  const n = end - start;
  const z = new Float64Array(n * p);
  for (const part of parts) {
    if (part.type === "numeric") {
      const v = standardized(part, slice);
      for (let i = 0; i < n; i++) z[i * p + part.offset] = v[i];
    } else {
      const m = modalityIndices(part, slice);
      const M = part.keys.length;
      const roots = Float64Array.from(part.shares, Math.sqrt);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < M; j++) z[i * p + part.offset + j] = ((m[i] === j ? 1 : 0) - part.shares[j]) / roots[j];
    }
  }
  return z;
}
