/**
 * A holdout given as its own table must be real rows the generator never saw: the privacy attacks
 * compare what the synthetic rows reveal about training rows with what they reveal about holdout
 * rows, so a holdout that repeats the training rows (the training file given twice) makes every
 * attack see no difference. Rows are compared exactly, every column of the training table, ∅
 * equal to ∅; nothing here ever quotes a value.
 */
import { SosieInputError } from "../errors.ts";
import type { Column } from "../table/column.ts";
import type { Table } from "../table/table.ts";

/** At this share of holdout rows repeating a training row, the holdout is refused. */
export const HOLDOUT_REPEAT_LIMIT = 0.5;

export interface HoldoutRepeats {
  /** Holdout rows equal, in every column, to some training row. */
  readonly repeated: number;
  readonly rows: number;
}

/**
 * Checks `holdout` against `train`: every training column present, and fewer than half of its rows
 * repeating a training row (a few can be identical patients' records). `label` names the holdout
 * (its file) in errors. Returns the count of repeated rows for the run's note.
 */
export function checkHoldout(train: Table, holdout: Table, label: string): HoldoutRepeats {
  const missing = missingHoldoutColumn(train.names, holdout.names);
  if (missing !== undefined)
    throw new SosieInputError("invalid-value", holdoutLacksColumn(missing), { file: label, column: missing });
  const seen = new Set(rowKeys(train, train.names));
  let repeated = 0;
  for (const key of rowKeys(holdout, train.names)) if (seen.has(key)) repeated++;
  if (repeated > 0 && repeated >= HOLDOUT_REPEAT_LIMIT * holdout.nRows)
    throw new SosieInputError(
      "invalid-value",
      `${repeated} of ${holdout.nRows} holdout rows repeat a training row exactly; the holdout must be real rows the generator never saw (not the training file, nor a part of it)`,
      { file: label },
    );
  return { repeated, rows: holdout.nRows };
}

/** The first training column the holdout lacks, if any (also used on a file's header before decoding). */
export function missingHoldoutColumn(
  trainNames: readonly string[],
  holdoutNames: readonly string[],
): string | undefined {
  const present = new Set(holdoutNames);
  return trainNames.find((name) => !present.has(name));
}

/** The message of a holdout lacking a training column; `training` names the training table (its file). */
export function holdoutLacksColumn(column: string, training = "the training table"): string {
  return `the holdout lacks the column "${column}" that ${training} has`;
}

/** The note (and warning) of a holdout with a few rows repeating training rows. */
export function holdoutRepeatNote(repeats: HoldoutRepeats): string {
  return `${repeats.repeated} of ${repeats.rows} holdout rows repeat a training row exactly (identical records can be legitimate); each makes the privacy attacks see less difference between training and holdout rows`;
}

/** One key per row over `names`: each value prefixed by its length, so keys never collide by concatenation. */
function rowKeys(table: Table, names: readonly string[]): string[] {
  const columns = names.map((name) => table.column(name));
  const keys = new Array<string>(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    let key = "";
    for (const c of columns) {
      const token = tokenOf(c, i);
      key += `${token.length}:${token}`;
    }
    keys[i] = key;
  }
  return keys;
}

/** A value as text: its kind's family, then the number, level or text; ∅ alike in every kind. */
function tokenOf(c: Column, i: number): string {
  if (c.missing[i]) return "∅";
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime":
      return `n${c.values[i]}`;
    case "categorical":
      return `c${c.levels[c.codes[i]]}`;
    case "boolean":
      return `b${c.values[i]}`;
    case "identifier":
    case "text":
      return `s${c.values[i]}`;
  }
}
