/**
 * The discrete domain of every modelled column (generators.md §5.2): numbers and dates become
 * `numericBins` equal-width bins over [lo, hi], categories and booleans their levels, and ∅ an
 * extra last level when the column is nullable. In DP mode the bounds, levels and nullability
 * must be declared (the `domain` parameter): taking them from R would leak R. The escape hatch
 * `allowDataDependentDomain` takes missing ones from R and voids the guarantee.
 */
import { SosieInputError, SosieOptionError } from "../../errors.ts";
import type { Column } from "../../table/column.ts";
import { parseTemporal } from "../../table/temporal.ts";
import type { ColumnSchema } from "../output-schema.ts";

/** One column's declared domain, as given in the `domain` parameter. */
export interface DeclaredDomain {
  readonly min?: number | string;
  readonly max?: number | string;
  readonly levels?: readonly string[];
  /** Whether ∅ is a level; default false in DP mode (declare it for columns that may be empty). */
  readonly nullable?: boolean;
  /** Decimals of the output (else those observed in R). */
  readonly decimals?: number;
}

export type ColumnDomain =
  | {
      readonly name: string;
      readonly type: "bins";
      readonly kind: "continuous" | "integer" | "date" | "datetime";
      readonly lo: number;
      readonly hi: number;
      readonly bins: number;
      readonly nullable: boolean;
      /** ∅ as a state was declared (or is the DP default), not read from R. */
      readonly nullableDeclared: boolean;
      /** Bounds or levels were declared, not read from R. */
      readonly declared: boolean;
    }
  | {
      readonly name: string;
      readonly type: "levels";
      readonly kind: "categorical" | "boolean";
      /** Level texts, in domain order (booleans: their false and true tokens). */
      readonly levels: readonly string[];
      readonly nullable: boolean;
      /** ∅ as a state was declared (or is the DP default), not read from R. */
      readonly nullableDeclared: boolean;
      /** Bounds or levels were declared, not read from R. */
      readonly declared: boolean;
    };

/** Number of states including ∅. */
export function domainSize(d: ColumnDomain): number {
  return (d.type === "bins" ? d.bins : d.levels.length) + (d.nullable ? 1 : 0);
}

/** Parse and check the `domain` parameter: an object of column name → declared domain. */
export function parseDeclaredDomains(raw: unknown): ReadonlyMap<string, DeclaredDomain> {
  if (raw === null || raw === undefined) return new Map();
  if (typeof raw !== "object" || Array.isArray(raw))
    throw new SosieOptionError(
      `parameter "domain" of method bayesnet: expected an object of column name → { min, max } or { levels }`,
    );
  return new Map(Object.entries(raw as Record<string, DeclaredDomain>));
}

export interface DomainOptions {
  readonly numericBins: number;
  /** DP mode: a column without a declared domain is an error unless data-dependent domains are allowed. */
  readonly private: boolean;
  readonly allowDataDependentDomain: boolean;
}

function hasMissing(c: Column): boolean {
  for (let i = 0; i < c.length; i++) if (c.missing[i]) return true;
  return false;
}

function boundOf(value: number | string | undefined, c: Column, which: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && (c.kind === "date" || c.kind === "datetime")) {
    const parsed = parseTemporal(value, c.kind, c.format);
    if (parsed !== null) return parsed;
  }
  throw new SosieOptionError(
    `parameter "domain" of method bayesnet: ${which} of column "${c.name}" is not a number${c.kind === "date" || c.kind === "datetime" ? " or a date in the column's format" : ""}`,
  );
}

