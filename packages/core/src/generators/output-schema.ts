/**
 * The output schema of a generator and the shared finishing step (spec generators.md §1.2):
 * every generator models the columns it can, then `finishTable` turns its raw output into a
 * table with the real table's columns, order and kinds — numbers rounded (half away from zero)
 * to the observed decimals and clipped to the real range, integers kept integers, categories
 * only from the real domain, dates rounded to their granularity and written in their format,
 * identifiers regenerated and free text never learned.
 */
import {
  type Column,
  type ColumnKind,
  booleanColumn,
  categoricalColumn,
  numericColumn,
  stringColumn,
  temporalColumn,
} from "../table/column.ts";
import { Table } from "../table/table.ts";
import type { Rng } from "../random/rng.ts";
import { type IdentifierShape, generateIdentifiers, learnIdentifierShape } from "./identifiers.ts";

export interface ColumnSchema {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly missingRate: number;
  /** Numeric and temporal bounds (observed in R, or declared). */
  readonly min?: number;
  readonly max?: number;
  /** min and max come from the metadata, not from R (protect/saved-schema.ts keeps them). */
  readonly boundsDeclared?: boolean;
  /** Decimals to round generated values to (numeric: max observed; datetime: fraction digits). */
  readonly roundDecimals?: number;
  /** Fixed decimals used when writing (NumericColumn.decimals). */
  readonly writeDecimals?: number;
  readonly format?: string;
  readonly levels?: readonly string[];
  readonly ordered?: boolean;
  readonly tokens?: readonly [string, string];
  readonly identifier?: IdentifierShape;
  /**
   * Present when the column has a single state in R: null when every value is missing, else the
   * one value (number, date value, level code or 0/1). Generators skip such columns and the
   * finishing step reproduces them.
   */
  readonly constant?: number | null;
}

/** Decimals of the shortest exact decimal form of x (0 for integers), capped at 12. */
export function decimalsOf(x: number): number {
  if (Number.isInteger(x)) return 0;
  const s = String(Math.abs(x));
  const e = s.indexOf("e");
  if (e >= 0) {
    const mantissa = s.slice(0, e);
    const exp = Number(s.slice(e + 1));
    const dot = mantissa.indexOf(".");
    const frac = dot >= 0 ? mantissa.length - dot - 1 : 0;
    return Math.min(12, Math.max(0, frac - exp));
  }
  const dot = s.indexOf(".");
  return Math.min(12, dot >= 0 ? s.length - dot - 1 : 0);
}

/**
 * Round half away from zero to d decimals. From 12 decimals on (decimalsOf's cap) a float has no
 * spare precision for that: 15 significant digits instead, so a generated value does not come out
 * with more digits than the data had (pbc's ages: 13 decimals in, up to 15 out before).
 */
export function roundHalfAway(x: number, d: number): number {
  if (x === 0) return 0; // never -0
  if (d >= 12) return Number.isFinite(x) ? Number(x.toPrecision(15)) : x;
  const f = 10 ** d;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return r === 0 ? 0 : r; // never -0
}

function fractionDigitsOfFormat(format: string): number {
  const m = /ss\.(S+)/.exec(format);
  return m ? m[1].length : 0;
}

/** The single state of a column (see ColumnSchema.constant), or undefined when it varies. */
function constantOf(c: Column): number | null | undefined {
  if (c.kind === "identifier" || c.kind === "text") return undefined;
  let first = -1;
  for (let i = 0; i < c.length; i++) {
    if (first < 0) {
      first = i;
      continue;
    }
    if (c.missing[i] !== c.missing[first]) return undefined;
    if (c.missing[i]) continue;
    const values = c.kind === "categorical" ? c.codes : (c.values as Float64Array | Uint8Array);
    const same = values[i] === values[first];
    if (!same) return undefined;
  }
  if (first < 0 || c.missing[first]) return null;
  return c.kind === "categorical" ? c.codes[first] : (c.values as Float64Array | Uint8Array)[first];
}

function writeDecimalsOf(c: Column): { writeDecimals?: number } {
  return c.kind === "continuous" || c.kind === "integer"
    ? c.decimals !== undefined
      ? { writeDecimals: c.decimals }
      : {}
    : {};
}

