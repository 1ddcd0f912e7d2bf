import { booleanOption, stringOption } from "../args.ts";
import type { Command, CommandContext, ParsedArguments } from "../command.ts";
import { UsageError } from "../cli-errors.ts";
import { ExitCode } from "../exit-codes.ts";
import { parseSeed } from "../generate/options.ts";
import { EVALUATE_HINT, runEvaluate } from "../evaluate/run-evaluate.ts";

export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "measure the utility and privacy of a synthetic table against the real one",
  description: [
    "Decodes the real training table, the holdout (real rows the generator never saw) and the",
    "synthetic table with one metadata, inferred from the real table (or corrected with",
    "--metadata), runs the registered utility and privacy metrics (all defaults, or --metrics)",
    "and prints one line per result: value, interval, reference (holdout vs real) and which way",
    "is better, then the privacy verdict. --json writes every record in full. Records hold",
    "aggregates only, never a real row.",
    "",
    "Link-based privacy metrics (avatar, SMOTE) need --link, the file written by",
    "'sosie generate --keep-link'.",
  ].join("\n"),
  positionals: [],
  options: {
    real: { type: "string", valueName: "file", description: "the real training table the generator was fitted on" },
    synthetic: { type: "string", valueName: "file", description: "the synthetic table" },
    holdout: {
      type: "string",
      valueName: "file",
      description: "real rows kept out of training (references and membership attacks need it)",
    },
    target: { type: "string", valueName: "column", description: "column learned by the TSTR metrics" },
    metadata: {
      type: "string",
      valueName: "file",
      description: "edited metadata merged over the kinds inferred from --real",
    },
    link: {
      type: "string",
      valueName: "file",
      description: "synthetic row → real row link from 'sosie generate --keep-link'",
    },
    utility: { type: "boolean", description: "run the utility metrics only" },
    privacy: { type: "boolean", description: "run the privacy metrics only" },
    metrics: { type: "string", valueName: "id,id", description: "run these metrics instead of the defaults" },
    json: { type: "string", valueName: "file", description: "write every result record as JSON to <file>" },
    seed: { type: "string", valueName: "seed", description: "seed of the metrics' random draws", default: "0" },
  },
  examples: [
    {
      description: "Utility and privacy of a synthetic table:",
      command: "sosie evaluate --real train.csv --holdout holdout.csv --synthetic synth.csv",
    },
    {
      description: "Privacy of an avatar release, with its link, saved as JSON:",
      command:
        "sosie evaluate --real train.csv --holdout holdout.csv --synthetic avatar.csv --link link.csv --privacy --json privacy.json",
    },
    {
      description: "Two metrics only:",
      command: "sosie evaluate --real train.csv --synthetic synth.csv --metrics quality-score,missingness-difference",
    },
  ],
  run: runEvaluateCommand,
};

async function runEvaluateCommand(args: ParsedArguments, context: CommandContext): Promise<number> {
  const real = stringOption(args, "real");
  if (real === undefined)
    throw new UsageError("evaluate: missing --real <file> (the real training table)", EVALUATE_HINT);
  const synthetic = stringOption(args, "synthetic");
  if (synthetic === undefined) throw new UsageError("evaluate: missing --synthetic <file>", EVALUATE_HINT);
  const onlyUtility = booleanOption(args, "utility");
  const onlyPrivacy = booleanOption(args, "privacy");
  const metricsText = stringOption(args, "metrics");
  const metrics = metricsText
    ?.split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (metrics !== undefined && metrics.length === 0)
    throw new UsageError("evaluate: --metrics names no metric", EVALUATE_HINT);
  if (metrics !== undefined && new Set(metrics).size !== metrics.length)
    throw new UsageError("evaluate: a metric is named twice in --metrics", EVALUATE_HINT);
  await runEvaluate(
    {
      real,
      synthetic,
      holdout: stringOption(args, "holdout"),
      metadata: stringOption(args, "metadata"),
      link: stringOption(args, "link"),
      target: stringOption(args, "target"),
      json: stringOption(args, "json"),
      ...(metrics === undefined ? {} : { metrics }),
      // Neither flag, or both: both kinds.
      utility: onlyUtility || !onlyPrivacy,
      privacy: onlyPrivacy || !onlyUtility,
      seed: parseSeed(stringOption(args, "seed"), EVALUATE_HINT),
    },
    context,
  );
  return ExitCode.ok;
}
