import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type InputErrorCode, SosieInputError } from "../../errors.ts";
import type { RawTable } from "../raw.ts";
import { CsvReader, readCsv } from "./reader.ts";
import type { CsvReadOptions } from "./options.ts";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Bytes from a mix of text (UTF-8) and explicit byte values. */
function bytes(...parts: (string | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (typeof p === "string" ? utf8(p) : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Rows as arrays of field texts. */
function rows(raw: RawTable): string[][] {
  const out: string[][] = [];
  for (let r = 0; r < raw.nRows; r++) out.push(raw.columns.map((c) => c.dictionary[c.codes[r]]));
  return out;
}

function readInChunks(input: Uint8Array, size: number, options?: CsvReadOptions): RawTable {
  const reader = new CsvReader(options);
  for (let at = 0; at < input.length; at += size) reader.push(input.subarray(at, at + size));
  return reader.end();
}

function expectError(
  run: () => unknown,
  code: InputErrorCode,
  location: { line?: number; column?: string | number },
): SosieInputError {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof SosieInputError, `expected a SosieInputError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.equal(caught.location.file, "t.csv");
  assert.equal(caught.location.line, location.line);
  assert.equal(caught.location.column, location.column);
  return caught;
}

const src = { source: "t.csv" };

describe("readCsv: dialects", () => {
  it("dictionary-encodes a comma file: distinct texts in order of appearance, codes and counts", () => {
    const raw = readCsv("id,sex\n1,F\n2,M\n3,F\n4,F\n");
    assert.deepEqual(raw.names, ["id", "sex"]);
    assert.equal(raw.nRows, 4);
    assert.equal(raw.source, "<input>");
    const sex = raw.columns[1];
    assert.equal(sex.name, "sex");
    assert.deepEqual(sex.dictionary, ["F", "M"]);
    assert.deepEqual([...sex.codes], [0, 1, 0, 0]);
    assert.deepEqual([...sex.counts], [3, 1]);
    assert.deepEqual(raw.columns[0].dictionary, ["1", "2", "3", "4"]);
    assert.deepEqual([...raw.columns[0].counts], [1, 1, 1, 1]);
    assert.equal(raw.rowLines, null);
    assert.deepEqual(raw.dialect, { delimiter: ",", quote: '"', decimal: ".", encoding: "utf-8", bom: false, lineEnding: "\n" });
  });

  for (const [label, d] of [
    ["semicolon", ";"],
    ["tab", "\t"],
    ["pipe", "|"],
  ] as const) {
    it(`sniffs the ${label} delimiter`, () => {
      const raw = readCsv(["a", "b", "c"].join(d) + "\n" + ["1", "x,y", "3"].join(d) + "\n" + ["4", "z", "6"].join(d) + "\n");
      assert.equal(raw.dialect.delimiter, d);
      assert.deepEqual(rows(raw), [
        ["1", "x,y", "3"],
        ["4", "z", "6"],
      ]);
    });
  }

  it("unquotes RFC 4180 fields: embedded delimiters, doubled quotes, line breaks", () => {
    const raw = readCsv('a,b\n"x,y","he said ""hi"""\n"two\nlines",z\n"",""""\n');
    assert.deepEqual(rows(raw), [
      ["x,y", 'he said "hi"'],
      ["two\nlines", "z"],
      ["", '"'],
    ]);
    // Row 2 starts on line 3 and ends on line 4, so row 3 starts on line 5.
    assert.deepEqual([...raw.rowLines!], [2, 3, 5]);
  });

  it("keeps text after a closing quote and quotes inside unquoted fields as text", () => {
    assert.deepEqual(rows(readCsv('a,b\n"ab"c,x"y\n')), [["abc", 'x"y']]);
  });

  it("keeps whitespace in fields and headers", () => {
    const raw = readCsv(" a ,b\n x , y \n");
    assert.deepEqual(raw.names, [" a ", "b"]);
    assert.deepEqual(rows(raw), [[" x ", " y "]]);
  });

  it("reads CRLF and bare CR line endings, in and out of quotes", () => {
    const crlf = readCsv('a,b\r\n1,"p\r\nq"\r\n3,4\r\n');
    assert.equal(crlf.dialect.lineEnding, "\r\n");
    assert.deepEqual(rows(crlf), [
      ["1", "p\r\nq"],
      ["3", "4"],
    ]);
    assert.deepEqual([...crlf.rowLines!], [2, 4]);
    const cr = readCsv("a,b\r1,2\r3,4");
    assert.equal(cr.dialect.lineEnding, "\r");
    assert.deepEqual(rows(cr), [
      ["1", "2"],
      ["3", "4"],
    ]);
    assert.equal(cr.rowLines, null);
  });

  it("reads a last line without a line break, and an empty last field", () => {
    assert.deepEqual(rows(readCsv("a,b\n1,")), [["1", ""]]);
    assert.deepEqual(rows(readCsv("a,b\n1,2")), [["1", "2"]]);
  });

  it("strips a UTF-8 BOM and reports it", () => {
    const raw = readCsv(bytes([0xef, 0xbb, 0xbf], "a,b\n1,2\n"));
    assert.deepEqual(raw.names, ["a", "b"]);
    assert.equal(raw.dialect.bom, true);
    const fromText = readCsv("\uFEFFa,b\n1,2\n");
    assert.deepEqual(fromText.names, ["a", "b"]);
    assert.equal(fromText.dialect.bom, true);
  });

  it("reads UTF-8 multi-byte text", () => {
    const raw = readCsv(utf8("nom,ville\nRené,Besançon\n"));
    assert.equal(raw.dialect.encoding, "utf-8");
    assert.deepEqual(rows(raw), [["René", "Besançon"]]);
  });

  it("reads Latin-1 bytes as windows-1252 when no valid multi-byte sequence appears", () => {
    const raw = readCsv(bytes("nom,ville\nRen", [0xe9], ",Besan", [0xe7], "on\n", [0x80], ",x\n"));
    assert.equal(raw.dialect.encoding, "windows-1252");
    assert.deepEqual(rows(raw), [
      ["René", "Besançon"],
      ["€", "x"],
    ]);
    const forced = readCsv(bytes("a,b\n", [0xe9], ",1\n"), { encoding: "latin1" });
    assert.equal(forced.dialect.encoding, "windows-1252");
    assert.deepEqual(rows(forced), [["é", "1"]]);
  });

  it("sniffs a decimal comma in a semicolon file (French export)", () => {
    const raw = readCsv("age;poids;taille\n63;72,5;1,80\n54;80,25;1,75\n");
    assert.equal(raw.dialect.delimiter, ";");
    assert.equal(raw.dialect.decimal, ",");
    assert.deepEqual(rows(raw)[0], ["63", "72,5", "1,80"]);
    assert.equal(readCsv("a;b\n1.5;2.5\n").dialect.decimal, ".");
    assert.equal(readCsv("a,b\n1.5,2.5\n").dialect.decimal, ".");
  });

  it("sniffs the single quote when it clearly wraps fields", () => {
    const raw = readCsv("a,b\n'x,y',1\n'z',2\n");
    assert.equal(raw.dialect.quote, "'");
    assert.deepEqual(rows(raw), [
      ["x,y", "1"],
      ["z", "2"],
    ]);
    assert.equal(readCsv("a,b\nl'eau,d'accord\n").dialect.quote, '"');
  });

  it("honours forced delimiter, quote and decimal", () => {
    const raw = readCsv("a;b|c\n1;2|3\n", { delimiter: "|", quote: "'", decimal: "," });
    assert.deepEqual(raw.names, ["a;b", "c"]);
    assert.equal(raw.dialect.quote, "'");
    assert.equal(raw.dialect.decimal, ",");
  });

  it("skips blank lines when there are several columns but counts them in line numbers", () => {
    const raw = readCsv("\na,b\n\n1,2\n  \n3,4\n\n");
    assert.deepEqual(rows(raw), [
      ["1", "2"],
      ["3", "4"],
    ]);
    assert.deepEqual([...raw.rowLines!], [4, 6]);
  });

  it("keeps empty lines as empty values in a one-column file", () => {
    const raw = readCsv("a\n1\n\n2\n");
    assert.deepEqual(raw.columns[0].dictionary, ["1", "", "2"]);
    assert.deepEqual([...raw.columns[0].codes], [0, 1, 2]);
    assert.equal(raw.dialect.delimiter, ",");
  });

  it("gives the same table from bytes and from the decoded string", () => {
    const text = 'x;y\n"a;b";1,5\nc;2,5\n';
    assert.deepEqual(readCsv(utf8(text), src), readCsv(text, src));
  });
});

describe("CsvReader: chunk boundaries", () => {
  // Longer than the 64 KB sniffing window, so that the streaming path (not only the sniffed head)
  // sees every boundary: inside UTF-8 sequences, CRLF pairs, doubled quotes and quoted newlines.
  const body = 'id;name;note\r\n1;"Zoë ""Z""";"a;b\r\nc"\r\n2;Ñandú €;12,5\r\n\r\n3;"";x\r\n';
  const text = "\uFEFF" + body.slice(0, 14) + body.slice(14).repeat(1500);
  const input = utf8(text);

  it("feeds every chunk size from 1 to 7 and gets the table read in one piece", () => {
    assert.ok(input.length > 70_000);
    const whole = readCsv(input);
    assert.equal(whole.nRows, 4500);
    assert.deepEqual(rows(whole).slice(0, 3), [
      ["1", 'Zoë "Z"', "a;b\r\nc"],
      ["2", "Ñandú €", "12,5"],
      ["3", "", "x"],
    ]);
    assert.deepEqual(whole.dialect, { delimiter: ";", quote: '"', decimal: ",", encoding: "utf-8", bom: true, lineEnding: "\r\n" });
    assert.deepEqual([...whole.rowLines!.slice(0, 4)], [2, 4, 6, 7]);
    for (let size = 1; size <= 7; size++) assert.deepEqual(readInChunks(input, size), whole, `chunk size ${size}`);
  });

  it("splits windows-1252 input anywhere", () => {
    const latin = new Uint8Array(text.length - 1);
    const plain = text.slice(1).replace(/[ëÑú€]/g, "e");
    for (let i = 0; i < plain.length; i++) latin[i] = plain.charCodeAt(i) === 0x65 && i % 2 === 0 ? 0xe9 : plain.charCodeAt(i);
    const whole = readCsv(latin);
    assert.equal(whole.dialect.encoding, "windows-1252");
    for (const size of [1, 3, 7]) assert.deepEqual(readInChunks(latin, size), whole, `chunk size ${size}`);
  });

  it("switches to windows-1252 at the first high byte after an ASCII-only head", () => {
    const input = bytes("a,b\n" + "1,2\n".repeat(20_000), "3,", [0xe9], "\n");
    for (const size of [1, 5, 65_536]) {
      const raw = readInChunks(input, size);
      assert.equal(raw.dialect.encoding, "windows-1252");
      assert.equal(rows(raw)[20_000][1], "é");
    }
  });
});

describe("readCsv: errors", () => {
  it("empty-file", () => {
    expectError(() => readCsv("", src), "empty-file", {});
    expectError(() => readCsv(new Uint8Array(0), src), "empty-file", {});
    expectError(() => readCsv("\n\r\n  \n", src), "empty-file", {});
    expectError(() => readCsv(bytes([0xef, 0xbb, 0xbf]), src), "empty-file", {});
  });

  it("header-only", () => {
    expectError(() => readCsv("a,b\n", src), "header-only", { line: 1 });
    expectError(() => readCsv("\n\na,b\n\n", src), "header-only", { line: 3 });
  });

  it("binary-file, in the sniffed head and later in the stream", () => {
    expectError(() => readCsv(bytes("a,b\n1,2\n3,", [0], "\n"), src), "binary-file", { line: 3 });
    expectError(() => readCsv("a,b\n1,\0\n", src), "binary-file", { line: 2 });
    const late = bytes("a,b\n" + "1,2\n".repeat(20_000), "3,", [0], "\n");
    expectError(() => readCsv(late, src), "binary-file", { line: 20_002 });
    expectError(() => readInChunks(late, 7, src), "binary-file", { line: 20_002 });
  });

  it("invalid-encoding: invalid bytes in a file with valid UTF-8 text", () => {
    expectError(() => readCsv(bytes("a,b\nRené,1\n2,", [0xff], "\n"), src), "invalid-encoding", { line: 3 });
    const late = bytes("a,b\nRené,1\n" + "1,2\n".repeat(20_000), "3,", [0xe9], "\n");
    expectError(() => readCsv(late, src), "invalid-encoding", { line: 20_003 });
    expectError(() => readInChunks(late, 3, src), "invalid-encoding", { line: 20_003 });
    // After ASCII only, then valid UTF-8 past the head, an invalid byte is still an error.
    const mixedLate = bytes("a,b\n" + "1,2\n".repeat(20_000), "é,1\n4,", [0xe9], "\n");
    expectError(() => readInChunks(mixedLate, 1000, src), "invalid-encoding", { line: 20_003 });
    expectError(() => readCsv(bytes("a,b\n", [0xe9], ",1\n"), { ...src, encoding: "utf-8" }), "invalid-encoding", { line: 2 });
    expectError(() => readCsv(bytes([0xff, 0xfe], "a"), src), "invalid-encoding", { line: 1 });
    // A multi-byte sequence cut by the end of the file.
    expectError(() => readCsv(bytes("a,b\nRené,", [0xc3]), src), "invalid-encoding", { line: 2 });
  });

  it("ragged-row names expected and found counts and the line, not the content", () => {
    const e = expectError(() => readCsv("a,b\n1,2\n\nSECRET,2,3\n", src), "ragged-row", { line: 4 });
    assert.match(e.message, /expected 2 fields.*found 3/);
    assert.doesNotMatch(e.message, /SECRET/);
    expectError(() => readCsv("a,b,c\n1,2,3\n4,5\n", src), "ragged-row", { line: 3 });
  });

  it("unterminated-quote gives the line where the quote opened and the column", () => {
    const e = expectError(() => readCsv('a,b\n1,2\n3,"SECRET\n4,5\n', src), "unterminated-quote", { line: 3, column: "b" });
    assert.doesNotMatch(e.message, /SECRET/);
    expectError(() => readCsv('a,"b\n1,2\n', src), "unterminated-quote", { line: 1, column: 2 });
    expectError(() => readCsv('a,b\n1,"x\n\n""y\n', src), "unterminated-quote", { line: 2, column: "b" });
  });

  it("duplicate-header names the header and both column numbers", () => {
    const e = expectError(() => readCsv("a,b,a\n1,2,3\n", src), "duplicate-header", { line: 1, column: "a" });
    assert.match(e.message, /columns 1 and 3/);
  });

  it("empty-header gives the column number", () => {
    expectError(() => readCsv("a,,c\n1,2,3\n", src), "empty-header", { line: 1, column: 2 });
    expectError(() => readCsv('\na,""\n1,2\n', src), "empty-header", { line: 2, column: 2 });
  });

  it("line-too-long", () => {
    const long = "a,b\n1,2\n3," + "x".repeat(30) + "\n";
    expectError(() => readCsv(long, { ...src, maxLineLength: 20 }), "line-too-long", { line: 3 });
    expectError(() => readInChunks(utf8(long), 2, { ...src, maxLineLength: 20 }), "line-too-long", { line: 3 });
    assert.equal(readCsv(long, { ...src, maxLineLength: 40 }).nRows, 2);
  });

  it("too-many-columns", () => {
    expectError(() => readCsv("a,b,c\n1,2,3\n", { ...src, maxColumns: 2 }), "too-many-columns", { line: 1 });
    assert.equal(readCsv("a,b\n1,2\n", { ...src, maxColumns: 2 }).names.length, 2);
  });
});