/**
 * The smallest and largest observed value of a numeric, date or datetime column (min > max when
 * none is observed), and for a continuous column the most decimals a value shows, up to `maxDecimals`.
 */
export function observedRange(
  c: Extract<Column, { values: Float64Array }>,
  maxDecimals: number,
): { min: number; max: number; decimals: number } {
  let min = Infinity;
  let max = -Infinity;
  let decimals = 0;
  for (let i = 0; i < c.length; i++) {
    if (c.missing[i]) continue;
    const v = c.values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (c.kind === "continuous" && decimals < maxDecimals) decimals = Math.max(decimals, decimalsOf(v));
  }
  return { min, max, decimals };
}

export function captureColumnSchema(c: Column): ColumnSchema {
  let nMissing = 0;
  for (let i = 0; i < c.length; i++) nMissing += c.missing[i];
  const constant = constantOf(c);
  const base = {
    name: c.name,
    kind: c.kind,
    missingRate: c.length > 0 ? nMissing / c.length : 0,
    ...(constant !== undefined ? { constant } : {}),
  };
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      const { min, max, decimals: dec } = observedRange(c, 12);
      const bounds = min <= max ? { min, max } : {};
      if (c.kind === "date") return { ...base, ...bounds, roundDecimals: 0, format: c.format };
      if (c.kind === "datetime")
        return { ...base, ...bounds, roundDecimals: fractionDigitsOfFormat(c.format), format: c.format };
      return {
        ...base,
        ...bounds,
        roundDecimals: c.kind === "integer" ? 0 : dec,
        ...writeDecimalsOf(c),
      };
    }
    case "categorical":
      return { ...base, levels: c.levels, ordered: c.ordered };
    case "boolean":
      return { ...base, tokens: c.tokens };
    case "identifier":
      return { ...base, identifier: learnIdentifierShape(c.values, c.missing) };
    case "text":
      return base;
  }
}

export function captureSchema(table: Table): ColumnSchema[] {
  return table.columns.map(captureColumnSchema);
}

export interface FinishOptions {
  /** Clip numerics to [min, max] of the schema (default true). */
  readonly enforceRange?: boolean;
  /** Value written for free-text columns; default: missing. Text is never learned. */
  readonly textPlaceholder?: string;
}

/**
 * Build the output table in schema order from the generator's modelled columns (by name).
 * Columns the generator did not produce (identifiers, text, constant or all-missing columns it
 * skipped) are made here. `rng` is used only for identifiers.
 */
export function finishTable(
  schema: readonly ColumnSchema[],
  modelled: Table,
  nRows: number,
  rng: Rng,
  options: FinishOptions = {},
  avoidIdentifiers?: ReadonlyMap<string, ReadonlySet<string>>,
): Table {
  const enforce = options.enforceRange ?? true;
  const cols: Column[] = schema.map((s, j) => {
    if (s.kind === "identifier") {
      // Identifiers are never modelled: fresh values, missing at the real rate (e.g. an optional FK).
      const values = generateIdentifiers(
        s.identifier!,
        nRows,
        rng.derive("identifier", j),
        avoidIdentifiers?.get(s.name),
      );
      const missing = new Uint8Array(nRows);
      if (s.missingRate > 0) {
        const r = rng.derive("identifier-missing", j);
        for (let i = 0; i < nRows; i++) missing[i] = r.next() < s.missingRate ? 1 : 0;
      }
      return stringColumn(s.name, "identifier", values, { missing });
    }
    if (s.kind === "text") {
      const missing = new Uint8Array(nRows).fill(options.textPlaceholder === undefined ? 1 : 0);
      return stringColumn(s.name, "text", new Array<string>(nRows).fill(options.textPlaceholder ?? ""), { missing });
    }
    if (!modelled.has(s.name)) return constantColumn(s, nRows);
    const c = modelled.column(s.name);
    if (c.length !== nRows)
      throw new RangeError(`generated column "${s.name}" has ${c.length} rows, expected ${nRows}`);
    return finishColumn(s, c, enforce);
  });
  return new Table(cols, nRows);
}

