import type { Column } from "@sosie/core";
import type { ColumnSummary } from "./column-summary.ts";

/**
 * Data-quality findings of `sosie inspect`: warnings by default, errors under --strict.
 * Messages name the column and give counts, never cell contents.
 *
 * Kind inference (core) already reports these for the kinds it chose, from the distinct values
 * of the file (and it also finds suspicious zeros and sentinel codes). The checks here cover the
 * columns inference did not type: kinds set by the user with --review, and Parquet columns.
 */
export type FindingKind = "all-missing" | "constant" | "high-cardinality" | "mixed-types";

export interface Finding {
  column: string;
  /** Undefined for warnings that come from kind inference. */
  kind?: FindingKind;
  message: string;
}

/** A categorical with more levels than this, or with HIGH_CARDINALITY_SHARE of rows distinct, is flagged. */
export const HIGH_CARDINALITY_LEVELS = 1000;
export const HIGH_CARDINALITY_MIN_LEVELS = 100;
export const HIGH_CARDINALITY_SHARE = 0.5;
/** A text column with at least this share of number-like rows (and some text rows) has mixed types. */
export const MIXED_TYPES_NUMBER_SHARE = 0.5;

/** The finding of one decoded column, if any (at most one: the most basic problem). */
export function checkColumn(column: Column, summary: ColumnSummary): Finding | undefined {
  const finding = columnFinding(column, summary);
  return finding === undefined ? undefined : { column: column.name, ...finding };
}

function columnFinding(column: Column, summary: ColumnSummary): Omit<Finding, "column"> | undefined {
  const present = summary.nRows - summary.nMissing;
  if (summary.nRows > 0 && present === 0)
    return { kind: "all-missing", message: `all ${summary.nRows} values are missing` };
  if (summary.nDistinct === 1 && present > 1)
    return { kind: "constant", message: `constant column: all ${present} non-missing values are the same` };
  if (column.kind === "categorical") {
    const distinct = summary.nDistinct;
    if (
      distinct > HIGH_CARDINALITY_LEVELS ||
      (distinct > HIGH_CARDINALITY_MIN_LEVELS && distinct > HIGH_CARDINALITY_SHARE * present)
    )
      return {
        kind: "high-cardinality",
        message:
          `categorical with ${distinct} distinct levels in ${present} rows: ` +
          `probably an identifier or free text, too many levels to model`,
      };
    return mixedTypes(levelRowCounts(column.levels, column.codes, column.missing));
  }
  if (column.kind === "text" || column.kind === "identifier")
    return mixedTypes(textRowCounts(column.values, column.missing));
  return undefined;
}

interface TypeCounts {
  numberRows: number;
  textRows: number;
}

const NUMBER_LIKE = /^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?\s*$/;

function levelRowCounts(levels: readonly string[], codes: Int32Array, missing: Uint8Array): TypeCounts {
  const isNumber = levels.map((level) => NUMBER_LIKE.test(level));
  const counts = { numberRows: 0, textRows: 0 };
  for (let i = 0; i < codes.length; i++) {
    if (missing[i]) continue;
    if (isNumber[codes[i]]) counts.numberRows++;
    else counts.textRows++;
  }
  return counts;
}

function textRowCounts(values: readonly string[], missing: Uint8Array): TypeCounts {
  const counts = { numberRows: 0, textRows: 0 };
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) continue;
    if (NUMBER_LIKE.test(values[i])) counts.numberRows++;
    else counts.textRows++;
  }
  return counts;
}

/** Mostly numbers with some text: often a typo or an undeclared missing code in a numeric column. */
function mixedTypes({ numberRows, textRows }: TypeCounts): Omit<Finding, "column"> | undefined {
  const total = numberRows + textRows;
  if (textRows === 0 || total === 0 || numberRows < MIXED_TYPES_NUMBER_SHARE * total) return undefined;
  return {
    kind: "mixed-types",
    message: `mixed types: ${rows(numberRows)} numbers and ${rows(textRows)} text`,
  };
}

function rows(n: number): string {
  return n === 1 ? "1 row holds" : `${n} rows hold`;
}
