/**
 * Columns: one typed array per column plus a missing-value mask.
 *
 * The mask is the only source of truth for missingness. Slots under the mask hold a sentinel
 * (NaN for float arrays, -1 for category codes, 0 for booleans, "" for strings) so that code
 * which forgets the mask fails loudly rather than silently reading a plausible value.
 */

/** What a column holds; drives every generator and metric. */
export type ColumnKind =
  "continuous" | "integer" | "categorical" | "boolean" | "date" | "datetime" | "identifier" | "text";

export const COLUMN_KINDS: readonly ColumnKind[] = [
  "continuous",
  "integer",
  "categorical",
  "boolean",
  "date",
  "datetime",
  "identifier",
  "text",
];

interface ColumnBase {
  readonly name: string;
  readonly length: number;
  /** 1 where the value is missing, 0 elsewhere. Always present, length === column length. */
  readonly missing: Uint8Array;
}

/** continuous or integer: float64 values (integers are exact below 2^53; larger ones are never numeric). */
export interface NumericColumn extends ColumnBase {
  readonly kind: "continuous" | "integer";
  readonly values: Float64Array;
  /** Fixed number of decimals to write (e.g. 1 for "63.0"); undefined writes the shortest exact form. */
  readonly decimals?: number;
}

/** Nominal or ordinal categories: codes into `levels` (the text as written in the source). */
export interface CategoricalColumn extends ColumnBase {
  readonly kind: "categorical";
  readonly codes: Int32Array;
  readonly levels: readonly string[];
  /** Ordinal: `levels` is in their natural order. */
  readonly ordered: boolean;
}

/** Two-valued columns; `tokens` keeps how false and true were written ("0"/"1", "No"/"Yes"). */
export interface BooleanColumn extends ColumnBase {
  readonly kind: "boolean";
  readonly values: Uint8Array;
  readonly tokens: readonly [falseToken: string, trueToken: string];
}

/**
 * Dates are whole days since 1970-01-01, datetimes seconds since 1970-01-01T00:00:00Z.
 * `format` is the source pattern (see temporal.ts) so that output is written as it was read.
 */
export interface TemporalColumn extends ColumnBase {
  readonly kind: "date" | "datetime";
  readonly values: Float64Array;
  readonly format: string;
}

/** Identifiers and free text stay strings (OMOP ids exceed 2^53 and must keep every digit). */
export interface StringColumn extends ColumnBase {
  readonly kind: "identifier" | "text";
  readonly values: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn | BooleanColumn | TemporalColumn | StringColumn;

/** Columns whose values are numbers in a Float64Array (numeric and temporal). */
export type FloatColumn = NumericColumn | TemporalColumn;

export function isFloatColumn(c: Column): c is FloatColumn {
  return c.kind === "continuous" || c.kind === "integer" || c.kind === "date" || c.kind === "datetime";
}

export function isNumericKind(kind: ColumnKind): kind is "continuous" | "integer" {
  return kind === "continuous" || kind === "integer";
}

/** Columns that metrics and generators model (identifiers and free text are never modelled). */
export function isModelled(c: Column | ColumnKind): boolean {
  const kind = typeof c === "string" ? c : c.kind;
  return kind !== "identifier" && kind !== "text";
}

export function countMissing(c: Column): number {
  let n = 0;
  const m = c.missing;
  for (let i = 0; i < m.length; i++) n += m[i];
  return n;
}

// ---------------------------------------------------------------------------------------------
// Constructors. They fill the sentinel under the mask, so callers may pass arbitrary slots there.

function maskOrZeros(missing: Uint8Array | undefined, length: number): Uint8Array {
  if (missing === undefined) return new Uint8Array(length);
  if (missing.length !== length) throw new RangeError(`missing mask has length ${missing.length}, expected ${length}`);
  return missing;
}

export function numericColumn(
  name: string,
  values: Float64Array,
  options: { kind?: "continuous" | "integer"; missing?: Uint8Array; decimals?: number } = {},
): NumericColumn {
  const missing = maskOrZeros(options.missing, values.length);
  for (let i = 0; i < values.length; i++) if (missing[i]) values[i] = NaN;
  for (let i = 0; i < values.length; i++)
    if (!missing[i] && !Number.isFinite(values[i]))
      throw new RangeError(`column "${name}": non-finite value at row ${i} is not masked as missing`);
  const col: NumericColumn = { name, kind: options.kind ?? "continuous", length: values.length, values, missing };
  return options.decimals === undefined ? col : { ...col, decimals: options.decimals };
}

export function categoricalColumn(
  name: string,
  codes: Int32Array,
  levels: readonly string[],
  options: { ordered?: boolean; missing?: Uint8Array } = {},
): CategoricalColumn {
  const missing = options.missing ?? deriveMask(codes);
  if (missing.length !== codes.length) throw new RangeError(`column "${name}": mask length mismatch`);
  for (let i = 0; i < codes.length; i++) {
    if (missing[i]) codes[i] = -1;
    else if (codes[i] < 0 || codes[i] >= levels.length)
      throw new RangeError(`column "${name}": code ${codes[i]} at row ${i} outside ${levels.length} levels`);
  }
  return { name, kind: "categorical", length: codes.length, codes, levels, ordered: options.ordered ?? false, missing };
}

function deriveMask(codes: Int32Array): Uint8Array {
  const m = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) if (codes[i] < 0) m[i] = 1;
  return m;
}

