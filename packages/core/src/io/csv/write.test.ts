import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SosieOptionError } from "../../errors.ts";
import { booleanColumn, categoricalColumn, numericColumn, stringColumn, temporalColumn } from "../../table/column.ts";
import { formatCell } from "../../table/format.ts";
import { Table } from "../../table/table.ts";
import { quoteField } from "./quote.ts";
import { readCsv } from "./reader.ts";
import { csvChunks, writeCsv } from "./write.ts";

function sample(): Table {
  const missing = Uint8Array.from([0, 0, 1]);
  return new Table([
    numericColumn("age", Float64Array.from([63, -0.01, 0]), { kind: "continuous", decimals: 1, missing }),
    numericColumn("n", Float64Array.from([3, 12.5, 7]), { kind: "integer" }),
    categoricalColumn("sex", Int32Array.from([0, 1, -1]), ["F", "M"]),
    booleanColumn("smoker", Uint8Array.from([1, 0, 0]), { tokens: ["no", "yes"], missing }),
    temporalColumn("seen", "date", Float64Array.from([0, 19782, 0]), "YYYY-MM-DD", { missing }),
    stringColumn("note", "text", ['a, "b"', "two\nlines", " pad"]),
  ]);
}

describe("quoteField", () => {
  it("quotes only for the delimiter, the quote, CR, LF or edge spaces, doubling quotes", () => {
    assert.equal(quoteField("plain text", ",", '"'), "plain text");
    assert.equal(quoteField("", ",", '"'), "");
    assert.equal(quoteField("a,b", ",", '"'), '"a,b"');
    assert.equal(quoteField("a,b", ";", '"'), "a,b");
    assert.equal(quoteField('say "hi"', ",", '"'), '"say ""hi"""');
    assert.equal(quoteField("a\rb", ",", '"'), '"a\rb"');
    assert.equal(quoteField(" a", ",", '"'), '" a"');
    assert.equal(quoteField("a\t", ",", '"'), '"a\t"');
    assert.equal(quoteField("it's", ",", "'"), "'it''s'");
  });
});

describe("writeCsv", () => {
  it("writes every kind with the default options", () => {
    assert.equal(
      writeCsv(sample()),
      "age,n,sex,smoker,seen,note\n" +
        '63.0,3,F,yes,1970-01-01,"a, ""b"""\n' +
        '0.0,12.5,M,no,2024-02-29,"two\nlines"\n' +
        ',7,,,," pad"\n',
    );
  });

  it("writes a decimal comma, a per-column missing token, CRLF and a BOM", () => {
    const text = writeCsv(sample().pick(["age", "n", "smoker"]), {
      delimiter: ";",
      decimal: ",",
      lineEnding: "\r\n",
      missing: { age: "NA", smoker: "." },
      bom: true,
    });
    assert.equal(text, "\uFEFFage;n;smoker\r\n63,0;3;yes\r\n0,0;12,5;no\r\nNA;7;.\r\n");
  });

  it("quotes a missing token that needs it, even in a numeric column", () => {
    assert.equal(writeCsv(sample().pick(["age"]), { missing: "n,a" }), 'age\n63.0\n0.0\n"n,a"\n');
  });

  it("reads back as the formatted texts", () => {
    const table = sample();
    const raw = readCsv(writeCsv(table, { delimiter: "\t" }));
    assert.deepEqual(raw.names, table.names);
    table.columns.forEach((column, j) => {
      for (let r = 0; r < table.nRows; r++)
        assert.equal(raw.columns[j].dictionary[raw.columns[j].codes[r]], formatCell(column, r), `${column.name} row ${r}`);
    });
  });

  it("refuses a decimal comma with a comma delimiter, and unknown columns in missing", () => {
    assert.throws(() => writeCsv(sample(), { decimal: "," }), SosieOptionError);
    assert.throws(() => writeCsv(sample(), { missing: { nope: "NA" } }), SosieOptionError);
    assert.throws(() => writeCsv(sample(), { delimiter: "\n" }), SosieOptionError);
  });
});

describe("csvChunks", () => {
  it("yields the header first, then rows in chunks of about 64 KB", () => {
    const n = 20_000;
    const values = Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const table = new Table([numericColumn("x", values), stringColumn("id", "identifier", Array.from({ length: n }, (_, i) => `row-${i}`))]);
    const chunks = [...csvChunks(table)];
    assert.equal(chunks[0], "x,id\n");
    assert.ok(chunks.length > 3);
    for (const chunk of chunks.slice(1, -1)) {
      assert.ok(chunk.length >= 65_536 && chunk.length < 65_536 + 64, `chunk of ${chunk.length} chars`);
      assert.ok(chunk.endsWith("\n"));
    }
    assert.equal(chunks.join(""), writeCsv(table));
    assert.equal(readCsv(chunks.join("")).nRows, n);
  });
});
