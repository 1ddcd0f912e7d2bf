/**
 * Row resampling for the metrics: bootstrap replicates (with replacement, §6.1) and the seeded
 * `maxRows` subsample of pair-trend metrics (without replacement, §1.9).
 */
import type { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";

/** n rows drawn with replacement from a table of n rows. */
export function bootstrapRows(table: Table, rng: Rng): Table {
  const n = table.nRows;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = rng.int(n);
  return table.select(rows);
}

/** At most `maxRows` rows without replacement, in their original order; the table itself when smaller. */
export function subsampleRows(table: Table, maxRows: number, rng: Rng): Table {
  if (table.nRows <= maxRows) return table;
  const rows = rng.sampleWithoutReplacement(table.nRows, maxRows).sort();
  return table.select(rows);
}
