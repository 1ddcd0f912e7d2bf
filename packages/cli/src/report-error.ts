import { SosieInputError, SosieOptionError } from "@sosie/core";
import type { OutputStream } from "./command.ts";
import { CliError, UsageError } from "./cli-errors.ts";
import { ExitCode } from "./exit-codes.ts";

/**
 * Prints an error as the user should see it and returns the exit code. Expected failures get one
 * line (plus a hint for usage errors) and no stack trace; anything else is a bug in sosie, exit 70,
 * with the stack only under --debug.
 */
export function reportError(error: unknown, stderr: OutputStream, debug: boolean): number {
  if (error instanceof UsageError) {
    stderr.write(`sosie: ${error.message}\n${error.hint}\n`);
    return error.exitCode;
  }
  if (error instanceof CliError || error instanceof SosieInputError) {
    stderr.write(`sosie: ${oneLine(error.message)}\n`);
    if (debug && error.stack !== undefined) stderr.write(error.stack + "\n");
    return error instanceof CliError ? error.exitCode : ExitCode.inputError;
  }
  if (error instanceof SosieOptionError) {
    stderr.write(`sosie: ${oneLine(error.message)}\n`);
    return ExitCode.usageError;
  }
  const description = error instanceof Error ? `${error.name}: ${oneLine(error.message)}` : oneLine(String(error));
  stderr.write(`sosie: internal error (${description}). This is a bug in sosie; please report it.\n`);
  if (debug) stderr.write((error instanceof Error && error.stack !== undefined ? error.stack : String(error)) + "\n");
  else stderr.write("Run again with --debug to see the stack trace.\n");
  return ExitCode.internalError;
}

/** Keeps an error to one short line, whatever a library put in its message. */
function oneLine(message: string, maxLength = 500): string {
  const flat = message.replace(/\s*\n\s*/g, " ").trim();
  return flat.length <= maxLength ? flat : flat.slice(0, maxLength - 1) + "…";
}
