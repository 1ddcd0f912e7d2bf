/**
 * Parquet codec on bytes (the CLI reads and writes the files): hyparquet-writer to write,
 * hyparquet to read, both pure JS and browser-safe.
 *
 * Written types: continuous → DOUBLE; integer → INT32 when every value fits, else INT64;
 * categorical, identifier, text → BYTE_ARRAY STRING (the writer dictionary-encodes repeated
 * strings); boolean → BOOLEAN; date → INT32 DATE; datetime → INT64 TIMESTAMP(UTC, MILLIS, or
 * MICROS when some value has sub-millisecond digits). A column with missing values is OPTIONAL
 * (missing = null), else REQUIRED. The file's key-value metadata holds, under
 * `SOSIE_COLUMNS_KEY`, a JSON array of the column descriptions (with categorical levels, so that
 * unused levels and their order survive), which makes Table → Parquet → Table exact.
 *
 * Files without that key map by type as Arrow tables do (see table/arrow.ts): integer types →
 * integer (INT64 beyond 2^53 → identifier strings with every digit), FLOAT/DOUBLE/DECIMAL/FLOAT16
 * → continuous (NaN read as missing), BOOLEAN → boolean, DATE → date, TIMESTAMP/INT96 →
 * datetime, UUID → identifier, strings → categorical or text (`stringColumnKind`). Nested,
 * repeated, TIME, JSON, BSON, INTERVAL and geospatial columns are refused.
 */
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData, type SchemaElement } from "hyparquet";
import { parquetWriteBuffer, type ColumnSource } from "hyparquet-writer";
import { SosieInputError, type InputLocation } from "../errors.ts";
import { type Column, categoricalColumn } from "../table/column.ts";
import type { Table } from "../table/table.ts";
import {
  TICKS_PER_SECOND,
  columnFromDecoded,
  decodeInt64,
  describeColumn,
  fitsInt32,
  maskNaN,
  parseColumnDescription,
  tableFromReadColumns,
  timestampUnit,
  type ColumnDescription,
  type DecodedColumn,
} from "../table/arrow.ts";

/** Key of the file key-value metadata entry holding the column descriptions. */
export const SOSIE_COLUMNS_KEY = "sosie:columns";

/** Codecs hyparquet reads and writes without extra compressors. */
export type ParquetCompression = "snappy" | "uncompressed";

export interface WriteParquetOptions {
  /** Default "snappy". */
  compression?: ParquetCompression;
  /**
   * Min/max/null-count statistics per column chunk, which let other engines skip row groups.
   * Off by default: they cost about as much as the encoding, and put extreme values in the footer.
   */
  statistics?: boolean;
  /**
   * "drop": categorical levels no row takes are left out of the file's column descriptions. For a
   * synthetic table: its levels are the real domain's, whose unused ones (the rare levels a privacy
   * preset never emits, a suppressed column's) are real values. Default "keep" (exact round trip).
   */
  unusedLevels?: "keep" | "drop";
}

export interface ReadParquetOptions {
  /** File name or label used in error messages; default "<input>". */
  source?: string;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** `table` as the bytes of a Parquet file. */
export function writeParquet(table: Table, options: WriteParquetOptions = {}): Uint8Array {
  const written = options.unusedLevels === "drop" ? table.columns.map(withUsedLevelsOnly) : table.columns;
  const columns = written.map(parquetColumn);
  const descriptions = written.map((c) => ({ name: c.name, ...describeColumn(c, true) }));
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => c.source),
    schema: [{ name: "root", num_children: columns.length }, ...columns.map((c) => c.element)],
    codec: options.compression === "uncompressed" ? "UNCOMPRESSED" : "SNAPPY",
    statistics: options.statistics ?? false,
    kvMetadata: [{ key: SOSIE_COLUMNS_KEY, value: JSON.stringify(descriptions) }],
    createdBy: "sosie",
  });
  return new Uint8Array(buffer);
}

