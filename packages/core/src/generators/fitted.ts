/**
 * The shared shell of a fitted model: manifest, seeded sampling with the shared finishing step,
 * the shared protections and the guard (protect/), and JSON save. A generator supplies only its
 * state and a `draw` function that produces its modelled columns; everything common to all
 * generators lives here once.
 *
 * A model holding no real value otherwise is saved without its guard hashes (they would be a
 * membership oracle for train-unique rows) and without its real extremes (single patients'
 * values): protect/protection.ts protectionToSave.
 *
 * Streams of a sample: "draw" and "finish" (as before protections existed, so an unprotected
 * model samples what it always did), "protect" for the protections (rare levels, rare values,
 * extremes, missingness rules: protect/protection.ts derives one stream each), and ("guard", round)
 * for the guard's replacement batches, each drawn, finished and protected like the sample.
 */
import { Rng } from "../random/rng.ts";
import type { Table } from "../table/table.ts";
import { type ColumnSchema, type FinishOptions, finishTable } from "./output-schema.ts";
import type {
  AvoidIdentifiers,
  DpLedger,
  FitContext,
  FittedGenerator,
  ModelManifest,
  Params,
  ProgressFn,
  SampleResult,
  SavedModel,
} from "./types.ts";
import {
  EXTREMES_NOT_SAVED_WARNING,
  GUARD_NOT_SAVED_WARNING,
  RARE_VALUES_NOT_SAVED_WARNING,
  type PrivacyRecord,
  type ProtectionScope,
  type ProtectionState,
  applyProtection,
  protectionToSave,
} from "./protect/protection.ts";
import { IDENTIFIERS_NOT_CHECKED_WARNING, REAL_BOUNDS_WARNING, schemaToSave } from "./protect/saved-schema.ts";
import { type Batch, applyGuard } from "./protect/guard.ts";
import { fitProtection } from "./protect/fit.ts";

export interface DrawResult {
  /** The modelled columns (any order); skipped columns are completed by finishTable. */
  readonly table: Table;
  readonly link?: Int32Array;
}

export interface FittedSpec<S> {
  readonly generator: string;
  readonly version: string;
  readonly params: Params;
  readonly fitSeed: string;
  readonly schema: readonly ColumnSchema[];
  readonly containsRealValues: boolean;
  readonly dp: DpLedger | null;
  readonly trainingRows: number;
  readonly fitMilliseconds: number;
  readonly state: S;
  readonly draw: (state: S, nRows: number, rng: Rng, onProgress?: ProgressFn) => DrawResult;
  readonly finish?: FinishOptions;
  readonly warnings?: readonly string[];
  readonly privacy?: PrivacyRecord;
  /** Null or absent: no shared protection (models saved before presets existed). */
  readonly protection?: ProtectionState | null;
}

export function makeFitted<S>(spec: FittedSpec<S>): FittedGenerator {
  const protection = spec.protection ?? null;
  const saving = protectionToSave(spec.privacy, protection, spec.containsRealValues);
  const savedSchema = schemaToSave(spec.schema, protection, spec.containsRealValues);
  // Bounds that are R's own min and max are real values, whatever the generator's state holds.
  const containsRealValues = spec.containsRealValues || savedSchema.realBounds.length > 0;
  const manifest: ModelManifest = {
    generator: spec.generator,
    version: spec.version,
    params: spec.params,
    fitSeed: spec.fitSeed,
    columns: spec.schema,
    dp: spec.dp,
    containsRealValues,
    trainingRows: spec.trainingRows,
    fitMilliseconds: spec.fitMilliseconds,
    ...(spec.warnings && spec.warnings.length > 0 ? { warnings: spec.warnings } : {}),
    ...(saving.record ? { privacy: saving.record } : {}),
  };
  const warnings = spec.warnings ?? [];
  const savingWarnings = [
    ...(saving.guardOmitted ? [GUARD_NOT_SAVED_WARNING] : []),
    ...(saving.extremesClipped ? [EXTREMES_NOT_SAVED_WARNING] : []),
    ...(saving.rareValuesOmitted ? [RARE_VALUES_NOT_SAVED_WARNING] : []),
    ...(savedSchema.identifiersUnchecked ? [IDENTIFIERS_NOT_CHECKED_WARNING] : []),
    ...(savedSchema.realBounds.length > 0 ? [REAL_BOUNDS_WARNING] : []),
  ].filter((w) => !warnings.includes(w));
  const savedManifest: ModelManifest = {
    ...manifest,
    columns: savedSchema.schema,
    ...(savingWarnings.length > 0 ? { warnings: [...warnings, ...savingWarnings] } : {}),
  };
  const produce = (nRows: number, rng: Rng, avoid?: AvoidIdentifiers, onProgress?: ProgressFn): Batch => {
    const drawn = spec.draw(spec.state, nRows, rng.derive("draw"), onProgress);
    const table = finishTable(spec.schema, drawn.table, nRows, rng.derive("finish"), spec.finish, avoid);
    if (protection) applyProtection(table, protection, rng.derive("protect"));
    return drawn.link ? { table, link: drawn.link.slice() } : { table };
  };
  return {
    manifest,
    sample(nRows, options): SampleResult {
      if (!Number.isInteger(nRows) || nRows < 0)
        throw new RangeError(`number of rows must be a non-negative integer, got ${nRows}`);
      const root = Rng.fromSeed(options.seed).derive(`sample:${spec.generator}`);
      const sample = produce(nRows, root, options.avoidIdentifiers, options.onProgress);
      if (!protection?.guard) return sample;
      const guard = applyGuard(sample, spec.schema, protection.guard, (size, round) =>
        produce(size, root.derive("guard", round), options.avoidIdentifiers),
      );
      return { ...sample, guard };
    },
    toJSON(): SavedModel {
      return {
        format: "sosie-model/1",
        containsRealValues,
        manifest: savedManifest,
        state: spec.state,
        protection: saving.saved,
      };
    },
  };
}

/**
 * A saved model (`toJSON()` of makeFitted's result, parsed) rebuilt with its generator's draw: the
 * manifest, schema, state and protections come back as they were saved.
 */
export function loadFitted<S>(saved: SavedModel, draw: FittedSpec<S>["draw"], finish?: FinishOptions): FittedGenerator {
  const m = saved.manifest;
  return makeFitted({
    ...m,
    schema: m.columns,
    protection: saved.protection ?? null,
    state: saved.state as S,
    draw,
    ...(finish === undefined ? {} : { finish }),
  });
}

/** Wall-clock milliseconds since `start` (performance.now exists in Node and browsers). */
export function elapsedSince(start: number): number {
  return Math.round(performance.now() - start);
}

/**
 * The manifest fields every generator fills the same way at the end of `fit`: the shared
 * protections learnt on `train` (context's preset; `scope` narrows them for a generator that
 * needs it), the fit stream's key, the training size and the fit time since `start`.
 */
export function fitRecord(
  train: Table,
  schema: readonly ColumnSchema[],
  context: FitContext,
  start: number,
  scope: ProtectionScope = {},
): Pick<FittedSpec<unknown>, "privacy" | "protection" | "fitSeed" | "trainingRows" | "fitMilliseconds"> {
  const protection = fitProtection(train, schema, context, scope);
  return {
    privacy: protection.record,
    protection: protection.state,
    fitSeed: context.rng.key.toString(16),
    trainingRows: train.nRows,
    fitMilliseconds: elapsedSince(start),
  };
}
