/**
 * Conversion between Sosie tables and Apache Arrow tables, plus the pieces that the Parquet codec
 * shares with it: the JSON column description kept in file metadata, and the mapping from
 * decoded storage values (numbers, 64-bit integers, strings, dictionaries, days, seconds) to
 * Sosie columns.
 *
 * Sosie → Arrow:
 *   continuous → Float64; integer → Int32 when every value fits, else Float64;
 *   categorical → Dictionary<Utf8, Int32> (dictionary = levels, in order, unused ones included);
 *   boolean → Bool; date → DateDay; datetime → Timestamp(ms, "UTC"), or µs when some value has
 *   sub-millisecond digits; identifier and text → Utf8. Masked values become Arrow nulls.
 *   Each field carries the column description as JSON under `SOSIE_COLUMN_KEY`, so that
 *   Table → Arrow → Table is exact.
 *
 * Arrow → Sosie without that metadata (tables from other tools), by type:
 *   Int8–32, Uint8–32 → integer; Int64, Uint64 → integer when every value is a safe integer
 *   (|v| ≤ 2^53 − 1), else identifier strings with every digit; Float → continuous (NaN is
 *   read as missing); Bool → boolean; Date → date; Timestamp (any unit, any zone) → datetime;
 *   Dictionary → categorical; Utf8/LargeUtf8/Utf8View → see `stringColumnKind`; Null → an
 *   empty categorical. Other types (Decimal, Binary, List, Struct, ...) are refused.
 */
import {
  Bool,
  DataType,
  DateDay,
  DateUnit,
  Dictionary,
  Field,
  Float64,
  Int32,
  Precision,
  RecordBatch,
  Schema,
  Struct,
  Table as ArrowTable,
  TimeUnit,
  TimestampMicrosecond,
  TimestampMillisecond,
  Utf8,
  makeData,
  makeVector,
  type Data,
  type Vector,
} from "apache-arrow";
import { SosieInputError, type InputLocation } from "../errors.ts";
import {
  COLUMN_KINDS,
  booleanColumn,
  categoricalColumn,
  numericColumn,
  stringColumn,
  temporalColumn,
  type Column,
  type ColumnKind,
} from "./column.ts";
import { Table } from "./table.ts";

// ---------------------------------------------------------------------------------------------
// Column descriptions: everything about a column that its storage type does not say.

/** Arrow field metadata key holding the column description as JSON. */
export const SOSIE_COLUMN_KEY = "sosie:column";

/** Text formats given to temporal columns read without a description (ISO 8601). */
export const DEFAULT_DATE_FORMAT = "YYYY-MM-DD";
export const DEFAULT_DATETIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ";

/** A string column without a description is categorical up to this many distinct values. */
export const MAX_INFERRED_LEVELS = 1000;

export interface ColumnDescription {
  kind: ColumnKind;
  decimals?: number;
  tokens?: [falseToken: string, trueToken: string];
  format?: string;
  ordered?: boolean;
  /** Categorical levels in order; needed where the storage has no dictionary (Parquet strings). */
  levels?: string[];
}

/** The description of `c`; `withLevels` adds categorical levels (for storage without dictionaries). */
export function describeColumn(c: Column, withLevels = false): ColumnDescription {
  switch (c.kind) {
    case "continuous":
    case "integer":
      return c.decimals === undefined ? { kind: c.kind } : { kind: c.kind, decimals: c.decimals };
    case "categorical":
      return withLevels ? { kind: c.kind, ordered: c.ordered, levels: [...c.levels] } : { kind: c.kind, ordered: c.ordered };
    case "boolean":
      return { kind: c.kind, tokens: [c.tokens[0], c.tokens[1]] };
    case "date":
    case "datetime":
      return { kind: c.kind, format: c.format };
    case "identifier":
    case "text":
      return { kind: c.kind };
  }
}

