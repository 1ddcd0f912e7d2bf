/**
 * Synthetic rows identical to a training row on every evaluated column (∅ equals ∅), and of those
 * the ones whose training row occurs exactly once in train: the "identical / unique-in-train"
 * counts of privacy-peers/README.md. Row keys come from the privacy metrics' own exact equality.
 * Only counts leave this module, never a row.
 */
import { countKeys, exactRowKeys } from "../../packages/core/src/metrics/privacy/exact-equality.ts";
import type { Table } from "../../packages/core/src/table/table.ts";

export interface IdenticalRows {
  readonly synthetic_rows: number;
  readonly identical_to_train_row: number;
  readonly identical_to_train_unique_row: number;
}

export function identicalRows(train: Table, synthetic: Table): IdenticalRows {
  const { keys } = exactRowKeys([train, synthetic]);
  const inTrain = countKeys(keys[0]);
  let identical = 0;
  let unique = 0;
  for (const key of keys[1]) {
    const n = inTrain.get(key) ?? 0;
    if (n > 0) identical++;
    if (n === 1) unique++;
  }
  return { synthetic_rows: synthetic.nRows, identical_to_train_row: identical, identical_to_train_unique_row: unique };
}
