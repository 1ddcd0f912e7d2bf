import type { RawTable } from "../raw.ts";
import { CharBuffer } from "./char-buffer.ts";
import { checkSeparatorChar } from "./options.ts";
import { quoteField } from "./quote.ts";

export interface RawCsvWriteOptions {
  delimiter?: string;
  quote?: string;
  lineEnding?: "\n" | "\r\n" | "\r";
}

/**
 * Writes a raw table back as CSV text, field texts exactly as read, in the table's own dialect
 * unless told otherwise (no BOM). Reading the result gives the same names, dictionaries and codes.
 */
export function rawToCsv(raw: RawTable, options: RawCsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? raw.dialect.delimiter;
  const quote = options.quote ?? raw.dialect.quote;
  const lineEnding = options.lineEnding ?? raw.dialect.lineEnding;
  checkSeparatorChar("delimiter", delimiter);
  checkSeparatorChar("quote", quote);
  const field = (text: string): string => quoteField(text, delimiter, quote);
  // Each distinct text is quoted once, then rows are joined from the quoted dictionaries.
  const written = raw.columns.map((c) => c.dictionary.map(field));
  const out = new CharBuffer();
  out.append(raw.names.map(field).join(delimiter));
  out.append(lineEnding);
  for (let row = 0; row < raw.nRows; row++) {
    for (let j = 0; j < written.length; j++) {
      if (j > 0) out.append(delimiter);
      out.append(written[j][raw.columns[j].codes[row]]);
    }
    out.append(lineEnding);
  }
  return out.take();
}
