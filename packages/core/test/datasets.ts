/**
 * The single-table CSV datasets of ../shared/datasets used by the generator conformance check,
 * loaded as the CLI does (sniff, infer metadata, decode). snds-synthetic is a schema package
 * with 10 fake rows per table and is left out; so are adult's test split and the diabetes-130
 * lookup tables, which are not analysis tables.
 */
import { readFileSync } from "node:fs";
import { readCsv } from "../src/io/csv/index.ts";
import { decodeTable, inferMetadata } from "../src/schema/index.ts";
import { Rng } from "../src/random/rng.ts";
import type { Table } from "../src/table/table.ts";

export const DATASETS_ROOT = new URL("../../../../shared/datasets/", import.meta.url);

const MIMIC_TABLES = [
  "person",
  "observation_period",
  "visit_occurrence",
  "visit_detail",
  "condition_occurrence",
  "drug_exposure",
  "procedure_occurrence",
  "death",
  "care_site",
  "concept",
  "vocabulary",
  "cdm_source",
];

/** Paths under DATASETS_ROOT. */
export const CONFORMANCE_TABLES: readonly string[] = [
  "adult/data.csv",
  "breast-cancer-wisconsin/data.csv",
  "heart-disease-cleveland/data.csv",
  "heart-failure-clinical-records/data.csv",
  "ican-aneurysm/avatars.csv",
  "ican-aneurysm/simulated.csv",
  "pbc-mayo/pbc.csv",
  "pbc-mayo/pbcseq.csv",
  "pima-indians-diabetes/data.csv",
  "diabetes-130-us-hospitals/data.csv",
  ...MIMIC_TABLES.map((t) => `mimic-iv-demo-omop/${t}.csv`),
];

/** Real rows of this dataset must never be printed, not even one value (SOURCE.md, CONTRIBUTING). */
export function isRestricted(path: string): boolean {
  return path.startsWith("mimic-iv-demo-omop/");
}

/** The whole table, decoded with its inferred metadata. */
export function loadTable(path: string): Table {
  const raw = readCsv(new Uint8Array(readFileSync(new URL(path, DATASETS_ROOT))), { source: path });
  return decodeTable(raw, inferMetadata(raw).metadata);
}

/**
 * At most `maxRows` rows, drawn without replacement from a stream seeded by the path (the same
 * rows on every run), kept in file order; the table itself when it is small enough.
 */
export function seededSubsample(table: Table, maxRows: number, path: string): Table {
  if (table.nRows <= maxRows) return table;
  const rows = Rng.fromSeed(`conformance:${path}`).sampleWithoutReplacement(table.nRows, maxRows).sort();
  return table.select(rows);
}
