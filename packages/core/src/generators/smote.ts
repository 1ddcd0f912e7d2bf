/**
 * SMOTE and SMOTE-NC (spec generators.md §7): each synthetic row lies on the segment between a
 * real seed row and one of its k nearest real neighbours of the same group; categorical values
 * come from the pair (λ) or the neighbourhood's mode. A utility baseline, not a privacy method.
 *
 * The model is R itself (containsRealValues: true); the neighbours are rebuilt in memory on load.
 * The search is exact Euclidean over z-scored numerics and one-hot categoricals (smote/encode.ts),
 * run by the mixed-kernel search of neighbors/ on one value per column (bit-sliced mismatch
 * bound), with the same distances, bit for bit, as on the dummies. Seed indices (the link) are
 * kept in memory only (keepLink).
 */
import type { Table } from "../table/table.ts";
import type { Rng } from "../random/rng.ts";
import { captureSchema, modelledColumnNames } from "./output-schema.ts";
import { fitRecord, loadFitted, makeFitted } from "./fitted.ts";
import type { FitContext, FittedGenerator, GeneratorDefinition, Params } from "./types.ts";
import { type SavedColumn, loadTable, saveColumns } from "./avatar/saved-columns.ts";
import { SMOTE_PARAMS, smoteOptions } from "./smote/options.ts";
import { type PreparedSmote, type SmoteHooks, prepareSmote } from "./smote/prepare.ts";
import { type LambdaDraw, drawSmote } from "./smote/draw.ts";
import { SosieOptionError } from "../errors.ts";

const ID = "smote";
const VERSION = "1";

export interface SmoteState {
  readonly nRows: number;
  /** The modelled real columns (the target among them when it varies). */
  readonly columns: readonly SavedColumn[];
  /** Target column in stratified mode; null in unsupervised mode or when it has a single state. */
  readonly target: string | null;
  readonly warnings: readonly string[];
}

export interface SmoteTestHooks extends SmoteHooks {
  /** Forces λ (the spec's "λ = 0 gives copies" check). */
  readonly lambda?: LambdaDraw;
}

function prepareFromState(state: SmoteState, params: Params, hooks: SmoteTestHooks): PreparedSmote {
  const table = loadTable(state.columns, state.nRows);
  const options = smoteOptions(params);
  const target = state.target === null ? undefined : table.column(state.target);
  // A target with a single state (not modelled) makes one group: unsupervised.
  return prepareSmote(table, target, target === undefined ? { ...options, mode: "unsupervised" } : options, hooks);
}

function drawer(params: Params, hooks: SmoteTestHooks, prepared?: PreparedSmote) {
  let cached = prepared;
  return (state: SmoteState, nRows: number, rng: Rng) => {
    cached ??= prepareFromState(state, params, hooks);
    return drawSmote(cached, nRows, rng, hooks.lambda);
  };
}

/** `smote.fit` with hooks (tests force λ or split the neighbour search). */
export function fitSmote(
  train: Table,
  params: Params,
  context: FitContext,
  hooks: SmoteTestHooks = {},
): FittedGenerator {
  const start = performance.now();
  const schema = captureSchema(train);
  const names = modelledColumnNames(schema);
  const options = smoteOptions(params);
  let target: string | null = null;
  if (options.mode === "stratified") {
    if (context.target === undefined)
      throw new SosieOptionError(`SMOTE mode "stratified" needs a target column (the groups are its levels)`);
    if (!train.has(context.target)) throw new SosieOptionError(`target column "${context.target}" is not in the table`);
    const kind = train.column(context.target).kind;
    if (kind !== "categorical" && kind !== "boolean")
      throw new SosieOptionError(
        `target column "${context.target}" is ${kind}: stratified SMOTE needs a categorical or boolean target (use unsupervised mode for a numeric one)`,
      );
    if (names.includes(context.target)) target = context.target;
  }
  const modelled = train.pick(names);
  const state0 = { nRows: train.nRows, columns: saveColumns(modelled), target };
  const search = hooks.search ?? context.neighbourSearch;
  const prepared = prepareFromState({ ...state0, warnings: [] }, params, search ? { ...hooks, search } : hooks);
  const state: SmoteState = { ...state0, warnings: prepared.warnings };
  return makeFitted({
    ...fitRecord(train, schema, context, start),
    generator: ID,
    version: VERSION,
    params,
    schema,
    containsRealValues: true,
    dp: null,
    state,
    draw: drawer(params, hooks, prepared),
    warnings: prepared.warnings,
  });
}

export const smote: GeneratorDefinition = {
  id: ID,
  version: VERSION,
  summary: "SMOTE / SMOTE-NC: rows interpolated between a real row and one of its k nearest neighbours (stores R).",
  params: SMOTE_PARAMS,
  missing: "native",
  allPairsNeighbours: true,
  fit: (train, params, context) => fitSmote(train, params, context),
  load: (saved) => loadFitted<SmoteState>(saved, drawer(saved.manifest.params, {})),
};
