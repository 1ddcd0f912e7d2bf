/**
 * The run's train/holdout split: a seeded fraction of the input, stratified on the target when
 * one is given (categories and booleans by level, numbers by quintile), so that rare classes land
 * on both sides. A holdout given as its own table is used as is.
 */
import { SosieOptionError } from "../errors.ts";
import type { Rng } from "../random/rng.ts";
import { trainHoldoutSplit } from "../random/train-holdout-split.ts";
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

export function splitInput(input: Table, fraction: number, rng: Rng, target?: string): RunSplit {
  if (!(fraction > 0 && fraction < 1))
    throw new SosieOptionError(`the holdout fraction must be in (0, 1), got ${fraction}`);
  const strata = target === undefined ? undefined : strataOf(input.column(target));
  const { train, holdout } = trainHoldoutSplit(input.nRows, { holdoutFraction: fraction, rng, strata });
  if (train.length < 2 || holdout.length < 1)
    throw new SosieOptionError(`a holdout fraction of ${fraction} leaves too few rows on one side of ${input.nRows}`);
  const percent = `${Math.round(fraction * 1000) / 10} % of the input`;
  return {
    train: input.select(train),
    holdout: input.select(holdout),
    description: target === undefined ? percent : `${percent}, stratified on ${target}`,
  };
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
