import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CharBuffer } from "./char-buffer.ts";

describe("CharBuffer", () => {
  it("returns the appended text, growing past its capacity, and empties on take", () => {
    const b = new CharBuffer(4);
    b.append("ab");
    b.append("€😀é");
    b.append("");
    assert.equal(b.length, 2 + 4);
    assert.equal(b.take(), "ab€😀é");
    assert.equal(b.length, 0);
    b.append("x".repeat(100));
    assert.equal(b.take(), "x".repeat(100));
  });
});
