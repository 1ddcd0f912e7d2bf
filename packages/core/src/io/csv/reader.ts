/**
 * Streaming CSV reader: bytes (or a string) in, a dictionary-encoded RawTable out.
 *
 * The first 64 KB are buffered to sniff the dialect (encoding, BOM, delimiter, quote, line
 * ending, decimal separator); everything after is decoded and parsed as it arrives, so memory
 * holds the column dictionaries and codes, not the file.
 */
import type { CsvDialect, RawTable } from "../raw.ts";
import { binaryFile, ByteDecoder, decodeWindows1252, invalidEncoding, sniffEncoding, type TextEncoding } from "./encoding.ts";
import { type CsvReadOptions, type ResolvedReadOptions, resolveReadOptions } from "./options.ts";
import { CsvParser } from "./parser.ts";
import { sniffTextDialect } from "./sniff.ts";

/** Bytes buffered before sniffing, and the sample sniffed. */
const SNIFF_BYTES = 65_536;
/** Largest piece decoded at once, so that a huge chunk never becomes one huge string. */
const DECODE_SLICE = 1 << 20;

export class CsvReader {
  private readonly options: ResolvedReadOptions;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private decoder: ByteDecoder | null = null;
  private parser: CsvParser | null = null;
  private dialect: CsvDialect | null = null;
  private ended = false;

  constructor(options?: CsvReadOptions) {
    this.options = resolveReadOptions(options);
  }

  /** Feeds the next bytes of the file; chunks may split anywhere. The chunk may be reused after the call. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error("CsvReader.push after end()");
    if (this.parser === null) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes >= SNIFF_BYTES) this.start(false);
      else this.head[this.head.length - 1] = chunk.slice(); // kept past this call: copy
      return;
    }
    this.feed(chunk, false);
  }

  /** Signals the end of the file and returns the table. */
  end(): RawTable {
    if (this.ended) throw new Error("CsvReader.end called twice");
    if (this.parser === null) this.start(true);
    this.feed(new Uint8Array(0), true);
    this.ended = true;
    const parsed = this.parser!.finish();
    const dialect = { ...this.dialect!, encoding: this.decoder!.currentEncoding };
    return { source: this.options.source, ...parsed, dialect };
  }

  /** Sniffs the buffered head, then parses it. */
  private start(complete: boolean): void {
    const head = concatChunks(this.head, this.headBytes);
    this.head = [];
    const o = this.options;
    const sniffed = sniffEncoding(head, complete, o.encoding, o.source);
    const sampleBytes = head.subarray(sniffed.bodyStart, Math.min(head.length, SNIFF_BYTES));
    const sample =
      sniffed.encoding === "utf-8"
        ? new TextDecoder("utf-8", { ignoreBOM: true }).decode(sampleBytes)
        : decodeWindows1252(sampleBytes);
    const text = sniffTextDialect(sample, complete && sampleBytes.length + sniffed.bodyStart === head.length, o);
    this.dialect = { ...text, encoding: sniffed.encoding, bom: sniffed.bom };
    this.decoder = new ByteDecoder(sniffed.encoding, sniffed.switchable);
    this.parser = new CsvParser({ ...o, delimiter: text.delimiter, quote: text.quote });
    this.feed(head.subarray(sniffed.bodyStart), false);
  }

  private feed(bytes: Uint8Array, final: boolean): void {
    const decoder = this.decoder!;
    const parser = this.parser!;
    let at = 0;
    do {
      const end = Math.min(bytes.length, at + DECODE_SLICE);
      const decoded = decoder.decode(bytes.subarray(at, end), final && end === bytes.length);
      parser.push(decoded.text);
      if (decoded.stop === "binary-file") throw binaryFile(this.options.source, parser.currentLine());
      if (decoded.stop === "invalid-encoding") throw invalidEncoding(this.options.source, parser.currentLine());
      at = end;
    } while (at < bytes.length);
  }
}

/** Reads a whole CSV held in memory (bytes, or text already decoded). */
export function readCsv(input: Uint8Array | string, options?: CsvReadOptions): RawTable {
  if (typeof input !== "string") {
    const reader = new CsvReader(options);
    reader.push(input);
    return reader.end();
  }
  const o = resolveReadOptions(options);
  const bom = input.charCodeAt(0) === 0xfeff;
  const text = bom ? input.slice(1) : input;
  const nul = text.indexOf("\0");
  if (nul >= 0) throw binaryFile(o.source, lineOfChar(text, nul));
  const sample = text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text;
  const dialectText = sniffTextDialect(sample, sample.length === text.length, o);
  const parser = new CsvParser({ ...o, delimiter: dialectText.delimiter, quote: dialectText.quote });
  parser.push(text);
  const encoding: TextEncoding = "utf-8";
  return { source: o.source, ...parser.finish(), dialect: { ...dialectText, encoding, bom } };
}

function lineOfChar(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

function concatChunks(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
