import { basename } from "node:path";
import type { Command, CommandContext, ParsedArguments } from "../command.ts";
import { UsageError } from "../cli-errors.ts";
import { ExitCode } from "../exit-codes.ts";
import { cliVersion } from "../version.ts";
import {
  renderReportHtml,
  reportJsonText,
  runPipeline,
  withLearnEngine,
  withNeighbourEngine,
  type StepRunner,
  listGenerators,
} from "@sosie/core";
import { availableParallelism } from "node:os";
import { fitSearch } from "../workers/fit-search.ts";
import { startLearnPool } from "../workers/learn-pool.ts";
import { startSearchPool } from "../workers/search-pool.ts";
import { readRunInput } from "../run/read-input.ts";
import { allMissingColumns } from "../input-table.ts";
import { parseRunOptions, RUN_HINT } from "../run/run-options.ts";
import { writeRunOutputs } from "../run/write-outputs.ts";
import { isEarlierRunFolder, removeEarlierOutputs } from "../run/earlier-outputs.ts";
import { coreVersion } from "../run/core-version.ts";

/** The generators left out of the defaults on large tables, for the help text. */
function allPairsMethods(): string {
  return listGenerators()
    .filter((g) => g.allPairsNeighbours === true)
    .map((g) => g.id)
    .join(" and ");
}

export const runCommand: Command = {
  name: "run",
  summary: "make synthetic versions of a table and a report on their utility and privacy",
  description: [
    "Splits the table into training and holdout rows (seeded; stratified on --target when given),",
    "fits each method on the training rows, samples a synthetic table of the same size, and",
    "evaluates it against the training rows and the holdout: utility (distributions, associations,",
    "quality score, and models trained on synthetic data when a target is given) and privacy",
    "(distances to the closest record, membership attacks, avatar targets, WP29 criteria).",
    "",
    "Writes into the output directory: synthetic-<method>.csv per method (per output; .parquet when",
    "the input is Parquet), report.json and report.html (one offline file: verdict first, then the",
    "evidence). The reports hold aggregates only: no real row, no identifier, no value seen fewer",
    "than 5 times.",
    "",
    "Without --methods, every method that fits the data's size runs (those searching neighbours",
    `among all pairs of rows, ${allPairsMethods()}, only up to 20,000 training rows). The same seed on`,
    "the same input gives the same outputs, byte for byte.",
    "",
    "Privacy presets (--privacy): each method runs at each preset named, so the report can show",
    "utility against risk (the frontier) and recommend the output with the highest quality score",
    "that passes the frontier gate (no decisive privacy test failed, risks within their limits), or",
    "say that none passes; the release gate, stricter, alone clears an output for the catalogue.",
    "By default only the balanced preset runs: it is the one meant for release, and each extra",
    "preset costs one more fit and evaluation per method. Name --privacy strict,balanced,off (or",
    "all) to see what protection costs in utility; with several presets the outputs are named",
    "<method>-<preset>. The release gate needs declared quasi-identifier and sensitive columns",
    "(metadata roles, --metadata): without them linkability and inference are not evaluated and no",
    "output passes it.",
  ].join("\n"),
  positionals: [{ name: "file", description: "the table: .csv, .tsv, .txt or .parquet", required: true }],
  options: {
    output: {
      type: "string",
      short: "o",
      valueName: "dir",
      description:
        "directory for the synthetic tables and the reports (created if needed; in an earlier run's folder, that run's synthetic tables not remade are removed)",
    },
    methods: {
      type: "string",
      valueName: "list",
      description: `comma-separated methods: ${listGenerators()
        .map((g) => g.id)
        .join(", ")}`,
      defaultText: "those that fit the data's size",
    },
    target: {
      type: "string",
      valueName: "column",
      description:
        "the outcome column: the split is stratified on it, the TSTR metrics learn it, generators condition on it (SMOTE's groups, CART's lower cp floor at balanced)",
    },
    seed: {
      type: "string",
      valueName: "s",
      description: "seed of every random draw (a whole number or any text)",
      default: "0",
    },
    holdout: {
      type: "string",
      valueName: "fraction|file",
      description:
        "share of rows kept out of training (e.g. 0.3), or a file of real rows never used for training (refused when half its rows repeat training rows)",
      defaultText: "0.3",
    },
    metadata: {
      type: "string",
      valueName: "file",
      description: "metadata JSON (from sosie inspect --metadata) over the inferred kinds",
    },
    privacy: {
      type: "string",
      valueName: "list",
      description: "comma-separated privacy presets to run each method at: strict, balanced, off (or all)",
      defaultText: "balanced",
    },
    param: {
      type: "string",
      valueName: "method.k=v",
      repeatable: true,
      description:
        "a method's parameter, repeatable: --param avatar.k=10 --param cart.smoothing=density (see 'sosie methods')",
    },
    "min-holdout": {
      type: "string",
      valueName: "rows",
      description:
        "smallest holdout the privacy attacks and distance tests accept; below it they are not computed (lower it knowingly: intervals widen)",
      defaultText: "500",
    },
    "attack-runs": {
      type: "string",
      valueName: "n",
      description:
        "runs of each membership attack, each on its own refit of the method and its own draw of candidates; the verdict reads their mean (privacy spec §5.1)",
      defaultText: "5 up to 5,000 training rows, else 1",
    },
  },
  examples: [
    {
      description: "The bundled example, default methods, declared roles and target:",
      command:
        "sosie run examples/diabetes-encounters.csv --metadata examples/diabetes-encounters.metadata.json --target readmitted -o out/diabetes",
    },
    {
      description: "A small table (303 rows): the attacks need a 500-row holdout, so nothing is recommended:",
      command: "sosie run examples/heart.csv -o out/heart",
    },
    {
      description: "Two methods, a target for stratification and TSTR, a fixed seed:",
      command: "sosie run patients.csv --methods avatar,cart --target outcome --seed 7 -o out",
    },
    {
      description: "A separate holdout file and reviewed metadata:",
      command: "sosie run train.csv --holdout test.csv --metadata patients.json -o out",
    },
    {
      description: "The utility-privacy frontier: every method at every preset, and the recommended output:",
      command: "sosie run patients.csv --privacy strict,balanced,off --target outcome -o out",
    },
  ],
  run: runRun,
};

