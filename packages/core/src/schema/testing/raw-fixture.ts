/**
 * Hand-built raw tables for tests: dictionary-encodes string arrays as the CSV reader does
 * (distinct texts in first-appearance order, one code per row, counts per entry).
 */
import type { CsvDialect, RawColumn, RawTable } from "../../io/raw.ts";

export const TEST_DIALECT: CsvDialect = { delimiter: ",", quote: '"', decimal: ".", encoding: "utf-8", bom: false, lineEnding: "\n" };

export function rawColumn(name: string, cells: readonly string[]): RawColumn {
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const codes = new Int32Array(cells.length);
  const countList: number[] = [];
  cells.forEach((text, row) => {
    let code = index.get(text);
    if (code === undefined) {
      code = dictionary.length;
      index.set(text, code);
      dictionary.push(text);
      countList.push(0);
    }
    codes[row] = code;
    countList[code]++;
  });
  return { name, dictionary, codes, counts: Int32Array.from(countList) };
}

/** A raw table from named columns of equal length. */
export function rawTable(
  columns: Record<string, readonly string[]>,
  options: { source?: string; decimal?: "." | ","; rowLines?: Int32Array } = {},
): RawTable {
  const names = Object.keys(columns);
  const nRows = names.length === 0 ? 0 : columns[names[0]].length;
  for (const n of names) if (columns[n].length !== nRows) throw new RangeError(`column ${n} has ${columns[n].length} rows, expected ${nRows}`);
  return {
    source: options.source ?? "test.csv",
    names,
    columns: names.map((n) => rawColumn(n, columns[n])),
    nRows,
    dialect: { ...TEST_DIALECT, decimal: options.decimal ?? "." },
    rowLines: options.rowLines ?? null,
  };
}

/** `n` cells cycling through `values`. */
export function cycle(values: readonly string[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => values[i % values.length]);
}