/** Validates a parsed description; anything malformed is "invalid-metadata". */
export function parseColumnDescription(value: unknown, location: InputLocation): ColumnDescription {
  const invalid = (what: string) => new SosieInputError("invalid-metadata", `Sosie column description: ${what}`, location);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("not an object");
  const v = value as Record<string, unknown>;
  if (typeof v.kind !== "string" || !(COLUMN_KINDS as readonly string[]).includes(v.kind)) throw invalid("unknown kind");
  const d: ColumnDescription = { kind: v.kind as ColumnKind };
  if (v.decimals !== undefined) {
    if (typeof v.decimals !== "number" || !Number.isInteger(v.decimals) || v.decimals < 0) throw invalid("decimals");
    d.decimals = v.decimals;
  }
  if (v.tokens !== undefined) {
    if (!Array.isArray(v.tokens) || v.tokens.length !== 2 || !v.tokens.every((t) => typeof t === "string"))
      throw invalid("tokens");
    d.tokens = [v.tokens[0], v.tokens[1]];
  }
  if (v.format !== undefined) {
    if (typeof v.format !== "string") throw invalid("format");
    d.format = v.format;
  }
  if (v.ordered !== undefined) {
    if (typeof v.ordered !== "boolean") throw invalid("ordered");
    d.ordered = v.ordered;
  }
  if (v.levels !== undefined) {
    if (!Array.isArray(v.levels) || !v.levels.every((l) => typeof l === "string")) throw invalid("levels");
    if (new Set(v.levels).size !== v.levels.length) throw invalid("duplicate levels");
    d.levels = [...(v.levels as string[])];
  }
  return d;
}

/** Parses description JSON (invalid JSON is "invalid-metadata" too). */
export function parseColumnDescriptionJson(json: string, location: InputLocation): ColumnDescription {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new SosieInputError("invalid-metadata", "Sosie column description is not valid JSON", location);
  }
  return parseColumnDescription(value, location);
}

// ---------------------------------------------------------------------------------------------
// Decoded columns: storage values already turned into plain JS arrays, with a missing mask.

export type DecodedValues =
  | { form: "float"; values: Float64Array }
  | { form: "integer"; values: Float64Array }
  /** 64-bit integers beyond 2^53 as decimal strings, and UUIDs. */
  | { form: "identifier"; values: string[] }
  | { form: "boolean"; values: Uint8Array }
  | { form: "string"; values: string[] }
  | { form: "dictionary"; codes: Int32Array; levels: string[]; ordered: boolean }
  /** Days since 1970-01-01. */
  | { form: "days"; values: Float64Array }
  /** Seconds since 1970-01-01T00:00:00Z. */
  | { form: "seconds"; values: Float64Array };

/** Decoded values plus the mask; slots under the mask may hold anything. */
export type DecodedColumn = DecodedValues & { missing: Uint8Array };

/**
 * Kind of a string column read without a description: categorical when it has at most
 * `MAX_INFERRED_LEVELS` distinct values and at most half as many distinct values as non-missing
 * values, else text. (The full CSV inference, with dates and numbers in text, lives in schema/.)
 */
export function stringColumnKind(values: readonly string[], missing: Uint8Array): "categorical" | "text" {
  const distinct = new Set<string>();
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) continue;
    present++;
    distinct.add(values[i]);
    if (distinct.size > MAX_INFERRED_LEVELS) return "text";
  }
  return 2 * distinct.size <= present ? "categorical" : "text";
}

/**
 * 64-bit integers: numbers when every present value is a safe integer, else decimal strings so
 * that identifiers such as OMOP ids keep every digit.
 */
export function decodeInt64(values: ArrayLike<bigint | null | undefined>, missing: Uint8Array): DecodedValues {
  const n = values.length;
  let safe = true;
  for (let i = 0; i < n && safe; i++) {
    const v = values[i];
    if (!missing[i] && (v! > MAX_SAFE || v! < -MAX_SAFE)) safe = false;
  }
  if (safe) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = missing[i] ? NaN : Number(values[i]);
    return { form: "integer", values: out };
  }
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = missing[i] ? "" : values[i]!.toString();
  return { form: "identifier", values: out };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Floats from other tools: NaN means missing; infinities have no Sosie representation. */
export function maskNaN(values: Float64Array, missing: Uint8Array, location: InputLocation): void {
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) continue;
    const v = values[i];
    if (Number.isNaN(v)) missing[i] = 1;
    else if (!Number.isFinite(v))
      throw new SosieInputError("invalid-value", `infinite number at row ${i + 1}`, location);
  }
}

