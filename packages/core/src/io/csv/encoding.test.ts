import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ByteDecoder, decodeWindows1252, lineOfByte, scanUtf8, sniffEncoding } from "./encoding.ts";

const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs);

describe("scanUtf8", () => {
  it("counts valid multi-byte sequences", () => {
    // "é" (2 bytes), "€" (3 bytes), "😀" (4 bytes)
    assert.deepEqual(scanUtf8(b(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)), {
      multiByte: 3,
      invalidAt: -1,
      truncatedAt: -1,
    });
  });
  it("rejects lone continuation bytes, overlong forms, surrogates and code points past U+10FFFF", () => {
    assert.equal(scanUtf8(b(0x61, 0x80)).invalidAt, 1);
    assert.equal(scanUtf8(b(0xc0, 0x80)).invalidAt, 0);
    assert.equal(scanUtf8(b(0xe0, 0x80, 0x80)).invalidAt, 0);
    assert.equal(scanUtf8(b(0xed, 0xa0, 0x80)).invalidAt, 0);
    assert.equal(scanUtf8(b(0xf4, 0x90, 0x80, 0x80)).invalidAt, 0);
    assert.equal(scanUtf8(b(0x61, 0xe9, 0x62)).invalidAt, 1);
  });
  it("reports a sequence cut by the end separately", () => {
    assert.deepEqual(scanUtf8(b(0x61, 0xe2, 0x82)), { multiByte: 0, invalidAt: -1, truncatedAt: 1 });
  });
});

describe("lineOfByte", () => {
  it("counts LF, CRLF and bare CR as one line break each", () => {
    const bytes = new TextEncoder().encode("a\nb\r\nc\rd");
    assert.equal(lineOfByte(bytes, 0), 1);
    assert.equal(lineOfByte(bytes, 2), 2);
    assert.equal(lineOfByte(bytes, 5), 3);
    assert.equal(lineOfByte(bytes, 7), 4);
  });
});

describe("sniffEncoding", () => {
  it("finds UTF-8, a BOM, and Latin-1 without valid multi-byte sequences", () => {
    assert.deepEqual(sniffEncoding(b(0x61, 0xc3, 0xa9), true, "auto", "x"), {
      encoding: "utf-8",
      bom: false,
      bodyStart: 0,
      switchable: false,
    });
    assert.deepEqual(sniffEncoding(b(0xef, 0xbb, 0xbf, 0x61), true, "auto", "x"), {
      encoding: "utf-8",
      bom: true,
      bodyStart: 3,
      switchable: false,
    });
    assert.equal(sniffEncoding(b(0x61), true, "auto", "x").switchable, true);
    assert.equal(sniffEncoding(b(0x61, 0xe9), true, "auto", "x").encoding, "windows-1252");
  });
  it("does not take a sequence cut by the end of the sample as invalid when more bytes follow", () => {
    assert.equal(sniffEncoding(b(0x61, 0xc3), false, "auto", "x").encoding, "utf-8");
    assert.equal(sniffEncoding(b(0x61, 0xc3), true, "auto", "x").encoding, "windows-1252");
  });
});

describe("decodeWindows1252", () => {
  it("maps 0x80-0x9F as browsers do and other bytes to the same code point", () => {
    assert.equal(decodeWindows1252(b(0x80, 0x8a, 0x9c, 0x9f, 0x81)), "€Šœ\u0178\u0081");
    assert.equal(decodeWindows1252(b(0x41, 0xe9, 0xff)), "Aéÿ");
  });
});

describe("ByteDecoder", () => {
  it("carries a UTF-8 sequence cut by a chunk end to the next chunk", () => {
    const d = new ByteDecoder("utf-8", false);
    assert.deepEqual(d.decode(b(0x61, 0xe2), false), { text: "a" });
    assert.deepEqual(d.decode(b(0x82), false), { text: "" });
    assert.deepEqual(d.decode(b(0xac, 0x62), true), { text: "€b" });
  });
  it("stops at a NUL byte with the text before it", () => {
    const d = new ByteDecoder("utf-8", false);
    assert.deepEqual(d.decode(b(0x61, 0x0a, 0x00, 0x62), false), { text: "a\n", stop: "binary-file" });
  });
  it("stops at an invalid byte once multi-byte text was seen, switches to windows-1252 before", () => {
    const strict = new ByteDecoder("utf-8", false);
    assert.deepEqual(strict.decode(b(0x61, 0xe9, 0x62), false), { text: "a", stop: "invalid-encoding" });
    const switching = new ByteDecoder("utf-8", true);
    assert.deepEqual(switching.decode(b(0x61, 0xe9, 0x62), false), { text: "aéb" });
    assert.equal(switching.currentEncoding, "windows-1252");
    const seenUtf8 = new ByteDecoder("utf-8", true);
    assert.deepEqual(seenUtf8.decode(b(0xc3, 0xa9), false), { text: "é" });
    assert.deepEqual(seenUtf8.decode(b(0xe9, 0x0a), false), { text: "", stop: "invalid-encoding" });
  });
});
