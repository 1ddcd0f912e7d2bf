import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { CsvReader, type RawTable, SosieInputError, type Table, readParquet } from "@sosie/core";
import { FileError } from "./cli-errors.ts";
import { describeFileError, regularFileSize } from "./file-access.ts";
import type { ReportFraction } from "./progress.ts";

export {
  AtomicFile,
  AtomicFileGroup,
  jsonText,
  writeFileAtomic,
  writeJsonAtomic,
  removePendingTemporaryFiles,
} from "./atomic-file.ts";

export type TableFormat = "csv" | "parquet";

/** Reading chunk size: large enough for throughput, small enough to report progress. */
export const READ_CHUNK_BYTES = 1 << 20;

const FORMATS: Record<string, TableFormat> = { ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet" };

/** The format of a table file, from its extension; anything unknown is an "unsupported-format" error. */
export function tableFormatOf(file: string): TableFormat {
  const extension = extname(file).toLowerCase();
  const format = FORMATS[extension];
  if (format === undefined) {
    const what = extension === "" ? "a file without extension" : `'${extension}' files`;
    throw new SosieInputError("unsupported-format", `sosie cannot read ${what}; use .csv, .tsv, .txt or .parquet`, {
      file,
    });
  }
  return format;
}

/** The format of an output table file; the message says what sosie writes, not what it reads. */
export function outputTableFormatOf(file: string): TableFormat {
  const extension = extname(file).toLowerCase();
  const format = FORMATS[extension];
  if (format !== undefined) return format;
  const message =
    extension === ""
      ? "the output needs a file name ending in .csv or .parquet (or .tsv, .txt)"
      : `sosie cannot write '${extension}' files; it writes .csv, .tsv, .txt or .parquet`;
  throw new SosieInputError("unsupported-format", message, { file });
}

export type CsvFileOptions = Omit<NonNullable<ConstructorParameters<typeof CsvReader>[0]>, "source">;

/** A table file as read: CSV stays raw (kinds still to infer); Parquet arrives typed. */
export type TableFile = { format: "csv"; raw: RawTable } | { format: "parquet"; table: Table };

/** Reads a CSV/TSV/TXT or Parquet file, chosen by extension. `file` labels every error. */
export async function readTableFile(
  file: string,
  csvOptions: CsvFileOptions = {},
  report: ReportFraction = () => {},
): Promise<TableFile> {
  const format = tableFormatOf(file);
  if (format === "parquet") return { format, table: await readParquetFile(file) };
  return { format, raw: await readCsvFile(file, csvOptions, report) };
}

/**
 * Streams a text table into core's CsvReader in ~1 MB chunks, so memory holds the parsed
 * columns and one chunk, never the whole file text. A tab delimiter is the default for .tsv.
 */
export async function readCsvFile(
  file: string,
  options: CsvFileOptions = {},
  report: ReportFraction = () => {},
): Promise<RawTable> {
  const size = await regularFileSize(file);
  const delimiter = options.delimiter ?? (extname(file).toLowerCase() === ".tsv" ? "\t" : undefined);
  const reader = new CsvReader({ ...options, ...(delimiter === undefined ? {} : { delimiter }), source: file });
  let done = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK_BYTES })) {
      reader.push(chunk as Uint8Array);
      done += (chunk as Uint8Array).length;
      report(size === 0 ? 1 : done / size);
    }
    return reader.end();
  } catch (error) {
    throw locate(file, describeFileError(file, error));
  }
}

/** Reads a whole Parquet file (its footer is at the end, so it cannot be streamed from the start). */
export async function readParquetFile(file: string): Promise<Table> {
  await regularFileSize(file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw describeFileError(file, error);
  }
  try {
    return await readParquet(bytes, { source: file });
  } catch (error) {
    if (error instanceof SosieInputError) throw locate(file, error);
    // The Parquet decoder's own errors describe the file structure, never cell values.
    const reason = error instanceof Error ? error.message : String(error);
    throw new FileError(file, `not a readable Parquet file (${reason})`);
  }
}

/** Core readers may not know the file name; make sure every input error names it. */
function locate(file: string, error: unknown): unknown {
  if (error instanceof SosieInputError && error.location.file === undefined) return error.withFile(file);
  return error;
}
