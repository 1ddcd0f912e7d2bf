import { test } from "node:test";
import assert from "node:assert/strict";
import { SosieInputError } from "@sosie/core";
import { lineAndColumn, parseJsonText } from "./json-file.ts";

function syntaxError(text: string): SosieInputError {
  try {
    parseJsonText(text, "m.json", "invalid-metadata");
  } catch (error) {
    assert.ok(error instanceof SosieInputError);
    return error;
  }
  assert.fail("expected a syntax error");
}

test("valid JSON parses", () => {
  assert.deepEqual(parseJsonText('{"a": [1]}', "m.json", "invalid-metadata"), { a: [1] });
});

test("a syntax error names the file, line and column, and its code", () => {
  const error = syntaxError('{\n  "a": 1\n  "b": 2\n}');
  assert.equal(error.code, "invalid-metadata");
  assert.deepEqual(error.location, { file: "m.json", line: 3, column: 3 });
  assert.match(
    error.message,
    /^m\.json, line 3, column 3: not valid JSON \(expected ',' or '}' after property value\)$/,
  );
});

test("a syntax error never quotes the file's text", () => {
  const error = syntaxError('{"levels": [SECRET-LEVEL]}');
  assert.doesNotMatch(error.message, /SECRET/);
  assert.match(error.message, /^m\.json: not valid JSON/);
});

test("a truncated file points at its end", () => {
  const error = syntaxError('{"a":\n');
  assert.equal(error.location.line, 2);
});

test("lineAndColumn is 1-based", () => {
  assert.deepEqual(lineAndColumn("ab\ncd", 0), { line: 1, column: 1 });
  assert.deepEqual(lineAndColumn("ab\ncd", 4), { line: 2, column: 2 });
});
