/**
 * Fitting sequential CART (spec generators.md §3.2): plan the variables in visit order, keep the
 * first column's rows as a pool to draw from, and grow one tree per later variable on R with the
 * earlier variables as predictors. `c.0` trees are grown on the rows where c is observed only.
 */
import type { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { ColumnSchema } from "../output-schema.ts";
import type { ProgressFn } from "../types.ts";
import { GrowWorkspace, growTree } from "./grow.ts";
import type { CartOptions } from "./options.ts";
import { type Predictor, type Response, categoricalPredictor, numericPredictor } from "./predictor.ts";
import type { SmoothingBounds } from "./smooth.ts";
import type { CartState, CartStep } from "./state.ts";
import { saveTree } from "./tree.ts";
import { type Subjects, distinctSubjectCounts, valuesHeldBy } from "../../table/subjects.ts";
import {
  type VariableData,
  type VariableSpec,
  isObserved,
  planColumn,
  variableData,
  variablesOf,
} from "./variables.ts";

function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

function bootstrap(n: number, rng: Rng): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = rng.int(n);
  return rows;
}

function observedRows(rows: Int32Array, naCodes: Int32Array): Int32Array {
  let count = 0;
  for (let k = 0; k < rows.length; k++) if (isObserved(naCodes, rows[k])) count++;
  const out = new Int32Array(count);
  count = 0;
  for (let k = 0; k < rows.length; k++) if (isObserved(naCodes, rows[k])) out[count++] = rows[k];
  return out;
}

/** Observed range of numeric column `column` in R (∅ and special codes excluded), for smoothing. */
function smoothingBounds(
  column: number,
  schema: ColumnSchema,
  variables: readonly VariableSpec[],
  data: readonly VariableData[],
): SmoothingBounds | null {
  if (schema.kind !== "continuous" && schema.kind !== "integer") return null;
  const v = variables.findIndex((spec) => spec.column === column && spec.kind === "numeric");
  const values = data[v] as Float64Array;
  const gate = variables[v].role === "zero" ? (data[v - 1] as Int32Array) : null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (gate && !isObserved(gate, i)) continue;
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  return min <= max ? { min, max, decimals: schema.roundDecimals ?? 12 } : null;
}

/** Values of a numeric variable held by at least k subjects in R (observed rows only). */
function frequentValues(values: Float64Array, gate: Int32Array | null, k: number, subjects: Subjects): number[] {
  return valuesHeldBy(values, k, subjects, (i) => gate !== null && !isObserved(gate, i));
}

/** Codes of a categorical value variable held by 1 to k − 1 subjects (∅, the last code when present, is never rare). */
function rareCodesOf(codes: Int32Array, nLevels: number, k: number, subjects: Subjects): number[] | null {
  const keys = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) keys[i] = codes[i] < nLevels ? codes[i] : -1;
  const counts = distinctSubjectCounts(keys, nLevels, subjects);
  const rare: number[] = [];
  counts.forEach((c, l) => {
    if (c > 0 && c < k) rare.push(l);
  });
  return rare.length > 0 ? rare : null;
}

export function fitCart(
  train: Table,
  schema: readonly ColumnSchema[],
  options: CartOptions,
  subjects: Subjects,
  rng: Rng,
  onProgress?: ProgressFn,
): CartState {
  const schemaOf = new Map(schema.map((s) => [s.name, s]));
  const plans = options.visitOrder.map((name) =>
    planColumn(schemaOf.get(name)!, train.column(name), options.specialCodes.get(name) ?? []),
  );
  const variables = variablesOf(plans);
  const data = variables.map((v) => variableData(v, plans[v.column], train.column(plans[v.column].name)));
  const n = train.nRows;

  const predictors: (Predictor | undefined)[] = [];
  const predictorOf = (v: number): Predictor =>
    (predictors[v] ??=
      variables[v].kind === "numeric"
        ? numericPredictor(data[v] as Float64Array)
        : categoricalPredictor(data[v] as Int32Array, variables[v].nCodes));

  const firstVariables = variables.flatMap((v, i) => (v.column === 0 ? [i] : []));
  const firstRows = options.proper ? bootstrap(n, rng.derive("bootstrap", 0)) : allRows(n);
  const pool = firstVariables.map((v) => Array.from(firstRows, (r) => data[v][r]));

  const workspace = new GrowWorkspace(n);
  const steps: CartStep[] = [];
  const nSteps = variables.length - firstVariables.length;
  for (let v = firstVariables.length; v < variables.length; v++) {
    const spec = variables[v];
    const plan = plans[spec.column];
    const allowed = options.predictors.get(plan.name);
    const features: number[] = [];
    for (let u = 0; u < v; u++) {
      const column = variables[u].column;
      if (column < spec.column && (allowed === undefined || allowed.has(plans[column].name))) features.push(u);
    }
    const gate = spec.role === "zero" ? v - 1 : -1;
    let rows = options.proper ? bootstrap(n, rng.derive("bootstrap", v)) : allRows(n);
    if (gate >= 0) {
      rows = observedRows(rows, data[gate] as Int32Array);
      // A bootstrap may miss every observed row of a rare column: fall back to R's observed rows.
      if (rows.length === 0) rows = observedRows(allRows(n), data[gate] as Int32Array);
    }
    const response: Response =
      spec.kind === "numeric"
        ? { kind: "numeric", values: data[v] as Float64Array }
        : { kind: "categorical", codes: data[v] as Int32Array, nLevels: spec.nCodes };
    const few = options.fewLevels;
    const base =
      few !== null && spec.role === "value" && spec.kind === "categorical" && spec.nCodes <= few.maxLevels
        ? few.grow
        : options.grow;
    const target = options.target;
    const grow =
      target !== null && spec.role === "value" && plan.name === target.column ? { ...base, cp: target.cp } : base;
    const tree = growTree(features.map(predictorOf), response, rows, grow, workspace);
    steps.push({ variable: v, predictors: features, gate, tree: saveTree(tree) });
    onProgress?.(steps.length / nSteps, `cart: tree for ${spec.name}`);
  }

  const smoothingBoundsOf = plans.map((plan, j) =>
    options.smoothing === "none" || plan.kind !== "numeric"
      ? null
      : smoothingBounds(j, schemaOf.get(plan.name)!, variables, data),
  );
  const k = options.rareK;
  return {
    plans,
    first: { variables: firstVariables, pool },
    steps,
    smoothing: options.smoothing,
    smoothingBounds: smoothingBoundsOf,
    ...(options.smoothingRule === "rare" && k > 0
      ? {
          unsmoothed: plans.map((_, j) => {
            if (smoothingBoundsOf[j] === null) return null;
            const v = variables.findIndex((spec) => spec.column === j && spec.kind === "numeric");
            return frequentValues(
              data[v] as Float64Array,
              variables[v].role === "zero" ? (data[v - 1] as Int32Array) : null,
              k,
              subjects,
            );
          }),
        }
      : {}),
    ...(k > 0
      ? {
          rareCodes: variables.map((spec, v) =>
            spec.role === "value" && spec.kind === "categorical"
              ? rareCodesOf(data[v] as Int32Array, plans[spec.column].nLevels, k, subjects)
              : null,
          ),
        }
      : {}),
  };
}
