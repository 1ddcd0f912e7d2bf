import { SosieOptionError } from "../../errors.ts";

/** Options of `CsvReader` and `readCsv`; every dialect setting defaults to sniffing. */
export interface CsvReadOptions {
  /** File label for error messages (default "<input>"). */
  source?: string;
  /** Field separator, or "auto" (default) to choose among , ; tab | from the first lines. */
  delimiter?: string;
  /** Quote character; sniffed when absent (" unless ' is clearly used). */
  quote?: string;
  /** "latin1" is read as windows-1252, as browsers do. */
  encoding?: "auto" | "utf-8" | "windows-1252" | "latin1";
  decimal?: "auto" | "." | ",";
  /** Longest record accepted, in characters, line breaks included (default 1,000,000). */
  maxLineLength?: number;
  /** Most columns accepted (default 10,000). */
  maxColumns?: number;
}

/** Read options with defaults applied and checked. */
export interface ResolvedReadOptions {
  source: string;
  delimiter: string | null;
  quote: string | null;
  encoding: "auto" | "utf-8" | "windows-1252";
  decimal: "." | "," | null;
  maxLineLength: number;
  maxColumns: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 1_000_000;
export const DEFAULT_MAX_COLUMNS = 10_000;

export function resolveReadOptions(options: CsvReadOptions = {}): ResolvedReadOptions {
  const delimiter = options.delimiter === undefined || options.delimiter === "auto" ? null : options.delimiter;
  const quote = options.quote ?? null;
  if (delimiter !== null) checkSeparatorChar("delimiter", delimiter);
  if (quote !== null) checkSeparatorChar("quote", quote);
  if (delimiter !== null && delimiter === quote) throw new SosieOptionError("delimiter and quote must differ");
  const encoding = options.encoding ?? "auto";
  if (!["auto", "utf-8", "windows-1252", "latin1"].includes(encoding))
    throw new SosieOptionError(`encoding must be auto, utf-8, windows-1252 or latin1, got "${encoding}"`);
  const decimal = options.decimal ?? "auto";
  if (decimal !== "auto" && decimal !== "." && decimal !== ",")
    throw new SosieOptionError(`decimal must be auto, "." or ",", got "${String(decimal)}"`);
  return {
    source: options.source ?? "<input>",
    delimiter,
    quote,
    encoding: encoding === "latin1" ? "windows-1252" : encoding,
    decimal: decimal === "auto" ? null : decimal,
    maxLineLength: positiveInteger("maxLineLength", options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH),
    maxColumns: positiveInteger("maxColumns", options.maxColumns ?? DEFAULT_MAX_COLUMNS),
  };
}

/** Delimiters and quotes are one character that cannot be confused with a line break. */
export function checkSeparatorChar(what: string, char: string): void {
  if (char.length !== 1 || char === "\n" || char === "\r")
    throw new SosieOptionError(`${what} must be one character other than a line break, got ${JSON.stringify(char)}`);
}

function positiveInteger(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new SosieOptionError(`${what} must be a positive integer, got ${value}`);
  return value;
}
