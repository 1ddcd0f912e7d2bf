/**
 * Writing a table file by extension: Parquet, or CSV in the dialect of the source (delimiter,
 * quote, decimal separator, line endings, byte order mark) with each column's missing values
 * written as the source wrote them. Text is always written as UTF-8, into an atomic file.
 */
import { extname } from "node:path";
import { type CsvDialect, type CsvWriteOptions, type Table, csvChunks, writeParquet } from "@sosie/core";
import { type AtomicFile, tableFormatOf } from "../files.ts";

export interface TableStyle {
  /** The source's CSV dialect; null (a Parquet source) writes plain comma-separated UTF-8. */
  readonly dialect: CsvDialect | null;
  /** Per column: the source's missing-value text. */
  readonly missingTokens: Readonly<Record<string, string>>;
}

/** Writes `table` into `file` (.parquet, or .csv/.tsv/.txt in the source's dialect); the caller commits it. */
export async function writeTableTo(file: AtomicFile, table: Table, style: TableStyle): Promise<void> {
  // A synthetic table's unused levels are the real domain's rare ones: not in the file.
  if (tableFormatOf(file.target) === "parquet") return file.write(writeParquet(table, { unusedLevels: "drop" }));
  for (const chunk of csvChunks(table, csvStyle(file.target, table, style))) await file.write(chunk);
}

/** CSV options that reproduce the source's dialect; .tsv always gets tabs. */
export function csvStyle(target: string, table: Table, style: TableStyle): CsvWriteOptions {
  const d = style.dialect;
  const delimiter = extname(target).toLowerCase() === ".tsv" ? "\t" : (d?.delimiter ?? ",");
  const decimal = d?.decimal === "," && delimiter !== "," ? "," : ".";
  return {
    delimiter,
    quote: d?.quote ?? '"',
    decimal,
    lineEnding: d?.lineEnding ?? "\n",
    bom: d?.bom ?? false,
    missing: missingTexts(table, style.missingTokens),
  };
}

/**
 * The missing text of each output column: the source's own for that column, else the one most
 * columns of the source used (a column without ∅ in R may still get ∅ from a generator), else "".
 */
function missingTexts(table: Table, tokens: Readonly<Record<string, string>>): Record<string, string> {
  const votes = new Map<string, number>();
  for (const token of Object.values(tokens)) votes.set(token, (votes.get(token) ?? 0) + 1);
  let fallback = "";
  let most = 0;
  for (const [token, n] of votes) if (n > most) [fallback, most] = [token, n];
  const out: Record<string, string> = {};
  for (const name of table.names) out[name] = Object.hasOwn(tokens, name) ? tokens[name] : fallback;
  return out;
}
