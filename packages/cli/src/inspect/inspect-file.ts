import {
  type ColumnProfile,
  type Metadata,
  type MetadataPatch,
  type RawTable,
  type Table,
  decodeTable,
  inferMetadata,
  mergeMetadata,
  subjectColumn,
  validateMetadataPatch,
} from "@sosie/core";
import { UsageError } from "../cli-errors.ts";
import { type CsvFileOptions, readCsvFile, readParquetFile, tableFormatOf } from "../files.ts";
import { readJsonFile } from "../json-file.ts";
import type { Progress } from "../progress.ts";
import { summarizeColumn } from "./column-summary.ts";
import { checkColumn, type Finding } from "./findings.ts";
import { metadataFromTable } from "./metadata-from-table.ts";
import type { ColumnReport, InspectReport } from "./report.ts";

export interface InspectOptions {
  csv: CsvFileOptions;
  /** An edited metadata file to check against the data and merge over the inferred metadata. */
  review?: string;
}

/**
 * Reads `file`, types every column (inferred kinds, or the reviewed ones) and decodes the whole
 * table with them, so that any value the metadata cannot read is reported with its line and column.
 */
export async function inspectFile(file: string, options: InspectOptions, progress: Progress): Promise<InspectReport> {
  if (tableFormatOf(file) === "parquet") {
    if (options.review !== undefined)
      throw new UsageError(
        `inspect: --review applies to text files; ${file} is Parquet, which stores its column kinds`,
        "Run 'sosie inspect --help' to see its usage.",
      );
    const table = await progress.step(`read ${file}`, () => readParquetFile(file));
    return parquetReport(file, table);
  }
  const raw = await progress.step(`read ${file}`, (report) => readCsvFile(file, options.csv, report));
  const inferred = await progress.step("infer column kinds", () => inferMetadata(raw));
  let metadata = inferred.metadata;
  let patch: MetadataPatch | undefined;
  if (options.review !== undefined) {
    const reviewFile = options.review;
    patch = await progress.step(`check ${reviewFile}`, async () =>
      validateMetadataPatch(await readJsonFile(reviewFile, "invalid-metadata"), {
        source: reviewFile,
        columnNames: raw.names,
      }),
    );
    metadata = mergeMetadata(inferred.metadata, patch, { source: reviewFile, columnNames: raw.names });
  }
  const table = await progress.step("decode table", () => decodeTable(raw, metadata));
  return csvReport(file, raw, table, metadata, inferred.profiles, options.review, patch);
}

function csvReport(
  file: string,
  raw: RawTable,
  table: Table,
  metadata: Metadata,
  profiles: readonly ColumnProfile[],
  reviewFile: string | undefined,
  patch: MetadataPatch | undefined,
): InspectReport {
  const findings: Finding[] = [];
  const columns = table.columns.map((column, i): ColumnReport => {
    const summary = summarizeColumn(column);
    const profile = profiles[i];
    const userKind = patch?.columns.find((c) => c.name === column.name)?.kind;
    if (userKind !== undefined && userKind !== profile.kind) {
      // Inference's warnings were about another kind: check the column as the user typed it.
      const finding = checkColumn(column, summary);
      if (finding !== undefined) findings.push(finding);
      return { summary, reason: `set in ${reviewFile} (inferred: ${profile.kind})` };
    }
    for (const warning of profile.warnings) findings.push({ column: column.name, message: warning });
    return { summary, reason: profile.reason, confidence: profile.confidence };
  });
  for (const meta of metadata.columns) {
    const finding = outsideDeclaredBounds(table, meta);
    if (finding !== undefined) findings.push(finding);
  }
  return {
    file,
    format: "csv",
    nRows: raw.nRows,
    nColumns: raw.names.length,
    dialect: raw.dialect,
    ...(reviewFile === undefined ? {} : { reviewedWith: reviewFile }),
    columns,
    findings,
    metadata,
    subject: subjectOf(table, metadata),
  };
}

function parquetReport(file: string, table: Table): InspectReport {
  const findings: Finding[] = [];
  const columns = table.columns.map((column): ColumnReport => {
    const summary = summarizeColumn(column);
    const finding = checkColumn(column, summary);
    if (finding !== undefined) findings.push(finding);
    return { summary, reason: "typed in the Parquet file" };
  });
  return {
    file,
    format: "parquet",
    nRows: table.nRows,
    nColumns: table.nColumns,
    columns,
    findings,
    metadata: metadataFromTable(table),
    subject: subjectOf(table),
  };
}

/** The person key runs and generators will use: the declared role, else subjectColumn's inference. */
function subjectOf(table: Table, metadata?: Metadata): InspectReport["subject"] {
  const declared = metadata?.columns.find((c) => c.role === "subject")?.name;
  return { column: subjectColumn(table, declared), declared: declared !== undefined };
}

/**
 * How many values of a numeric column lie outside its declared min / max (counts only, never a
 * value): a DP generator clips them to the bounds, so the steward should know how many it moves.
 */
function outsideDeclaredBounds(table: Table, meta: Metadata["columns"][number]): Finding | undefined {
  if ((meta.min === undefined && meta.max === undefined) || !table.has(meta.name)) return undefined;
  const column = table.column(meta.name);
  if (column.kind !== "continuous" && column.kind !== "integer") return undefined;
  let below = 0;
  let above = 0;
  for (let i = 0; i < column.length; i++) {
    if (column.missing[i]) continue;
    if (meta.min !== undefined && column.values[i] < meta.min) below++;
    if (meta.max !== undefined && column.values[i] > meta.max) above++;
  }
  if (below + above === 0) return undefined;
  const parts = [
    ...(below > 0 ? [`${below} below the declared min`] : []),
    ...(above > 0 ? [`${above} above the declared max`] : []),
  ];
  return {
    column: meta.name,
    message: `${parts.join(" and ")} of ${column.length} rows: differentially private generators clip them to the bounds`,
  };
}
