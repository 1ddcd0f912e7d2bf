/**
 * Writes a run's outputs into the output directory, each file atomically: one synthetic table per
 * method (CSV, or Parquet when the input was Parquet), report.json and report.html.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Table, csvChunks, writeParquet } from "@sosie/core";
import { AtomicFile, writeFileAtomic } from "../files.ts";
import { describeFileError } from "../file-access.ts";
import type { TableFormat } from "../files.ts";
import type { Progress } from "../progress.ts";

export interface RunFiles {
  readonly synthetic: ReadonlyMap<string, string>;
  readonly reportJson: string;
  readonly reportHtml: string;
}

export function syntheticFileName(method: string, format: TableFormat): string {
  return `synthetic-${method}.${format === "parquet" ? "parquet" : "csv"}`;
}

export async function writeRunOutputs(
  outDir: string,
  outputs: { synthetic: ReadonlyMap<string, Table>; reportJson: string; reportHtml: string; format: TableFormat },
  progress: Progress,
): Promise<RunFiles> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw describeFileError(outDir, error);
  }
  const written = new Map<string, string>();
  for (const [method, table] of outputs.synthetic) {
    const path = join(outDir, syntheticFileName(method, outputs.format));
    await progress.step(`write ${path}`, async () => {
      if (outputs.format === "parquet") return writeFileAtomic(path, writeParquet(table, { unusedLevels: "drop" }));
      const file = await AtomicFile.create(path);
      try {
        for (const chunk of csvChunks(table)) await file.write(chunk);
        await file.commit();
      } catch (error) {
        await file.abort();
        throw error;
      }
    });
    written.set(method, path);
  }
  const reportJson = join(outDir, "report.json");
  const reportHtml = join(outDir, "report.html");
  await progress.step(`write ${reportJson}`, () => writeFileAtomic(reportJson, outputs.reportJson));
  await progress.step(`write ${reportHtml}`, () => writeFileAtomic(reportHtml, outputs.reportHtml));
  return { synthetic: written, reportJson, reportHtml };
}
