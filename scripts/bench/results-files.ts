/**
 * The files of bench/results: `<UTC date>-<commit>[-<kind>].json`. Their names start with the date,
 * so sorting them sorts them in time. Three commands write them (`npm run bench`,
 * `npm run bench:seeds`, `npm run bench:quality`) and BENCHMARKS.md is rendered from the latest of
 * each kind. This module imports no bench script, so each of them can use it without a cycle.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/** Kinds written beside the full results file; their suffix ends the name. */
export const RESULTS_SUFFIXES = {
  quick: "-quick.json",
  seeds: "-seeds.json",
  quality: "-quality.json",
} as const;

/** "2026-12-03T11:31:05.123Z" → "2026-12-03T11-31Z": the date part of a results file's name. */
export function resultsStamp(isoUtc: string): string {
  return isoUtc.replace(/:\d\d(\.\d+)?Z$/, "Z").replace(/:/g, "-");
}

/** `<dir>/<stamp>-<commit>[suffix]` for a run that started at `isoUtc`. */
export function resultsPath(dir: string, isoUtc: string, commit: string, suffix = ".json"): string {
  return join(dir, `${resultsStamp(isoUtc)}-${commit.slice(0, 7) || "nogit"}${suffix}`);
}

/** Writes JSON through a temporary file, so a stopped run never leaves half a file. */
export function writeJsonFile(file: string, json: unknown, indent = 2): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(json, null, indent)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The files of `dir` whose name ends with `suffix`, oldest first. */
export function resultsFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort();
}

/** The latest full results file of `dir` (no --quick, seeds or quality file): what BENCHMARKS.md renders. */
export function latestResultsFile(dir: string): string | null {
  const others = Object.values(RESULTS_SUFFIXES);
  const files = resultsFiles(dir, ".json").filter((f) => !others.some((suffix) => f.endsWith(suffix)));
  return files.length === 0 ? null : join(dir, files[files.length - 1]);
}

/**
 * BENCHMARKS.md in `out`, rendered again from the latest full results file of `<out>/bench/results`
 * (it picks up the latest seeds and quality files). A child process: bench.ts imports the
 * scripts that call this. Returns its message, or null when there is no results file yet.
 */
export function renderBenchmarksAgain(out: string): string | null {
  const results = latestResultsFile(join(out, "bench", "results"));
  if (results === null) return null;
  const render = spawnSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "scripts/bench.ts"), "--render", results, "--out", out],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (render.status !== 0) throw new Error(`rendering BENCHMARKS.md failed: ${render.stderr}`);
  return render.stdout.trim();
}

/**
 * A side run's file (`<out>/bench/results/<stamp>-<commit><suffix>`), then BENCHMARKS.md rendered
 * again so that it shows it. Returns the lines to print.
 */
export function saveSideRun(out: string, startedUtc: string, commit: string, suffix: string, json: unknown): string[] {
  const file = resultsPath(join(out, "bench", "results"), startedUtc, commit, suffix);
  writeJsonFile(file, json);
  const rendered = renderBenchmarksAgain(out);
  return [`wrote ${file}`, ...(rendered === null ? [] : [rendered])];
}

/** The commit checked out in the repository. */
export function headCommit(): string {
  return spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
}