/** A categorical column with only the levels its rows take, in their order; other columns as they are. */
function withUsedLevelsOnly(c: Column): Column {
  if (c.kind !== "categorical") return c;
  const used = new Uint8Array(c.levels.length);
  for (let i = 0; i < c.length; i++) if (!c.missing[i]) used[c.codes[i]] = 1;
  if (used.every((u) => u === 1)) return c;
  const newCode = new Int32Array(c.levels.length).fill(-1);
  const levels: string[] = [];
  c.levels.forEach((level, l) => {
    if (used[l]) newCode[l] = levels.push(level) - 1;
  });
  const codes = Int32Array.from(c.codes, (code, i) => (c.missing[i] ? -1 : newCode[code]));
  return categoricalColumn(c.name, codes, levels, { ordered: c.ordered, missing: c.missing.slice() });
}

interface ParquetColumn {
  element: SchemaElement;
  source: ColumnSource;
}

function parquetColumn(c: Column): ParquetColumn {
  const optional = c.missing.includes(1);
  const repetition_type = optional ? "OPTIONAL" : "REQUIRED";
  const column = (
    element: Omit<SchemaElement, "name" | "repetition_type">,
    data: ColumnSource["data"],
  ): ParquetColumn => ({
    element: { name: c.name, repetition_type, ...element },
    source: { name: c.name, data },
  });
  // Typed arrays when nothing is missing (no copy, no boxing); arrays with nulls otherwise.
  const withNulls = <T>(read: (i: number) => T): (T | null)[] => {
    const out = new Array<T | null>(c.length);
    for (let i = 0; i < c.length; i++) out[i] = c.missing[i] ? null : read(i);
    return out;
  };
  switch (c.kind) {
    case "continuous":
      return column({ type: "DOUBLE" }, optional ? withNulls((i) => c.values[i]) : c.values);
    case "integer": {
      if (fitsInt32(c.values, c.missing))
        return column({ type: "INT32" }, optional ? withNulls((i) => c.values[i]) : new Int32Array(c.values));
      const logical_type = { type: "INTEGER", bitWidth: 64, isSigned: true } as const;
      return column(
        { type: "INT64", converted_type: "INT_64", logical_type },
        optional ? withNulls((i) => BigInt(c.values[i])) : BigInt64Array.from(c.values, (v) => BigInt(v)),
      );
    }
    case "categorical":
      return column(
        STRING,
        withNulls((i) => c.levels[c.codes[i]]),
      );
    case "boolean":
      return column(
        { type: "BOOLEAN" },
        withNulls((i) => c.values[i] === 1),
      );
    case "date":
      return column(
        { type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" } },
        optional ? withNulls((i) => c.values[i]) : new Int32Array(c.values),
      );
    case "datetime": {
      const unit = timestampUnit(c.values, c.missing);
      const ticks = TICKS_PER_SECOND[unit];
      const millis = unit === "milliseconds";
      return column(
        {
          type: "INT64",
          converted_type: millis ? "TIMESTAMP_MILLIS" : "TIMESTAMP_MICROS",
          logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: millis ? "MILLIS" : "MICROS" },
        },
        withNulls((i) => BigInt(Math.round(c.values[i] * ticks))),
      );
    }
    case "identifier":
    case "text":
      return column(STRING, optional ? withNulls((i) => c.values[i]) : [...c.values]);
  }
}

const STRING = { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } } as const;

// ---------------------------------------------------------------------------------------------
// Reading

