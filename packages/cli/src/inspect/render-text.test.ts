import { test } from "node:test";
import assert from "node:assert/strict";
import type { CsvDialect } from "@sosie/core";
import type { ColumnSummary } from "./column-summary.ts";
import { alignColumns, describeDialect, describeValues, formatPercent, renderInspectText } from "./render-text.ts";
import type { InspectReport } from "./report.ts";

const DIALECT: CsvDialect = {
  delimiter: ";",
  quote: '"',
  decimal: ",",
  encoding: "windows-1252",
  bom: false,
  lineEnding: "\r\n",
};

function summary(partial: Partial<ColumnSummary>): ColumnSummary {
  return { name: "c", kind: "continuous", nRows: 10, nMissing: 0, nDistinct: 3, ...partial };
}

test("describeDialect names the delimiter, encoding, line endings and decimal comma", () => {
  assert.equal(describeDialect(DIALECT), "semicolon-delimited, WINDOWS-1252, CRLF line endings, decimal comma");
});

test("describeValues: ranges for numbers and dates, frequent levels, nothing for identifiers", () => {
  assert.equal(describeValues(summary({ min: 1, max: 9.5, mean: 4.123456 })), "1 – 9.5, mean 4.123");
  assert.equal(
    describeValues(summary({ kind: "date", min: "2020-01-01", max: "2021-12-31" })),
    "2020-01-01 – 2021-12-31",
  );
  assert.equal(
    describeValues(
      summary({
        kind: "categorical",
        nDistinct: 5,
        topLevels: [
          { level: "A", count: 9 },
          { level: " B", count: 5 },
        ],
        nRareLevels: 2,
      }),
    ),
    'A (9), " B" (5), +1 more; 2 rare levels hidden',
  );
  assert.equal(describeValues(summary({ kind: "identifier" })), "(identifier values not shown)");
  assert.equal(describeValues(summary({ nMissing: 10, nDistinct: 0 })), "");
});

test("long levels are shortened", () => {
  const level = "x".repeat(40);
  assert.equal(
    describeValues(summary({ kind: "categorical", nDistinct: 1, topLevels: [{ level, count: 7 }], nRareLevels: 0 })),
    `${"x".repeat(19)}… (7)`,
  );
});

test("formatPercent", () => {
  assert.equal(formatPercent(1, 3), "33.3 %");
  assert.equal(formatPercent(0, 0), "–");
});

test("alignColumns pads all but the last column and right-aligns numbers", () => {
  assert.deepEqual(
    alignColumns(
      ["NAME", "N", "NOTE"],
      [
        ["a", "10", "x"],
        ["bbbbb", "2", ""],
      ],
      [1],
    ),
    ["NAME    N  NOTE", "a      10  x", "bbbbb   2"],
  );
});

test("renderInspectText: header, column table and warnings", () => {
  const report: InspectReport = {
    file: "data.csv",
    format: "csv",
    nRows: 10,
    nColumns: 1,
    dialect: DIALECT,
    columns: [
      {
        summary: summary({ name: "age", kind: "integer", min: 20, max: 80, mean: 50 }),
        reason: "integers: integer",
        confidence: 0.9,
      },
    ],
    findings: [{ column: "age", message: "3 zeros in a measure" }],
    metadata: { sosie: "metadata/1", columns: [{ name: "age", kind: "integer" }] },
    subject: { column: null, declared: false },
  };
  const text = renderInspectText(report);
  assert.match(text, /\nSubject \(the person a row is about\): none found, so each row counts as one;/);
  const keyed = renderInspectText({ ...report, subject: { column: "patient_nbr", declared: false } });
  assert.match(
    keyed,
    /\nSubject \(the person a row is about\): patient_nbr, inferred \(another key: role "subject"\);/,
  );
  assert.match(text, /^data\.csv: 10 rows × 1 columns \(CSV: semicolon-delimited/);
  assert.match(text, /\nage +integer +0\.0 % +3 +20 – 80, mean 50 +integers: integer\n/);
  assert.match(
    text,
    /\n1 data-quality warning \(--strict makes them errors\):\n {2}column "age": 3 zeros in a measure\n$/,
  );
});
