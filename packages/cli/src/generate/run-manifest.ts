/**
 * The sidecar `<out>.manifest.json` of a generated file: how it was made (method, version,
 * resolved parameters, seed, differential-privacy ledger, whether the model held real values,
 * timings). Unlike a saved model it carries no column schema (levels, bounds), so it never holds
 * a real value or a rare category and may travel with the synthetic file.
 */
import type { GuardReport, FittedGenerator } from "@sosie/core";
import { cliVersion } from "../version.ts";

export interface GenerateRun {
  readonly model: FittedGenerator;
  readonly seed: number | string;
  readonly rows: number;
  readonly sampleMilliseconds: number;
  readonly savedModel: boolean;
  readonly linkWritten: boolean;
  /** What the post-generation guard did, when the model has one. */
  readonly guard?: GuardReport;
  /** Worker threads the fit's neighbour searches ran on (0: this thread only). */
  readonly fitWorkers: number;
}

export function runManifest(run: GenerateRun): Record<string, unknown> {
  const m = run.model.manifest;
  return {
    format: "sosie-generate/1",
    sosie: cliVersion(),
    generator: m.generator,
    version: m.version,
    params: m.params,
    seed: run.seed,
    dp: m.dp,
    privacy: m.privacy ?? null,
    guard: run.guard ?? null,
    containsRealValues: m.containsRealValues,
    trainingRows: m.trainingRows,
    rows: run.rows,
    columns: m.columns.length,
    fitMilliseconds: Math.round(m.fitMilliseconds),
    fitWorkers: run.fitWorkers,
    sampleMilliseconds: Math.round(run.sampleMilliseconds),
    modelSaved: run.savedModel,
    linkWritten: run.linkWritten,
    // The fit's diagnostics for the steward (k below 5, a stratification refused); never a real value.
    warnings: m.warnings ?? [],
  };
}

export function manifestPathFor(output: string): string {
  return `${output}.manifest.json`;
}
