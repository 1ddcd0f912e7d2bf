/**
 * Text to records to dictionary-encoded columns.
 *
 * Text arrives in pieces that may end anywhere (inside a field, a quoted newline or a CRLF
 * pair). Each piece is scanned record by record with charCodeAt; a record that the piece cuts is
 * kept as leftover text and scanned again, whole, when the next piece arrives. Records are short,
 * so the rescan costs little, and `maxLineLength` bounds it.
 *
 * Rules: RFC 4180 quoting (a field that starts with the quote character runs to the matching
 * quote, a doubled quote inside stands for one quote, delimiters and line breaks inside are
 * text); text after a closing quote is appended as is; a quote inside an unquoted field is text.
 * Line breaks are LF, CRLF or a bare CR, whatever the dialect says. Lines that are empty or hold
 * only spaces and tabs are skipped when the table has more than one column (or before the header),
 * but still counted in line numbers. Whitespace inside fields is kept.
 */
import { SosieInputError } from "../../errors.ts";
import type { RawColumn } from "../raw.ts";
import { HASH_SEED, hashRange, hashStep, RawColumnBuilder } from "./raw-column-builder.ts";

export interface ParserConfig {
  delimiter: string;
  quote: string;
  source: string;
  maxLineLength: number;
  maxColumns: number;
}

/** What the parser produces; the reader adds the dialect. */
export interface ParsedColumns {
  names: string[];
  columns: RawColumn[];
  nRows: number;
  rowLines: Int32Array | null;
}

const LF = 10;
const CR = 13;
const NEED_MORE = -1;

export class CsvParser {
  private readonly delimiter: number;
  private readonly quoteChar: string;
  private readonly quote: number;
  private readonly config: ParserConfig;

  private leftover = "";
  /** Physical line where `leftover` starts (1-based). */
  private leftoverLine = 1;
  /** Line reached by the scanner inside the current record. */
  private line = 1;

  /** Fields of the record being scanned, as ranges: field k is fieldText[k] from fieldStart[k] to fieldEnd[k]. */
  private readonly fieldText: string[] = [];
  private readonly fieldStart: number[] = [];
  private readonly fieldEnd: number[] = [];
  /** Running text hash of each field (see raw-column-builder.ts), before the final mix. */
  private readonly fieldHash: number[] = [];
  private nFields = 0;
  private firstFieldQuoted = false;

  private names: string[] | null = null;
  private headerLine = 1;
  private builders: RawColumnBuilder[] = [];
  private nRows = 0;
  private rowLines = new Int32Array(1024);
  private linesRegular = true;

  constructor(config: ParserConfig) {
    this.config = config;
    this.delimiter = config.delimiter.charCodeAt(0);
    this.quoteChar = config.quote;
    this.quote = config.quote.charCodeAt(0);
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.scan(this.leftover.length === 0 ? text : this.leftover + text, false);
  }

