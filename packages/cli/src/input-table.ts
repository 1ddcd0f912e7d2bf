/**
 * Reading the table a command works on: a CSV file typed by inference, optionally corrected by an
 * edited metadata file merged over it (as `inspect --review` does), or a Parquet file, which
 * stores its kinds. What the output writer needs from the source travels with the table: the
 * CSV dialect and, per column, the text the file used for missing values.
 */
import {
  type CsvDialect,
  type Metadata,
  type RawTable,
  type Table,
  countMissing,
  decodeTable,
  inferMetadata,
  mergeMetadata,
  observedMissingTokens,
  validateMetadataPatch,
} from "@sosie/core";
import { UsageError } from "./cli-errors.ts";
import { type CsvFileOptions, readCsvFile, readParquetFile, tableFormatOf } from "./files.ts";
import { readJsonFile } from "./json-file.ts";
import type { Progress } from "./progress.ts";

export interface InputTable {
  readonly file: string;
  readonly table: Table;
  /** The CSV dialect read, or null for Parquet. */
  readonly dialect: CsvDialect | null;
  /** Per column name: the missing-value text the file used most often (absent: none seen). */
  readonly missingTokens: Readonly<Record<string, string>>;
  /** The person-key column the metadata declares (role "subject"), if any. */
  readonly subject?: string;
  /** See RawInput.kindWarnings (none for Parquet, which stores its kinds). */
  readonly kindWarnings: readonly string[];
}

/** A CSV file read raw and its metadata: inferred, with an edited metadata file merged over it. */
export interface RawInput {
  readonly raw: RawTable;
  readonly metadata: Metadata;
  /** Columns read as another kind because of a few stray values, unless the metadata set their kind. */
  readonly kindWarnings: readonly string[];
}

/** Reads `file` raw and settles its metadata (inference, then `metadataFile` merged over it). */
export async function readRawInput(
  file: string,
  metadataFile: string | undefined,
  progress: Progress,
  csv: CsvFileOptions = {},
): Promise<RawInput> {
  const raw = await progress.step(`read ${file}`, (report) => readCsvFile(file, csv, report));
  const { metadata: inferred, profiles } = await progress.step(`infer column kinds of ${file}`, () =>
    inferMetadata(raw),
  );
  const kindWarnings = (declared: (name: string) => boolean) =>
    profiles.flatMap((p) =>
      p.kindWarning !== undefined && !declared(p.name) ? [`column "${p.name}" of ${file}: ${p.kindWarning}`] : [],
    );
  if (metadataFile === undefined) return { raw, metadata: inferred, kindWarnings: kindWarnings(() => false) };
  const patch = await progress.step(`check ${metadataFile}`, async () =>
    validateMetadataPatch(await readJsonFile(metadataFile, "invalid-metadata"), {
      source: metadataFile,
      columnNames: raw.names,
    }),
  );
  const metadata = mergeMetadata(inferred, patch, { source: metadataFile, columnNames: raw.names });
  const declaredKind = new Set(patch.columns.filter((c) => c.kind !== undefined).map((c) => c.name));
  return { raw, metadata, kindWarnings: kindWarnings((name) => declaredKind.has(name)) };
}

/** Reads and types a CSV or Parquet table. `--metadata` applies to text files only. */
export async function readInputTable(
  file: string,
  metadataFile: string | undefined,
  progress: Progress,
  command: string,
): Promise<InputTable> {
  if (tableFormatOf(file) === "parquet") {
    if (metadataFile !== undefined)
      throw new UsageError(
        `${command}: --metadata applies to text files; ${file} is Parquet, which stores its column kinds`,
        `Run 'sosie ${command} --help' to see its usage.`,
      );
    const table = await progress.step(`read ${file}`, () => readParquetFile(file));
    return { file, table, dialect: null, missingTokens: {}, kindWarnings: [] };
  }
  const { raw, metadata, kindWarnings } = await readRawInput(file, metadataFile, progress);
  const table = await progress.step(`decode ${file}`, () => decodeTable(raw, metadata));
  const subject = metadata.columns.find((c) => c.role === "subject")?.name;
  return {
    file,
    table,
    dialect: raw.dialect,
    missingTokens: observedMissingTokens(raw, metadata),
    ...(subject === undefined ? {} : { subject }),
    kindWarnings,
  };
}

/** Columns without a single value: inspect flags them, generate and run reproduce them as all-missing. */
export function allMissingColumns(table: Table): string[] {
  return table.columns.filter((c) => c.length > 0 && countMissing(c) === c.length).map((c) => c.name);
}
