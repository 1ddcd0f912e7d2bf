import { ExitCode } from "./exit-codes.ts";

/**
 * Errors the CLI raises itself, carrying the exit code they map to. Messages are shown to the
 * user as they are, prefixed by "sosie: ", so they must be one clear line without cell contents.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A wrong command line; `hint` tells the user where to look (shown on its own line). */
export class UsageError extends CliError {
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message, ExitCode.usageError);
    this.name = "UsageError";
    this.hint = hint;
  }
}

/** A file that cannot be used: missing, a directory, no permission, corrupt. */
export class FileError extends CliError {
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`, ExitCode.inputError);
    this.name = "FileError";
    this.file = file;
  }
}

/** Data-quality findings that `--strict` turns into a failure. */
export class DataQualityError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.inputError);
    this.name = "DataQualityError";
  }
}
