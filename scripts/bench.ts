/**
 * `npm run bench [-- --quick] [--datasets a,b] [--methods a,b] [--privacy-peers | --no-privacy-peers]
 * [--runs N] [--warmup N] [--seed N] [--out DIR] [--max-minutes M] [--timeout S]`
 * `npm run bench -- --render bench/results/<file>.json`: rewrite BENCHMARKS.md from a results file.
 * `npm run bench -- --privacy-peers --frontier-only --base bench/results/<file>.json`: only the
 * privacy frontier (scripts/bench/frontier.ts), added to the workloads of an earlier results file.
 * `npm run bench -- --render a.json --merge-frontier b.json`: the frontiers of two such runs
 * (same commit and seed, e.g. run side by side on different splits or presets) joined.
 *
 * A full run (no --quick, no --datasets or --methods subset, no --no-privacy-peers) and any run
 * with --privacy-peers add, after the workloads, the frontier: `sosie run`'s pipeline on each
 * privacy-peers split with every default generator at every preset (--presets to choose), and
 * checks the output it recommends with the default preset against issue #9's acceptance criteria.
 *
 * For each dataset × generator: warm-up runs, then measured runs, each a fresh child process
 * (scripts/bench/run-workload.ts) that reports its own timings and peak RSS as JSON. Medians are
 * aggregated here, written to <out>/bench/results/<date>-<commit>.json and <out>/BENCHMARKS.md,
 * and compared with the peers' figures measured on the same machine kind.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { getGenerator } from "../packages/core/src/generators/registry.ts";
import { defaultMethods } from "../packages/core/src/pipeline/default-methods.ts";
import { HOLDOUT_FRACTION, selectDatasets, getDataset, type DatasetSpec } from "./bench/workloads.ts";
import { RECORD_PREFIX, type RunRecord, type RunRequest } from "./bench/run-workload.ts";
import { median } from "./bench/measure.ts";
import { comparePeers, loadPeerWorkloads, loadPrivacyPeers } from "./bench/peers.ts";
import { frontierSection, privacyPeersSection, ratioText, renderMarkdown, secs } from "./bench/markdown.ts";
import { latestSeedSpreads, seedSpreadSection } from "./bench/seed-spread.ts";
import { RESULTS_SUFFIXES, resultsPath, writeJsonFile } from "./bench/results-files.ts";
import { latestQualitySeeds, qualitySeedsSection } from "./bench/quality-seeds.ts";
import type { BenchResults, LoadSummary, TimingSummary, WorkloadResult } from "./bench/types.ts";
import { mergeFrontiers, runFrontierBench } from "./bench/frontier.ts";
import { PRIVACY_PRESETS, type PrivacyPreset } from "../packages/core/src/generators/protect/preset.ts";

const ROOT = resolve(new URL("..", import.meta.url).pathname);
const CHILD = join(ROOT, "scripts/bench/run-workload.ts");

/** Training tables up to this size are evaluated in every measured run; larger ones in the first. */
const EVALUATE_EVERY_RUN_MAX_ROWS = 5_000;

export interface BenchOptions {
  readonly quick: boolean;
  readonly datasets?: string[];
  readonly methods?: string[];
  readonly privacyPeers: boolean;
  readonly runs: number;
  readonly warmup: number;
  readonly seed: number;
  readonly out: string;
  readonly maxMinutes: number | null;
  readonly timeoutSeconds: number;
  /** A results file to render instead of running. */
  readonly render?: string;
  /** Presets of the privacy frontier (default: all three). */
  readonly presets?: PrivacyPreset[];
  /** Run only the frontier, on top of the workloads of the `base` results file. */
  readonly frontierOnly: boolean;
  readonly base?: string;
  /** With --render: a second results file whose frontier is joined to the first's. */
  readonly mergeFrontier?: string;
}

