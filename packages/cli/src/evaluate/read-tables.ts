/**
 * The three tables of an evaluation decoded with one metadata: the real table's (inferred, or
 * corrected with --metadata), so that a column has the same kind in R, H and S. H and S may use
 * categories or missing-value texts R does not: those are added to the metadata they are decoded
 * with (after R's levels, so R's codes do not move) rather than refused.
 */
import {
  type ColumnMetadata,
  type Metadata,
  type RawTable,
  SosieInputError,
  type Table,
  decodeTable,
  inferMetadata,
} from "@sosie/core";
import { readCsvFile, readParquetFile, tableFormatOf } from "../files.ts";
import { metadataFromTable } from "../inspect/metadata-from-table.ts";
import type { Progress } from "../progress.ts";
import { readInputTable, readRawInput } from "../input-table.ts";

export interface EvaluationFiles {
  readonly real: string;
  readonly synthetic: string;
  readonly holdout?: string;
  readonly metadata?: string;
}

export interface DecodedTables {
  readonly real: Table;
  readonly synthetic: Table;
  readonly holdout?: Table;
  /** The metadata R was decoded with (roles name quasi-identifiers and sensitive columns). */
  readonly metadata: Metadata;
}

export async function readEvaluationTables(files: EvaluationFiles, progress: Progress): Promise<DecodedTables> {
  let real: Table;
  let metadata: Metadata;
  if (tableFormatOf(files.real) === "parquet") {
    real = (await readInputTable(files.real, files.metadata, progress, "evaluate")).table;
    metadata = metadataFromTable(real);
  } else {
    const input = await readRawInput(files.real, files.metadata, progress);
    metadata = input.metadata;
    const decodeWith = metadata;
    real = await progress.step(`decode ${files.real}`, () => decodeTable(input.raw, decodeWith));
  }
  const synthetic = await readLike(files.synthetic, real, metadata, progress);
  const holdout = files.holdout === undefined ? undefined : await readLike(files.holdout, real, metadata, progress);
  return { real, synthetic, metadata, ...(holdout === undefined ? {} : { holdout }) };
}

/** Another table of the evaluation, decoded like R and checked against R's columns. */
async function readLike(file: string, real: Table, metadata: Metadata, progress: Progress): Promise<Table> {
  let table: Table;
  if (tableFormatOf(file) === "parquet") table = await progress.step(`read ${file}`, () => readParquetFile(file));
  else {
    const raw = await progress.step(`read ${file}`, (report) => readCsvFile(file, {}, report));
    table = await progress.step(`decode ${file}`, () => decodeTable(raw, widenedMetadata(metadata, raw)));
  }
  checkSameColumns(file, real, table);
  return table.pick(real.names);
}

/**
 * `metadata` with each categorical's unseen texts of `raw` as extra levels and its missing texts
 * added; free-text columns accept ∅.
 */
export function widenedMetadata(metadata: Metadata, raw: RawTable): Metadata {
  const own = new Map(inferMetadata(raw).metadata.columns.map((c) => [c.name, c]));
  const columns = metadata.columns.map((meta): ColumnMetadata => {
    const rc = raw.columns.find((c) => c.name === meta.name);
    if (rc === undefined) return meta;
    const missingTokens = union(
      meta.missingTokens ?? metadata.missingTokens ?? [""],
      own.get(meta.name)?.missingTokens ?? [],
    );
    // Free text is never learned: generators write it as ∅ (or a placeholder), whatever R held.
    if (meta.kind === "text") return { ...meta, missingTokens, nullable: true };
    if (meta.kind !== "categorical" || meta.levels === undefined) return { ...meta, missingTokens };
    const missing = new Set(missingTokens);
    const known = new Set(meta.levels);
    const extra = rc.dictionary.filter((text, e) => rc.counts[e] > 0 && !missing.has(text) && !known.has(text));
    return { ...meta, missingTokens, levels: [...meta.levels, ...extra] };
  });
  return { ...metadata, columns };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** The same column names (in any order) with the same kinds as R. */
function checkSameColumns(file: string, real: Table, table: Table): void {
  for (const column of real.columns) {
    if (!table.has(column.name))
      throw new SosieInputError("metadata-mismatch", "the real table has this column and this file does not", {
        file,
        column: column.name,
      });
    const kind = table.column(column.name).kind;
    if (kind !== column.kind)
      throw new SosieInputError(
        "metadata-mismatch",
        `the column is ${kind} here and ${column.kind} in the real table`,
        {
          file,
          column: column.name,
        },
      );
  }
  for (const name of table.names)
    if (!real.has(name))
      throw new SosieInputError("metadata-mismatch", "this file has a column the real table does not", {
        file,
        column: name,
      });
}
