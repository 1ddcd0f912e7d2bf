import { test } from "node:test";
import assert from "node:assert/strict";
import { SosieInputError, SosieOptionError } from "@sosie/core";
import { DataQualityError, FileError, UsageError } from "./cli-errors.ts";
import { reportError } from "./report-error.ts";

function report(error: unknown, debug = false) {
  const lines: string[] = [];
  const code = reportError(error, { write: (s: string) => lines.push(s) }, debug);
  return { code, text: lines.join("") };
}

test("input errors: one line, exit 1", () => {
  const input = report(new SosieInputError("ragged-row", "expected 3 fields", { file: "a.csv", line: 4 }));
  assert.deepEqual(input, { code: 1, text: "sosie: a.csv, line 4: expected 3 fields\n" });
  assert.deepEqual(report(new FileError("b.csv", "no such file or directory")), {
    code: 1,
    text: "sosie: b.csv: no such file or directory\n",
  });
  assert.equal(report(new DataQualityError('a.csv, column "x": constant')).code, 1);
});

test("usage and option errors: exit 2", () => {
  assert.deepEqual(report(new UsageError("unknown command 'x'", "Run 'sosie --help'.")), {
    code: 2,
    text: "sosie: unknown command 'x'\nRun 'sosie --help'.\n",
  });
  assert.equal(report(new SosieOptionError("delimiter must be one character")).code, 2);
});

test("unexpected errors: exit 70, no stack unless --debug", () => {
  const plain = report(new TypeError("x is undefined"));
  assert.equal(plain.code, 70);
  assert.match(plain.text, /^sosie: internal error \(TypeError: x is undefined\)\. This is a bug/);
  assert.doesNotMatch(plain.text, /^\s+at /m);
  assert.match(plain.text, /--debug/);
  const debug = report(new TypeError("x is undefined"), true);
  assert.match(debug.text, /^\s+at /m);
});

test("multi-line messages from libraries are kept to one line", () => {
  const r = report(new SosieInputError("invalid-metadata", "first\n  second"));
  assert.equal(r.text, "sosie: first second\n");
});
