/**
 * Issue #9's acceptance on the privacy-peers splits, seed by seed: the frontier (frontier.ts) with
 * the presets balanced and off, once per seed, and for each split the output `sosie run`
 * recommends, its SDMetrics quality and TSTR AUC against unprotected CART's, and which criteria
 * hold. `npm run bench` judges one seed; on the small splits (pima: 231 holdout rows, heart-failure: 90)
 * a TSTR AUC moves by several hundredths from one synthetic sample to the next, so one seed can
 * pass or fail a 0.02 margin by chance. The means over seeds say which gaps are systematic.
 *
 * Run: `npm run bench:seeds [-- --seeds 5] [--datasets pima,heart-failure] [--out DIR]`. Prints a
 * table per split, writes <out>/bench/results/<date>-<commit>-seeds.json, and renders <out>/BENCHMARKS.md
 * again from the latest results file: its last section shows each split's latest seeds file.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type FigureValue, type FrontierSplit, runFrontierBench } from "./frontier.ts";
import { figureCi, num } from "./markdown.ts";
import { meanSd } from "./measure.ts";
import { RESULTS_SUFFIXES, headCommit, resultsFiles, saveSideRun } from "./results-files.ts";

const ROOT = resolve(import.meta.dirname, "../..");

/** One split at one seed: what was recommended and how it compares with cart-off. */
export interface SeedRecord {
  readonly seed: number;
  readonly output: string | null;
  readonly recommended: boolean;
  readonly quality: number | null;
  readonly referenceQuality: number | null;
  readonly tstr: number | null;
  readonly referenceTstr: number | null;
  /** Criterion id → holds (null: not computable). */
  readonly holds: Readonly<Record<string, boolean | null>>;
  /** The checked output's risk figures with their 95 % intervals (absent in files written before). */
  readonly risks?: {
    readonly singlingOut: FigureValue;
    readonly closerToTrain: FigureValue;
    readonly bestMiaAuc: FigureValue;
  };
}

export interface SpreadSummary {
  readonly seeds: number;
  /** Criterion id → seeds where it holds. */
  readonly passing: Readonly<Record<string, number>>;
  /** Seeds where every criterion holds. */
  readonly allHold: number;
  readonly qualityGap: { readonly mean: number; readonly sd: number } | null;
  readonly tstrGap: { readonly mean: number; readonly sd: number } | null;
  /** Outputs recommended, with how many seeds chose each. */
  readonly recommended: Readonly<Record<string, number>>;
}

export function seedRecord(seed: number, split: FrontierSplit): SeedRecord {
  const checked = split.outputs.find((o) => o.output === split.acceptance.output);
  const reference = split.outputs.find((o) => o.method === "cart" && o.preset === "off");
  return {
    seed,
    output: split.acceptance.output,
    recommended: split.acceptance.recommended,
    quality: checked?.quality_sdmetrics.value ?? null,
    referenceQuality: reference?.quality_sdmetrics.value ?? null,
    tstr: checked?.tstr_auc.value ?? null,
    referenceTstr: reference?.tstr_auc.value ?? null,
    holds: Object.fromEntries(split.acceptance.criteria.map((c) => [c.id, c.holds])),
    ...(checked === undefined
      ? {}
      : {
          risks: {
            singlingOut: checked.singling_out,
            closerToTrain: checked.closer_to_train,
            bestMiaAuc: checked.best_mia_auc,
          },
        }),
  };
}

/** Which outputs were recommended on how many seeds, most often first ("none" last). */
export function recommendedText(s: SpreadSummary): string {
  const entries = Object.entries(s.recommended).sort(
    ([a, x], [b, y]) => Number(a === "none") - Number(b === "none") || y - x || a.localeCompare(b),
  );
  return entries.map(([name, n]) => `${name === "none" ? "nothing" : name} on ${n} of ${s.seeds} seeds`).join(", ");
}

export function summarize(records: readonly SeedRecord[]): SpreadSummary {
  const passing: Record<string, number> = {};
  const recommended: Record<string, number> = {};
  let allHold = 0;
  const qualityGaps: number[] = [];
  const tstrGaps: number[] = [];
  for (const r of records) {
    for (const [id, holds] of Object.entries(r.holds)) passing[id] = (passing[id] ?? 0) + (holds === true ? 1 : 0);
    const criteria = Object.values(r.holds);
    if (r.recommended && criteria.length > 0 && criteria.every((h) => h === true)) allHold++;
    const name = r.recommended ? (r.output ?? "none") : "none";
    recommended[name] = (recommended[name] ?? 0) + 1;
    if (r.quality !== null && r.referenceQuality !== null) qualityGaps.push(r.quality - r.referenceQuality);
    if (r.tstr !== null && r.referenceTstr !== null) tstrGaps.push(r.tstr - r.referenceTstr);
  }
  return {
    seeds: records.length,
    passing,
    allHold,
    qualityGap: meanSd(qualityGaps),
    tstrGap: meanSd(tstrGaps),
    recommended,
  };
}