/** A table from the bytes of a Parquet file; exact for files written by `writeParquet`. */
export async function readParquet(bytes: Uint8Array | ArrayBuffer, options: ReadParquetOptions = {}): Promise<Table> {
  const file = options.source ?? "<input>";
  const buffer = ownArrayBuffer(bytes);
  const metadata = readMetadata(buffer, file);
  const nRows = Number(metadata.num_rows);
  const leaves = flatColumns(metadata, file);
  const descriptions = readDescriptions(metadata, file);
  checkCodecs(metadata, file);

  const chunks = new Map<string, Chunk[]>();
  for (const { element } of leaves) chunks.set(element.name, []);
  try {
    await parquetRead({
      file: buffer,
      metadata,
      parsers: TEMPORAL_AS_NUMBERS,
      onChunk: (chunk) => chunks.get(chunk.columnName)?.push({ rowStart: chunk.rowStart, values: chunk.columnData }),
    });
  } catch {
    throw new SosieInputError(
      "unsupported-format",
      "Parquet data pages could not be decoded (corrupt or truncated file)",
      {
        file,
      },
    );
  }
  const columns = leaves.map(({ element }) => {
    const where: InputLocation = { file, column: element.name };
    const decoded = decodeParquetColumn(element, chunks.get(element.name)!, nRows, where);
    return columnFromDecoded(element.name, decoded, descriptions?.get(element.name), { file });
  });
  return tableFromReadColumns(columns, nRows, { file });
}

/** Temporal values as plain numbers (days, seconds) rather than Date objects, which drop digits. */
const TEMPORAL_AS_NUMBERS = {
  dateFromDays: (days: number) => days,
  timestampFromMilliseconds: (ms: bigint) => Number(ms) / 1e3,
  timestampFromMicroseconds: (us: bigint) => Number(us) / 1e6,
  timestampFromNanoseconds: (ns: bigint) => Number(ns) / 1e9,
};

function ownArrayBuffer(bytes: Uint8Array | ArrayBuffer): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer)
    return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1" at both ends of every Parquet file

function readMetadata(buffer: ArrayBuffer, file: string): FileMetaData {
  const notParquet = () =>
    new SosieInputError("unsupported-format", "not a Parquet file, or a truncated one (no PAR1 markers and footer)", {
      file,
    });
  const view = new Uint8Array(buffer);
  if (view.length < 12) throw notParquet();
  for (let k = 0; k < 4; k++) if (view[k] !== MAGIC[k] || view[view.length - 4 + k] !== MAGIC[k]) throw notParquet();
  try {
    return parquetMetadata(buffer);
  } catch {
    throw notParquet();
  }
}

/** Top-level columns; only flat, non-repeated ones are tables' columns. */
function flatColumns(metadata: FileMetaData, file: string): { element: SchemaElement }[] {
  return parquetSchema(metadata).children.map((child) => {
    if (child.children.length > 0 || child.element.repetition_type === "REPEATED")
      throw new SosieInputError("unsupported-format", "nested or repeated Parquet columns are not supported", {
        file,
        column: child.element.name,
      });
    return { element: child.element };
  });
}

function readDescriptions(metadata: FileMetaData, file: string): Map<string, ColumnDescription> | undefined {
  const entry = metadata.key_value_metadata?.find((kv) => kv.key === SOSIE_COLUMNS_KEY);
  if (entry?.value === undefined) return undefined;
  const invalid = () =>
    new SosieInputError("invalid-metadata", `"${SOSIE_COLUMNS_KEY}" is not a list of column descriptions`, { file });
  let parsed: unknown;
  try {
    parsed = JSON.parse(entry.value);
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed)) throw invalid();
  const descriptions = new Map<string, ColumnDescription>();
  for (const item of parsed) {
    const name = (item as { name?: unknown } | null)?.name;
    if (typeof name !== "string") throw invalid();
    descriptions.set(name, parseColumnDescription(item, { file, column: name }));
  }
  return descriptions;
}

function checkCodecs(metadata: FileMetaData, file: string): void {
  for (const group of metadata.row_groups)
    for (const chunk of group.columns) {
      const codec = chunk.meta_data?.codec;
      if (codec !== undefined && codec !== "SNAPPY" && codec !== "UNCOMPRESSED")
        throw new SosieInputError(
          "unsupported-format",
          `Parquet compression ${codec} is not supported (use SNAPPY or none)`,
          {
            file,
            column: chunk.meta_data?.path_in_schema.join("."),
          },
        );
    }
}

interface Chunk {
  rowStart: number;
  values: ArrayLike<unknown>;
}

