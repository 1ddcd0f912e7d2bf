/**
 * Decoding a raw (dictionary-encoded text) table into typed columns, following its metadata.
 * Each distinct text is converted once; rows only map codes, so the cost per cell is one array
 * lookup. A value that does not fit its column is an error located by file, line and column,
 * and never quoted (privacy). Declared bounds are not checked here: they are a generation
 * constraint (DP generators clip to them), not a type.
 */
import {
  booleanColumn,
  categoricalColumn,
  numericColumn,
  stringColumn,
  temporalColumn,
  type Column,
} from "../table/column.ts";
import { Table } from "../table/table.ts";
import { detectTemporalFormat, parseTemporal } from "../table/temporal.ts";
import { rawRowLine, type RawColumn, type RawTable } from "../io/raw.ts";
import { SosieInputError } from "../errors.ts";
import type { ColumnMetadata, Metadata } from "./metadata.ts";
import { readNumberText } from "./number-text.ts";

/** Missing tokens when neither the column nor the table declares any (Frictionless default). */
export const DEFAULT_MISSING_TOKENS: readonly string[] = [""];

/** Frictionless defaults for boolean texts. */
const DEFAULT_TRUE_VALUES = ["true", "True", "TRUE", "1"];
const DEFAULT_FALSE_VALUES = ["false", "False", "FALSE", "0"];

/** Default formats when a temporal column declares none and detection finds none. */
const DEFAULT_DATE_FORMAT = "YYYY-MM-DD";
const DEFAULT_DATETIME_FORMAT = "YYYY-MM-DDTHH:mm:ssZ";

/** A typed table from `raw`, with the kinds, levels, tokens and formats of `metadata`. */
export function decodeTable(raw: RawTable, metadata: Metadata): Table {
  const byName = new Map(metadata.columns.map((c) => [c.name, c]));
  const inRaw = new Set(raw.names);
  for (const c of metadata.columns)
    if (!inRaw.has(c.name))
      throw new SosieInputError("metadata-mismatch", "metadata names a column that is not in the data", { file: raw.source, column: c.name });
  const columns = raw.columns.map((rc) => {
    const meta = byName.get(rc.name);
    if (meta === undefined)
      throw new SosieInputError("metadata-mismatch", "the data has a column the metadata does not describe", { file: raw.source, column: rc.name });
    return decodeColumn(raw, rc, meta, metadata.missingTokens ?? DEFAULT_MISSING_TOKENS);
  });
  return new Table(columns, raw.nRows);
}

/** Marks, per dictionary entry, whether it is a missing token. */
function missingEntries(rc: RawColumn, tokens: readonly string[]): Uint8Array {
  const set = new Set(tokens);
  const out = new Uint8Array(rc.dictionary.length);
  for (let i = 0; i < out.length; i++) if (set.has(rc.dictionary[i])) out[i] = 1;
  return out;
}

/** Per row: 1 where the row's text is a missing token. */
function rowMask(rc: RawColumn, entryMissing: Uint8Array): Uint8Array {
  const n = rc.codes.length;
  const mask = new Uint8Array(n);
  for (let r = 0; r < n; r++) mask[r] = entryMissing[rc.codes[r]];
  return mask;
}

/** The error for dictionary entry `entry`, located at the first row that holds it. */
function invalidValue(raw: RawTable, rc: RawColumn, entry: number, expected: string): SosieInputError {
  const row = rc.codes.indexOf(entry);
  return new SosieInputError("invalid-value", `value is not ${expected}`, {
    file: raw.source,
    line: row >= 0 ? rawRowLine(raw, row) : undefined,
    column: rc.name,
  });
}

function decodeColumn(raw: RawTable, rc: RawColumn, meta: ColumnMetadata, tableMissing: readonly string[]): Column {
  const entryMissing = missingEntries(rc, meta.missingTokens ?? tableMissing);
  const missing = rowMask(rc, entryMissing);
  if (meta.nullable === false) {
    const row = missing.indexOf(1);
    if (row >= 0)
      throw new SosieInputError("invalid-value", "missing value in a column declared not nullable", {
        file: raw.source,
        line: rawRowLine(raw, row),
        column: rc.name,
      });
  }
  switch (meta.kind) {
    case "continuous":
    case "integer":
      return decodeNumeric(raw, rc, meta, entryMissing, missing);
    case "categorical":
      return decodeCategorical(raw, rc, meta, entryMissing, missing);
    case "boolean":
      return decodeBoolean(raw, rc, meta, entryMissing, missing);
    case "date":
    case "datetime":
      return decodeTemporal(raw, rc, meta, meta.kind, entryMissing, missing);
    case "identifier":
    case "text": {
      const values = new Array<string>(rc.codes.length);
      for (let r = 0; r < values.length; r++) values[r] = rc.dictionary[rc.codes[r]];
      return stringColumn(rc.name, meta.kind, values, { missing });
    }
  }
}

