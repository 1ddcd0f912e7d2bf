import { parseArgs } from "node:util";
import type { CommandContext, OutputStream } from "./command.ts";
import { parseCommandLine } from "./args.ts";
import { UsageError } from "./cli-errors.ts";
import { COMMANDS, findCommand } from "./commands/registry.ts";
import { ExitCode } from "./exit-codes.ts";
import { commandHelp, generalHelp } from "./help.ts";
import { createProgress } from "./progress.ts";
import { reportError } from "./report-error.ts";
import { closestMatch } from "./suggest.ts";
import { cliVersion } from "./version.ts";

export interface CliEnvironment {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Clock for progress timings (milliseconds); defaults to performance.now. */
  now?: () => number;
}

const GENERAL_HINT = "Run 'sosie --help' to see the commands.";

/**
 * Runs one `sosie` invocation and resolves to its exit code; never throws and never exits the
 * process, so tests can call it in-process and main.ts decides what to do with the code.
 */
export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    return await dispatch(argv, environment);
  } catch (error) {
    return reportError(error, environment.stderr, debug);
  }
}

async function dispatch(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    environment.stderr.write(generalHelp(COMMANDS));
    return ExitCode.usageError;
  }
  if (first.startsWith("-")) return topLevelOptions(argv, environment);
  if (first === "help") return help(rest, environment);

  const command = findCommand(first);
  if (command === undefined) throw unknownCommand(first);
  const args = parseCommandLine(command, rest);
  if (args.options.help === true) {
    environment.stdout.write(commandHelp(command));
    return ExitCode.ok;
  }
  const context: CommandContext = {
    stdout: environment.stdout,
    stderr: environment.stderr,
    progress: createProgress(environment.stderr, { quiet: args.options.quiet === true, now: environment.now }),
  };
  return command.run(args, context);
}

/** `sosie --help`, `sosie --version`; options of commands are not accepted before the command. */
function topLevelOptions(argv: readonly string[], environment: CliEnvironment): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { help: { type: "boolean", short: "h" }, version: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch {
    throw new UsageError(
      `unexpected '${argv.join(" ")}': options go after the command, as in 'sosie <command> [options]'`,
      GENERAL_HINT,
    );
  }
  if (values.version === true) {
    environment.stdout.write(`sosie ${cliVersion()}\n`);
    return ExitCode.ok;
  }
  environment.stdout.write(generalHelp(COMMANDS));
  return ExitCode.ok;
}

/** `sosie help` and `sosie help <command>`. */
function help(rest: readonly string[], environment: CliEnvironment): number {
  if (rest.length === 0) {
    environment.stdout.write(generalHelp(COMMANDS));
    return ExitCode.ok;
  }
  if (rest.length > 1) throw new UsageError(`help: expected one command name, got ${rest.length}`, GENERAL_HINT);
  const command = findCommand(rest[0]);
  if (command === undefined) throw unknownCommand(rest[0]);
  environment.stdout.write(commandHelp(command));
  return ExitCode.ok;
}

function unknownCommand(name: string): UsageError {
  const suggestion = closestMatch(name, [...COMMANDS.map((c) => c.name), "help"]);
  const didYouMean = suggestion === undefined ? "" : ` (did you mean '${suggestion}'?)`;
  return new UsageError(`unknown command '${name}'${didYouMean}`, GENERAL_HINT);
}