const signed = (x: number): string => `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
const mark = (h: boolean | null | undefined): string => (h === true ? "✅" : h === false ? "❌" : "–");

/** The checked output's risk figures, as the last cell of its row. */
function risksText(r: SeedRecord): string {
  if (r.risks === undefined) return "–";
  return [r.risks.singlingOut, r.risks.closerToTrain, r.risks.bestMiaAuc].map(figureCi).join("; ");
}

/** Markdown: one row per seed, then the means and the count of seeds each criterion held on. */
export function spreadTable(dataset: string, records: readonly SeedRecord[], source?: string): string {
  const ids = [...new Set(records.flatMap((r) => Object.keys(r.holds)))];
  const withRisks = records.some((r) => r.risks !== undefined);
  const s = summarize(records);
  const lines = [
    `### ${dataset}`,
    "",
    ...(source === undefined ? [] : [source, ""]),
    `| seed | output checked | quality vs cart-off | TSTR vs cart-off | ${ids.join(" | ")} |${withRisks ? " singling-out; closer to train; best MIA AUC |" : ""}`,
    `|---|---|---|---|${ids.map(() => "---").join("|")}|${withRisks ? "---|" : ""}`,
    ...records.map(
      (r) =>
        `| ${r.seed} | ${r.output ?? "–"}${r.recommended ? "" : " (not recommended)"} | ${num(r.quality)} vs ${num(r.referenceQuality)} | ${num(r.tstr)} vs ${num(r.referenceTstr)} | ${ids.map((id) => mark(r.holds[id])).join(" | ")} |${withRisks ? ` ${risksText(r)} |` : ""}`,
    ),
    `| mean gap (sd) | | ${s.qualityGap ? `${signed(s.qualityGap.mean)} (${s.qualityGap.sd.toFixed(3)})` : "–"} | ${s.tstrGap ? `${signed(s.tstrGap.mean)} (${s.tstrGap.sd.toFixed(3)})` : "–"} | ${ids.map((id) => `${s.passing[id] ?? 0} / ${s.seeds}`).join(" | ")} |${withRisks ? " |" : ""}`,
    "",
    `Recommended: ${recommendedText(s)}. Every criterion held on ${s.allHold} of ${s.seeds} seeds.`,
    "",
  ];
  return lines.join("\n");
}

/** One split's records from a seeds file, with where they come from (for BENCHMARKS.md). */
export interface SeedSpread {
  readonly dataset: string;
  readonly file: string;
  readonly commit: string;
  readonly records: readonly SeedRecord[];
}

/**
 * The latest seed spread of each split among the seeds files of `dir` (bench/results): file names
 * start with their UTC date, so the last name holding a split is its latest run.
 */
export function latestSeedSpreads(dir: string): SeedSpread[] {
  const latest = new Map<string, SeedSpread>();
  for (const file of resultsFiles(dir, RESULTS_SUFFIXES.seeds)) {
    const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
      commit: string;
      splits: { dataset: string; records: SeedRecord[] }[];
    };
    for (const split of json.splits)
      latest.set(split.dataset, { dataset: split.dataset, file, commit: json.commit, records: split.records });
  }
  return [...latest.values()];
}

/** BENCHMARKS.md's section: each split's latest spread, the file it comes from first. */
export function seedSpreadSection(spreads: readonly SeedSpread[]): string[] {
  if (spreads.length === 0) return [];
  const out = [
    "## Issue #9 seed by seed (`npm run bench:seeds`)",
    "",
    "The frontier above judges one seed. `npm run bench:seeds` repeats it (presets balanced and off) once per seed " +
      "and checks the output `sosie run` recommends each time; the last row gives the mean gap to unprotected CART " +
      "and, per criterion, on how many seeds it held. Each split's latest run:",
    "",
  ];
  for (const s of spreads)
    out.push(
      ...spreadTable(
        s.dataset,
        s.records,
        `From \`bench/results/${s.file}\` (commit \`${s.commit.slice(0, 7)}\`).`,
      ).split("\n"),
    );
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: "string", default: "5" },
      datasets: { type: "string", default: "pima,heart-failure" },
      out: { type: "string", default: ROOT },
    },
  });
  const seeds = Number(values.seeds);
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new Error("--seeds must be a positive integer");
  const datasets = values.datasets!.split(",").map((d) => d.trim());
  const commit = headCommit();
  const started = new Date().toISOString();
  const bySplit = new Map<string, SeedRecord[]>();
  for (let seed = 1; seed <= seeds; seed++) {
    const bench = await runFrontierBench({ seed, datasets, presets: ["balanced", "off"], commit }, () => {});
    for (const split of bench.splits) {
      const record = seedRecord(seed, split);
      bySplit.set(split.dataset, [...(bySplit.get(split.dataset) ?? []), record]);
      console.log(
        `${split.dataset} seed ${seed}: ${record.output ?? "none"}, quality ${num(record.quality)} vs ${num(record.referenceQuality)}, TSTR ${num(record.tstr)} vs ${num(record.referenceTstr)}`,
      );
    }
  }
  console.log("");
  for (const [dataset, records] of bySplit) console.log(spreadTable(dataset, records));
  // BENCHMARKS.md shows each split's latest spread: saving renders it again.
  const lines = saveSideRun(values.out!, started, commit, RESULTS_SUFFIXES.seeds, {
    format: "sosie-bench-seeds/1",
    commit,
    generated_utc: new Date().toISOString(),
    presets: ["balanced", "off"],
    splits: [...bySplit].map(([dataset, records]) => ({ dataset, records, summary: summarize(records) })),
  });
  for (const line of lines) console.log(line);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(ROOT, "scripts/bench/seed-spread.ts"))
  await main();