function decodeNumeric(raw: RawTable, rc: RawColumn, meta: ColumnMetadata, entryMissing: Uint8Array, missing: Uint8Array): Column {
  const kind = meta.kind as "continuous" | "integer";
  const entryValues = new Float64Array(rc.dictionary.length);
  for (let e = 0; e < entryValues.length; e++) {
    if (entryMissing[e] || rc.counts[e] === 0) continue;
    const n = readNumberText(rc.dictionary[e], raw.dialect.decimal);
    if (n === null) throw invalidValue(raw, rc, e, kind === "integer" ? "an integer" : "a number");
    if (kind === "integer" && !n.integral) throw invalidValue(raw, rc, e, "an integer");
    if (kind === "integer" && !Number.isSafeInteger(n.value))
      throw invalidValue(raw, rc, e, "an integer within ±2^53 (declare the column an identifier or categorical to keep every digit)");
    entryValues[e] = n.value;
  }
  const values = new Float64Array(rc.codes.length);
  for (let r = 0; r < values.length; r++) values[r] = entryValues[rc.codes[r]];
  return numericColumn(rc.name, values, { kind, missing, ...(meta.decimals !== undefined ? { decimals: meta.decimals } : {}) });
}

function decodeCategorical(raw: RawTable, rc: RawColumn, meta: ColumnMetadata, entryMissing: Uint8Array, missing: Uint8Array): Column {
  let levels: string[];
  if (meta.levels !== undefined) levels = meta.levels;
  else {
    // Undeclared domain: the levels seen, in first-appearance order.
    levels = [];
    for (let e = 0; e < rc.dictionary.length; e++) if (!entryMissing[e] && rc.counts[e] > 0) levels.push(rc.dictionary[e]);
  }
  const index = new Map(levels.map((l, i) => [l, i]));
  const entryCodes = new Int32Array(rc.dictionary.length).fill(-1);
  for (let e = 0; e < entryCodes.length; e++) {
    if (entryMissing[e] || rc.counts[e] === 0) continue;
    const code = index.get(rc.dictionary[e]);
    if (code === undefined) throw invalidValue(raw, rc, e, "one of the declared levels");
    entryCodes[e] = code;
  }
  const codes = new Int32Array(rc.codes.length);
  for (let r = 0; r < codes.length; r++) codes[r] = entryCodes[rc.codes[r]];
  return categoricalColumn(rc.name, codes, levels, { ordered: meta.ordered ?? false, missing });
}

function decodeBoolean(raw: RawTable, rc: RawColumn, meta: ColumnMetadata, entryMissing: Uint8Array, missing: Uint8Array): Column {
  const trueTexts = new Set([...(meta.tokens !== undefined ? [meta.tokens[1]] : []), ...(meta.trueValues ?? [])]);
  const falseTexts = new Set([...(meta.tokens !== undefined ? [meta.tokens[0]] : []), ...(meta.falseValues ?? [])]);
  if (trueTexts.size === 0) DEFAULT_TRUE_VALUES.forEach((t) => trueTexts.add(t));
  if (falseTexts.size === 0) DEFAULT_FALSE_VALUES.forEach((t) => falseTexts.add(t));
  const entryValues = new Uint8Array(rc.dictionary.length);
  let firstTrue: string | undefined;
  let firstFalse: string | undefined;
  for (let e = 0; e < entryValues.length; e++) {
    if (entryMissing[e] || rc.counts[e] === 0) continue;
    const text = rc.dictionary[e];
    if (trueTexts.has(text)) {
      entryValues[e] = 1;
      firstTrue ??= text;
    } else if (falseTexts.has(text)) firstFalse ??= text;
    else throw invalidValue(raw, rc, e, "one of the declared boolean values");
  }
  const values = new Uint8Array(rc.codes.length);
  for (let r = 0; r < values.length; r++) values[r] = entryValues[rc.codes[r]];
  // Written back as declared, else as the spelling the file uses.
  const tokens: [string, string] = meta.tokens ?? [
    firstFalse ?? meta.falseValues?.[0] ?? "false",
    firstTrue ?? meta.trueValues?.[0] ?? "true",
  ];
  return booleanColumn(rc.name, values, { missing, tokens });
}

function decodeTemporal(
  raw: RawTable,
  rc: RawColumn,
  meta: ColumnMetadata,
  kind: "date" | "datetime",
  entryMissing: Uint8Array,
  missing: Uint8Array,
): Column {
  let format = meta.format;
  if (format === undefined) {
    const present = rc.dictionary.filter((_, e) => !entryMissing[e] && rc.counts[e] > 0);
    const detected = detectTemporalFormat(present, { columnName: rc.name });
    format = detected !== null && detected.kind === kind ? detected.format : kind === "date" ? DEFAULT_DATE_FORMAT : DEFAULT_DATETIME_FORMAT;
  }
  const entryValues = new Float64Array(rc.dictionary.length);
  for (let e = 0; e < entryValues.length; e++) {
    if (entryMissing[e] || rc.counts[e] === 0) continue;
    const v = parseTemporal(rc.dictionary[e], kind, format);
    if (v === null) throw invalidValue(raw, rc, e, `a ${kind} in the format ${format}`);
    entryValues[e] = v;
  }
  const values = new Float64Array(rc.codes.length);
  for (let r = 0; r < values.length; r++) values[r] = entryValues[rc.codes[r]];
  return temporalColumn(rc.name, kind, values, format, { missing });
}
