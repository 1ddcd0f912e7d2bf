import { Rng } from "@sosie/core";

/**
 * The bad-input corpus: every way a user's file, metadata or command line can be wrong, with the
 * exit code and the message `sosie` must give. Small inputs are committed under bad-inputs/; big
 * or binary ones are generated into a scratch directory with a fixed seed.
 *
 * In `args`, "{corpus}" is the committed corpus directory (relative to the repository root, where
 * the CLI runs) and "{scratch}" the scratch directory.
 */
export interface BadInputCase {
  name: string;
  args: string[];
  exitCode: 1 | 2;
  /** Fragments the error message must contain (file, line, column, what is wrong). */
  message: string[];
  /** Cell contents of the input that must never appear in stdout or stderr. */
  secrets?: string[];
  /** Inputs generated into the scratch directory before the run. */
  generate?: { file: string; contents: () => Uint8Array | string }[];
}

export const CORPUS = "packages/cli/test/bad-inputs";

const encoder = new TextEncoder();

function seeded(tag: string): Rng {
  return Rng.fromSeed(20240601).derive(tag);
}

/** Random bytes with NULs, like an image or a zip archive given by mistake. */
function binaryBlob(): Uint8Array {
  const rng = seeded("binary");
  const bytes = new Uint8Array(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
  bytes[100] = 0;
  return bytes;
}

/** A UTF-8 file (accents early on) with a broken byte sequence on line 3001, after the sniffed head. */
function invalidUtf8(): Uint8Array {
  const lines = ["id,city"];
  for (let i = 1; i <= 4000; i++) lines.push(`${i},Besançon`);
  const before = encoder.encode(lines.slice(0, 3001).join("\n") + "\n3001,SECRETCIT");
  const after = encoder.encode("\n" + lines.slice(3002).join("\n") + "\n");
  const bytes = new Uint8Array(before.length + 2 + after.length);
  bytes.set(before, 0);
  bytes.set([0xc3, 0x28], before.length); // a lead byte followed by a non-continuation byte
  bytes.set(after, before.length + 2);
  return bytes;
}

/** 100,000 distinct random 12-letter codes in column "code" (row i holds CODE_i). */
function distinctStrings(): string {
  const rng = seeded("distinct");
  const lines = ["id,code"];
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (let i = 0; i < 100_000; i++) {
    let code = "";
    for (let j = 0; j < 12; j++) code += letters[rng.int(26)];
    lines.push(`${i},${code}`);
  }
  return lines.join("\n") + "\n";
}

/** The first generated codes, which must never be printed. */
export function distinctStringSamples(): string[] {
  return distinctStrings()
    .split("\n")
    .slice(1, 4)
    .map((line) => line.split(",")[1]);
}

export const BAD_INPUT_CASES: BadInputCase[] = [
  // --- The data file itself
  {
    name: "empty file",
    args: ["inspect", "{corpus}/empty.csv"],
    exitCode: 1,
    message: ["empty.csv", "no header and no data"],
  },
  {
    name: "header only",
    args: ["inspect", "{corpus}/header-only.csv"],
    exitCode: 1,
    message: ["header-only.csv", "line 1", "no data row"],
  },
  {
    name: "blank lines only",
    args: ["inspect", "{corpus}/blank-lines.csv"],
    exitCode: 1,
    message: ["blank-lines.csv", "no header and no data"],
  },
  {
    name: "binary file",
    args: ["inspect", "{scratch}/blob.csv"],
    exitCode: 1,
    message: ["blob.csv", "binary file"],
    generate: [{ file: "blob.csv", contents: binaryBlob }],
  },
  {
    name: "invalid UTF-8",
    args: ["inspect", "{scratch}/invalid-utf8.csv"],
    exitCode: 1,
    message: ["invalid-utf8.csv", "line 3002", "UTF-8"],
    secrets: ["SECRETCIT"],
    generate: [{ file: "invalid-utf8.csv", contents: invalidUtf8 }],
  },
  {
    name: "ragged row (short)",
    args: ["inspect", "{corpus}/ragged-short.csv"],
    exitCode: 1,
    message: ["ragged-short.csv", "line 3", "expected 3 fields", "found 2"],
    secrets: ["SECRETWARD"],
  },
  {
    name: "ragged row (long)",
    args: ["inspect", "{corpus}/ragged-long.csv"],
    exitCode: 1,
    message: ["ragged-long.csv", "line 3", "expected 2 fields", "found 3"],
    secrets: ["SECRETEXTRA"],
  },
  {
    name: "unterminated quote",
    args: ["inspect", "{corpus}/unterminated-quote.csv"],
    exitCode: 1,
    message: ["unterminated-quote.csv", "line 2", 'column "note"', "never closed"],
    secrets: ["SECRETNOTE"],
  },
  {
    name: "duplicate header",
    args: ["inspect", "{corpus}/duplicate-header.csv"],
    exitCode: 1,
    message: ["duplicate-header.csv", "line 1", 'column "id"', "same header"],
    secrets: ["SECRET1"],
  },
  {
    name: "empty header name",
    args: ["inspect", "{corpus}/empty-header.csv"],
    exitCode: 1,
    message: ["empty-header.csv", "line 1", "column 2", "empty"],
    secrets: ["SECRETWARD"],
  },
  {
    name: "a 10 MB line",
    args: ["inspect", "{scratch}/long-line.csv"],
    exitCode: 1,
    message: ["long-line.csv", "line 2"],
    generate: [{ file: "long-line.csv", contents: () => `id,note\n1,${"x".repeat(10 * 1024 * 1024)}\n2,short\n` }],
  },
  {
    name: "too many columns",
    args: ["inspect", "{scratch}/wide.csv"],
    exitCode: 1,
    message: ["wide.csv", "line 1", "columns"],
    generate: [
      {
        file: "wide.csv",
        contents: () => {
          const names = Array.from({ length: 10_001 }, (_, i) => `c${i}`);
          return `${names.join(",")}\n${names.map(() => "1").join(",")}\n`;
        },
      },
    ],
  },
  {
    name: "semicolon file: ragged row after a quoted multi-line field",
    args: ["inspect", "{corpus}/semicolon-multiline-ragged.csv"],
    exitCode: 1,
    message: ["semicolon-multiline-ragged.csv", "line 4", "expected 3 fields", "found 2"],
    secrets: ["SECRET first"],
  },

  // --- Data-quality findings under --strict
  {
    name: "all-missing column (--strict)",
    args: ["inspect", "{corpus}/all-missing.csv", "--strict"],
    exitCode: 1,
    message: ["all-missing.csv", 'column "comment"', "missing", "--strict"],
  },
  {
    name: "constant column (--strict)",
    args: ["inspect", "{corpus}/constant.csv", "--strict"],
    exitCode: 1,
    message: ["constant.csv", 'column "site"', "constant", "--strict"],
  },
  {
    name: "100k distinct strings declared categorical (--review, --strict)",
    args: ["inspect", "{scratch}/distinct.csv", "--review", "{scratch}/distinct.metadata.json", "--strict"],
    exitCode: 1,
    message: ["distinct.csv", 'column "code"', "100000 distinct levels", "--strict"],
    secrets: distinctStringSamples(),
    generate: [
      { file: "distinct.csv", contents: distinctStrings },
      {
        file: "distinct.metadata.json",
        contents: () => JSON.stringify({ sosie: "metadata/1", columns: [{ name: "code", kind: "categorical" }] }),
      },
    ],
  },

  // --- Reviewed metadata
  {
    name: "mixed types in a column declared integer",
    args: ["inspect", "{corpus}/mixed-types.csv", "--review", "{corpus}/mixed-types.metadata.json"],
    exitCode: 1,
    message: ["mixed-types.csv", "line 18", 'column "heart_rate"', "integer"],
    secrets: ["SECRETWORD"],
  },
  {
    name: "metadata JSON syntax error",
    args: ["inspect", "{corpus}/clean.csv", "--review", "{corpus}/metadata-syntax-error.json"],
    exitCode: 1,
    message: ["metadata-syntax-error.json", "line 4", "not valid JSON"],
    secrets: ["SECRETLEVEL"],
  },
  {
    name: "metadata not matching the JSON Schema",
    args: ["inspect", "{corpus}/clean.csv", "--review", "{corpus}/metadata-not-schema.json"],
    exitCode: 1,
    message: ["metadata-not-schema.json", "schema", "/columns"],
  },
  {
    name: "metadata naming an unknown column",
    args: ["inspect", "{corpus}/clean.csv", "--review", "{corpus}/metadata-unknown-column.json"],
    exitCode: 1,
    message: ["metadata-unknown-column.json", 'column "weight_kg"', "not in the data"],
  },
  {
    name: "metadata with an unknown kind",
    args: ["inspect", "{corpus}/clean.csv", "--review", "{corpus}/metadata-unknown-kind.json"],
    exitCode: 1,
    message: ["metadata-unknown-kind.json", 'column "age"', "kind", "must be one of"],
  },
  {
    name: "metadata with min > max",
    args: ["inspect", "{corpus}/clean.csv", "--review", "{corpus}/metadata-min-above-max.json"],
    exitCode: 1,
    message: ["metadata-min-above-max.json", 'column "age"', "min is greater than max"],
  },
  {
    name: "metadata levels not covering the data",
    args: ["inspect", "{corpus}/clean.csv", "--review", "{corpus}/metadata-levels-missing.json"],
    exitCode: 1,
    message: ["clean.csv", "line 3", 'column "sex"'],
  },
  {
    name: "impossible date in a column declared date",
    args: ["inspect", "{corpus}/impossible-date.csv", "--review", "{corpus}/impossible-date.metadata.json"],
    exitCode: 1,
    message: ["impossible-date.csv", "line 24", 'column "visit_date"', "date"],
  },
  {
    name: "missing metadata file",
    args: ["inspect", "{corpus}/clean.csv", "--review", "{corpus}/no-such-metadata.json"],
    exitCode: 1,
    message: ["no-such-metadata.json", "no such file"],
  },

  // --- Files
  {
    name: "unsupported file extension",
    args: ["inspect", "{corpus}/table.xlsx"],
    exitCode: 1,
    message: ["table.xlsx", "'.xlsx'", ".csv, .tsv, .txt or .parquet"],
  },
  {
    name: "missing file",
    args: ["inspect", "{corpus}/no-such-file.csv"],
    exitCode: 1,
    message: ["no-such-file.csv", "no such file"],
  },
  {
    name: "directory instead of a file",
    args: ["inspect", "{corpus}/a-directory.csv"],
    exitCode: 1,
    message: ["a-directory.csv", "is a directory"],
  },
  {
    name: "corrupt Parquet file",
    args: ["inspect", "{corpus}/corrupt.parquet"],
    exitCode: 1,
    message: ["corrupt.parquet", "not a Parquet file"],
  },
  {
    name: "output directory does not exist",
    args: ["inspect", "{corpus}/clean.csv", "--metadata", "{scratch}/no/such/dir/out.json"],
    exitCode: 1,
    message: ["out.json", "no such file or directory"],
  },

  // --- The command line
  {
    name: "unknown option",
    args: ["inspect", "{corpus}/clean.csv", "--jsn"],
    exitCode: 2,
    message: ["unknown option '--jsn'", "did you mean '--json'", "sosie inspect --help"],
  },
  {
    name: "unknown command",
    args: ["inspekt", "{corpus}/clean.csv"],
    exitCode: 2,
    message: ["unknown command 'inspekt'", "did you mean 'inspect'", "sosie --help"],
  },
  {
    name: "missing required argument",
    args: ["inspect"],
    exitCode: 2,
    message: ["missing required argument <file>", "sosie inspect --help"],
  },
  {
    name: "option without its value",
    args: ["inspect", "{corpus}/clean.csv", "--metadata", "{scratch}/out.json", "--delimiter"],
    exitCode: 2,
    message: ["'--delimiter' needs a value", "--delimiter <char>"],
  },
  {
    name: "delimiter of two characters",
    args: ["inspect", "{corpus}/clean.csv", "--delimiter", ";;"],
    exitCode: 2,
    message: ["--delimiter must be one character"],
  },
  {
    name: "unknown encoding",
    args: ["inspect", "{corpus}/clean.csv", "--encoding", "ebcdic"],
    exitCode: 2,
    message: ["--encoding must be utf-8, windows-1252 or latin1", "ebcdic"],
  },
];
