/**
 * Table to CSV text, in chunks of about 64 KB so that a caller can stream them to a file.
 * Cells are written by table/format.ts and quoted by the rule of quote.ts.
 */
import { SosieOptionError } from "../../errors.ts";
import type { Table } from "../../table/table.ts";
import { cellFormatter } from "../../table/format.ts";
import { CharBuffer } from "./char-buffer.ts";
import { checkSeparatorChar } from "./options.ts";
import { quoteField } from "./quote.ts";

export interface CsvWriteOptions {
  /** Field separator (default ","). */
  delimiter?: string;
  /** Quote character (default '"'). */
  quote?: string;
  /** Decimal separator of numbers (default "."); "," needs a delimiter other than ",". */
  decimal?: "." | ",";
  lineEnding?: "\n" | "\r\n" | "\r";
  /** Text for a missing value: one for all columns, or per column name (others get ""). Default "". */
  missing?: string | Readonly<Record<string, string>>;
  /** Start with a UTF-8 byte order mark (default false). */
  bom?: boolean;
}

/** Characters gathered before a chunk is yielded. */
const CHUNK_CHARS = 65_536;

/** The CSV text of `table`: the header line first, then rows in chunks of about 64 KB. */
export function* csvChunks(table: Table, options: CsvWriteOptions = {}): Generator<string> {
  const delimiter = options.delimiter ?? ",";
  const quote = options.quote ?? '"';
  const decimal = options.decimal ?? ".";
  const lineEnding = options.lineEnding ?? "\n";
  checkSeparatorChar("delimiter", delimiter);
  checkSeparatorChar("quote", quote);
  if (delimiter === quote) throw new SosieOptionError("delimiter and quote must differ");
  if (decimal !== "." && decimal !== ",") throw new SosieOptionError(`decimal must be "." or ",", got "${String(decimal)}"`);
  if (decimal === "," && delimiter === ",") throw new SosieOptionError('a decimal comma needs a delimiter other than ","');
  if (!["\n", "\r\n", "\r"].includes(lineEnding)) throw new SosieOptionError("lineEnding must be \\n, \\r\\n or \\r");
  const missingFor = missingTokens(table, options.missing);

  const field = (text: string): string => quoteField(text, delimiter, quote);
  const cells = table.columns.map((column, j) => {
    const format = cellFormatter(column, { decimal, missing: missingFor[j] });
    // Formatted numbers hold only digits, signs, "." or "," (never the delimiter) and need no quoting check.
    const numeric = column.kind === "continuous" || column.kind === "integer";
    return numeric && !needsQuoting(missingFor[j], delimiter, quote) ? format : (row: number) => field(format(row));
  });

  yield (options.bom ? "\uFEFF" : "") + table.names.map(field).join(delimiter) + lineEnding;
  const buffer = new CharBuffer();
  const nColumns = cells.length;
  for (let row = 0; row < table.nRows; row++) {
    for (let j = 0; j < nColumns; j++) {
      if (j > 0) buffer.append(delimiter);
      buffer.append(cells[j](row));
    }
    buffer.append(lineEnding);
    if (buffer.length >= CHUNK_CHARS) yield buffer.take();
  }
  if (buffer.length > 0) yield buffer.take();
}

/** The whole CSV text of `table` as one string. */
export function writeCsv(table: Table, options: CsvWriteOptions = {}): string {
  return [...csvChunks(table, options)].join("");
}

function missingTokens(table: Table, missing: CsvWriteOptions["missing"]): string[] {
  if (missing === undefined || typeof missing === "string") return table.names.map(() => missing ?? "");
  for (const name of Object.keys(missing))
    if (!table.has(name)) throw new SosieOptionError(`missing: the table has no column "${name}"`);
  return table.names.map((name) => (Object.hasOwn(missing, name) ? missing[name] : ""));
}

function needsQuoting(text: string, delimiter: string, quote: string): boolean {
  return quoteField(text, delimiter, quote) !== text;
}
