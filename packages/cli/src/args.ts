import { parseArgs } from "node:util";
import type { Command, OptionSpec, ParsedArguments } from "./command.ts";
import { UsageError } from "./cli-errors.ts";
import { GLOBAL_OPTIONS } from "./global-options.ts";
import { closestMatch } from "./suggest.ts";

/** All options a command accepts: its own, then the global ones. */
export function commandOptions(command: Command): Record<string, OptionSpec> {
  return { ...command.options, ...GLOBAL_OPTIONS };
}

/**
 * Parses a command's arguments strictly: unknown options, missing option values and missing or
 * extra positional arguments are UsageErrors (exit code 2) with a hint to the command's help.
 * `--help` short-circuits the positional checks so that `sosie inspect --help` always works.
 */
export function parseCommandLine(command: Command, argv: readonly string[]): ParsedArguments {
  const specs = commandOptions(command);
  const hint = `Run 'sosie ${command.name} --help' to see its usage.`;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [
          name,
          {
            type: spec.type,
            ...(spec.short !== undefined ? { short: spec.short } : {}),
            ...(spec.repeatable ? { multiple: true } : {}),
          },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw toUsageError(error, command, specs, hint);
  }

  const options: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = parsed.values[name];
    const value = Array.isArray(raw) ? raw.join(";") : raw;
    options[name] = typeof value === "string" || typeof value === "boolean" ? value : spec.default;
  }
  if (options.help === true) return { positionals: parsed.positionals, options };

  const required = command.positionals.filter(
    (p) => p.required && !(p.unlessFlag !== undefined && options[p.unlessFlag] === true),
  );
  if (parsed.positionals.length < required.length) {
    const missing = required[parsed.positionals.length];
    throw new UsageError(`${command.name}: missing required argument <${missing.name}>`, hint);
  }
  if (parsed.positionals.length > command.positionals.length) {
    const extra = parsed.positionals[command.positionals.length];
    throw new UsageError(`${command.name}: unexpected argument '${extra}'`, hint);
  }
  return { positionals: parsed.positionals, options };
}

function toUsageError(error: unknown, command: Command, specs: Record<string, OptionSpec>, hint: string): unknown {
  if (!(error instanceof Error) || !("code" in error)) return error;
  const message = error.message;
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /option '([^']+)'/i.exec(message)?.[1] ?? "?";
    const names = Object.keys(specs).map((name) => `--${name}`);
    const suggestion = option.startsWith("--") ? closestMatch(option, names) : undefined;
    const didYouMean = suggestion === undefined ? "" : ` (did you mean '${suggestion}'?)`;
    return new UsageError(`${command.name}: unknown option '${option}'${didYouMean}`, hint);
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const option = /option '(-[^' ]+)/i.exec(message)?.[1] ?? "?";
    const longName =
      specs[option.replace(/^--?/, "")] !== undefined
        ? option.replace(/^--?/, "")
        : Object.keys(specs).find((name) => `-${specs[name].short}` === option);
    const spec = longName === undefined ? undefined : specs[longName];
    const placeholder = `<${spec?.valueName ?? "value"}>`;
    // "-n=5" reads as the value "=5": the = form works with the long name only.
    const withEquals = longName === undefined ? option : `--${longName}`;
    if (/argument missing/.test(message))
      return new UsageError(`${command.name}: option '${option}' needs a value: ${option} ${placeholder}`, hint);
    if (/ambiguous/.test(message))
      return new UsageError(
        `${command.name}: option '${option}' is followed by another option instead of a value; ` +
          `write ${withEquals}=${placeholder} for a value that starts with '-'`,
        hint,
      );
    if (/does not take an argument/.test(message))
      return new UsageError(`${command.name}: option '${option}' takes no value`, hint);
    return new UsageError(`${command.name}: ${message}`, hint);
  }
  return error;
}

/** A string option's value, or undefined when absent. */
export function stringOption(args: ParsedArguments, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === "string" ? value : undefined;
}

export function booleanOption(args: ParsedArguments, name: string): boolean {
  return args.options[name] === true;
}
