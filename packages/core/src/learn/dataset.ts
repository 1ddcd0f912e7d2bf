/**
 * Learning datasets: the columnar view that the learners read.
 *
 * Features are numeric (Float64Array, NaN = missing) or categorical (Int32Array codes into
 * `levels`, -1 = missing). The target is class codes (classification) or values (regression).
 * An `Encoding` records how a training table was turned into a dataset, so that a test table is
 * encoded the same way (category codes matched by level text; unseen levels become missing).
 */
import { SosieOptionError } from "../errors.ts";
import type { Column } from "../table/column.ts";
import type { Table } from "../table/table.ts";

export interface NumericFeature {
  readonly kind: "numeric";
  readonly name: string;
  readonly values: Float64Array;
}

export interface CategoricalFeature {
  readonly kind: "categorical";
  readonly name: string;
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

export type Feature = NumericFeature | CategoricalFeature;

export interface ClassificationTarget {
  readonly kind: "classification";
  readonly name: string;
  /** Class index in [0, classes.length). */
  readonly codes: Int32Array;
  readonly classes: readonly string[];
}

export interface RegressionTarget {
  readonly kind: "regression";
  readonly name: string;
  readonly values: Float64Array;
}

export type Target = ClassificationTarget | RegressionTarget;

export interface Dataset {
  readonly nRows: number;
  readonly features: readonly Feature[];
  readonly target: Target;
  /** Row of the source table behind each dataset row (rows with a missing or unknown target are dropped). */
  readonly sourceRows: Int32Array;
}

/** How one feature is read from a table. */
export type FeatureEncoding =
  | { readonly kind: "numeric"; readonly name: string }
  | { readonly kind: "categorical"; readonly name: string; readonly levels: readonly string[] };

/** How a table becomes a dataset; plain data, safe to serialise. */
export interface Encoding {
  readonly target:
    | { readonly kind: "classification"; readonly name: string; readonly classes: readonly string[] }
    | { readonly kind: "regression"; readonly name: string };
  readonly features: readonly FeatureEncoding[];
}

export interface DatasetOptions {
  /** Feature columns; default all modelled columns except the target. */
  features?: readonly string[];
  /**
   * Label space for a classification target (e.g. the levels of the real training table, so that a
   * model trained on synthetic rows predicts over the same classes). Default: the levels present.
   */
  classes?: readonly string[];
}

/** Kinds read as numbers: dates as days and datetimes as seconds since the epoch. */
function isNumberLike(c: Column): boolean {
  return c.kind === "continuous" || c.kind === "integer" || c.kind === "date" || c.kind === "datetime";
}

function isCategoryLike(c: Column): boolean {
  return c.kind === "categorical" || c.kind === "boolean";
}

/** Level texts of a categorical or boolean column, in code order. */
function levelsOf(c: Column): readonly string[] {
  if (c.kind === "categorical") return c.levels;
  if (c.kind === "boolean") return c.tokens;
  throw new SosieOptionError(`column "${c.name}" is not categorical`);
}

/** Codes of a categorical or boolean column (-1 where missing). */
function codesOf(c: Column): Int32Array {
  const out = new Int32Array(c.length);
  if (c.kind === "categorical") for (let i = 0; i < c.length; i++) out[i] = c.missing[i] ? -1 : c.codes[i];
  else if (c.kind === "boolean") for (let i = 0; i < c.length; i++) out[i] = c.missing[i] ? -1 : c.values[i];
  else throw new SosieOptionError(`column "${c.name}" is not categorical`);
  return out;
}

/** Distinct non-missing levels that occur in a column, in level order. */
function presentLevels(c: Column): string[] {
  const levels = levelsOf(c);
  const seen = new Uint8Array(levels.length);
  const codes = codesOf(c);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) seen[codes[i]] = 1;
  return levels.filter((_, k) => seen[k] === 1);
}

/** The encoding a training table implies for `target` and its features. */
export function encodingFromTable(table: Table, target: string, options: DatasetOptions = {}): Encoding {
  const t = table.column(target);
  let targetEncoding: Encoding["target"];
  if (isCategoryLike(t)) {
    targetEncoding = { kind: "classification", name: target, classes: options.classes ?? presentLevels(t) };
  } else if (isNumberLike(t)) {
    if (options.classes !== undefined) throw new SosieOptionError(`target "${target}" is numeric: no classes`);
    targetEncoding = { kind: "regression", name: target };
  } else {
    throw new SosieOptionError(`target "${target}" is ${t.kind}: it cannot be learned`);
  }
  const names = options.features ?? table.names.filter((n) => n !== target);
  const features: FeatureEncoding[] = [];
  for (const name of names) {
    if (name === target) throw new SosieOptionError(`target "${target}" cannot also be a feature`);
    const c = table.column(name);
    if (isNumberLike(c)) features.push({ kind: "numeric", name });
    else if (isCategoryLike(c)) features.push({ kind: "categorical", name, levels: levelsOf(c) });
    else if (options.features !== undefined)
      throw new SosieOptionError(`column "${name}" is ${c.kind}: it cannot be a feature`);
  }
  return { target: targetEncoding, features };
}