/** More threads than this gain little on one run's searches. */
const MAX_WORKERS = 8;

async function runRun(args: ParsedArguments, context: CommandContext): Promise<number> {
  const options = parseRunOptions(args);
  const input = await readRunInput(
    options.input,
    { metadata: options.metadata, holdoutFile: options.holdout.kind === "file" ? options.holdout.file : undefined },
    context.progress,
  );
  for (const column of allMissingColumns(input.table))
    warn(context, `column "${column}" of ${options.input} has no value: it is reproduced as all-missing`);
  for (const message of input.kindWarnings) warn(context, message);
  const target = options.target ?? input.declaredTarget;
  if (target !== undefined && !input.table.has(target))
    throw new UsageError(`run: --target '${target}' is not a column of ${options.input}`, RUN_HINT);

  // Big neighbour searches run on worker threads: the fits' (avatar, SMOTE) through
  // FitContext.neighbourSearch, the evaluations' through core's engine inside each step. The
  // results are the same as in one thread (fixed query ranges, exact searches).
  const fits = fitSearch(Math.min(MAX_WORKERS, availableParallelism()), false);
  const searches = startSearchPool(input.table.nRows);
  // With a target, the learned metrics' independent model fits (TSTR's repetitions) run on
  // workers too, with the same models as in one thread.
  const learning = startLearnPool(input.table.nRows, target !== undefined);
  // Fit and protection warnings are printed once each after the run, naming the outputs they concern.
  const fitWarnings = new Map<string, string[]>();
  const onWarning = (message: string, output?: string): void => {
    if (output === undefined) warn(context, message);
    else fitWarnings.set(message, [...(fitWarnings.get(message) ?? []), output]);
  };
  const step: StepRunner = (name, work) =>
    context.progress.step(name, (report) =>
      withNeighbourEngine(searches.engine, () => withLearnEngine(learning.engine, () => work(report))),
    );
  const { results, synthetic } = await runPipeline(
    {
      neighbourSearch: fits.search,
      onWarning,
      input: input.table,
      settings: {
        methods: options.methods,
        target,
        seed: options.seed,
        holdout:
          options.holdout.kind === "fraction"
            ? { kind: "fraction", fraction: options.holdout.fraction }
            : { kind: "table", table: input.holdout!, label: basename(options.holdout.file) },
        quasiIdentifiers: input.quasiIdentifiers,
        sensitive: input.sensitive,
        ...(input.subject === undefined ? {} : { subject: input.subject }),
        ...(options.privacy === undefined ? {} : { privacy: options.privacy }),
        ...(options.params === undefined ? {} : { params: options.params }),
        ...(options.attackRuns === undefined ? {} : { attackRuns: options.attackRuns }),
      },
      ...(options.minHoldoutRows === undefined ? {} : { evaluation: { minHoldoutRows: options.minHoldoutRows } }),
      provenance: {
        seed: options.seedText,
        tool: `sosie ${cliVersion()}`,
        coreVersion: coreVersion(),
        input: {
          name: basename(options.input),
          sha256: input.sha256,
          rows: input.table.nRows,
          columns: input.table.nColumns,
        },
        holdout: "",
        target: target ?? null,
        metadata: options.metadata === undefined ? null : basename(options.metadata),
        command: commandLine(options, target),
      },
    },
    step,
  ).finally(async () => {
    await fits.close();
    await searches.close();
    await learning.close();
  });
  for (const [message, outputs] of fitWarnings) warn(context, `${outputs.join(", ")}: ${message}`);
  const reportJson = await context.progress.step("render report.json", () => reportJsonText(results));
  const reportHtml = await context.progress.step("render report.html", () => renderReportHtml(results));
  const earlierRun = await isEarlierRunFolder(options.outDir);
  const files = await writeRunOutputs(
    options.outDir,
    { synthetic, reportJson, reportHtml, format: input.format },
    context.progress,
  );
  if (earlierRun)
    for (const path of await removeEarlierOutputs(options.outDir, [...files.synthetic.values()]))
      context.stderr.write(`sosie: removed ${path}: an earlier run's output that this run did not make\n`);

  for (const m of results.methods) {
    if (m.status === "failed") context.stderr.write(`sosie: warning: method ${m.output} failed: ${m.error}\n`);
    else
      context.stdout.write(
        `${m.output}: ${files.synthetic.get(m.output)} (utility ${m.utilityScore === null ? "—" : `${(m.utilityScore * 100).toFixed(1)} %`})\n`,
      );
  }
  const { recommendation, closestCandidate } = results.frontier;
  if (recommendation !== null)
    context.stdout.write(
      `recommended: ${recommendation.output} (highest utility that passes the frontier gate; release gate ${recommendation.releaseGate})\n`,
    );
  else
    context.stdout.write(
      `recommended: none (no output passes the frontier gate${closestCandidate === null ? "" : `; closest, to examine: ${closestCandidate.output}`})\n`,
    );
  context.stdout.write(`report: ${files.reportHtml}\n`);
  return results.methods.some((m) => m.status === "ok") ? ExitCode.ok : ExitCode.inputError;
}

