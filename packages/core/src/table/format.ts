/**
 * Cell values as text: how a typed column writes back to CSV (and anywhere else text is needed).
 * Numbers keep their column's fixed decimals or take the shortest exact form; booleans, categories
 * and dates are written with the tokens, levels and formats they were read with.
 */
import type { Column } from "./column.ts";
import { formatTemporal } from "./temporal.ts";

export interface CellFormatOptions {
  /** Decimal separator for numbers (default "."). */
  decimal?: "." | ",";
  /** Text written for a missing value (default ""). */
  missing?: string;
}

/** The text of `column` at `row`. To format many rows of one column, use `cellFormatter`. */
export function formatCell(column: Column, row: number, options: CellFormatOptions = {}): string {
  return cellFormatter(column, options)(row);
}

/** A function writing any row of `column`, with the per-column choices made once. */
export function cellFormatter(column: Column, options: CellFormatOptions = {}): (row: number) => string {
  const missingText = options.missing ?? "";
  const missing = column.missing;
  const decimal = options.decimal ?? ".";
  switch (column.kind) {
    case "continuous":
    case "integer": {
      const { values, decimals } = column;
      return (row) => (missing[row] ? missingText : formatNumber(values[row], decimals, decimal));
    }
    case "date":
    case "datetime": {
      const { values, kind, format } = column;
      return (row) => (missing[row] ? missingText : formatTemporal(values[row], kind, format));
    }
    case "categorical": {
      const { codes, levels } = column;
      return (row) => (missing[row] ? missingText : levels[codes[row]]);
    }
    case "boolean": {
      const { values, tokens } = column;
      return (row) => (missing[row] ? missingText : tokens[values[row]]);
    }
    case "identifier":
    case "text": {
      const { values } = column;
      return (row) => (missing[row] ? missingText : values[row]);
    }
  }
}

const NEGATIVE_ZERO = /^-[0.]*$/;

/**
 * `x` with `decimals` fixed decimals when given, else its shortest exact form (String(x), which
 * uses an exponent beyond 1e21 and below 1e-6); never "-0", whatever the rounding.
 */
export function formatNumber(x: number, decimals: number | undefined, decimal: "." | "," = "."): string {
  let text = decimals === undefined ? String(x) : x.toFixed(decimals);
  if (text.charCodeAt(0) === 45 && NEGATIVE_ZERO.test(text)) text = text.slice(1);
  return decimal === "," ? text.replace(".", ",") : text;
}