/** Codes of `c` re-expressed against `levels` by level text; unknown levels become -1. */
function recode(c: Column, levels: readonly string[]): Int32Array {
  const own = levelsOf(c);
  const position = new Map<string, number>();
  levels.forEach((l, k) => position.set(l, k));
  const map = own.map((l) => position.get(l) ?? -1);
  const codes = codesOf(c);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = map[codes[i]];
  return codes;
}

function numbersOf(c: Column): Float64Array {
  if (!isNumberLike(c)) throw new SosieOptionError(`column "${c.name}" is ${c.kind}, expected a numeric kind`);
  const values = (c as { values: Float64Array }).values;
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c.missing[i] ? NaN : values[i];
  return out;
}

function gather<A extends Float64Array | Int32Array>(a: A, rows: Int32Array): A {
  if (rows.length === a.length) return a;
  const out = new (a.constructor as new (n: number) => A)(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = a[rows[i]];
  return out;
}

/**
 * A dataset built from `table` with a given encoding (the training encoding, for a test table).
 * Rows whose target is missing, or a class outside the encoding's label space, are dropped.
 */
export function applyEncoding(table: Table, encoding: Encoding): Dataset {
  const t = table.column(encoding.target.name);
  let keep: Int32Array;
  let target: Target;
  if (encoding.target.kind === "classification") {
    if (!isCategoryLike(t)) throw new SosieOptionError(`target "${t.name}" is ${t.kind}, expected categorical`);
    const codes = recode(t, encoding.target.classes);
    keep = rowsWhere(codes.length, (i) => codes[i] >= 0);
    target = { kind: "classification", name: t.name, codes: gather(codes, keep), classes: encoding.target.classes };
  } else {
    const values = numbersOf(t);
    keep = rowsWhere(values.length, (i) => !Number.isNaN(values[i]));
    target = { kind: "regression", name: t.name, values: gather(values, keep) };
  }
  const features = encoding.features.map((f): Feature => {
    const c = table.column(f.name);
    if (f.kind === "numeric") return { kind: "numeric", name: f.name, values: gather(numbersOf(c), keep) };
    if (!isCategoryLike(c)) throw new SosieOptionError(`column "${f.name}" is ${c.kind}, expected categorical`);
    return { kind: "categorical", name: f.name, codes: gather(recode(c, f.levels), keep), levels: f.levels };
  });
  return { nRows: keep.length, features, target, sourceRows: keep };
}

function rowsWhere(n: number, keep: (i: number) => boolean): Int32Array {
  let m = 0;
  for (let i = 0; i < n; i++) if (keep(i)) m++;
  const rows = new Int32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (keep(i)) rows[j++] = i;
  return rows;
}

/**
 * A learning dataset from a Sosie table: numeric, integer, date and datetime columns become
 * numeric features, categorical and boolean columns categorical ones; identifiers and free text
 * are skipped. Encode the test table with `applyEncoding(test, encodingOf(train))`.
 */
export function datasetFromTable(table: Table, target: string, options: DatasetOptions = {}): Dataset {
  return applyEncoding(table, encodingFromTable(table, target, options));
}

/** The encoding behind a dataset, to encode other tables the same way. */
export function encodingOf(data: Dataset): Encoding {
  const t = data.target;
  return {
    target:
      t.kind === "classification"
        ? { kind: "classification", name: t.name, classes: t.classes }
        : { kind: "regression", name: t.name },
    features: data.features.map((f) =>
      f.kind === "numeric"
        ? { kind: "numeric", name: f.name }
        : { kind: "categorical", name: f.name, levels: f.levels },
    ),
  };
}

/** Rows `rows` of a dataset (any order, repeats allowed). */
export function selectDatasetRows(data: Dataset, rows: Int32Array): Dataset {
  const pick = <A extends Float64Array | Int32Array>(a: A): A => {
    const out = new (a.constructor as new (n: number) => A)(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = a[rows[i]];
    return out;
  };
  const t = data.target;
  return {
    nRows: rows.length,
    features: data.features.map((f) =>
      f.kind === "numeric" ? { ...f, values: pick(f.values) } : { ...f, codes: pick(f.codes) },
    ),
    target: t.kind === "classification" ? { ...t, codes: pick(t.codes) } : { ...t, values: pick(t.values) },
    sourceRows: pick(data.sourceRows),
  };
}

/** The same dataset with feature `index` replaced (used to permute one feature). */
export function withFeature(data: Dataset, index: number, feature: Feature): Dataset {
  const features = [...data.features];
  features[index] = feature;
  return { ...data, features };
}

export function nClassesOf(data: Dataset): number {
  return data.target.kind === "classification" ? data.target.classes.length : 0;
}