export function booleanColumn(
  name: string,
  values: Uint8Array,
  options: { missing?: Uint8Array; tokens?: readonly [string, string] } = {},
): BooleanColumn {
  const missing = maskOrZeros(options.missing, values.length);
  for (let i = 0; i < values.length; i++) values[i] = missing[i] ? 0 : values[i] ? 1 : 0;
  return { name, kind: "boolean", length: values.length, values, missing, tokens: options.tokens ?? ["false", "true"] };
}

export function temporalColumn(
  name: string,
  kind: "date" | "datetime",
  values: Float64Array,
  format: string,
  options: { missing?: Uint8Array } = {},
): TemporalColumn {
  const missing = maskOrZeros(options.missing, values.length);
  for (let i = 0; i < values.length; i++) if (missing[i]) values[i] = NaN;
  return { name, kind, length: values.length, values, missing, format };
}

export function stringColumn(
  name: string,
  kind: "identifier" | "text",
  values: string[],
  options: { missing?: Uint8Array } = {},
): StringColumn {
  const missing = maskOrZeros(options.missing, values.length);
  for (let i = 0; i < values.length; i++) if (missing[i]) values[i] = "";
  return { name, kind, length: values.length, values, missing };
}

// ---------------------------------------------------------------------------------------------
// Row selection. Gathers copy; slices are views on the same buffers (cheap, no copy).

/** The rows `rows` (any order, repeats allowed) of `c`, as a new column. */
export function selectRows(c: Column, rows: ArrayLike<number>): Column {
  const n = rows.length;
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) missing[i] = c.missing[rows[i]];
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[rows[i]];
      return { ...c, length: n, values: v, missing };
    }
    case "categorical": {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]];
      return { ...c, length: n, codes, missing };
    }
    case "boolean": {
      const v = new Uint8Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[rows[i]];
      return { ...c, length: n, values: v, missing };
    }
    case "identifier":
    case "text": {
      const v = new Array<string>(n);
      for (let i = 0; i < n; i++) v[i] = c.values[rows[i]];
      return { ...c, length: n, values: v, missing };
    }
  }
}

/** Rows [start, end) of `c`; typed arrays are shared views. */
export function sliceRows(c: Column, start: number, end: number): Column {
  const n = Math.max(0, end - start);
  const missing = c.missing.subarray(start, end);
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime":
      return { ...c, length: n, values: c.values.subarray(start, end), missing };
    case "categorical":
      return { ...c, length: n, codes: c.codes.subarray(start, end), missing };
    case "boolean":
      return { ...c, length: n, values: c.values.subarray(start, end), missing };
    case "identifier":
    case "text":
      return { ...c, length: n, values: c.values.slice(start, end), missing };
  }
}

/** Same column under another name. */
export function renameColumn<C extends Column>(c: C, name: string): C {
  return { ...c, name };
}

/** Whether the column's observed (non-missing) values take at least two distinct values. */
export function hasTwoObservedValues(c: Column): boolean {
  const values: ArrayLike<number | string> = c.kind === "categorical" ? c.codes : c.values;
  let first: number | string | undefined;
  for (let i = 0; i < c.length; i++) {
    if (c.missing[i] === 1) continue;
    if (first === undefined) first = values[i];
    else if (values[i] !== first) return true;
  }
  return false;
}
