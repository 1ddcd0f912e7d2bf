/**
 * Text level sniffing: delimiter, quote, line ending and decimal separator, from the first
 * characters of a file (the reader passes about 64 KB).
 */

export interface TextDialect {
  delimiter: string;
  quote: string;
  decimal: "." | ",";
  lineEnding: "\n" | "\r\n" | "\r";
}

export interface TextDialectRequest {
  delimiter: string | null;
  quote: string | null;
  decimal: "." | "," | null;
}

export const DELIMITER_CANDIDATES = [",", ";", "\t", "|"] as const;

/** Records looked at when sniffing. */
const SAMPLE_RECORDS = 100;

/**
 * `complete` says the sample is the whole text; otherwise its last record may be cut and is
 * ignored. Requested (non-null) settings are kept as given.
 */
export function sniffTextDialect(sample: string, complete: boolean, request: TextDialectRequest): TextDialect {
  const sniffedQuote = request.quote ?? sniffQuote(sample);
  // A forced delimiter wins over a sniffed quote of the same character.
  const quote = request.quote === null && sniffedQuote === request.delimiter ? (sniffedQuote === '"' ? "'" : '"') : sniffedQuote;
  const delimiter = request.delimiter ?? sniffDelimiter(sample, quote, complete);
  const decimal = request.decimal ?? sniffDecimal(sampleRecords(sample, delimiter, quote, complete), delimiter);
  return { delimiter, quote, decimal, lineEnding: sniffLineEnding(sample) };
}

/** The first line break decides; a text without any is taken as "\n". */
export function sniffLineEnding(sample: string): "\n" | "\r\n" | "\r" {
  const lf = sample.indexOf("\n");
  const cr = sample.indexOf("\r");
  if (cr < 0 || (lf >= 0 && lf < cr)) return "\n";
  return sample.charCodeAt(cr + 1) === 10 ? "\r\n" : "\r";
}

/** " unless single quotes wrap more whole fields than double quotes do (and at least two). */
export function sniffQuote(sample: string): string {
  const single = countQuotedFields(sample, "'");
  return single >= 2 && single > countQuotedFields(sample, '"') ? "'" : '"';
}

/** Fields that start right after a line start or delimiter with `q` and end with `q` before the next one. */
function countQuotedFields(sample: string, q: string): number {
  const pattern = new RegExp(`(?:^|[,;\\t|])${q}[^${q}\\r\\n]*${q}(?=[,;\\t|\\r\\n]|$)`, "gm");
  return sample.match(pattern)?.length ?? 0;
}

/**
 * The candidate whose field count is most often that of the header, among those giving the
 * header more than one field; ties go to more fields, then to the order , ; tab |.
 * No candidate splitting the header means one column, written with ",".
 */
export function sniffDelimiter(sample: string, quote: string, complete: boolean): string {
  let best = ",";
  let bestScore = 0;
  let bestFields = 1;
  for (const d of DELIMITER_CANDIDATES) {
    const records = sampleRecords(sample, d, quote, complete);
    if (records.length === 0) continue;
    const width = records[0].length;
    if (width < 2) continue;
    let agree = 0;
    for (const r of records) if (r.length === width) agree++;
    const score = agree / records.length;
    if (score > bestScore || (score === bestScore && width > bestFields)) {
      best = d;
      bestScore = score;
      bestFields = width;
    }
  }
  return best;
}

const COMMA_DECIMAL = /^[+-]?\d*,\d+$/;
const POINT_DECIMAL = /^[+-]?\d*\.\d+$/;

/** "," when the delimiter is not "," and data fields like 12,5 outnumber fields like 12.5. */
export function sniffDecimal(records: string[][], delimiter: string): "." | "," {
  if (delimiter === ",") return ".";
  let comma = 0;
  let point = 0;
  for (let r = 1; r < records.length; r++)
    for (const field of records[r]) {
      if (COMMA_DECIMAL.test(field)) comma++;
      else if (POINT_DECIMAL.test(field)) point++;
    }
  return comma > point ? "," : ".";
}

/**
 * Splits the first records of `sample` into fields (RFC 4180 quoting, any line break), skipping
 * empty lines. A record cut by the end of an incomplete sample is dropped.
 */
export function sampleRecords(sample: string, delimiter: string, quote: string, complete: boolean): string[][] {
  const records: string[][] = [];
  const n = sample.length;
  const d = delimiter.charCodeAt(0);
  const q = quote.charCodeAt(0);
  let i = 0;
  while (i < n && records.length < SAMPLE_RECORDS) {
    const fields: string[] = [];
    let field = "";
    let inQuotes = false;
    let ended = false;
    for (; i < n; i++) {
      const c = sample.charCodeAt(i);
      if (inQuotes) {
        if (c !== q) field += sample[i];
        else if (sample.charCodeAt(i + 1) === q) {
          field += sample[i];
          i++;
        } else inQuotes = false;
      } else if (c === q && field.length === 0) inQuotes = true;
      else if (c === d) {
        fields.push(field);
        field = "";
      } else if (c === 10 || c === 13) {
        i += c === 13 && sample.charCodeAt(i + 1) === 10 ? 2 : 1;
        ended = true;
        break;
      } else field += sample[i];
    }
    fields.push(field);
    if (!ended && !complete) break;
    if (fields.length === 1 && fields[0].length === 0) continue;
    records.push(fields);
  }
  return records;
}
