/**
 * The raw table: what a text reader (CSV) hands to kind inference and decoding (schema/).
 *
 * Every column is dictionary-encoded while parsing: the distinct field texts once, and one code
 * per row. Memory stays low on long files with repeated values, and inference works on distinct
 * values weighted by their counts instead of on every cell.
 */

/** How a CSV file was written, as sniffed (or forced by options). */
export interface CsvDialect {
  delimiter: string;
  quote: string;
  /** Decimal separator of numbers in the file; converting numbers with it is the decoder's job. */
  decimal: "." | ",";
  encoding: "utf-8" | "windows-1252";
  /** The file started with a UTF-8 byte order mark. */
  bom: boolean;
  lineEnding: "\n" | "\r\n" | "\r";
}

export interface RawColumn {
  name: string;
  /** Distinct field texts (after unquoting, not trimmed), in order of first appearance. */
  dictionary: string[];
  /** Per row: index into `dictionary`. */
  codes: Int32Array;
  /** Per dictionary entry: number of rows with that text. */
  counts: Int32Array;
}

export interface RawTable {
  /** File label used in error messages ("<input>" when none). */
  source: string;
  names: string[];
  columns: RawColumn[];
  nRows: number;
  dialect: CsvDialect;
  /**
   * 1-based physical line where data row i starts; null when row i is always on line i + 2
   * (no multi-line fields, no skipped blank lines).
   */
  rowLines: Int32Array | null;
}

/** The label used for input that does not come from a named file. */
export const DEFAULT_SOURCE = "<input>";

/** 1-based physical line of data row `row` (for error messages). */
export function rawRowLine(raw: RawTable, row: number): number {
  return raw.rowLines === null ? row + 2 : raw.rowLines[row];
}

/** The text of one cell, as read. */
export function rawCell(column: RawColumn, row: number): string {
  return column.dictionary[column.codes[row]];
}
