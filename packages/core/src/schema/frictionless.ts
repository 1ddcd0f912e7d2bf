/**
 * Import of a Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) as
 * Sosie metadata. Structure comes from the schema alone, never from data values (relational.md
 * §1.3). Properties Sosie has no field for are kept as column annotations for the review step.
 */
import type { ColumnKind } from "../table/column.ts";
import { temporalFormatProblem } from "../table/temporal.ts";
import { SosieInputError } from "../errors.ts";
import { METADATA_VERSION, validateMetadata, type ColumnMetadata, type ForeignKeyMetadata, type Metadata } from "./metadata.ts";

export interface FromTableSchemaOptions {
  /** File name for error messages. */
  source?: string;
  /** Table name when the schema has no `name` (e.g. the file name without extension). */
  table?: string;
  /** Resources that are code lists (nomenclatures): foreign keys to them become lookups. */
  lookupResources?: readonly string[];
  /**
   * Pattern of `yearmonth` fields with the default format. The Table Schema default is
   * "YYYY-MM"; the SNDS sample files write "YYYYMM".
   */
  yearmonthFormat?: string;
}

type Json = Record<string, unknown>;

/** Field properties mapped to Sosie fields; every other property becomes an annotation. */
const MAPPED_FIELD_PROPERTIES = new Set(["name", "type", "format", "constraints", "trueValues", "falseValues", "description", "title"]);
const MAPPED_CONSTRAINTS = new Set(["required", "unique", "enum", "minimum", "maximum", "pattern", "minLength", "maxLength", "decimals"]);

/** strftime directives Sosie's temporal patterns can express. */
const STRFTIME: Record<string, string> = { Y: "YYYY", m: "MM", d: "DD", H: "HH", M: "mm", S: "ss", b: "MMM", f: "SSSSSS", "%": "%" };

/** A Sosie temporal pattern from a strftime pattern, or null when it uses unsupported directives. */
export function strftimeToTemporalFormat(pattern: string): string | null {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "%") {
      const mapped = STRFTIME[pattern[i + 1]];
      if (mapped === undefined) return null;
      out += mapped;
      i++;
    } else if (/[YMDHmsSZX]/.test(ch)) {
      // A literal letter that would read as a Sosie token cannot be expressed.
      return null;
    } else out += ch;
  }
  return out;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function asList(v: unknown): string[] | null {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  return null;
}

/** Sosie metadata from a Table Schema descriptor. Throws SosieInputError "invalid-schema". */
export function fromTableSchema(json: unknown, options: FromTableSchemaOptions = {}): Metadata {
  const file = options.source;
  const fail = (message: string, column?: string) => new SosieInputError("invalid-schema", message, { file, column });
  if (!isObject(json) || !Array.isArray(json.fields)) throw fail("a Table Schema is an object with a \"fields\" array");
  const tableName = typeof json.name === "string" && json.name !== "" ? json.name : options.table;
  const lookups = new Set(options.lookupResources ?? []);

  const columns: ColumnMetadata[] = json.fields.map((f, i) => {
    if (!isObject(f) || typeof f.name !== "string" || f.name === "") throw fail(`fields[${i}] has no name`);
    return importField(f, f.name, options.yearmonthFormat ?? "YYYY-MM", fail);
  });
  const byName = new Map(columns.map((c) => [c.name, c]));
  const metadata: Metadata = { sosie: METADATA_VERSION, columns };
  if (tableName !== undefined) metadata.table = tableName;
  if (typeof json.description === "string") metadata.description = json.description;

  if (json.missingValues !== undefined) {
    const tokens = asList(json.missingValues);
    if (tokens === null) throw fail("missingValues must be a list of strings");
    metadata.missingTokens = tokens;
  } else metadata.missingTokens = [""];

  if (json.primaryKey !== undefined) {
    const pk = asList(json.primaryKey);
    if (pk === null || pk.length === 0) throw fail("primaryKey must be a field name or a list of them");
    for (const name of pk) if (!byName.has(name)) throw fail("primaryKey names an unknown field", name);
    metadata.primaryKey = pk;
    if (pk.length === 1) makeIdentifier(byName.get(pk[0])!, "single-column primary key");
  }

  if (json.foreignKeys !== undefined) {
    if (!Array.isArray(json.foreignKeys)) throw fail("foreignKeys must be a list");
    metadata.foreignKeys = json.foreignKeys.map((fk, i) => importForeignKey(fk, i, tableName, byName, lookups, fail));
  }

  const annotations: Json = {};
  for (const [k, v] of Object.entries(json))
    if (!["fields", "name", "description", "missingValues", "primaryKey", "foreignKeys"].includes(k)) annotations[k] = v;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return validateMetadata(metadata, { source: file });
}