/** Options from argv; lists take commas or several words ("--methods cart copula"). */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string[]>();
  let current: string | null = null;
  for (const arg of argv) {
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2);
      current = name;
      values.set(name, inline === undefined ? [] : [inline]);
    } else if (current !== null) values.get(current)!.push(arg);
    else throw new Error(`unexpected argument "${arg}"`);
  }
  const known = new Set([
    "quick",
    "datasets",
    "methods",
    "privacy-peers",
    "no-privacy-peers",
    "runs",
    "warmup",
    "seed",
    "out",
    "max-minutes",
    "timeout",
    "render",
    "presets",
    "frontier-only",
    "base",
    "merge-frontier",
  ]);
  for (const name of values.keys())
    if (!known.has(name))
      throw new Error(`unknown option --${name} (known: ${[...known].map((k) => `--${k}`).join(", ")})`);
  const list = (name: string): string[] | undefined =>
    values
      .get(name)
      ?.flatMap((v) => v.split(","))
      .filter((v) => v !== "");
  const number = (name: string, fallback: number): number => {
    const v = values.get(name)?.[0];
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0) throw new Error(`--${name} needs a non-negative number, got "${v}"`);
    return x;
  };
  const quick = values.has("quick");
  const presets = list("presets");
  for (const p of presets ?? [])
    if (!(PRIVACY_PRESETS as readonly string[]).includes(p))
      throw new Error(`--presets: unknown preset "${p}" (known: ${PRIVACY_PRESETS.join(", ")})`);
  if (values.has("frontier-only") && !values.has("base"))
    throw new Error("--frontier-only needs --base <results.json> (the workloads it is added to)");
  const runs = number("runs", quick ? 1 : 3);
  if (!(Number.isInteger(runs) && runs >= 1)) throw new Error("--runs must be a positive integer");
  return {
    quick,
    datasets: list("datasets"),
    methods: list("methods"),
    // The frontier is part of a full run; --quick, a subset of datasets or methods, or
    // --no-privacy-peers leave it out, and --privacy-peers asks for it anyway.
    privacyPeers:
      values.has("privacy-peers") ||
      (!quick && !values.has("no-privacy-peers") && !values.has("datasets") && !values.has("methods")),
    runs,
    warmup: number("warmup", quick ? 0 : 1),
    seed: number("seed", 1),
    out: resolve(values.get("out")?.[0] ?? ROOT),
    maxMinutes: values.has("max-minutes") ? number("max-minutes", 0) : null,
    timeoutSeconds: number("timeout", 900),
    ...(values.get("render")?.[0] === undefined ? {} : { render: resolve(values.get("render")![0]) }),
    ...(presets === undefined ? {} : { presets: presets as PrivacyPreset[] }),
    frontierOnly: values.has("frontier-only"),
    ...(values.get("base")?.[0] === undefined ? {} : { base: resolve(values.get("base")![0]) }),
    ...(values.get("merge-frontier")?.[0] === undefined
      ? {}
      : { mergeFrontier: resolve(values.get("merge-frontier")![0]) }),
  };
}

interface ChildOutcome {
  readonly record: RunRecord | null;
  readonly error: string | null;
  readonly timedOut: boolean;
  readonly wall_s: number;
  readonly load: readonly [number, number];
}

function runChild(request: RunRequest, timeoutSeconds: number): ChildOutcome {
  const before = loadavg()[0];
  const start = performance.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(request)], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutSeconds * 1000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - start) / 1000;
  const load: [number, number] = [before, loadavg()[0]];
  const line = child.stdout?.split("\n").find((l) => l.startsWith(RECORD_PREFIX));
  if (child.status === 0 && line !== undefined)
    return {
      record: JSON.parse(line.slice(RECORD_PREFIX.length)) as RunRecord,
      error: null,
      timedOut: false,
      wall_s: wall,
      load,
    };
  const timedOut = child.error !== undefined && (child.error as NodeJS.ErrnoException).code === "ETIMEDOUT";
  // The last error line names the failure; Sosie's errors never quote a cell.
  const lastError =
    (child.stderr ?? "")
      .split("\n")
      .filter((l) => /error/i.test(l))
      .pop()
      ?.trim() ?? `exit ${child.status}`;
  return {
    record: null,
    error: timedOut ? `did not finish in ${timeoutSeconds} s` : lastError.slice(0, 200),
    timedOut,
    wall_s: wall,
    load,
  };
}

function summary(
  runs: readonly RunRecord[],
  pick: (r: RunRecord) => { wall_s: number; cpu_s: number } | undefined,
): TimingSummary | null {
  const ts = runs.map(pick).filter((t) => t !== undefined);
  if (ts.length === 0) return null;
  return { wall_s: median(ts.map((t) => t.wall_s)), cpu_s: median(ts.map((t) => t.cpu_s)), runs: ts.length };
}

