/**
 * The Metadata document: what Sosie knows about a table's columns, proposed by inference,
 * reviewed and edited by the user, and passed back to every command. Its JSON Schema
 * (metadata.schema.json) ships with the package; this module adds the checks a schema cannot
 * express (duplicate names, bounds, fields that only fit some kinds, names not in the data).
 */
import { Ajv, type ErrorObject } from "ajv";
import type { ColumnKind } from "../table/column.ts";
import { temporalFormatProblem } from "../table/temporal.ts";
import type { CsvDialect } from "../io/raw.ts";
import { SosieInputError } from "../errors.ts";
import metadataSchema from "./metadata.schema.json" with { type: "json" };

export const METADATA_VERSION = "metadata/1";

export type ColumnRole = "quasi-identifier" | "sensitive" | "target" | "weight" | "subject";

export interface InferenceNote {
  /** Why the kind was chosen, in words ("integer with 5 distinct values: categorical"). */
  reason: string;
  /** In [0, 1]. */
  confidence: number;
}

export interface ColumnMetadata {
  name: string;
  kind: ColumnKind;
  /** Categorical: `levels` are ordinal, in their natural order. */
  ordered?: boolean;
  /** Categorical domain, as written in the file. */
  levels?: string[];
  /** Boolean: how false and true are written (used on output). */
  tokens?: [falseToken: string, trueToken: string];
  /** Boolean: further texts read as true / false (Frictionless trueValues / falseValues). */
  trueValues?: string[];
  falseValues?: string[];
  /** Date or datetime pattern (see table/temporal.ts). */
  format?: string;
  /** Numeric: fixed number of decimals to write. */
  decimals?: number;
  /** Numeric: declared bounds (DP generators clip to them). */
  min?: number;
  max?: number;
  /** Texts read as missing in this column (overrides the table's list). */
  missingTokens?: string[];
  nullable?: boolean;
  unique?: boolean;
  /** Generation constraints on text (kept from Frictionless). */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  role?: ColumnRole;
  description?: string;
  inferred?: InferenceNote;
  warnings?: string[];
  /** Free-form properties kept from an imported schema, shown in review. */
  annotations?: Record<string, unknown>;
}

export interface ForeignKeyMetadata {
  id?: string;
  childColumns: string[];
  /** Parent table; this table's own name for a self-reference. */
  parent: string;
  parentColumns: string[];
  nullable?: boolean;
  /** The parent columns are not a declared key of the parent (SNDS has 31 such joins). */
  nonUnique?: boolean;
  /** The parent is a code list: the column is a categorical whose domain is the parent's keys. */
  lookup?: boolean;
}

export interface Metadata {
  sosie: typeof METADATA_VERSION;
  table?: string;
  description?: string;
  columns: ColumnMetadata[];
  primaryKey?: string[];
  uniqueKeys?: string[][];
  foreignKeys?: ForeignKeyMetadata[];
  csv?: Partial<CsvDialect>;
  /** Texts read as missing in every column that does not declare its own list. */
  missingTokens?: string[];
  annotations?: Record<string, unknown>;
}

/** A user's metadata may list some columns, with only the fields to override. */
export type ColumnPatch = Partial<ColumnMetadata> & { name: string };
export type MetadataPatch = Omit<Metadata, "columns"> & { columns: ColumnPatch[] };

export interface ValidateMetadataOptions {
  /** File name for error messages. */
  source?: string;
  /** Column names of the data: a metadata column not among them is "metadata-mismatch". */
  columnNames?: readonly string[];
}

let compiledValidator: ReturnType<Ajv["compile"]> | null = null;

function schemaValidator(): ReturnType<Ajv["compile"]> {
  if (compiledValidator === null)
    compiledValidator = new Ajv({ allErrors: true, strict: true }).compile(metadataSchema);
  return compiledValidator;
}

/**
 * A complete Metadata document (every column has a kind), checked against the JSON Schema and
 * for consistency. Throws SosieInputError "invalid-metadata" or "metadata-mismatch".
 */