function defaultKind(d: DecodedColumn): ColumnKind {
  switch (d.form) {
    case "float":
      return "continuous";
    case "integer":
      return "integer";
    case "identifier":
      return "identifier";
    case "boolean":
      return "boolean";
    case "string":
      return stringColumnKind(d.values, d.missing);
    case "dictionary":
      return "categorical";
    case "days":
      return "date";
    case "seconds":
      return "datetime";
  }
}

/** The decoded values as strings (for identifier, text and categorical kinds), or undefined. */
function decodedStrings(d: DecodedColumn): string[] | undefined {
  switch (d.form) {
    case "string":
    case "identifier":
      return d.values;
    case "integer":
      return Array.from(d.values, (v, i) => (d.missing[i] ? "" : String(v)));
    case "dictionary":
      return Array.from(d.codes, (c, i) => (d.missing[i] || c < 0 ? "" : d.levels[c]));
    default:
      return undefined;
  }
}

/** Codes of `values` into `levels`; a present value outside them is a metadata mismatch. */
function encodeLevels(values: readonly string[], missing: Uint8Array, levels: readonly string[], location: InputLocation): Int32Array {
  const index = new Map<string, number>();
  levels.forEach((l, i) => index.set(l, i));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) {
      codes[i] = -1;
      continue;
    }
    const code = index.get(values[i]);
    if (code === undefined)
      throw new SosieInputError("metadata-mismatch", `row ${i + 1} holds a value outside the described levels`, location);
    codes[i] = code;
  }
  return codes;
}

function sortedDistinct(values: readonly string[], missing: Uint8Array): string[] {
  const distinct = new Set<string>();
  for (let i = 0; i < values.length; i++) if (!missing[i]) distinct.add(values[i]);
  // Code-unit order: deterministic and independent of row order and locale.
  return [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A Sosie column from decoded storage values. With a description its kind, decimals, tokens,
 * format, ordering and levels are restored; without one the kind follows from the storage form.
 */
export function columnFromDecoded(
  name: string,
  decoded: DecodedColumn,
  description: ColumnDescription | undefined,
  location: InputLocation = {},
): Column {
  const where: InputLocation = { ...location, column: name };
  const kind = description?.kind ?? defaultKind(decoded);
  const mismatch = () =>
    new SosieInputError("metadata-mismatch", `stored ${decoded.form} values cannot hold a ${kind} column`, where);
  const missing = decoded.missing;
  switch (kind) {
    case "continuous":
    case "integer":
      if (decoded.form !== "float" && decoded.form !== "integer") throw mismatch();
      return numericColumn(name, decoded.values, { kind, missing, decimals: description?.decimals });
    case "categorical": {
      const ordered = description?.ordered ?? (decoded.form === "dictionary" && decoded.ordered);
      if (decoded.form === "dictionary" && description?.levels === undefined)
        return categoricalColumn(name, decoded.codes, decoded.levels, { ordered, missing });
      const values = decodedStrings(decoded);
      if (values === undefined) throw mismatch();
      const levels = description?.levels ?? sortedDistinct(values, missing);
      return categoricalColumn(name, encodeLevels(values, missing, levels, where), levels, { ordered, missing });
    }
    case "boolean":
      if (decoded.form !== "boolean") throw mismatch();
      return booleanColumn(name, decoded.values, { missing, tokens: description?.tokens });
    case "date":
      if (decoded.form !== "days") throw mismatch();
      return temporalColumn(name, kind, decoded.values, description?.format ?? DEFAULT_DATE_FORMAT, { missing });
    case "datetime":
      if (decoded.form !== "seconds") throw mismatch();
      return temporalColumn(name, kind, decoded.values, description?.format ?? DEFAULT_DATETIME_FORMAT, { missing });
    case "identifier":
    case "text": {
      const values = decodedStrings(decoded);
      if (values === undefined) throw mismatch();
      return stringColumn(name, kind, decoded.form === "string" || decoded.form === "identifier" ? values : [...values], {
        missing,
      });
    }
  }
}

/** A table from read columns, refusing duplicate names as input errors rather than RangeErrors. */
export function tableFromReadColumns(columns: Column[], nRows: number, location: InputLocation = {}): Table {
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new SosieInputError("duplicate-header", "duplicate column name", { ...location, column: c.name });
    seen.add(c.name);
  }
  return new Table(columns, nRows);
}

/**
 * Timestamp resolution for datetime seconds: milliseconds when every value is a whole number of
 * them (then seconds → ms → seconds is exact), else microseconds (finer digits are rounded).
 */
export function timestampUnit(values: Float64Array, missing: Uint8Array): "milliseconds" | "microseconds" {
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) continue;
    const v = values[i];
    if (Math.round(v * 1000) / 1000 !== v) return "microseconds";
  }
  return "milliseconds";
}

