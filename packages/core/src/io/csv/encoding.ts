/**
 * Byte level: sniffing the text encoding and decoding chunks into strings.
 *
 * A file is UTF-8 when its bytes are valid UTF-8. A file with high bytes but no valid multi-byte
 * UTF-8 sequence is taken as windows-1252 (the superset of Latin-1 that browsers use for
 * "latin1"). Mixing both is an error, since one of the two readings must corrupt some text.
 */
import { SosieInputError } from "../../errors.ts";

export type TextEncoding = "utf-8" | "windows-1252";

const SAMPLE_BYTES = 65_536;

/** What a UTF-8 validity scan found. */
export interface Utf8Scan {
  /** Number of valid multi-byte sequences. */
  multiByte: number;
  /** Offset of the first invalid byte, or -1. */
  invalidAt: number;
  /** Offset where a sequence cut by the end of the bytes starts, or -1. */
  truncatedAt: number;
}

/** Validates UTF-8 from `start`; stops at the first invalid byte. */
export function scanUtf8(bytes: Uint8Array, start = 0): Utf8Scan {
  let multiByte = 0;
  const n = bytes.length;
  let i = start;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Sequence length and the allowed range of the second byte (rejects overlongs and surrogates).
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return { multiByte, invalidAt: i, truncatedAt: -1 };
    for (let k = 1; k < len; k++) {
      if (i + k >= n) return { multiByte, invalidAt: -1, truncatedAt: i };
      const c = bytes[i + k];
      const ok = k === 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xbf;
      if (!ok) return { multiByte, invalidAt: i, truncatedAt: -1 };
    }
    multiByte++;
    i += len;
  }
  return { multiByte, invalidAt: -1, truncatedAt: -1 };
}

/** 1-based physical line of byte `offset`: line breaks are LF, CRLF and a bare CR. */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 10) line++;
    else if (b === 13 && bytes[i + 1] !== 10) line++;
  }
  return line;
}

export interface SniffedEncoding {
  encoding: TextEncoding;
  bom: boolean;
  /** Offset of the first byte after the BOM. */
  bodyStart: number;
  /** Whether the encoding may still switch from UTF-8 to windows-1252 (only ASCII seen, nothing forced). */
  switchable: boolean;
}

/**
 * Sniffs the encoding from the first bytes of a file. `complete` says the sample is the whole
 * file (so a cut multi-byte sequence at its end is invalid rather than continued later).
 */
export function sniffEncoding(
  head: Uint8Array,
  complete: boolean,
  requested: "auto" | TextEncoding,
  source: string,
): SniffedEncoding {
  const sample = head.length > SAMPLE_BYTES ? head.subarray(0, SAMPLE_BYTES) : head;
  const sampleComplete = complete && sample.length === head.length;
  if (sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)))
    throw new SosieInputError("invalid-encoding", "UTF-16 text is not supported; save the file as UTF-8", {
      file: source,
      line: 1,
    });
  const bom = sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const bodyStart = bom ? 3 : 0;
  const nul = sample.indexOf(0);
  if (nul >= 0) throw binaryFile(source, lineOfByte(sample, nul));
  if (requested === "windows-1252") return { encoding: requested, bom, bodyStart, switchable: false };

  const scan = scanUtf8(sample, bodyStart);
  const invalidAt = scan.invalidAt >= 0 ? scan.invalidAt : sampleComplete ? scan.truncatedAt : -1;
  if (invalidAt < 0) {
    const switchable = requested === "auto" && !bom && scan.multiByte === 0;
    return { encoding: "utf-8", bom, bodyStart, switchable };
  }
  if (requested === "utf-8" || bom || scan.multiByte > 0) throw invalidEncoding(source, lineOfByte(sample, invalidAt));
  return { encoding: "windows-1252", bom, bodyStart, switchable: false };
}

export function binaryFile(source: string, line: number): SosieInputError {
  return new SosieInputError("binary-file", "a NUL byte was found: this looks like a binary file, not CSV text", {
    file: source,
    line,
  });
}

export function invalidEncoding(source: string, line: number): SosieInputError {
  return new SosieInputError(
    "invalid-encoding",
    "bytes that are not valid UTF-8 in a file that elsewhere uses UTF-8; re-save the file in one encoding",
    { file: source, line },
  );
}

/** A decoded piece of text; `stop` is set when decoding must end after `text`. */
export interface Decoded {
  text: string;
  stop?: "binary-file" | "invalid-encoding";
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Decodes successive byte chunks. Multi-byte sequences cut by a chunk end are carried to the
 * next chunk. A UTF-8 file that has shown only ASCII so far switches to windows-1252 at its first
 * invalid byte (both read ASCII alike); after any valid multi-byte text, invalid bytes stop it.
 */
export class ByteDecoder {
  private encoding: TextEncoding;
  private switchable: boolean;
  private carry: Uint8Array | null = null;
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(encoding: TextEncoding, switchable: boolean) {
    this.encoding = encoding;
    this.switchable = switchable;
  }

  get currentEncoding(): TextEncoding {
    return this.encoding;
  }

  decode(chunk: Uint8Array, final: boolean): Decoded {
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      const before = this.decode(chunk.subarray(0, nul), false);
      return before.stop !== undefined ? before : { text: before.text, stop: "binary-file" };
    }
    if (this.encoding === "windows-1252") return { text: decodeWindows1252(chunk) };

    let bytes = chunk;
    if (this.carry !== null) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = null;
    }
    const end = final ? bytes.length : completeEnd(bytes);
    if (end < bytes.length) this.carry = bytes.slice(end);
    const body = bytes.subarray(0, end);
    let text: string;
    try {
      text = this.utf8.decode(body);
    } catch {
      return this.decodeInvalid(body);
    }
    if (this.switchable && NON_ASCII.test(text)) this.switchable = false;
    return { text };
  }

  private decodeInvalid(body: Uint8Array): Decoded {
    const scan = scanUtf8(body);
    const at = scan.invalidAt >= 0 ? scan.invalidAt : scan.truncatedAt;
    const valid = this.utf8.decode(body.subarray(0, at));
    if (this.switchable && !NON_ASCII.test(valid)) {
      this.encoding = "windows-1252";
      this.switchable = false;
      const rest = this.carry === null ? body.subarray(at) : concat(body.subarray(at), this.carry);
      this.carry = null;
      return { text: valid + decodeWindows1252(rest) };
    }
    return { text: valid, stop: "invalid-encoding" };
  }
}

/** Code points of the bytes 0x80-0x9F in windows-1252 (the five unassigned bytes map to themselves). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const latin1Decoder = new TextDecoder("latin1");
const utf16Decoder = new TextDecoder("utf-16le");

/**
 * windows-1252 done here: Node's TextDecoder("windows-1252") decodes 0x80-0x9F as ISO-8859-1
 * control characters, unlike browsers (0x80 must be "€"). Bytes outside that range map to the
 * same code point in both, so the native decoder is used whenever that range is absent.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length && (bytes[i] < 0x80 || bytes[i] > 0x9f)) i++;
  if (i === bytes.length) return latin1Decoder.decode(bytes);
  const units = new Uint16Array(bytes.length);
  for (let k = 0; k < bytes.length; k++) {
    const b = bytes[k];
    units[k] = b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH[b - 0x80] : b;
  }
  return utf16Decoder.decode(units);
}

/** End of the bytes that hold only whole UTF-8 sequences (a cut sequence is left for later). */
function completeEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = n - 1; k >= 0 && k >= n - 3; k--) {
    const b = bytes[k];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead
    if (b < 0xc0) return n;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return n - k < need ? k : n;
  }
  return n;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