function loadSummary(samples: readonly number[]): LoadSummary {
  if (samples.length === 0) return { min: NaN, max: NaN, mean: NaN };
  return {
    min: Math.min(...samples),
    max: Math.max(...samples),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

function aggregate(
  dataset: string,
  method: string,
  outcomes: readonly ChildOutcome[],
  measured: number,
): WorkloadResult {
  const runs = outcomes
    .slice(outcomes.length - measured)
    .map((o) => o.record)
    .filter((r) => r !== null);
  const failed = outcomes.find((o) => o.record === null);
  const evaluated = runs.filter((r) => r.utility !== undefined);
  const first = evaluated[0];
  return {
    dataset,
    method,
    status: failed === undefined ? "ok" : failed.timedOut ? "timeout" : "failed",
    error: failed?.error ?? null,
    rows: runs[0]?.rows ?? null,
    read: summary(runs, (r) => r.read),
    fit: summary(runs, (r) => r.fit),
    sample: summary(runs, (r) => r.sample),
    peak_rss_mb: runs.length === 0 ? null : median(runs.map((r) => r.peak_rss_mb)),
    peak_rss_with_evaluation_mb:
      evaluated.length === 0 ? null : median(evaluated.map((r) => r.peak_rss_with_evaluation_mb)),
    utility_evaluation: summary(evaluated, (r) => r.utility?.timing),
    privacy_evaluation: summary(evaluated, (r) => r.privacy?.timing),
    utility: first?.utility?.figures ?? null,
    privacy: first?.privacy?.figures ?? null,
    process_wall_s:
      outcomes.length === 0 ? null : median(outcomes.slice(outcomes.length - measured).map((o) => o.wall_s)),
    load: loadSummary(outcomes.flatMap((o) => o.load)),
    runs,
  };
}

function git(args: string[]): string {
  const r = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "";
}

/** Training rows of a dataset, to choose the default generators as `sosie run` does. */
function trainRows(spec: DatasetSpec): number {
  const { table } = spec.load();
  return spec.split.kind === "fraction" ? table.nRows - Math.round(HOLDOUT_FRACTION * table.nRows) : table.nRows;
}

export function runBench(
  options: BenchOptions,
  log: (line: string) => void = (l) => console.log(l),
): { results: BenchResults; jsonFile: string; markdownFile: string } {
  const started = performance.now();
  const loadStart = loadavg();
  // The commit the children start from; another engineer's commit during the run is recorded too.
  const sha = git(["rev-parse", "HEAD"]);
  const dirty = git(["status", "--porcelain", "--untracked-files=no", "--", "packages", "scripts"]) !== "";
  const datasets = selectDatasets({
    quick: options.quick,
    names: options.datasets,
    privacyPeers: options.privacyPeers,
  });
  if (options.privacyPeers)
    for (const id of ["pima", "heart-failure", "diabetes-10k", "adult-10k"])
      if (!datasets.some((d) => d.id === id) && options.datasets === undefined) datasets.push(getDataset(id));
  for (const m of options.methods ?? []) getGenerator(m);

  const workloads: WorkloadResult[] = [];
  const skipped: { dataset: string; method: string; reason: string }[] = [];
  const plan: { spec: DatasetSpec; method: string; rows: number }[] = [];
  for (const spec of datasets) {
    const rows = trainRows(spec);
    if (options.methods !== undefined && options.methods.length > 0)
      for (const method of options.methods) plan.push({ spec, method, rows });
    else {
      const defaults = defaultMethods(rows);
      for (const method of defaults.methods) plan.push({ spec, method, rows });
      for (const s of defaults.skipped) skipped.push({ dataset: spec.id, method: s.method, reason: s.reason });
    }
  }

  // Warm-up runs (figures discarded) precede the first workload of each dataset and of each
  // generator: they fill the file cache and tsx's transpile cache, which every later process reuses.
  const warmDatasets = new Set<string>();
  const warmMethods = new Set<string>();
  plan.forEach(({ spec, method, rows }, k) => {
    const elapsedMin = (performance.now() - started) / 60000;
    if (options.maxMinutes !== null && elapsedMin > options.maxMinutes) {
      skipped.push({
        dataset: spec.id,
        method,
        reason: `the --max-minutes ${options.maxMinutes} budget was spent before it started`,
      });
      return;
    }
    const warmup = warmDatasets.has(spec.id) && warmMethods.has(method) ? 0 : options.warmup;
    warmDatasets.add(spec.id);
    warmMethods.add(method);
    const outcomes: ChildOutcome[] = [];
    const total = warmup + options.runs;
    for (let i = 0; i < total; i++) {
      const measuredIndex = i - warmup;
      const evaluate = measuredIndex === 0 || (measuredIndex > 0 && rows <= EVALUATE_EVERY_RUN_MAX_ROWS);
      const o = runChild({ dataset: spec.id, method, seed: options.seed, evaluate }, options.timeoutSeconds);
      outcomes.push(o);
      const r = o.record;
      log(
        `[${k + 1}/${plan.length}] ${spec.id} × ${method} ${measuredIndex < 0 ? "warm-up" : `run ${measuredIndex + 1}/${options.runs}`}: ` +
          (r === null
            ? `FAILED ${o.error}`
            : `fit ${secs(r.fit.wall_s)} s (CPU ${secs(r.fit.cpu_s)}), sample ${secs(r.sample.wall_s)} s, peak RSS ${r.peak_rss_mb.toFixed(0)} MB` +
              (r.utility
                ? `, quality ${r.utility.figures.quality.value?.toFixed(3) ?? "–"}, eval ${secs(r.utility.timing.wall_s + (r.privacy?.timing.wall_s ?? 0))} s`
                : "")) +
          `; process ${secs(o.wall_s)} s, load ${o.load[0].toFixed(1)}`,
      );
      if (r === null) break;
    }
    workloads.push(aggregate(spec.id, method, outcomes, Math.max(0, outcomes.length - warmup)));
  });

  const peerKeyOf = (id: string): string | undefined => getDataset(id).peerKey;
  const peers = comparePeers(workloads, peerKeyOf, loadPeerWorkloads());
  const endSha = git(["rev-parse", "HEAD"]);
  const generated = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const results: BenchResults = {
    format: "sosie-bench/1",
    generated_utc: generated,
    commit: { sha, dirty, ...(endSha !== sha ? { end_sha: endSha } : {}) },
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    machine: {
      cores: cpus().length,
      cpu_model: cpus()[0]?.model ?? "unknown",
      memory_gib: totalmem() / 2 ** 30,
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    settings: {
      quick: options.quick,
      runs: options.runs,
      warmup: options.warmup,
      seed: options.seed,
      evaluate_every_run_max_rows: EVALUATE_EVERY_RUN_MAX_ROWS,
      child_timeout_s: options.timeoutSeconds,
      max_minutes: options.maxMinutes,
    },
    load: { start: loadStart, end: loadavg() },
    duration_s: (performance.now() - started) / 1000,
    datasets: datasets.map((d) => ({ id: d.id, title: d.title, source: d.source, target: d.target.label })),
    workloads,
    skipped,
    peers,
    privacy_peers: options.privacyPeers,
  };

  return { results, ...writeResults(results, options) };
}

/** <out>/bench/results/<date>-<commit>[-quick|-frontier].json and <out>/BENCHMARKS.md. */
function writeResults(results: BenchResults, options: BenchOptions): { jsonFile: string; markdownFile: string } {
  const dir = join(options.out, "bench", "results");
  // A fresh run keeps one file (rewritten once the frontier is added); --frontier-only names its own.
  const generated = options.frontierOnly ? (results.frontier?.started_utc ?? "") : results.generated_utc;
  const sha = options.frontierOnly ? (results.frontier?.commit ?? "") : results.commit.sha;
  const suffix = options.frontierOnly ? "-frontier.json" : options.quick ? RESULTS_SUFFIXES.quick : ".json";
  const jsonFile = resultsPath(dir, generated, sha, suffix);
  writeJsonFile(jsonFile, results, 1);
  return { jsonFile, markdownFile: writeMarkdown(results, options.out) };
}

/** The privacy frontier, added to `results` (a fresh run's or the --base file's), and the files rewritten. */
async function withFrontier(
  results: BenchResults,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<{ results: BenchResults; jsonFile: string; markdownFile: string }> {
  log("\nPrivacy frontier on the privacy-peers splits (sosie run's pipeline, every generator × preset):");
  const frontier = await runFrontierBench(
    {
      seed: options.seed,
      ...(options.datasets === undefined ? {} : { datasets: options.datasets }),
      ...(options.methods === undefined ? {} : { methods: options.methods }),
      ...(options.presets === undefined ? {} : { presets: options.presets }),
      commit: git(["rev-parse", "HEAD"]),
    },
    log,
    // Written after each phase: a run cut short keeps the acceptance figures (the first phases).
    (partial) => {
      const files = writeResults({ ...results, privacy_peers: true, frontier: partial }, options);
      log(`(partial frontier written: ${files.jsonFile})`);
    },
  );
  const merged: BenchResults = { ...results, privacy_peers: true, frontier };
  return { results: merged, ...writeResults(merged, options) };
}

/** BENCHMARKS.md in `out` from a results object (a fresh run's, or a results file's). */
export function writeMarkdown(results: BenchResults, out: string): string {
  const markdownFile = join(out, "BENCHMARKS.md");
  const privacyPeerOf = (id: string): string | undefined => getDataset(id).privacyPeer;
  writeFileSync(
    markdownFile,
    renderMarkdown(results, {
      privacyPeers: results.privacy_peers ? loadPrivacyPeers() : [],
      privacyPeerOf,
      seedSpreads: seedSpreadSection(latestSeedSpreads(join(out, "bench", "results"))),
      qualitySeeds: qualitySeedsSection(latestQualitySeeds(join(out, "bench", "results"))),
    }),
  );
  return markdownFile;
}

/** The ratios and flags, one line per comparison. */
function printPeers(results: BenchResults, log: (line: string) => void): void {
  if (results.peers.length === 0) return;
  log("\nSosie / peer (wall time, peak RSS, quality); flags where Sosie is behind:");
  for (const c of results.peers)
    log(
      `  ${c.dataset} ${c.method} vs ${c.peer}: fit+sample ${ratioText(c.ratios.fit_sample)}, RSS ${ratioText(c.ratios.peak_rss)}, ` +
        `quality ${ratioText(c.ratios.quality)}, all pairs ${ratioText(c.ratios.quality_all_pairs)}` +
        `${c.flags.length > 0 ? `  [${c.flags.join(", ")}]` : ""}${c.notes.length > 0 ? `  (${c.notes.join("; ")})` : ""}`,
    );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(ROOT, "scripts/bench.ts")) {
  try {
    const options = parseArgs(process.argv.slice(2));
    if (options.render !== undefined && options.mergeFrontier !== undefined) {
      const a = JSON.parse(readFileSync(options.render, "utf8")) as BenchResults;
      const b = JSON.parse(readFileSync(options.mergeFrontier, "utf8")) as BenchResults;
      if (a.frontier === undefined || b.frontier === undefined)
        throw new Error("--merge-frontier: both files need a frontier");
      const merged: BenchResults = { ...a, frontier: mergeFrontiers(a.frontier, b.frontier) };
      const files = writeResults(merged, { ...options, frontierOnly: true });
      console.log(
        `${frontierSection(merged.frontier!, loadPrivacyPeers()).join("\n")}\n\nwrote ${files.jsonFile}\nwrote ${files.markdownFile}`,
      );
      process.exit(0);
    }
    if (options.render !== undefined) {
      const saved = JSON.parse(readFileSync(options.render, "utf8")) as BenchResults;
      console.log(`wrote ${writeMarkdown(saved, options.out)} from ${options.render}`);
      process.exit(0);
    }
    let { results, jsonFile, markdownFile } = options.frontierOnly
      ? { results: JSON.parse(readFileSync(options.base!, "utf8")) as BenchResults, jsonFile: "", markdownFile: "" }
      : runBench(options);
    if (!options.frontierOnly) printPeers(results, (l) => console.log(l));
    if (options.privacyPeers)
      ({ results, jsonFile, markdownFile } = await withFrontier(results, options, (l) => console.log(l)));
    if (results.privacy_peers) {
      console.log("\nPrivacy peers (Sosie beside the peers on the same train / holdout files):\n");
      console.log(privacyPeersSection(results, loadPrivacyPeers(), (id) => getDataset(id).privacyPeer).join("\n"));
    }
    if (results.frontier !== undefined)
      console.log(`\n${frontierSection(results.frontier, loadPrivacyPeers()).join("\n")}`);
    console.log(
      `\nwrote ${jsonFile}\nwrote ${markdownFile} (${secs(results.frontier?.duration_s ?? results.duration_s)} s)`,
    );
    if (results.workloads.some((w) => w.status !== "ok")) process.exitCode = 1;
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  }
}