export const TICKS_PER_SECOND = { milliseconds: 1000, microseconds: 1_000_000 } as const;

// ---------------------------------------------------------------------------------------------
// Sosie → Arrow

/** An Arrow table holding `table`, with each column's description in its field metadata. */
export function tableToArrow(table: Table): ArrowTable {
  const fields: Field[] = [];
  const children: Data[] = [];
  table.columns.forEach((c, i) => {
    const data = arrowData(c, i);
    const metadata = new Map([[SOSIE_COLUMN_KEY, JSON.stringify(describeColumn(c))]]);
    fields.push(new Field(c.name, data.type, true, metadata));
    children.push(data);
  });
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: table.nRows, nullCount: 0, children });
  return new ArrowTable(schema, [new RecordBatch(schema, struct)]);
}

function arrowData(c: Column, columnIndex: number): Data {
  const validity = validityBitmap(c.missing);
  const length = c.length;
  switch (c.kind) {
    case "continuous":
      return makeData({ type: new Float64(), length, ...validity, data: c.values });
    case "integer":
      if (fitsInt32(c.values, c.missing)) return makeData({ type: new Int32(), length, ...validity, data: new Int32Array(c.values) }); // NaN → 0
      return makeData({ type: new Float64(), length, ...validity, data: c.values });
    case "categorical": {
      // Arrow leaves null slots undefined, but some readers bound-check them: store 0, not -1.
      const codes = c.codes.slice();
      for (let i = 0; i < length; i++) if (codes[i] < 0) codes[i] = 0;
      const dictionary = makeVector(utf8Data(c.levels, new Uint8Array(c.levels.length)));
      const type = new Dictionary(new Utf8(), new Int32(), columnIndex, c.ordered);
      return makeData({ type, length, ...validity, data: codes, dictionary });
    }
    case "boolean":
      return makeData({ type: new Bool(), length, ...validity, data: packBits(c.values) });
    case "date":
      return makeData({ type: new DateDay(), length, ...validity, data: new Int32Array(c.values) }); // NaN → 0
    case "datetime": {
      const unit = timestampUnit(c.values, c.missing);
      const ticks = TICKS_PER_SECOND[unit];
      const type = unit === "milliseconds" ? new TimestampMillisecond("UTC") : new TimestampMicrosecond("UTC");
      const data = new BigInt64Array(length);
      for (let i = 0; i < length; i++) if (!c.missing[i]) data[i] = BigInt(Math.round(c.values[i] * ticks));
      return makeData({ type, length, ...validity, data });
    }
    case "identifier":
    case "text":
      return utf8Data(c.values, c.missing);
  }
}

/** Whether every present value is an integer in the Int32 range. */
export function fitsInt32(values: Float64Array, missing: Uint8Array): boolean {
  for (let i = 0; i < values.length; i++) {
    if (missing[i]) continue;
    const v = values[i];
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) return false;
  }
  return true;
}

/** Arrow validity bitmap (bit set = present); omitted when nothing is missing. */
function validityBitmap(missing: Uint8Array): { nullCount: number; nullBitmap?: Uint8Array } {
  let nullCount = 0;
  for (let i = 0; i < missing.length; i++) nullCount += missing[i];
  if (nullCount === 0) return { nullCount };
  const present = new Uint8Array(missing.length);
  for (let i = 0; i < missing.length; i++) present[i] = missing[i] ? 0 : 1;
  return { nullCount, nullBitmap: packBits(present) };
}