export function validateMetadata(json: unknown, options: ValidateMetadataOptions = {}): Metadata {
  const patch = validateMetadataPatch(json, options);
  patch.columns.forEach((c, i) => {
    if (c.kind === undefined)
      throw new SosieInputError("invalid-metadata", `/columns/${i}: "kind" is required`, {
        file: options.source,
        column: c.name,
      });
  });
  return patch as Metadata;
}

/** A metadata document whose columns may omit any field but `name` (user overrides). */
export function validateMetadataPatch(json: unknown, options: ValidateMetadataOptions = {}): MetadataPatch {
  const validate = schemaValidator();
  if (!validate(json)) throw schemaError(validate.errors ?? [], json, options.source);
  const doc = json as MetadataPatch;
  checkConsistency(doc, options);
  return doc;
}

function columnAt(json: unknown, path: string): string | undefined {
  const m = /^\/columns\/(\d+)/.exec(path);
  if (m === null) return undefined;
  const col = (json as { columns?: { name?: unknown }[] }).columns?.[Number(m[1])];
  return typeof col?.name === "string" ? col.name : undefined;
}

function describeAjvError(e: ErrorObject): string {
  const at = e.instancePath === "" ? "/" : e.instancePath;
  switch (e.keyword) {
    case "additionalProperties":
      return `${at}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case "enum":
      return `${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `${at}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${at}: ${e.message ?? "invalid"}`;
  }
}

function schemaError(errors: ErrorObject[], json: unknown, source: string | undefined): SosieInputError {
  const shown = errors.slice(0, 5).map(describeAjvError);
  const more = errors.length > 5 ? `; and ${errors.length - 5} more` : "";
  const column = errors.length > 0 ? columnAt(json, errors[0].instancePath) : undefined;
  return new SosieInputError("invalid-metadata", `metadata does not follow the schema: ${shown.join("; ")}${more}`, {
    file: source,
    column,
  });
}

const FIELDS_BY_KIND: Record<string, readonly ColumnKind[]> = {
  levels: ["categorical"],
  ordered: ["categorical"],
  tokens: ["boolean"],
  trueValues: ["boolean"],
  falseValues: ["boolean"],
  format: ["date", "datetime"],
  decimals: ["continuous", "integer"],
  min: ["continuous", "integer"],
  max: ["continuous", "integer"],
};

function checkConsistency(doc: MetadataPatch, options: ValidateMetadataOptions): void {
  const file = options.source;
  const invalid = (message: string, column?: string) =>
    new SosieInputError("invalid-metadata", message, { file, column });
  const seen = new Set<string>();
  doc.columns.forEach((c, i) => {
    const at = `/columns/${i}`;
    if (seen.has(c.name)) throw invalid(`${at}/name: duplicate column name`, c.name);
    seen.add(c.name);
    if (c.kind !== undefined) {
      for (const [field, kinds] of Object.entries(FIELDS_BY_KIND))
        if ((c as Record<string, unknown>)[field] !== undefined && !kinds.includes(c.kind))
          throw invalid(`${at}/${field}: only for ${kinds.join(" or ")} columns, not ${c.kind}`, c.name);
      if (c.kind === "date" || c.kind === "datetime") {
        const problem = c.format === undefined ? null : temporalFormatProblem(c.kind, c.format);
        if (problem !== null) throw invalid(`${at}/format: ${problem}`, c.name);
      }
    }
    if (c.min !== undefined && c.max !== undefined && c.min > c.max)
      throw invalid(`${at}: min is greater than max`, c.name);
    if (c.minLength !== undefined && c.maxLength !== undefined && c.minLength > c.maxLength)
      throw invalid(`${at}: minLength is greater than maxLength`, c.name);
    if (c.levels !== undefined && new Set(c.levels).size !== c.levels.length)
      throw invalid(`${at}/levels: duplicate level`, c.name);
    if (c.tokens !== undefined && c.tokens[0] === c.tokens[1])
      throw invalid(`${at}/tokens: false and true are written the same way`, c.name);
    if (c.role === "subject" && doc.columns.some((d, j) => j < i && d.role === "subject"))
      throw invalid(`${at}/role: a second "subject" column (a table has one person key)`, c.name);
    if (c.pattern !== undefined) {
      try {
        new RegExp(c.pattern, "u");
      } catch {
        throw invalid(`${at}/pattern: not a valid regular expression`, c.name);
      }
    }
  });
  if (options.columnNames !== undefined) {
    const inData = new Set(options.columnNames);
    for (const c of doc.columns)
      if (!inData.has(c.name))
        throw new SosieInputError("metadata-mismatch", "metadata names a column that is not in the data", {
          file,
          column: c.name,
        });
  }
  // Keys may name columns the document does not list (a patch), but they must exist somewhere.
  const known = new Set([...seen, ...(options.columnNames ?? [])]);
  const checkKey = (cols: readonly string[], at: string) => {
    for (const name of cols) if (!known.has(name)) throw invalid(`${at}: unknown column`, name);
  };
  if (doc.primaryKey !== undefined) checkKey(doc.primaryKey, "/primaryKey");
  doc.uniqueKeys?.forEach((k, i) => checkKey(k, `/uniqueKeys/${i}`));
  doc.foreignKeys?.forEach((fk, i) => {
    checkKey(fk.childColumns, `/foreignKeys/${i}/childColumns`);
    if (fk.childColumns.length !== fk.parentColumns.length)
      throw invalid(`/foreignKeys/${i}: childColumns and parentColumns differ in length`);
  });
}

/**
 * `inferred` with the user's choices on top: listed columns override field by field (a kind
 * change drops the inferred fields that no longer fit), unlisted columns keep what inference
 * found, and document-level fields given by the user replace the inferred ones.
 */
export function mergeMetadata(
  inferred: Metadata,
  user: MetadataPatch | Metadata,
  options: ValidateMetadataOptions = {},
): Metadata {
  const byName = new Map(inferred.columns.map((c) => [c.name, c]));
  for (const u of user.columns)
    if (!byName.has(u.name))
      throw new SosieInputError("metadata-mismatch", "metadata names a column that is not in the data", {
        file: options.source,
        column: u.name,
      });
  const overrides = new Map(user.columns.map((c) => [c.name, c]));
  const columns = inferred.columns.map((base) => {
    const u = overrides.get(base.name);
    return u === undefined ? base : mergeColumn(base, u);
  });
  const { columns: _ignored, ...userRest } = user;
  const merged: Metadata = { ...inferred, ...userRest, sosie: METADATA_VERSION, columns };
  return validateMetadata(JSON.parse(JSON.stringify(merged)), options);
}

function mergeColumn(base: ColumnMetadata, user: ColumnPatch): ColumnMetadata {
  let start: ColumnMetadata = base;
  if (user.kind !== undefined && user.kind !== base.kind) {
    // Drop what only made sense for the inferred kind; keep missing tokens, roles and notes.
    const kept: ColumnMetadata = { name: base.name, kind: user.kind };
    if (base.missingTokens !== undefined) kept.missingTokens = base.missingTokens;
    if (base.nullable !== undefined) kept.nullable = base.nullable;
    if (base.role !== undefined) kept.role = base.role;
    if (base.description !== undefined) kept.description = base.description;
    start = kept;
  }
  const merged: ColumnMetadata = {
    ...start,
    ...(user as Partial<ColumnMetadata>),
    name: base.name,
    kind: user.kind ?? start.kind,
  };
  // The user's word replaces the inference: its note no longer explains the column.
  if (user.kind !== undefined && user.kind !== base.kind) delete merged.inferred;
  return merged;
}

/** The metadata of column `name`, or undefined. */
export function findColumnMetadata(metadata: Metadata, name: string): ColumnMetadata | undefined {
  return metadata.columns.find((c) => c.name === name);
}
