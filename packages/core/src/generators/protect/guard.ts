/**
 * The post-generation guard: no synthetic row equal to a training row that is unique in train.
 *
 * At fit it keeps the 64-bit hashes of the train-unique rows (row-keys.ts), never the rows. After
 * a sample is finished, rows whose hash matches are regenerated, not dropped, so n is kept: a
 * batch is drawn from the model on a stream derived from the sample's ("guard", round), finished
 * the same way, and its first non-matching rows of the same discrete cell (categories and ∅
 * pattern, row-keys.ts) replace the matching ones in order; in the last round a row with no such
 * candidate takes the first unused non-matching row of any cell. Identifier and text cells of
 * the replaced rows stay as they were (identifiers must remain unique). At most MAX_ROUNDS
 * batches; rows still matching after them are reported as `remaining`.
 */
import { type Column, isFloatColumn } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import type { ColumnSchema } from "../output-schema.ts";
import { rowHashes, stratumKeys } from "./row-keys.ts";

export const MAX_ROUNDS = 8;
/** Smallest batch drawn per round (a few matches should not cost a tiny, unlucky batch). */
const MIN_BATCH = 64;
/** Batch size per pending row: a cell holding a few % of rows still finds candidates. */
const BATCH_FACTOR = 8;

export interface GuardState {
  /** Sorted hex hashes of the training rows that occur once in train. */
  readonly hashes: readonly string[];
}

export interface GuardReport {
  /** Synthetic rows that equalled a train-unique row before the guard. */
  readonly matched: number;
  /** Of those, rows regenerated. */
  readonly replaced: number;
  /** Rows still equal after MAX_ROUNDS (0 in practice). */
  readonly remaining: number;
  /** replaced / number of synthetic rows. */
  readonly share: number;
  readonly rounds: number;
}

export function buildGuard(train: Table, schema: readonly ColumnSchema[]): GuardState {
  // Rows are told apart by their 64-bit hashes (two distinct rows share one with probability
  // about n² / 2^65, 3 · 10^-10 for 10^5 rows).
  const counts = new Map<string, number>();
  for (const hash of rowHashes(train, schema)) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  const hashes: string[] = [];
  for (const [hash, count] of counts) if (count === 1) hashes.push(hash);
  return { hashes: hashes.sort() };
}

export interface Batch {
  readonly table: Table;
  readonly link?: Int32Array;
}

function matchingRows(table: Table, schema: readonly ColumnSchema[], unique: ReadonlySet<string>): number[] {
  const out: number[] = [];
  rowHashes(table, schema).forEach((hash, i) => {
    if (unique.has(hash)) out.push(i);
  });
  return out;
}

function copyCell(to: Column, row: number, from: Column, source: number): void {
  to.missing[row] = from.missing[source];
  if (to.kind === "categorical" && from.kind === "categorical") to.codes[row] = from.codes[source];
  else if (to.kind === "boolean" && from.kind === "boolean") to.values[row] = from.values[source];
  else if (isFloatColumn(to) && isFloatColumn(from)) to.values[row] = from.values[source];
}

/**
 * Apply the guard in place on a finished sample. `drawBatch(size, round)` draws and finishes
 * `size` fresh rows on the round's stream.
 */
export function applyGuard(
  sample: Batch,
  schema: readonly ColumnSchema[],
  guard: GuardState,
  drawBatch: (size: number, round: number) => Batch,
): GuardReport {
  const unique = new Set(guard.hashes);
  const { table } = sample;
  let pending = unique.size === 0 ? [] : matchingRows(table, schema, unique);
  const matched = pending.length;
  const columns = schema.filter((s) => s.kind !== "identifier" && s.kind !== "text").map((s) => s.name);
  const cells = pending.length > 0 ? stratumKeys(table, schema) : [];
  let rounds = 0;
  while (pending.length > 0 && rounds < MAX_ROUNDS) {
    const last = rounds === MAX_ROUNDS - 1;
    const batch = drawBatch(Math.max(MIN_BATCH, BATCH_FACTOR * pending.length), rounds++);
    const bad = new Set(matchingRows(batch.table, schema, unique));
    const candidates = new Map<string, number[]>();
    const any: number[] = [];
    stratumKeys(batch.table, schema).forEach((cell, b) => {
      if (bad.has(b)) return;
      any.push(b);
      const queue = candidates.get(cell);
      if (queue) queue.push(b);
      else candidates.set(cell, [b]);
    });
    const used = new Set<number>();
    const take = (queue: number[] | undefined): number => {
      while (queue && queue.length > 0) {
        const b = queue.shift()!;
        if (!used.has(b)) return b;
      }
      return -1;
    };
    const still: number[] = [];
    for (const row of pending) {
      let b = take(candidates.get(cells[row]));
      if (b < 0 && last) b = take(any);
      if (b < 0) {
        still.push(row);
        continue;
      }
      used.add(b);
      for (const name of columns) copyCell(table.column(name), row, batch.table.column(name), b);
      if (sample.link && batch.link) sample.link[row] = batch.link[b];
    }
    pending = still;
  }
  const replaced = matched - pending.length;
  return { matched, replaced, remaining: pending.length, share: table.nRows > 0 ? replaced / table.nRows : 0, rounds };
}
