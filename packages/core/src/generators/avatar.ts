/**
 * Avatar (spec generators.md §2): one synthetic row per real row, a random convex combination of
 * the row's k nearest neighbours in a FAMD/PCA/MCA projection of R.
 *
 * There is no reusable model: the "fitted" avatar is R itself (containsRealValues: true) plus what
 * is derived from it without randomness (projection, neighbours), kept in memory and rebuilt on
 * load. The link to the originals exists only in a sample's in-memory result (keepLink) and is
 * never part of the saved model. Diagnostics (variance share on the ncp axes, largest scaled
 * dummy, warnings such as k < 5) are saved in `state.diagnostics`.
 */
import type { Table } from "../table/table.ts";
import type { Rng } from "../random/rng.ts";
import { captureSchema, modelledColumnNames } from "./output-schema.ts";
import { fitRecord, loadFitted, makeFitted } from "./fitted.ts";
import type { FitContext, FittedGenerator, GeneratorDefinition, Params, ProgressFn } from "./types.ts";
import { AVATAR_PARAMS, avatarOptions } from "./avatar/options.ts";
import { type AvatarDiagnostics, type PrepareHooks, type PreparedAvatar, prepareAvatar } from "./avatar/prepare.ts";
import { drawAvatars } from "./avatar/draw.ts";
import { type SavedColumn, loadTable, saveColumns } from "./avatar/saved-columns.ts";
import type { WeightDraws } from "./avatar/weights.ts";
import { protectedReference } from "./avatar/marginals.ts";
import { privacySettings } from "./protect/preset.ts";
import { subjectColumn, subjectsOf } from "../table/subjects.ts";
import type { ColumnSchema } from "./output-schema.ts";

const ID = "avatar";
const VERSION = "1";

export interface AvatarState {
  readonly nRows: number;
  /** The modelled real columns (R itself: the avatar needs every row). */
  readonly columns: readonly SavedColumn[];
  readonly diagnostics: AvatarDiagnostics;
  /**
   * With marginals = "ranks": per numeric column, the sorted values the output takes rank for
   * rank (R's, with rare values aggregated at the fit's preset; avatar/marginals.ts).
   */
  readonly marginalReferences?: Readonly<Record<string, readonly number[]>>;
}

/** Test and worker hooks: how the neighbour search runs, where the weight draws come from. */
export interface AvatarHooks extends PrepareHooks {
  readonly weightDraws?: WeightDraws;
}

function prepareFromState(state: AvatarState, params: Params, hooks: AvatarHooks): PreparedAvatar {
  const table = loadTable(state.columns, state.nRows);
  return prepareAvatar(table, avatarOptions(params, table.names, state.nRows), hooks);
}

/** The draw function over a prepared avatar, prepared on first use when the model was loaded. */
function drawer(params: Params, hooks: AvatarHooks, prepared?: PreparedAvatar) {
  let cached = prepared;
  return (state: AvatarState, nRows: number, rng: Rng, onProgress?: ProgressFn) => {
    cached ??= prepareFromState(state, params, hooks);
    return drawAvatars(cached, nRows, rng, hooks.weightDraws, onProgress, state.marginalReferences);
  };
}

/** The rank-matching references of marginals = "ranks": R's values, those held by fewer than k subjects aggregated. */
function marginalReferences(
  train: Table,
  schema: readonly ColumnSchema[],
  prepared: PreparedAvatar,
  k: number,
  subject: string | null | undefined,
): Record<string, number[]> {
  const subjects = subjectsOf(train, subjectColumn(train, subject));
  const decimals = new Map(schema.map((c) => [c.name, c.roundDecimals ?? 12]));
  const out: Record<string, number[]> = {};
  for (const slot of prepared.layout.numerics)
    out[slot.source.name] = Array.from(
      protectedReference(slot.source, k, decimals.get(slot.source.name) ?? 12, subjects),
    );
  return out;
}

/** `avatar.fit` with hooks (tests split the neighbour search or force the weight draws). */
export function fitAvatar(train: Table, params: Params, context: FitContext, hooks: AvatarHooks = {}): FittedGenerator {
  const start = performance.now();
  const schema = captureSchema(train);
  const modelled = train.pick(modelledColumnNames(schema));
  context.onProgress?.(0, "avatar projection and neighbours");
  const search = hooks.search ?? context.neighbourSearch;
  const prepared = prepareAvatar(
    modelled,
    avatarOptions(params, modelled.names, train.nRows),
    search ? { search } : {},
  );
  context.onProgress?.(1, "avatar projection and neighbours");
  // R as plain JSON only when the model is saved (2.6 s of CPU on diabetes-130 that a sample never needs).
  let saved: SavedColumn[] | undefined;
  const state: AvatarState = {
    nRows: train.nRows,
    get columns() {
      return (saved ??= saveColumns(modelled));
    },
    diagnostics: prepared.diagnostics,
    ...(prepared.options.marginals === "ranks"
      ? {
          marginalReferences: marginalReferences(
            train,
            schema,
            prepared,
            privacySettings(context.privacy).rareK,
            context.subject,
          ),
        }
      : {}),
  };
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
    warnings: prepared.diagnostics.warnings,
  });
}

export const avatar: GeneratorDefinition = {
  id: ID,
  version: VERSION,
  summary:
    "Avatar: each real row replaced by a random barycentre of its k nearest neighbours in a FAMD projection (stores R).",
  params: AVATAR_PARAMS,
  missing: "indicator",
  allPairsNeighbours: true,
  fit: (train, params, context) => fitAvatar(train, params, context),
  load: (saved) => loadFitted<AvatarState>(saved, drawer(saved.manifest.params, {})),
};