/** Columns a generator should model: not identifiers, not free text, not single-state. */
export function modelledColumnNames(schema: readonly ColumnSchema[]): string[] {
  return schema
    .filter((s) => s.kind !== "identifier" && s.kind !== "text" && s.constant === undefined)
    .map((s) => s.name);
}

/** A column the generator skipped because it had a single state in R. */
function constantColumn(s: ColumnSchema, n: number): Column {
  if (s.constant === undefined) throw new RangeError(`generator produced no column "${s.name}"`);
  const value = s.constant;
  const missing = new Uint8Array(n).fill(value === null ? 1 : 0);
  switch (s.kind) {
    case "continuous":
    case "integer":
      return numericColumn(s.name, new Float64Array(n).fill(value ?? NaN), {
        kind: s.kind,
        missing,
        ...(s.writeDecimals !== undefined ? { decimals: s.writeDecimals } : {}),
      });
    case "date":
    case "datetime":
      return temporalColumn(s.name, s.kind, new Float64Array(n).fill(value ?? NaN), s.format!, { missing });
    case "categorical":
      return categoricalColumn(s.name, new Int32Array(n).fill(value ?? -1), s.levels ?? [], {
        missing,
        ordered: s.ordered,
      });
    case "boolean":
      return booleanColumn(s.name, new Uint8Array(n).fill(value ?? 0), { missing, tokens: s.tokens });
    default:
      throw new RangeError(`no constant column for kind ${s.kind}`);
  }
}

function finishColumn(s: ColumnSchema, c: Column, enforce: boolean): Column {
  switch (s.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      if (c.kind !== "continuous" && c.kind !== "integer" && c.kind !== "date" && c.kind !== "datetime")
        throw new RangeError(`generated column "${s.name}" is ${c.kind}, expected ${s.kind}`);
      const v = new Float64Array(c.length);
      const missing = c.missing.slice();
      const d = s.roundDecimals ?? 12;
      for (let i = 0; i < v.length; i++) {
        if (missing[i]) continue;
        let x = c.values[i];
        if (enforce && s.min !== undefined && s.max !== undefined) x = Math.min(s.max, Math.max(s.min, x));
        v[i] = roundHalfAway(x, d);
      }
      if (s.kind === "date" || s.kind === "datetime") return temporalColumn(s.name, s.kind, v, s.format!, { missing });
      return numericColumn(s.name, v, {
        kind: s.kind,
        missing,
        ...(s.writeDecimals !== undefined ? { decimals: s.writeDecimals } : {}),
      });
    }
    case "categorical": {
      if (c.kind !== "categorical")
        throw new RangeError(`generated column "${s.name}" is ${c.kind}, expected categorical`);
      return remapLevels(s, c.codes, c.levels, c.missing);
    }
    case "boolean": {
      if (c.kind === "boolean")
        return booleanColumn(s.name, c.values.slice(), { missing: c.missing.slice(), tokens: s.tokens });
      if (c.kind === "categorical") {
        // Generators that treat booleans as two-level categoricals hand back the token texts.
        const values = new Uint8Array(c.length);
        for (let i = 0; i < c.length; i++) if (!c.missing[i]) values[i] = c.levels[c.codes[i]] === s.tokens![1] ? 1 : 0;
        return booleanColumn(s.name, values, { missing: c.missing.slice(), tokens: s.tokens });
      }
      throw new RangeError(`generated column "${s.name}" is ${c.kind}, expected boolean`);
    }
    default:
      throw new RangeError(`column "${s.name}" of kind ${s.kind} is never modelled`);
  }
}

/** Re-express codes over the schema's levels; a level outside the real domain is an internal error. */
function remapLevels(s: ColumnSchema, codes: Int32Array, levels: readonly string[], missing: Uint8Array): Column {
  const target = s.levels ?? [];
  const index = new Map(target.map((l, i) => [l, i]));
  const map = levels.map((l) => index.get(l) ?? -2);
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    if (missing[i]) {
      out[i] = -1;
      continue;
    }
    const m = map[codes[i]];
    if (m === -2) throw new RangeError(`generated column "${s.name}" has a level outside the real domain`);
    out[i] = m;
  }
  return categoricalColumn(s.name, out, target, { missing: missing.slice(), ordered: s.ordered });
}
