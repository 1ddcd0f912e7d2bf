/**
 * The shared shell of a fitted model: manifest, seeded sampling with the shared finishing step,
 * and JSON save. A generator supplies only its state and a `draw` function that produces its
 * modelled columns; everything common to all generators lives here once.
 */
import { Rng } from "../random/rng.ts";
import type { Table } from "../table/table.ts";
import { type ColumnSchema, type FinishOptions, finishTable } from "./schema.ts";
import type { DpLedger, FittedGenerator, ModelManifest, Params, ProgressFn, SampleResult, SavedModel } from "./types.ts";

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
}

export function makeFitted<S>(spec: FittedSpec<S>): FittedGenerator {
  const manifest: ModelManifest = {
    generator: spec.generator,
    version: spec.version,
    params: spec.params,
    fitSeed: spec.fitSeed,
    columns: spec.schema,
    dp: spec.dp,
    containsRealValues: spec.containsRealValues,
    trainingRows: spec.trainingRows,
    fitMilliseconds: spec.fitMilliseconds,
    ...(spec.warnings && spec.warnings.length > 0 ? { warnings: spec.warnings } : {}),
  };
  return {
    manifest,
    sample(nRows, options): SampleResult {
      if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`number of rows must be a non-negative integer, got ${nRows}`);
      const root = Rng.fromSeed(options.seed).derive(`sample:${spec.generator}`);
      const drawn = spec.draw(spec.state, nRows, root.derive("draw"), options.onProgress);
      const table = finishTable(spec.schema, drawn.table, nRows, root.derive("finish"), spec.finish);
      return drawn.link ? { table, link: drawn.link } : { table };
    },
    toJSON(): SavedModel {
      return { format: "sosie-model/1", containsRealValues: spec.containsRealValues, manifest, state: spec.state };
    },
  };
}

/** Wall-clock milliseconds since `start` (performance.now exists in Node and browsers). */
export function elapsedSince(start: number): number {
  return Math.round(performance.now() - start);
}
