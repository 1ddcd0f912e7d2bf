/**
 * The run's train/holdout split: a seeded fraction of the input, stratified on the target when
 * one is given (categories and booleans by level, numbers by quintile), so that rare classes land
 * on both sides. A holdout given as its own table is used as is.
 */
import { SosieOptionError } from "../errors.ts";
import type { Rng } from "../random/rng.ts";
import { type Split, trainHoldoutSplit } from "../random/train-holdout-split.ts";
import { type Subjects, subjectsOf } from "../table/subjects.ts";
import type { Column } from "../table/column.ts";
import type { Table } from "../table/table.ts";

export interface RunSplit {
  readonly train: Table;
  readonly holdout: Table;
  /** How it was made, for the report ("30 % of the input, stratified on num"). */
  readonly description: string;
}

/** Numeric targets are stratified on this many equal-count groups. */
const NUMERIC_STRATA = 5;

/**
 * `subject` names the column of each row's person (subjectColumn): when subjects have several rows,
 * subjects are split, not rows, so no patient has rows on both sides (a holdout row of a patient
 * seen in train would make every attack look weaker than it is). A subject's stratum is its first
 * row's.
 */
export function splitInput(
  input: Table,
  fraction: number,
  rng: Rng,
  target?: string,
  subject?: string | null,
): RunSplit {
  if (!(fraction > 0 && fraction < 1))
    throw new SosieOptionError(`the holdout fraction must be in (0, 1), got ${fraction}`);
  const strata = target === undefined ? undefined : strataOf(input.column(target));
  const subjects = subject === undefined || subject === null ? null : subjectsOf(input, subject);
  const grouped = subjects !== null && subjects.count < input.nRows;
  const { train, holdout } = grouped
    ? splitSubjects(subjects, fraction, rng, strata)
    : trainHoldoutSplit(input.nRows, { holdoutFraction: fraction, rng, strata });
  if (train.length < 2 || holdout.length < 1)
    throw new SosieOptionError(`a holdout fraction of ${fraction} leaves too few rows on one side of ${input.nRows}`);
  const percent = grouped
    ? `${Math.round(fraction * 1000) / 10} % of the ${subjects.count.toLocaleString("en")} subjects (${subject}), all rows of each on one side`
    : `${Math.round(fraction * 1000) / 10} % of the input`;
  return {
    train: input.select(train),
    holdout: input.select(holdout),
    description: target === undefined ? percent : `${percent}, stratified on ${target}`,
  };
}

/** Subjects split like rows (trainHoldoutSplit), then expanded to their rows in input order. */
function splitSubjects(subjects: Subjects, fraction: number, rng: Rng, strata: Int32Array | undefined): Split {
  const first = new Int32Array(subjects.count).fill(-1);
  subjects.ofRow.forEach((s, i) => {
    if (first[s] < 0) first[s] = i;
  });
  const bySubject = trainHoldoutSplit(subjects.count, {
    holdoutFraction: fraction,
    rng,
    strata: strata === undefined ? undefined : Int32Array.from(first, (row) => strata[row]),
  });
  const held = new Uint8Array(subjects.count);
  for (const s of bySubject.holdout) held[s] = 1;
  const train: number[] = [];
  const holdout: number[] = [];
  subjects.ofRow.forEach((s, i) => (held[s] ? holdout : train).push(i));
  return { train: Int32Array.from(train), holdout: Int32Array.from(holdout) };
}

/** Stratum codes of a target column; missing values form their own stratum (-1). */
export function strataOf(column: Column): Int32Array {
  const n = column.length;
  const strata = new Int32Array(n);
  switch (column.kind) {
    case "categorical":
      strata.set(column.codes);
      return strata;
    case "boolean":
      for (let i = 0; i < n; i++) strata[i] = column.missing[i] ? -1 : column.values[i];
      return strata;
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      const present = [...column.values].filter((_, i) => !column.missing[i]).sort((a, b) => a - b);
      const cuts = Array.from(
        { length: NUMERIC_STRATA - 1 },
        (_, k) => present[Math.floor(((k + 1) * present.length) / NUMERIC_STRATA)],
      );
      for (let i = 0; i < n; i++) {
        if (column.missing[i]) strata[i] = -1;
        else {
          let s = 0;
          while (s < cuts.length && column.values[i] >= cuts[s]) s++;
          strata[i] = s;
        }
      }
      return strata;
    }
    case "identifier":
    case "text":
      throw new SosieOptionError(
        `the target "${column.name}" is ${column.kind === "identifier" ? "an identifier" : "free text"}: it cannot be learned`,
      );
  }
}
