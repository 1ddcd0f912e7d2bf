import type { Progress } from "./progress.ts";

/** Where a command writes: process.stdout / process.stderr, or a buffer in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  description: string;
  /** Placeholder shown in help for a string option: `--metadata <file>`. */
  valueName?: string;
  /** Value used when the option is absent. */
  default?: string | boolean;
  /** How help describes the default when it is not a fixed value ("detected from the file"). */
  defaultText?: string;
  /** A string option that may be repeated; its values are joined with ";" in order. */
  repeatable?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
  /** A flag that makes a required argument unnecessary (generate --list); help shows both usages. */
  unlessFlag?: string;
}

export interface Example {
  description: string;
  command: string;
}

/** The command line after parsing: options by long name, with defaults applied. */
export interface ParsedArguments {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

export interface CommandContext {
  stdout: OutputStream;
  stderr: OutputStream;
  progress: Progress;
}

/**
 * One `sosie` sub-command. Adding a command is one module exporting a `Command` plus one line in
 * commands/registry.ts; parsing, help and error handling are shared.
 */
export interface Command {
  name: string;
  /** One line for the command list of `sosie --help`. */
  summary: string;
  /** Paragraphs for `sosie help <command>`. */
  description: string;
  positionals: PositionalSpec[];
  options: Record<string, OptionSpec>;
  examples: Example[];
  /** Runs the command; resolves to the exit code. Errors are thrown and mapped by the caller. */
  run(args: ParsedArguments, context: CommandContext): Promise<number>;
}