function makeIdentifier(c: ColumnMetadata, why: string): void {
  if (c.kind === "identifier" || c.kind === "date" || c.kind === "datetime") return;
  moveBoundsToAnnotations(c);
  delete c.levels;
  delete c.ordered;
  delete c.decimals;
  delete c.tokens;
  delete c.trueValues;
  delete c.falseValues;
  c.kind = "identifier";
  c.inferred = { reason: `${why}: identifier`, confidence: 1 };
}

/** Bounds and decimals only fit numeric kinds; other kinds keep them as annotations. */
function moveBoundsToAnnotations(c: ColumnMetadata): void {
  const kept: Json = {};
  if (c.min !== undefined) kept.minimum = c.min;
  if (c.max !== undefined) kept.maximum = c.max;
  if (c.decimals !== undefined) kept.decimals = c.decimals;
  if (Object.keys(kept).length > 0) c.annotations = { ...c.annotations, constraints: { ...(c.annotations?.constraints as Json | undefined), ...kept } };
  delete c.min;
  delete c.max;
  delete c.decimals;
}

function importField(f: Json, name: string, yearmonthFormat: string, fail: (m: string, c?: string) => SosieInputError): ColumnMetadata {
  const type = typeof f.type === "string" ? f.type : "string";
  const format = typeof f.format === "string" ? f.format : "default";
  const constraints = isObject(f.constraints) ? f.constraints : {};
  const c: ColumnMetadata = { name, kind: "categorical" };
  const warnings: string[] = [];
  const why = (kind: ColumnKind, text: string) => {
    c.kind = kind;
    c.inferred = { reason: text, confidence: 1 };
  };

  switch (type) {
    case "integer":
    case "number":
      why(type === "integer" ? "integer" : "continuous", `Table Schema type ${type}`);
      if (typeof constraints.minimum === "number") c.min = constraints.minimum;
      if (typeof constraints.maximum === "number") c.max = constraints.maximum;
      if (typeof constraints.decimals === "number" && type === "number") c.decimals = constraints.decimals;
      break;
    case "boolean": {
      why("boolean", "Table Schema type boolean");
      const t = asList(f.trueValues);
      const fv = asList(f.falseValues);
      if (f.trueValues !== undefined && (t === null || t.length === 0)) throw fail("trueValues must be a list of strings", name);
      if (f.falseValues !== undefined && (fv === null || fv.length === 0)) throw fail("falseValues must be a list of strings", name);
      if (t !== null && fv !== null && t.some((x) => fv.includes(x))) {
        // A defect seen in SNDS (T_MCOaaC.PMS_RET: both lists are ["0"]): keep the lists for review only.
        c.annotations = { trueValues: t, falseValues: fv };
        warnings.push("trueValues and falseValues overlap: the Table Schema defaults are used; review this column");
        break;
      }
      if (t !== null) c.trueValues = t;
      if (fv !== null) c.falseValues = fv;
      if (t !== null && fv !== null) c.tokens = [fv[0], t[0]];
      break;
    }
    case "date":
    case "datetime": {
      if (type === "date" && format === "%m") {
        // SNDS "month of birth": a month of the year, not a date (relational.md §1.3).
        why("categorical", "Table Schema date with format %m: a month of the year, categorical 01-12");
        c.levels = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
        c.ordered = true;
        break;
      }
      why(type, `Table Schema type ${type}`);
      if (format === "default") c.format = type === "date" ? "YYYY-MM-DD" : "YYYY-MM-DDTHH:mm:ssZ";
      else if (format !== "any") {
        const converted = format.startsWith("%") || format.includes("%") ? strftimeToTemporalFormat(format) : null;
        if (converted === null || temporalFormatProblem(type, converted) !== null)
          throw fail(`unsupported ${type} format (supported: default, any, strftime with %Y %m %d %H %M %S %b %f)`, name);
        c.format = converted;
      }
      break;
    }
    case "year":
      why("date", "Table Schema type year: date at year granularity");
      c.format = "YYYY";
      break;
    case "yearmonth":
      why("date", "Table Schema type yearmonth: date at month granularity");
      if (format !== "default") throw fail("unsupported yearmonth format (supported: default)", name);
      c.format = yearmonthFormat;
      break;
    case "string":
      if (constraints.unique === true) why("identifier", "Table Schema string with unique constraint: identifier");
      else why("categorical", "Table Schema string: categorical (review: free text if long and varied)");
      break;
    default:
      // time, any, duration, geopoint, object, array: no Sosie kind models them.
      why(type === "any" ? "categorical" : "text", `Table Schema type ${type}: ${type === "any" ? "categorical" : "free text"}, to review`);
      warnings.push(`Table Schema type ${type} has no Sosie kind: review this column`);
  }

  if (constraints.enum !== undefined) {
    if (!Array.isArray(constraints.enum)) throw fail("constraints.enum must be a list", name);
    if (c.kind !== "boolean" && c.kind !== "date" && c.kind !== "datetime") {
      moveBoundsToAnnotations(c);
      c.kind = "categorical";
      c.levels = constraints.enum.map((v) => String(v));
      c.inferred = { reason: `Table Schema ${type} with enum constraint: categorical`, confidence: 1 };
    }
  }
  if (constraints.required === true) c.nullable = false;
  if (constraints.unique === true) c.unique = true;
  if (typeof constraints.pattern === "string") c.pattern = constraints.pattern;
  if (typeof constraints.minLength === "number") c.minLength = constraints.minLength;
  if (typeof constraints.maxLength === "number") c.maxLength = constraints.maxLength;
  if (c.kind === "integer" && typeof constraints.decimals === "number") {
    const a = c.annotations ?? {};
    c.annotations = { ...a, constraints: { decimals: constraints.decimals } };
  }
  if (typeof f.description === "string" && f.description !== "") c.description = f.description;
  else if (typeof f.title === "string" && f.title !== "") c.description = f.title;

  const annotations: Json = { ...(c.annotations ?? {}) };
  for (const [k, v] of Object.entries(f)) if (!MAPPED_FIELD_PROPERTIES.has(k)) annotations[k] = v;
  const extraConstraints = Object.entries(constraints).filter(([k]) => !MAPPED_CONSTRAINTS.has(k));
  if (extraConstraints.length > 0) annotations.constraints = { ...(annotations.constraints as Json | undefined), ...Object.fromEntries(extraConstraints) };
  if (Object.keys(annotations).length > 0) c.annotations = annotations;
  if (warnings.length > 0) c.warnings = warnings;
  return c;
}

