/**
 * The Adult dataset's official split, read with Sosie's own reader and decoder: train
 * (data.csv) and test (test.csv), the test file decoded with the training metadata. The published
 * test labels end with a "." ("<=50K."); it is removed so that both files share the label space.
 * Shared by the learner's acceptance test and its benchmark.
 */
import { readFileSync } from "node:fs";
import { readCsv } from "../src/io/csv/index.ts";
import type { RawTable } from "../src/io/raw.ts";
import { decodeTable, inferMetadata } from "../src/schema/index.ts";
import type { Table } from "../src/table/table.ts";

const ADULT = new URL("../../../../shared/datasets/adult/", import.meta.url);

function readAdultRaw(file: string): RawTable {
  const raw = readCsv(readFileSync(new URL(file, ADULT)), { source: `adult/${file}` });
  const income = raw.columns.find((c) => c.name === "income");
  if (income === undefined) throw new Error(`adult/${file} has no income column`);
  income.dictionary = income.dictionary.map((label) => label.replace(/\.$/, ""));
  return raw;
}

export function loadAdultSplit(): { train: Table; test: Table } {
  const trainRaw = readAdultRaw("data.csv");
  const { metadata } = inferMetadata(trainRaw);
  return { train: decodeTable(trainRaw, metadata), test: decodeTable(readAdultRaw("test.csv"), metadata) };
}