/** LSB-first bit packing, as Arrow lays out booleans and validity. */
function packBits(bits: Uint8Array): Uint8Array {
  const out = new Uint8Array((bits.length + 7) >> 3);
  for (let i = 0; i < bits.length; i++) if (bits[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}

function utf8Data(values: readonly string[], missing: Uint8Array): Data<Utf8> {
  const encoder = new TextEncoder();
  const n = values.length;
  const valueOffsets = new Int32Array(n + 1);
  let capacity = 0;
  for (let i = 0; i < n; i++) if (!missing[i]) capacity += values[i].length * 3; // UTF-8 worst case per UTF-16 unit
  const bytes = new Uint8Array(capacity);
  let end = 0;
  for (let i = 0; i < n; i++) {
    if (!missing[i]) end += encoder.encodeInto(values[i], bytes.subarray(end)).written;
    valueOffsets[i + 1] = end;
  }
  return makeData({ type: new Utf8(), length: n, ...validityBitmap(missing), valueOffsets, data: bytes.subarray(0, end) });
}

// ---------------------------------------------------------------------------------------------
// Arrow → Sosie

/** A Sosie table from an Arrow table: exact for tables made by `tableToArrow`, by type otherwise. */
export function tableFromArrow(t: ArrowTable): Table {
  const nRows = t.numRows;
  const columns = t.schema.fields.map((field, i) => {
    const where: InputLocation = { column: field.name };
    const json = field.metadata.get(SOSIE_COLUMN_KEY);
    const description = json === undefined ? undefined : parseColumnDescriptionJson(json, where);
    const decoded = decodeArrowVector(t.getChildAt(i)!, nRows, where);
    return columnFromDecoded(field.name, decoded, description);
  });
  return tableFromReadColumns(columns, nRows);
}

function decodeArrowVector(vector: Vector, n: number, where: InputLocation): DecodedColumn {
  const chunks = vector.data;
  const missing = arrowMissing(chunks, n);
  const type = vector.type;
  if (DataType.isNull(type)) return { form: "string", values: new Array<string>(n).fill(""), missing };
  if (DataType.isInt(type)) {
    if (type.bitWidth === 64) return { ...decodeInt64(gather(chunks, n, (d, i) => d.values[i] as bigint), missing), missing };
    return { form: "integer", values: gatherFloat(chunks, n, (d, i) => d.values[i] as number), missing };
  }
  if (DataType.isFloat(type)) {
    const values =
      type.precision === Precision.HALF ? gatherFloat(chunks, n, vectorGetter<number>()) : gatherFloat(chunks, n, (d, i) => d.values[i] as number);
    maskNaN(values, missing, where);
    return { form: "float", values, missing };
  }
  if (DataType.isBool(type)) {
    const values = new Uint8Array(n);
    let row = 0;
    for (const d of chunks) {
      // Boolean buffers are not re-based on slicing: the offset is in bits.
      const bits = d.values as Uint8Array;
      for (let i = 0; i < d.length; i++) {
        const p = d.offset + i;
        values[row + i] = (bits[p >> 3] >> (p & 7)) & 1;
      }
      row += d.length;
    }
    return { form: "boolean", values, missing };
  }
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
    const values = new Array<string>(n);
    let row = 0;
    for (const d of chunks) {
      decodeUtf8Chunk(d, values, row);
      row += d.length;
    }
    return { form: "string", values, missing };
  }
  if (DataType.isUtf8View(type)) {
    const get = vectorGetter<string | null>();
    return { form: "string", values: gather(chunks, n, (d, i) => get(d, i) ?? ""), missing };
  }
  if (DataType.isDictionary(type)) return { ...decodeDictionary(chunks, n, type.isOrdered, missing), missing };
  if (DataType.isDate(type)) {
    const days =
      type.unit === DateUnit.DAY
        ? gatherFloat(chunks, n, (d, i) => d.values[i] as number)
        : gatherFloat(chunks, n, (d, i) => Math.floor(Number(d.values[i] as bigint) / 86_400_000));
    return { form: "days", values: days, missing };
  }
  if (DataType.isTimestamp(type)) {
    const ticks = [1, 1e3, 1e6, 1e9][type.unit as TimeUnit];
    return { form: "seconds", values: gatherFloat(chunks, n, (d, i) => Number(d.values[i] as bigint) / ticks), missing };
  }
  throw new SosieInputError("unsupported-format", `Arrow type ${String(type)} is not supported`, where);
}

const utf8Decoder = new TextDecoder();

/** Utf8/LargeUtf8 chunk into `out` from `row`; offsets index the (unsliced) byte buffer. */
function decodeUtf8Chunk(d: Data, out: string[], row: number): void {
  const offsets = d.valueOffsets as ArrayLike<number | bigint>;
  const bytes = d.values as Uint8Array;
  const start = Number(offsets[0]);
  const end = Number(offsets[d.length]);
  let ascii = true;
  for (let p = start; p < end && ascii; p++) ascii = bytes[p] < 0x80;
  if (ascii) {
    // Byte offsets are character offsets: decode once, then slice (much faster than per value).
    const all = utf8Decoder.decode(bytes.subarray(start, end));
    for (let i = 0; i < d.length; i++) out[row + i] = all.slice(Number(offsets[i]) - start, Number(offsets[i + 1]) - start);
  } else {
    for (let i = 0; i < d.length; i++) out[row + i] = utf8Decoder.decode(bytes.subarray(Number(offsets[i]), Number(offsets[i + 1])));
  }
}

type ChunkReader<T> = (d: Data, i: number) => T;

/** Reads values through Arrow's own getter (for layouts not worth decoding by hand). */
function vectorGetter<T>(): ChunkReader<T> {
  let last: Data | undefined;
  let vector: Vector | undefined;
  return (d, i) => {
    if (d !== last) {
      last = d;
      vector = makeVector(d);
    }
    return vector!.get(i) as T;
  };
}

function gather<T>(chunks: readonly Data[], n: number, read: ChunkReader<T>): T[] {
  const out = new Array<T>(n);
  let row = 0;
  for (const d of chunks) {
    for (let i = 0; i < d.length; i++) out[row + i] = read(d, i);
    row += d.length;
  }
  return out;
}

function gatherFloat(chunks: readonly Data[], n: number, read: ChunkReader<number>): Float64Array {
  const out = new Float64Array(n);
  let row = 0;
  for (const d of chunks) {
    for (let i = 0; i < d.length; i++) out[row + i] = read(d, i);
    row += d.length;
  }
  return out;
}

function arrowMissing(chunks: readonly Data[], n: number): Uint8Array {
  const missing = new Uint8Array(n);
  let row = 0;
  for (const d of chunks) {
    if (DataType.isNull(d.type)) missing.fill(1, row, row + d.length);
    else if (d.nullCount > 0) {
      // The validity bitmap is not re-based on slicing: index it with the chunk offset.
      const bitmap = d.nullBitmap;
      for (let i = 0; i < d.length; i++) {
        const p = d.offset + i;
        if (((bitmap[p >> 3] >> (p & 7)) & 1) === 0) missing[row + i] = 1;
      }
    }
    row += d.length;
  }
  return missing;
}

/**
 * Dictionary chunks may carry different dictionaries (or repeat a value): levels are the union of
 * the dictionaries' distinct values in first-seen order, unused ones kept.
 */
function decodeDictionary(chunks: readonly Data[], n: number, ordered: boolean, missing: Uint8Array): DecodedValues {
  const levels: string[] = [];
  const levelIndex = new Map<string, number>();
  const remaps = new Map<Vector, Int32Array>();
  const remapOf = (dictionary: Vector): Int32Array => {
    let remap = remaps.get(dictionary);
    if (remap === undefined) {
      remap = new Int32Array(dictionary.length);
      for (let j = 0; j < dictionary.length; j++) {
        const value: unknown = dictionary.get(j);
        if (value === null || value === undefined) {
          remap[j] = -1;
          continue;
        }
        const level = String(value);
        let code = levelIndex.get(level);
        if (code === undefined) {
          code = levels.length;
          levels.push(level);
          levelIndex.set(level, code);
        }
        remap[j] = code;
      }
      remaps.set(dictionary, remap);
    }
    return remap;
  };
  const codes = new Int32Array(n).fill(-1);
  let row = 0;
  for (const d of chunks) {
    const remap = remapOf(d.dictionary!);
    const indices = d.values as ArrayLike<number | bigint>;
    for (let i = 0; i < d.length; i++) {
      if (missing[row + i]) continue;
      const code = remap[Number(indices[i])];
      if (code < 0) missing[row + i] = 1;
      else codes[row + i] = code;
    }
    row += d.length;
  }
  return { form: "dictionary", codes, levels, ordered };
}
