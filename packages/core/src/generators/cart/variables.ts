/**
 * The variables sequential CART synthesises (spec generators.md §3.2 step 1).
 *
 * Each modelled column becomes one or two variables:
 * - categorical and boolean columns: one categorical variable, ∅ an extra last level;
 * - numeric and date columns without ∅ or special codes: one numeric variable;
 * - numeric and date columns with ∅ or special codes (synthpop's scheme): `c.NA`, categorical with
 *   level 0 "observed" then one level per state (∅, then each special code present in R), and
 *   `c.0`, numeric, the value where observed and 0 elsewhere.
 */
import type { Column } from "../../table/column.ts";
import { booleanColumn, categoricalColumn, isFloatColumn, numericColumn } from "../../table/column.ts";
import type { ColumnSchema } from "../output-schema.ts";

/** How one output column is rebuilt from its variables. JSON-serialisable (it is saved in the model). */
export interface ColumnPlan {
  readonly name: string;
  readonly kind: "numeric" | "categorical" | "boolean";
  /** Categorical and boolean: number of real levels (2 for booleans); ∅ is code `nLevels`. */
  readonly nLevels: number;
  /** Categorical and boolean: whether R has ∅ (then the variable has one more level). */
  readonly missingLevel: boolean;
  /** Numeric: the non-observed states of `c.NA` after "observed", null for ∅; empty = one variable. */
  readonly naStates: readonly (number | null)[];
}

export type VariableRole = "value" | "na" | "zero";

export interface VariableSpec {
  readonly name: string;
  /** Index of the column plan this variable belongs to. */
  readonly column: number;
  readonly role: VariableRole;
  readonly kind: "numeric" | "categorical";
  /** Categorical: number of codes (levels, plus ∅ or states). 0 for numeric. */
  readonly nCodes: number;
}

/** Variable data over the rows of R: codes for categorical variables, values for numeric ones. */
export type VariableData = Int32Array | Float64Array;

const NA_OBSERVED = 0;

/** Plan one modelled column from its schema and its data in R. */
export function planColumn(schema: ColumnSchema, column: Column, specialCodes: readonly number[]): ColumnPlan {
  const missingLevel = schema.missingRate > 0;
  if (column.kind === "categorical")
    return { name: column.name, kind: "categorical", nLevels: column.levels.length, missingLevel, naStates: [] };
  if (column.kind === "boolean") return { name: column.name, kind: "boolean", nLevels: 2, missingLevel, naStates: [] };
  if (!isFloatColumn(column)) throw new RangeError(`column "${column.name}" is never modelled`);
  const present = new Set<number>();
  const codes = new Set(specialCodes);
  for (let i = 0; i < column.length; i++) if (!column.missing[i] && codes.has(column.values[i])) present.add(column.values[i]);
  const naStates: (number | null)[] = missingLevel ? [null] : [];
  for (const code of [...present].sort((a, b) => a - b)) naStates.push(code);
  return { name: column.name, kind: "numeric", nLevels: 0, missingLevel, naStates };
}

/** The variables of the plans, in plan order (`c.NA` before `c.0`). */
export function variablesOf(plans: readonly ColumnPlan[]): VariableSpec[] {
  const out: VariableSpec[] = [];
  plans.forEach((p, column) => {
    if (p.kind !== "numeric") {
      out.push({ name: p.name, column, role: "value", kind: "categorical", nCodes: p.nLevels + (p.missingLevel ? 1 : 0) });
    } else if (p.naStates.length === 0) {
      out.push({ name: p.name, column, role: "value", kind: "numeric", nCodes: 0 });
    } else {
      out.push({ name: `${p.name}.NA`, column, role: "na", kind: "categorical", nCodes: 1 + p.naStates.length });
      out.push({ name: `${p.name}.0`, column, role: "zero", kind: "numeric", nCodes: 0 });
    }
  });
  return out;
}

/** The data of one variable over R's rows. */
export function variableData(spec: VariableSpec, plan: ColumnPlan, column: Column): VariableData {
  const n = column.length;
  if (column.kind === "categorical" || column.kind === "boolean") {
    const codes = new Int32Array(n);
    const source = column.kind === "categorical" ? column.codes : column.values;
    for (let i = 0; i < n; i++) codes[i] = column.missing[i] ? plan.nLevels : source[i];
    return codes;
  }
  if (!isFloatColumn(column)) throw new RangeError(`column "${column.name}" is never modelled`);
  const special = new Map<number, number>();
  plan.naStates.forEach((s, k) => {
    if (s !== null) special.set(s, k + 1);
  });
  const missingCode = plan.naStates.indexOf(null) + 1;
  const stateOf = (i: number): number => (column.missing[i] ? missingCode : (special.get(column.values[i]) ?? NA_OBSERVED));
  if (spec.role === "na") {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = stateOf(i);
    return codes;
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = stateOf(i) === NA_OBSERVED ? column.values[i] : 0;
  return values;
}

/** Whether row i of a `c.NA` variable is observed (its `c.0` then carries the value). */
export function isObserved(naCodes: Int32Array, i: number): boolean {
  return naCodes[i] === NA_OBSERVED;
}

/**
 * Rebuild the output column of a plan from its synthetic variables. Numeric and date columns come
 * back as plain numeric columns: the shared finishing step restores kinds, decimals and formats.
 */
export function rebuildColumn(plan: ColumnPlan, schema: ColumnSchema, data: readonly VariableData[]): Column {
  if (plan.kind === "categorical" || plan.kind === "boolean") {
    const source = data[0] as Int32Array;
    const n = source.length;
    const missing = new Uint8Array(n);
    for (let i = 0; i < n; i++) missing[i] = source[i] === plan.nLevels ? 1 : 0;
    if (plan.kind === "boolean") {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) values[i] = missing[i] ? 0 : source[i];
      return booleanColumn(plan.name, values, { missing, ...(schema.tokens ? { tokens: schema.tokens } : {}) });
    }
    return categoricalColumn(plan.name, source.slice(), schema.levels ?? [], { missing });
  }
  if (plan.naStates.length === 0) return numericColumn(plan.name, (data[0] as Float64Array).slice());
  const na = data[0] as Int32Array;
  const zero = data[1] as Float64Array;
  const n = na.length;
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (na[i] === NA_OBSERVED) values[i] = zero[i];
    else {
      const state = plan.naStates[na[i] - 1];
      if (state === null) missing[i] = 1;
      else values[i] = state;
    }
  }
  return numericColumn(plan.name, values, { missing });
}