/**
 * Calls `visit` with every value of a column and its row, chunk by chunk (row groups), so that
 * values go straight into typed arrays without an intermediate boxed array.
 */
function forEachValue(chunks: readonly Chunk[], nRows: number, visit: (value: unknown, row: number) => void): void {
  for (const { rowStart, values } of chunks) {
    const end = Math.min(values.length, nRows - rowStart);
    for (let i = 0; i < end; i++) visit(values[i], rowStart + i);
  }
}

/** Storage values of one column, by its physical and logical type, as a decoded column. */
function decodeParquetColumn(
  element: SchemaElement,
  chunks: readonly Chunk[],
  n: number,
  where: InputLocation,
): DecodedColumn {
  // Rows no chunk covers stay missing.
  const missing = new Uint8Array(n).fill(1);
  forEachValue(chunks, n, (v, row) => {
    if (v !== null && v !== undefined) missing[row] = 0;
  });
  const unsupported = (what: string) =>
    new SosieInputError("unsupported-format", `Parquet ${what} columns are not supported`, where);
  const numbers = (): Float64Array => {
    const out = new Float64Array(n);
    forEachValue(chunks, n, (v, row) => {
      if (typeof v === "number") out[row] = v;
      else if (typeof v === "bigint") out[row] = Number(v);
      else if (!missing[row]) throw unsupported(`${element.type} with non-numeric values`);
    });
    return out;
  };
  const strings = (): string[] => {
    const out = new Array<string>(n).fill("");
    forEachValue(chunks, n, (v, row) => {
      if (typeof v === "string") out[row] = v;
      else if (!missing[row]) throw unsupported("binary (non-text)");
    });
    return out;
  };
  const boxed = (): unknown[] => {
    const out = new Array<unknown>(n).fill(null);
    forEachValue(chunks, n, (v, row) => {
      out[row] = v;
    });
    return out;
  };

  const { type, converted_type: converted, logical_type: logical } = element;
  if (converted === "TIME_MILLIS" || converted === "TIME_MICROS" || logical?.type === "TIME") throw unsupported("TIME");
  if (converted === "JSON" || converted === "BSON" || logical?.type === "JSON" || logical?.type === "BSON")
    throw unsupported(logical?.type ?? converted ?? "JSON");
  if (converted === "INTERVAL" || logical?.type === "INTERVAL") throw unsupported("INTERVAL");
  if (logical?.type === "GEOMETRY" || logical?.type === "GEOGRAPHY" || logical?.type === "VARIANT")
    throw unsupported(logical.type);

  if (converted === "DATE" || logical?.type === "DATE") return { form: "days", values: numbers(), missing };
  if (
    converted === "TIMESTAMP_MILLIS" ||
    converted === "TIMESTAMP_MICROS" ||
    logical?.type === "TIMESTAMP" ||
    type === "INT96"
  )
    return { form: "seconds", values: numbers(), missing };
  if (
    converted === "DECIMAL" ||
    logical?.type === "DECIMAL" ||
    logical?.type === "FLOAT16" ||
    type === "FLOAT" ||
    type === "DOUBLE"
  ) {
    const out = numbers();
    maskNaN(out, missing, where);
    return { form: "float", values: out, missing };
  }
  if (logical?.type === "UUID") return { form: "identifier", values: strings(), missing };
  switch (type) {
    case "BOOLEAN": {
      const out = new Uint8Array(n);
      forEachValue(chunks, n, (v, row) => {
        out[row] = v === true ? 1 : 0;
      });
      return { form: "boolean", values: out, missing };
    }
    case "INT32":
      return { form: "integer", values: numbers(), missing };
    case "INT64": {
      return { ...decodeInt64(boxed() as (bigint | null)[], missing), missing };
    }
    case "BYTE_ARRAY":
    case "FIXED_LEN_BYTE_ARRAY":
      return { form: "string", values: strings(), missing };
    default:
      throw unsupported(String(type));
  }
}
