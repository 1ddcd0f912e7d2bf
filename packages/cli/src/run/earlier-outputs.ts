/**
 * `sosie run -o dir` into the folder of an earlier run: the earlier run's synthetic tables that
 * the new run does not rewrite are removed, so the folder agrees with its new report.json. Only in
 * a folder that holds a sosie report.json before the run, and only files named as a run names its
 * synthetic tables (synthetic-<method>[-<preset>].csv or .parquet, for a registered method and
 * preset): no other file is ever removed, and a folder without a sosie report is left as it is.
 */
import { readFile, readdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PRIVACY_PRESETS, REPORT_FORMAT, listGenerators } from "@sosie/core";
import { describeFileError } from "../file-access.ts";
import { syntheticFileName } from "./write-outputs.ts";

/** Whether `outDir` holds the report.json of an earlier sosie run (false when absent or not one). */
export async function isEarlierRunFolder(outDir: string): Promise<boolean> {
  try {
    const report = JSON.parse(await readFile(join(outDir, "report.json"), "utf8")) as { report?: unknown };
    return report?.report === REPORT_FORMAT;
  } catch {
    return false;
  }
}

/** Removes the synthetic tables of `outDir` named like a run's that are not in `written`; returns their paths. */
export async function removeEarlierOutputs(outDir: string, written: readonly string[]): Promise<string[]> {
  const keep = new Set(written.map((path) => resolve(path)));
  const names = runOutputNames();
  const removed: string[] = [];
  for (const name of await readdir(outDir)) {
    const path = join(outDir, name);
    if (!names.has(name) || keep.has(resolve(path))) continue;
    try {
      await rm(path);
    } catch (error) {
      throw describeFileError(path, error);
    }
    removed.push(path);
  }
  return removed;
}

/** Every file name a run gives a synthetic table: per method, alone or with each preset, CSV or Parquet. */
function runOutputNames(): Set<string> {
  const names = new Set<string>();
  for (const { id } of listGenerators())
    for (const output of [id, ...PRIVACY_PRESETS.map((preset) => `${id}-${preset}`)])
      for (const format of ["csv", "parquet"] as const) names.add(syntheticFileName(output, format));
  return names;
}
