// Acceptance of the foundation: every shared CSV goes CSV → Table → CSV → Table with identical
// values (kinds, levels, masks, numbers, dates, strings); only the quoting style may differ.
// Failures name the file, column and row number, never a value (mimic rows must not be printed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { readCsv } from "./reader.ts";
import { writeCsv } from "./write.ts";
import { decodeTable, inferMetadata, observedMissingTokens } from "../../schema/index.ts";
import type { Column } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";

const DATASETS = fileURLToPath(new URL("../../../../../../shared/datasets", import.meta.url));

function csvFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) csvFiles(p, out);
    else if (name.endsWith(".csv")) out.push(p);
  }
  return out;
}

/** The first row where two columns differ, or -1; compares masks, then the values under no mask. */
function firstDifference(a: Column, b: Column): number {
  for (let i = 0; i < a.length; i++) {
    if (a.missing[i] !== b.missing[i]) return i;
    if (a.missing[i]) continue;
    const same =
      a.kind === "categorical" && b.kind === "categorical"
        ? a.levels[a.codes[i]] === b.levels[b.codes[i]]
        : Object.is((a as { values: ArrayLike<unknown> }).values[i], (b as { values: ArrayLike<unknown> }).values[i]);
    if (!same) return i;
  }
  return -1;
}

function assertSameTable(file: string, a: Table, b: Table): void {
  assert.deepEqual(b.names, a.names, `${file}: column names`);
  assert.equal(b.nRows, a.nRows, `${file}: row count`);
  a.columns.forEach((ca, j) => {
    const cb = b.columns[j];
    assert.equal(cb.kind, ca.kind, `${file}, column "${ca.name}": kind`);
    const row = firstDifference(ca, cb);
    assert.equal(row, -1, `${file}, column "${ca.name}": values differ from row ${row + 1}`);
  });
}

test("every shared CSV round-trips CSV → Table → CSV → Table with identical values", () => {
  const files = csvFiles(DATASETS);
  assert.ok(files.length > 300, `found ${files.length} CSV files under ${DATASETS}`);
  for (const path of files) {
    const file = relative(DATASETS, path);
    const raw = readCsv(readFileSync(path), { source: file });
    const { metadata } = inferMetadata(raw);
    const table = decodeTable(raw, metadata);
    const text = writeCsv(table, {
      delimiter: raw.dialect.delimiter,
      decimal: raw.dialect.decimal,
      missing: observedMissingTokens(raw, metadata),
    });
    const again = decodeTable(readCsv(text, { source: `${file} (written)` }), metadata);
    assertSameTable(file, table, again);
  }
});
