import { booleanOption, stringOption } from "../args.ts";
import type { Command, CommandContext, ParsedArguments } from "../command.ts";
import { DataQualityError, UsageError } from "../cli-errors.ts";
import { ExitCode } from "../exit-codes.ts";
import type { CsvFileOptions } from "../files.ts";
import { writeJsonAtomic } from "../files.ts";
import { inspectFile } from "../inspect/inspect-file.ts";
import { inspectJson } from "../inspect/render-json.ts";
import { renderInspectText } from "../inspect/render-text.ts";
import type { InspectReport } from "../inspect/report.ts";

const HINT = "Run 'sosie inspect --help' to see its usage.";

export const inspectCommand: Command = {
  name: "inspect",
  summary: "profile a table and infer the kind of each column",
  description: [
    "Reads a table, infers the kind of each column (continuous, integer, categorical, boolean,",
    "date, datetime, identifier, text) and prints one line per column: kind, why it was chosen,",
    "missing values, distinct values, the range of numbers and dates or the frequent categories.",
    "Categories seen fewer than 5 times and the values of identifier and text columns are never",
    "shown. Data-quality findings (constant or empty columns, suspicious codes, too many levels,",
    "mixed types) are warnings; --strict makes them errors.",
    "",
    "To review the kinds: save them with --metadata, edit the JSON file, then run again with",
    "--review; the whole table is decoded with the edited metadata and any value it cannot read",
    "is reported with its line and column.",
  ].join("\n"),
  positionals: [{ name: "file", description: "the table: .csv, .tsv, .txt or .parquet", required: true }],
  options: {
    json: { type: "boolean", description: "print the profiles and metadata as JSON on stdout instead" },
    metadata: {
      type: "string",
      valueName: "file",
      description: "write the metadata (inferred, or reviewed) to <file>, to edit and pass to --review",
    },
    review: {
      type: "string",
      valueName: "file",
      description: "check an edited metadata file against the data and use it over the inferred kinds",
    },
    strict: { type: "boolean", description: "treat data-quality warnings as errors (exit code 1)" },
    delimiter: {
      type: "string",
      valueName: "char",
      description: "field delimiter: one character, or tab, comma, semicolon, pipe, space",
      defaultText: "detected; tab for .tsv",
    },
    encoding: {
      type: "string",
      valueName: "name",
      description: "text encoding: utf-8, windows-1252 or latin1",
      defaultText: "detected",
    },
  },
  examples: [
    { description: "Profile a file:", command: "sosie inspect patients.csv" },
    {
      description: "Save the inferred metadata for review:",
      command: "sosie inspect patients.csv --metadata patients.json",
    },
    {
      description: "Check the edited metadata against the whole file, failing on any warning:",
      command: "sosie inspect patients.csv --review patients.json --strict",
    },
    {
      description: "A semicolon-separated file in Windows-1252:",
      command: "sosie inspect export.txt --delimiter ';' --encoding windows-1252",
    },
    { description: "Machine-readable profiles:", command: "sosie inspect patients.parquet --json > profile.json" },
  ],
  run: runInspect,
};

async function runInspect(args: ParsedArguments, context: CommandContext): Promise<number> {
  const file = args.positionals[0];
  const metadataOut = stringOption(args, "metadata");
  const review = stringOption(args, "review");
  const report = await inspectFile(file, { csv: csvOptions(args), review }, context.progress);

  context.stdout.write(
    booleanOption(args, "json") ? JSON.stringify(inspectJson(report), null, 2) + "\n" : renderInspectText(report),
  );
  if (booleanOption(args, "strict") && report.findings.length > 0) throw strictFailure(report);
  if (metadataOut !== undefined)
    await context.progress.step(`write ${metadataOut}`, () => writeJsonAtomic(metadataOut, report.metadata));
  return ExitCode.ok;
}

const DELIMITER_NAMES: Record<string, string> = {
  tab: "\t",
  "\\t": "\t",
  comma: ",",
  semicolon: ";",
  pipe: "|",
  space: " ",
};

function csvOptions(args: ParsedArguments): CsvFileOptions {
  const options: CsvFileOptions = {};
  const delimiter = stringOption(args, "delimiter");
  if (delimiter !== undefined) {
    const resolved = DELIMITER_NAMES[delimiter.toLowerCase()] ?? delimiter;
    if ([...resolved].length !== 1 || resolved === "\n" || resolved === "\r")
      throw new UsageError(`inspect: --delimiter must be one character or tab, comma, semicolon, pipe, space`, HINT);
    options.delimiter = resolved;
  }
  const encoding = stringOption(args, "encoding");
  if (encoding !== undefined) {
    const normalized = encoding
      .toLowerCase()
      .replace(/^utf8$/, "utf-8")
      .replace(/^cp1252$/, "windows-1252");
    if (normalized !== "utf-8" && normalized !== "windows-1252" && normalized !== "latin1")
      throw new UsageError(`inspect: --encoding must be utf-8, windows-1252 or latin1, not '${encoding}'`, HINT);
    options.encoding = normalized;
  }
  return options;
}

/** --strict: the first finding names the file and column; the count says how many more there are. */
function strictFailure(report: InspectReport): DataQualityError {
  const [first, ...rest] = report.findings;
  const more = rest.length === 0 ? "" : ` (and ${rest.length} more warning${rest.length === 1 ? "" : "s"})`;
  return new DataQualityError(`${report.file}, column "${first.column}": ${first.message}${more} [--strict]`);
}
