import type { OptionSpec } from "./command.ts";

/** Options every command accepts, listed last in each command's help. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  quiet: { type: "boolean", short: "q", description: "print no progress on stderr" },
  debug: { type: "boolean", description: "show the stack trace of internal errors" },
  help: { type: "boolean", short: "h", description: "show this help and exit" },
};