  /** The physical line reached by the text pushed so far (for errors found outside the parser). */
  currentLine(): number {
    let line = this.leftoverLine;
    const s = this.leftover;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) line++;
    }
    return line;
  }

  finish(): ParsedColumns {
    this.scan(this.leftover, true);
    const { source } = this.config;
    if (this.names === null) throw new SosieInputError("empty-file", "the file holds no header and no data", { file: source });
    if (this.nRows === 0)
      throw new SosieInputError("header-only", "the file has a header but no data row", { file: source, line: this.headerLine });
    const names = this.names;
    return {
      names,
      columns: names.map((name, j) => this.builders[j].build(name, this.nRows)),
      nRows: this.nRows,
      rowLines: this.linesRegular ? null : this.rowLines.slice(0, this.nRows),
    };
  }

  private scan(s: string, final: boolean): void {
    const n = s.length;
    let i = 0;
    this.line = this.leftoverLine;
    while (i < n) {
      const recordLine = this.line;
      const end = this.parseRecord(s, i, final);
      if (end === NEED_MORE) {
        if (n - i > this.config.maxLineLength) throw this.lineTooLong(recordLine);
        this.line = recordLine;
        break;
      }
      if (end - i > this.config.maxLineLength) throw this.lineTooLong(recordLine);
      this.commitRecord(recordLine);
      i = end;
    }
    this.leftover = i < n ? s.slice(i) : "";
    this.leftoverLine = this.line;
  }

  /**
   * Scans one record from `start` into `fields`; returns the index after its line break, or
   * NEED_MORE when the text ends before the record does and more text may come.
   */
  private parseRecord(s: string, start: number, final: boolean): number {
    const n = s.length;
    const d = this.delimiter;
    const q = this.quote;
    const fieldText = this.fieldText;
    const fieldStart = this.fieldStart;
    const fieldEnd = this.fieldEnd;
    const fieldHash = this.fieldHash;
    let nf = 0;
    let i = start;
    this.firstFieldQuoted = false;
    while (true) {
      if (i < n && s.charCodeAt(i) === q) {
        if (nf === 0) this.firstFieldQuoted = true;
        const openLine = this.line;
        let acc = "";
        let seg = i + 1;
        let k: number;
        while (true) {
          k = s.indexOf(this.quoteChar, seg);
          if (k < 0) {
            if (final) throw this.unterminatedQuote(openLine, nf);
            return NEED_MORE;
          }
          if (k + 1 === n && !final) return NEED_MORE; // could be the first of a doubled quote
          if (s.charCodeAt(k + 1) !== q) break;
          acc += s.slice(seg, k + 1);
          seg = k + 2;
        }
        this.line += countLineBreaks(s, i + 1, k);
        const after = k + 1;
        const j = after < n && !isFieldEnd(s.charCodeAt(after), d) ? scanUnquoted(s, after, d) : after;
        if (j === n && !final && j > after) return NEED_MORE;
        if (acc.length === 0 && j === after) {
          fieldText[nf] = s;
          fieldStart[nf] = seg;
          fieldEnd[nf] = k;
        } else {
          // Doubled quotes or text after the closing quote: the field is no longer one range.
          const text = acc + s.slice(seg, k) + s.slice(after, j);
          fieldText[nf] = text;
          fieldStart[nf] = 0;
          fieldEnd[nf] = text.length;
        }
        fieldHash[nf] = hashRange(fieldText[nf], fieldStart[nf], fieldEnd[nf]);
        i = j;
      } else {
        // The unquoted scan also hashes the field for the column dictionary (one pass over the text).
        let j = i;
        let h = HASH_SEED;
        while (j < n) {
          const c = s.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          h = hashStep(h, c);
          j++;
        }
        if (j === n && !final) return NEED_MORE;
        fieldText[nf] = s;
        fieldStart[nf] = i;
        fieldEnd[nf] = j;
        fieldHash[nf] = h;
        i = j;
      }
      nf++;
      if (i === n) break; // final: the text ends without a line break
      const c = s.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === LF) i++;
      else if (i + 1 < n) i += s.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (!final) return NEED_MORE; // a CR at the end may be the first half of CRLF
      else i++;
      this.line++;
      break;
    }
    this.nFields = nf;
    return i;
  }

  private commitRecord(recordLine: number): void {
    const nf = this.nFields;
    const { fieldText, fieldStart, fieldEnd } = this;
    if (
      nf === 1 &&
      !this.firstFieldQuoted &&
      (this.names === null || this.names.length > 1) &&
      isBlank(fieldText[0], fieldStart[0], fieldEnd[0])
    )
      return;
    if (this.names === null) {
      this.readHeader(recordLine);
      return;
    }
    const builders = this.builders;
    if (nf !== builders.length)
      throw new SosieInputError("ragged-row", `expected ${builders.length} fields as in the header, found ${nf}`, {
        file: this.config.source,
        line: recordLine,
      });
    const row = this.nRows;
    const fieldHash = this.fieldHash;
    for (let j = 0; j < nf; j++) builders[j].addHashed(fieldText[j], fieldStart[j], fieldEnd[j], fieldHash[j], row);
    if (row === this.rowLines.length) {
      const grown = new Int32Array(row * 2);
      grown.set(this.rowLines);
      this.rowLines = grown;
    }
    this.rowLines[row] = recordLine;
    if (recordLine !== row + 2) this.linesRegular = false;
    this.nRows = row + 1;
  }

  private readHeader(line: number): void {
    const { source, maxColumns } = this.config;
    const nf = this.nFields;
    if (nf > maxColumns)
      throw new SosieInputError("too-many-columns", `the header has ${nf} columns, more than the limit of ${maxColumns}`, {
        file: source,
        line,
      });
    const names: string[] = [];
    for (let j = 0; j < nf; j++) names.push(this.fieldText[j].slice(this.fieldStart[j], this.fieldEnd[j]));
    const seen = new Map<string, number>();
    names.forEach((name, j) => {
      if (name.length === 0)
        throw new SosieInputError("empty-header", `the header of column ${j + 1} is empty`, { file: source, line, column: j + 1 });
      const first = seen.get(name);
      if (first !== undefined)
        throw new SosieInputError("duplicate-header", `columns ${first + 1} and ${j + 1} have the same header`, {
          file: source,
          line,
          column: name,
        });
      seen.set(name, j);
    });
    this.names = names;
    this.headerLine = line;
    this.builders = names.map(() => new RawColumnBuilder());
  }

  private unterminatedQuote(line: number, fieldIndex: number): SosieInputError {
    const column = this.names !== null && fieldIndex < this.names.length ? this.names[fieldIndex] : fieldIndex + 1;
    return new SosieInputError("unterminated-quote", "a quoted field opened here is never closed", {
      file: this.config.source,
      line,
      column,
    });
  }

  private lineTooLong(line: number): SosieInputError {
    return new SosieInputError(
      "line-too-long",
      `the record starting here is longer than ${this.config.maxLineLength} characters (an unclosed quote can cause this)`,
      { file: this.config.source, line },
    );
  }
}

/** Index of the first delimiter, LF or CR at or after `i` (or the text length). */
function scanUnquoted(s: string, i: number, d: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === d || c === LF || c === CR) return i;
    i++;
  }
  return n;
}

function countLineBreaks(s: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

function isFieldEnd(c: number, delimiter: number): boolean {
  return c === delimiter || c === LF || c === CR;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
