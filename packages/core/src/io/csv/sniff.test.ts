import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sampleRecords, sniffDecimal, sniffDelimiter, sniffLineEnding, sniffQuote, sniffTextDialect } from "./sniff.ts";

describe("sniff", () => {
  it("splits sample records with quotes and drops a record cut by the end of the sample", () => {
    assert.deepEqual(sampleRecords('a,"b,c"\n1,"x\ny"\n\n2,3', ",", '"', true), [
      ["a", "b,c"],
      ["1", "x\ny"],
      ["2", "3"],
    ]);
    assert.deepEqual(sampleRecords("a,b\n1,2\n3,", ",", '"', false), [
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("chooses the delimiter whose field counts agree with the header", () => {
    // Commas inside values, semicolons between them: ";" agrees on every line, "," does not.
    assert.equal(sniffDelimiter("a;b;c\n1,5;2;x\n3;4,25;y\n", '"', true), ";");
    // Delimiters inside quotes do not count.
    assert.equal(sniffDelimiter('a,b\n"x;y;z",1\n"p;q;r",2\n', '"', true), ",");
    assert.equal(sniffDelimiter("a\tb\n1\t2\n", '"', true), "\t");
    assert.equal(sniffDelimiter("a|b|c\n1|2|3\n", '"', true), "|");
    // One column: nothing splits the header.
    assert.equal(sniffDelimiter("value\n1\n2\n", '"', true), ",");
  });

  it("breaks ties towards more fields, then the order , ; tab |", () => {
    assert.equal(sniffDelimiter("a,b;c;d\n1,2;3;4\n", '"', true), ";");
    assert.equal(sniffDelimiter("a,b;c\n1,2;3\n", '"', true), ",");
  });

  it("sniffs the decimal separator from data rows only", () => {
    assert.equal(sniffDecimal([["x,1"], ["1,5"], ["2,5"]], ";"), ",");
    assert.equal(sniffDecimal([["x"], ["1,5"], ["2.5"], ["3.5"]], ";"), ".");
    assert.equal(sniffDecimal([["1,5"], ["2"]], ";"), ".");
    assert.equal(sniffDecimal([["x"], ["1,5"]], ","), ".");
  });

  it("sniffs line endings and quotes", () => {
    assert.equal(sniffLineEnding("a\r\nb"), "\r\n");
    assert.equal(sniffLineEnding("a\rb\n"), "\r");
    assert.equal(sniffLineEnding("a\nb\r\n"), "\n");
    assert.equal(sniffLineEnding("a"), "\n");
    assert.equal(sniffQuote("a,b\n'x',1\n'y',2\n"), "'");
    assert.equal(sniffQuote("a,b\n'x',1\n\"y\",2\n"), '"');
    assert.equal(sniffQuote("a,b\nl'eau,d'accord\n'z',3\n"), '"');
  });

  it("keeps requested settings", () => {
    assert.deepEqual(sniffTextDialect("a;b\n1,5;2\n", true, { delimiter: "|", quote: "'", decimal: "." }), {
      delimiter: "|",
      quote: "'",
      decimal: ".",
      lineEnding: "\n",
    });
    assert.equal(sniffTextDialect('a"b\n1"2\n', true, { delimiter: '"', quote: null, decimal: null }).quote, "'");
  });
});