function importForeignKey(
  fk: unknown,
  i: number,
  tableName: string | undefined,
  byName: Map<string, ColumnMetadata>,
  lookups: Set<string>,
  fail: (m: string, c?: string) => SosieInputError,
): ForeignKeyMetadata {
  if (!isObject(fk) || !isObject(fk.reference)) throw fail(`foreignKeys[${i}] needs "fields" and "reference"`);
  const childColumns = asList(fk.fields);
  const parentColumns = asList(fk.reference.fields);
  const resource = fk.reference.resource;
  if (childColumns === null || childColumns.length === 0 || parentColumns === null || parentColumns.length === 0)
    throw fail(`foreignKeys[${i}]: fields and reference.fields must be a field name or a list of them`);
  if (childColumns.length !== parentColumns.length) throw fail(`foreignKeys[${i}]: fields and reference.fields differ in length`);
  if (typeof resource !== "string") throw fail(`foreignKeys[${i}]: reference.resource must be a string`);
  for (const name of childColumns) if (!byName.has(name)) throw fail(`foreignKeys[${i}] names an unknown field`, name);
  // "" is the Table Schema spelling of a self-reference.
  const parent = resource === "" ? (tableName ?? "") : resource;
  if (parent === "") throw fail(`foreignKeys[${i}] is a self-reference in a schema without a name`);
  const lookup = lookups.has(parent) || childColumns.every((n) => namesNomenclature(byName.get(n)!, parent));
  const out: ForeignKeyMetadata = { childColumns, parent, parentColumns };
  if (lookup) out.lookup = true;
  for (const name of childColumns) {
    const c = byName.get(name)!;
    if (c.kind === "date" || c.kind === "datetime") continue;
    // A code-list FK is a categorical whose domain is the list; a table FK points at a key.
    if (lookup && c.kind !== "categorical" && c.kind !== "boolean") {
      moveBoundsToAnnotations(c);
      c.kind = "categorical";
      c.inferred = { reason: `foreign key to the code list ${parent}: categorical`, confidence: 1 };
    } else if (!lookup && c.kind === "categorical" && c.levels === undefined) makeIdentifier(c, `foreign key to ${parent}`);
  }
  return out;
}

/** The field's `nomenclature` annotation (SNDS: "IR_BER_V:BEN_RNG_GEM") names `resource`. */
function namesNomenclature(c: ColumnMetadata, resource: string): boolean {
  const n = c.annotations?.nomenclature;
  return typeof n === "string" && n.split(":")[0] === resource;
}
