/**
 * The run's input: the table (CSV decoded with inferred metadata, reviewed by --metadata if given;
 * Parquet typed as stored), an optional holdout file decoded with the same metadata, the declared
 * roles, and the SHA-256 of the input bytes for the report's provenance.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import {
  type Metadata,
  SosieInputError,
  type Table,
  decodeTable,
  holdoutLacksColumn,
  inferMetadata,
  missingHoldoutColumn,
} from "@sosie/core";
import { type CsvFileOptions, readCsvFile, readParquetFile, tableFormatOf, type TableFormat } from "../files.ts";
import { describeFileError } from "../file-access.ts";
import { readRawInput } from "../input-table.ts";
import type { Progress } from "../progress.ts";

export interface RunInput {
  readonly table: Table;
  readonly format: TableFormat;
  readonly holdout: Table | undefined;
  readonly quasiIdentifiers: string[];
  readonly sensitive: string[];
  /** The column the metadata declares as the person key (role "subject"), if any. */
  readonly subject: string | undefined;
  /** A column the metadata declares as the target (used when --target is absent). */
  readonly declaredTarget: string | undefined;
  readonly sha256: string;
  /** Columns read as another kind because of a few stray values (input-table.ts RawInput). */
  readonly kindWarnings: readonly string[];
}

export async function readRunInput(
  file: string,
  options: { metadata?: string; holdoutFile?: string; csv?: CsvFileOptions },
  progress: Progress,
): Promise<RunInput> {
  const format = tableFormatOf(file);
  const sha256 = await progress.step(`hash ${file}`, () => sha256Of(file));
  let table: Table;
  let metadata: Metadata | undefined;
  let kindWarnings: readonly string[] = [];
  if (format === "parquet") table = await progress.step(`read ${file}`, () => readParquetFile(file));
  else {
    const input = await readRawInput(file, options.metadata, progress, options.csv);
    metadata = input.metadata;
    kindWarnings = input.kindWarnings;
    table = await progress.step("decode table", () => decodeTable(input.raw, input.metadata));
  }
  let holdout: Table | undefined;
  if (options.holdoutFile !== undefined) {
    const holdoutFile = options.holdoutFile;
    if (tableFormatOf(holdoutFile) === "parquet")
      holdout = await progress.step(`read ${holdoutFile}`, () => readParquetFile(holdoutFile));
    else {
      const raw = await progress.step(`read ${holdoutFile}`, (report) =>
        readCsvFile(holdoutFile, options.csv ?? {}, report),
      );
      checkHoldoutHeader(table.names, raw.names, file, holdoutFile);
      const decodeWith =
        metadata === undefined ? inferMetadata(raw).metadata : widenLevels(metadata, inferMetadata(raw).metadata);
      holdout = await progress.step(`decode ${holdoutFile}`, () => decodeTable(raw, decodeWith));
    }
  }
  const roles = metadata?.columns ?? [];
  return {
    table,
    format,
    holdout,
    quasiIdentifiers: roles.filter((c) => c.role === "quasi-identifier").map((c) => c.name),
    sensitive: roles.filter((c) => c.role === "sensitive").map((c) => c.name),
    subject: roles.find((c) => c.role === "subject")?.name,
    declaredTarget: roles.find((c) => c.role === "target")?.name,
    sha256,
    kindWarnings,
  };
}

/** The holdout file has the training file's columns, no fewer and no more (said before decoding, which would blame the metadata). */
function checkHoldoutHeader(trainNames: string[], holdoutNames: string[], file: string, holdoutFile: string): void {
  const lacking = missingHoldoutColumn(trainNames, holdoutNames);
  if (lacking !== undefined)
    throw new SosieInputError("invalid-value", holdoutLacksColumn(lacking, file), {
      file: holdoutFile,
      column: lacking,
    });
  const extra = missingHoldoutColumn(holdoutNames, trainNames);
  if (extra !== undefined)
    throw new SosieInputError("invalid-value", `the holdout has a column "${extra}" that ${file} does not have`, {
      file: holdoutFile,
      column: extra,
    });
}

/**
 * The input's metadata with each categorical's levels widened by the levels the holdout file
 * shows (a category may appear in only one of the two files); everything else is the input's.
 */
function widenLevels(input: Metadata, holdout: Metadata): Metadata {
  return {
    ...input,
    columns: input.columns.map((column) => {
      const other = holdout.columns.find((c) => c.name === column.name);
      if (column.kind !== "categorical" || column.levels === undefined || other?.levels === undefined) return column;
      const known = new Set(column.levels);
      const extra = other.levels.filter((level) => !known.has(level));
      return extra.length === 0 ? column : { ...column, levels: [...column.levels, ...extra] };
    }),
  };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    throw describeFileError(file, error);
  }
  return hash.digest("hex");
}