/** The domain of column `c` with schema `s`, declared or (when allowed) taken from R. */
export function columnDomain(
  c: Column,
  s: ColumnSchema,
  declared: DeclaredDomain | undefined,
  options: DomainOptions,
): ColumnDomain {
  const fromData = (what: string): void => {
    if (options.private && !options.allowDataDependentDomain)
      throw new SosieOptionError(
        `bayesnet with epsilon needs the ${what} of column "${c.name}" declared in the "domain" parameter ` +
          `(taking it from the data would leak it); or set allowDataDependentDomain: true, which voids the guarantee`,
      );
  };
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      let lo = boundOf(declared?.min, c, "min");
      let hi = boundOf(declared?.max, c, "max");
      if (lo === undefined || hi === undefined) {
        fromData("bounds (min and max)");
        lo ??= s.min ?? 0;
        hi ??= s.max ?? lo;
      }
      if (!(hi >= lo))
        throw new SosieOptionError(`parameter "domain" of method bayesnet: column "${c.name}" has max below min`);
      const bounds = declared?.min !== undefined && declared?.max !== undefined;
      return {
        name: c.name,
        type: "bins",
        kind: c.kind,
        lo,
        hi,
        bins: options.numericBins,
        ...nullability(c, declared, options),
        declared: bounds,
      };
    }
    case "categorical": {
      let levels = declared?.levels;
      if (levels === undefined) {
        fromData("levels");
        levels = observedLevels(c);
      } else if (
        !Array.isArray(levels) ||
        levels.some((l) => typeof l !== "string") ||
        new Set(levels).size !== levels.length
      )
        throw new SosieOptionError(
          `parameter "domain" of method bayesnet: levels of column "${c.name}" must be distinct strings`,
        );
      return {
        name: c.name,
        type: "levels",
        kind: "categorical",
        levels,
        ...nullability(c, declared, options),
        declared: declared?.levels !== undefined,
      };
    }
    case "boolean":
      // Two levels by kind: public without a declaration.
      return {
        name: c.name,
        type: "levels",
        kind: "boolean",
        levels: c.tokens,
        ...nullability(c, declared, options),
        declared: true,
      };
    default:
      throw new RangeError(`column "${c.name}" of kind ${c.kind} is never modelled`);
  }
}

/**
 * Whether ∅ is a state. DP: as declared, else not nullable (a public default), or from R when
 * data-dependent domains are allowed (which voids the guarantee). Non-DP: when R has ∅.
 */
function nullability(
  c: Column,
  declared: DeclaredDomain | undefined,
  options: DomainOptions,
): { nullable: boolean; nullableDeclared: boolean } {
  if (declared?.nullable !== undefined) return { nullable: declared.nullable, nullableDeclared: true };
  if (options.private && !options.allowDataDependentDomain) return { nullable: false, nullableDeclared: true };
  return { nullable: hasMissing(c), nullableDeclared: false };
}

function observedLevels(c: Column & { kind: "categorical" }): string[] {
  const seen = new Uint8Array(c.levels.length);
  for (let i = 0; i < c.length; i++) if (!c.missing[i]) seen[c.codes[i]] = 1;
  return c.levels.filter((_, l) => seen[l] === 1);
}

/** Domain state per row: bin or level index, ∅ as the last index. */
export function encodeColumn(c: Column, d: ColumnDomain): Int32Array {
  const n = c.length;
  const out = new Int32Array(n);
  const missingState = domainSize(d) - 1;
  const refuse = (why: string): never => {
    throw new SosieInputError("metadata-mismatch", `${why} (declared domain of bayesnet)`, { column: c.name });
  };
  if (d.type === "bins") {
    const values = (c as Column & { values: Float64Array }).values;
    const width = (d.hi - d.lo) / d.bins;
    for (let i = 0; i < n; i++) {
      if (c.missing[i]) {
        out[i] = d.nullable ? missingState : refuse("missing value in a column declared not nullable");
        continue;
      }
      // Values outside the bounds go to the edge bins; a zero-width range is all bin 0.
      const b = width > 0 ? Math.floor((values[i] - d.lo) / width) : 0;
      out[i] = b < 0 ? 0 : b >= d.bins ? d.bins - 1 : b;
    }
    return out;
  }
  const index = new Map(d.levels.map((l, k) => [l, k]));
  const sourceLevels = c.kind === "categorical" ? c.levels : (c as Column & { tokens: readonly string[] }).tokens;
  const map = sourceLevels.map((l) => index.get(l) ?? -1);
  const codes = c.kind === "categorical" ? c.codes : (c as Column & { values: Uint8Array }).values;
  for (let i = 0; i < n; i++) {
    if (c.missing[i]) {
      out[i] = d.nullable ? missingState : refuse("missing value in a column declared not nullable");
      continue;
    }
    const k = map[codes[i]];
    out[i] = k >= 0 ? k : refuse("a level outside the declared levels");
  }
  return out;
}
