// Round trip over every CSV of the shared datasets: read, write the raw texts back, read again.
// Only names, sizes and dialects appear in assertion messages: never rows (mimic-iv-demo-omop is real data).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import type { RawTable } from "../raw.ts";
import { readCsv } from "./reader.ts";
import { rawToCsv } from "./write-raw.ts";

const root = new URL("../../../../../../shared/datasets/", import.meta.url).pathname;

function csvFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...csvFiles(p));
    else if (name.toLowerCase().endsWith(".csv")) out.push(p);
  }
  return out;
}

/** Compares without printing values: the first differing place is named by column and row only. */
function assertSameTable(a: RawTable, b: RawTable, label: string): void {
  assert.deepEqual(b.names, a.names, `${label}: names`);
  assert.equal(b.nRows, a.nRows, `${label}: row count`);
  a.columns.forEach((ca, j) => {
    const cb = b.columns[j];
    const sameDictionary = ca.dictionary.length === cb.dictionary.length && ca.dictionary.every((t, k) => t === cb.dictionary[k]);
    assert.ok(sameDictionary, `${label}: dictionary of column ${j + 1} differs`);
    const diff = ca.codes.findIndex((code, r) => code !== cb.codes[r]);
    assert.equal(diff, -1, `${label}: codes of column ${j + 1} differ at row ${diff}`);
  });
}

describe("shared datasets: readCsv, rawToCsv, readCsv gives the same table", { skip: !existsSync(root) }, () => {
  const files = existsSync(root) ? csvFiles(root) : [];
  it("finds the CSV files", () => assert.ok(files.length > 100, `${files.length} files`));
  for (const file of files) {
    const label = relative(root, file);
    it(label, () => {
      const first = readCsv(readFileSync(file), { source: label });
      const second = readCsv(rawToCsv(first), { source: label });
      assertSameTable(first, second, label);
      assert.equal(second.dialect.delimiter, first.dialect.delimiter, `${label}: delimiter`);
      // Counts must add up to the rows, column by column.
      for (const c of first.columns) assert.equal(c.counts.reduce((s, x) => s + x, 0), first.nRows, `${label}: counts`);
    });
  }
});
