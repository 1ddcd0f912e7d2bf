/**
 * Seeded subsamples that keep the avatar/SMOTE link consistent: when the synthetic table is cut
 * down, the real rows its kept rows were made from come along, and the link is renumbered.
 */
import type { Rng } from "../random/rng.ts";
import type { Table } from "../table/table.ts";

export interface EvaluationTables {
  readonly real: Table;
  readonly synthetic: Table;
  readonly holdout?: Table;
  readonly link?: Int32Array;
}

/** At most `maxRows` rows of `table` (sorted indices, seeded); the table itself when smaller. */
export function capRows(table: Table, maxRows: number, rng: Rng): Table {
  if (table.nRows <= maxRows) return table;
  return table.select(rng.sampleWithoutReplacement(table.nRows, maxRows).sort());
}

/** The tables cut to at most `maxRows` rows each, with the link kept; `changed` says whether any was cut. */
export function capEvaluationTables(
  tables: EvaluationTables,
  maxRows: number,
  rng: Rng,
): { tables: EvaluationTables; changed: boolean } {
  const { real, synthetic, holdout, link } = tables;
  const changed = real.nRows > maxRows || synthetic.nRows > maxRows || (holdout?.nRows ?? 0) > maxRows;
  if (!changed) return { tables, changed };
  const cappedHoldout = holdout === undefined ? undefined : capRows(holdout, maxRows, rng.derive("holdout"));
  if (link === undefined)
    return {
      tables: {
        real: capRows(real, maxRows, rng.derive("real")),
        synthetic: capRows(synthetic, maxRows, rng.derive("synthetic")),
        holdout: cappedHoldout,
      },
      changed,
    };
  const keptSynthetic =
    synthetic.nRows <= maxRows
      ? null
      : rng.derive("synthetic").sampleWithoutReplacement(synthetic.nRows, maxRows).sort();
  const syntheticRows = keptSynthetic ?? Int32Array.from({ length: synthetic.nRows }, (_, i) => i);
  // Real rows behind the kept synthetic rows, in ascending order, renumbered from 0.
  const sources = [...new Set(Array.from(syntheticRows, (s) => link[s]))].sort((a, b) => a - b);
  const position = new Map(sources.map((r, k) => [r, k]));
  return {
    tables: {
      real: real.select(Int32Array.from(sources)),
      synthetic: keptSynthetic === null ? synthetic : synthetic.select(keptSynthetic),
      holdout: cappedHoldout,
      link: Int32Array.from(syntheticRows, (s) => position.get(link[s])!),
    },
    changed,
  };
}