function warn(context: CommandContext, message: string): void {
  context.stderr.write(`sosie: warning: ${message}\n`);
}

/** The command as a user would retype it, with file names only (paths are machine-specific). */
function commandLine(options: ReturnType<typeof parseRunOptions>, target: string | undefined): string {
  const parts = ["sosie run", basename(options.input)];
  if (options.methods !== undefined) parts.push(`--methods ${options.methods.join(",")}`);
  if (target !== undefined) parts.push(`--target ${target}`);
  parts.push(`--seed ${options.seedText}`);
  parts.push(
    `--holdout ${options.holdout.kind === "fraction" ? options.holdout.fraction : basename(options.holdout.file)}`,
  );
  if (options.metadata !== undefined) parts.push(`--metadata ${basename(options.metadata)}`);
  if (options.privacy !== undefined) parts.push(`--privacy ${options.privacy.join(",")}`);
  if (options.minHoldoutRows !== undefined) parts.push(`--min-holdout ${options.minHoldoutRows}`);
  if (options.attackRuns !== undefined) parts.push(`--attack-runs ${options.attackRuns}`);
  for (const assignment of (options.paramText ?? "").split(";"))
    if (assignment.trim() !== "") parts.push(`--param ${assignment.trim()}`);
  return parts.join(" ");
}
