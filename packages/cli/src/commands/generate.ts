import { DEFAULT_PRIVACY } from "@sosie/core";
import { booleanOption, stringOption } from "../args.ts";
import type { Command, CommandContext, ParsedArguments } from "../command.ts";
import { UsageError } from "../cli-errors.ts";
import { ExitCode } from "../exit-codes.ts";
import { listMethods } from "./methods.ts";
import {
  parseParamAssignments,
  parsePrivacyPreset,
  parseRowCount,
  parseSeed,
  parseWorkers,
} from "../generate/options.ts";
import { GENERATE_HINT, runGenerate } from "../generate/run-generate.ts";

export const generateCommand: Command = {
  name: "generate",
  summary: "fit a generator on a table and write synthetic rows",
  description: [
    "Reads a table (kinds inferred, or corrected with --metadata as reviewed with",
    "'sosie inspect --review'), fits the method, samples rows and writes them to -o: CSV in the",
    "input's dialect (delimiter, decimal separator, missing-value text), or Parquet for .parquet.",
    "A small <out>.manifest.json records the method, its resolved parameters, the seed, the",
    "differential-privacy ledger and whether the model held real values; it holds no real value.",
    "",
    "The fitted model and the avatar/SMOTE link to real rows are sensitive: they are written only",
    "when asked for (--save-model, --keep-link), with a warning. Same input, method, parameters",
    "and seed give a byte-identical output file.",
  ].join("\n"),
  positionals: [
    { name: "file", description: "the real table: .csv, .tsv, .txt or .parquet", required: true, unlessFlag: "list" },
  ],
  options: {
    method: { type: "string", short: "m", valueName: "name", description: "generator to fit (see 'sosie methods')" },
    output: {
      type: "string",
      short: "o",
      valueName: "file",
      description: "synthetic table to write (.csv, .tsv, .txt, .parquet)",
    },
    rows: {
      type: "string",
      short: "n",
      valueName: "count",
      description: "rows to sample (at most 100,000,000)",
      defaultText: "as many as the input",
    },
    seed: {
      type: "string",
      valueName: "seed",
      description: "seed of every random draw (a number or a word)",
      default: "0",
    },
    param: {
      type: "string",
      valueName: "k=v[;k=v]",
      repeatable: true,
      description: "method parameters, repeatable: --param k=10 --param ncp=5 (see 'sosie methods')",
    },
    metadata: {
      type: "string",
      valueName: "file",
      description: "edited metadata (from 'sosie inspect --metadata') merged over the inferred kinds",
    },
    target: {
      type: "string",
      valueName: "column",
      description: "the outcome column: SMOTE's groups; at privacy balanced, CART grows its tree with a lower cp floor",
    },
    privacy: {
      type: "string",
      valueName: "preset",
      description: "protections: strict, balanced or off (see packages/core/src/generators/PRIVACY.md)",
      default: DEFAULT_PRIVACY,
    },
    "save-model": {
      type: "string",
      valueName: "file",
      description: "also write the fitted model as JSON (warns when it holds real values)",
    },
    "keep-link": {
      type: "string",
      valueName: "file",
      description: "also write which real row each synthetic row came from (avatar, SMOTE; sensitive)",
    },
    workers: {
      type: "string",
      valueName: "count",
      description:
        "threads for the neighbour searches of avatar and SMOTE, 1 to 16 (other methods accept and ignore it); the output is the same for any count",
      defaultText:
        "one per core up to 8, on tables of 200,000 rows or more (below, workers cost more than they save on 2 cores)",
    },
    list: { type: "boolean", description: "list the methods with their parameters and defaults, then exit" },
  },
  examples: [
    {
      description: "A synthetic copy the size of the input:",
      command: "sosie generate patients.csv -m cart -o synthetic.csv",
    },
    {
      description: "Avatar with 10 neighbours, keeping the link for the privacy report:",
      command: "sosie generate train.csv -m avatar --param 'k=10' --seed 7 --keep-link link.csv -o synth.csv",
    },
    {
      description: "5,000 rows as Parquet, with reviewed kinds:",
      command: "sosie generate train.csv -m bayesnet -n 5000 --metadata train.json -o synth.parquet",
    },
    { description: "The methods and their parameters:", command: "sosie generate --list" },
  ],
  run: runGenerateCommand,
};

async function runGenerateCommand(args: ParsedArguments, context: CommandContext): Promise<number> {
  if (booleanOption(args, "list")) return listMethods(args, context);
  const input = args.positionals[0];
  if (input === undefined) throw new UsageError("generate: missing required argument <file>", GENERATE_HINT);
  const output = stringOption(args, "output");
  if (output === undefined)
    throw new UsageError("generate: missing -o <file> (the synthetic table to write)", GENERATE_HINT);
  const method = stringOption(args, "method");
  if (method === undefined) throw new UsageError("generate: missing --method <name>", GENERATE_HINT);
  const rowsText = stringOption(args, "rows");
  const workers = parseWorkers(stringOption(args, "workers"), GENERATE_HINT);
  await runGenerate(
    {
      input,
      output,
      method,
      params: parseParamAssignments(stringOption(args, "param"), GENERATE_HINT),
      seed: parseSeed(stringOption(args, "seed"), GENERATE_HINT),
      ...(rowsText === undefined ? {} : { rows: parseRowCount(rowsText, 0, GENERATE_HINT) }),
      metadata: stringOption(args, "metadata"),
      target: stringOption(args, "target"),
      privacy: parsePrivacyPreset(stringOption(args, "privacy"), GENERATE_HINT),
      saveModel: stringOption(args, "save-model"),
      keepLink: stringOption(args, "keep-link"),
      ...(workers === undefined ? {} : { workers }),
    },
    context,
  );
  return ExitCode.ok;
}
