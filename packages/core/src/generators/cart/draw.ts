/**
 * Sampling from a fitted cart model (spec generators.md §3.2 steps 2–5): first column from its
 * pool with replacement, every later variable by routing each synthetic row down its tree and
 * drawing a donor from the leaf, then columns rebuilt from their variables and optionally smoothed.
 *
 * Streams: "first" for the pool, ("route", v) and ("donor", v) per variable, ("smooth", j) per
 * column, so one variable's draws never shift another's.
 */
import type { Rng } from "../../random/rng.ts";
import { Table } from "../../table/table.ts";
import type { ColumnSchema } from "../output-schema.ts";
import type { DrawResult } from "../fitted.ts";
import type { ProgressFn } from "../types.ts";
import { smoothValues } from "./smooth.ts";
import type { CartState } from "./state.ts";
import { type RoutingColumn, type SavedTree, type Tree, drawDonor, loadTree, withoutDonors, routeRow } from "./tree.ts";
import { type VariableData, isObserved, rebuildColumn, variablesOf } from "./variables.ts";

/** Trees decoded from their JSON form once per model, not once per sample call. */
const decoded = new WeakMap<SavedTree, Tree>();

function treeOf(saved: SavedTree): Tree {
  let tree = decoded.get(saved);
  if (!tree) {
    tree = loadTree(saved);
    decoded.set(saved, tree);
  }
  return tree;
}

function routingColumn(data: VariableData): RoutingColumn {
  return data instanceof Float64Array ? { kind: "numeric", values: data } : { kind: "categorical", codes: data };
}

/**
 * Pool rows the first column may be drawn from when it has rare levels (rows holding them are
 * left out, so the draw is R's distribution given a frequent level); null: every row.
 */
function allowedPoolRows(state: CartState, pool: CartState["first"]["pool"]): Int32Array | null {
  const avoid = new Map<number, Set<number>>();
  state.first.variables.forEach((v, f) => {
    const rare = state.rareCodes?.[v];
    if (rare) avoid.set(f, new Set(rare));
  });
  if (avoid.size === 0 || pool.length === 0) return null;
  const rows: number[] = [];
  for (let k = 0; k < pool[0].length; k++) {
    let ok = true;
    for (const [f, rare] of avoid) if (rare.has(pool[f][k])) ok = false;
    if (ok) rows.push(k);
  }
  return rows.length > 0 ? Int32Array.from(rows) : null;
}

export function drawCart(
  state: CartState,
  schema: readonly ColumnSchema[],
  nRows: number,
  rng: Rng,
  onProgress?: ProgressFn,
): DrawResult {
  const variables = variablesOf(state.plans);
  const synthetic: VariableData[] = variables.map((v) =>
    v.kind === "numeric" ? new Float64Array(nRows) : new Int32Array(nRows),
  );

  const { variables: firstVariables, pool } = state.first;
  const firstRng = rng.derive("first");
  const poolRows = allowedPoolRows(state, pool);
  for (let i = 0; i < nRows && firstVariables.length > 0; i++) {
    const k = poolRows === null ? firstRng.int(pool[0].length) : poolRows[firstRng.int(poolRows.length)];
    for (let f = 0; f < firstVariables.length; f++) synthetic[firstVariables[f]][i] = pool[f][k];
  }

  state.steps.forEach((step, s) => {
    const rare = state.rareCodes?.[step.variable];
    const tree = rare ? withoutDonors(treeOf(step.tree), rare) : treeOf(step.tree);
    const columns = step.predictors.map((u) => routingColumn(synthetic[u]));
    const out = synthetic[step.variable];
    const gate = step.gate >= 0 ? (synthetic[step.gate] as Int32Array) : null;
    const routeRng = rng.derive("route", step.variable);
    const donorRng = rng.derive("donor", step.variable);
    for (let i = 0; i < nRows; i++) {
      if (gate && !isObserved(gate, i)) continue; // `c.0` stays 0 where c is not observed
      const leaf = routeRow(tree, columns, i, routeRng);
      out[i] = drawDonor(tree, leaf, donorRng);
    }
    onProgress?.((s + 1) / state.steps.length, `cart: ${variables[step.variable].name}`);
  });

  const schemaOf = new Map(schema.map((c) => [c.name, c]));
  const columns = state.plans.map((plan, j) => {
    const own = variables.flatMap((v, i) => (v.column === j ? [synthetic[i]] : []));
    const column = rebuildColumn(plan, schemaOf.get(plan.name)!, own);
    const bounds = state.smoothingBounds[j];
    if (bounds && state.smoothing !== "none" && column.kind === "continuous") {
      const rows: number[] = [];
      for (let i = 0; i < nRows; i++)
        if (!column.missing[i] && (plan.naStates.length === 0 || isObserved(own[0] as Int32Array, i))) rows.push(i);
      const keep = state.unsmoothed?.[j];
      smoothValues(
        column.values,
        Int32Array.from(rows),
        bounds,
        state.smoothing,
        rng.derive("smooth", j),
        keep ? new Set(keep) : undefined,
      );
    }
    return column;
  });
  return { table: new Table(columns, nRows) };
}
