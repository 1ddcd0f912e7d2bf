import type { Command, OptionSpec } from "./command.ts";
import { commandOptions } from "./args.ts";

const INDENT = "  ";
const COLUMN = 26;

/** `sosie --help`: what sosie is, the commands, and where to go next. */
export function generalHelp(commands: readonly Command[]): string {
  const lines = [
    "Usage: sosie <command> [options]",
    "",
    "Sosie turns sensitive health tables into synthetic look-alikes and measures their utility",
    "and privacy.",
    "",
    "Commands:",
    ...commands.map((c) => twoColumns(c.name, c.summary)),
    twoColumns("help <command>", "show the help of a command"),
    "",
    "Options:",
    twoColumns("-h, --help", "show this help and exit"),
    twoColumns("--version", "print the version and exit"),
    "",
    "Run 'sosie <command> --help' for the options of a command.",
    "",
    "Exit codes: 0 success, 1 unusable input (data, metadata or file), 2 wrong command line,",
    "70 internal error, 130 interrupted.",
  ];
  return lines.join("\n") + "\n";
}

/** `sosie help <command>` and `sosie <command> --help`: usage, description, options, examples. */
export function commandHelp(command: Command): string {
  const positionals = command.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const alternatives = command.positionals.flatMap((p) =>
    p.unlessFlag === undefined ? [] : [`       sosie ${command.name} --${p.unlessFlag}`],
  );
  const usage = `Usage: sosie ${command.name} ${[...positionals, "[options]"].join(" ")}`;
  const lines = [usage, ...alternatives, "", command.description];
  if (command.positionals.length > 0) {
    lines.push("", "Arguments:");
    for (const p of command.positionals) lines.push(twoColumns(`<${p.name}>`, p.description));
  }
  lines.push("", "Options:");
  for (const [name, spec] of Object.entries(commandOptions(command)))
    lines.push(twoColumns(optionLabel(name, spec), optionText(spec)));
  if (command.examples.length > 0) {
    lines.push("", "Examples:");
    for (const example of command.examples)
      lines.push(`${INDENT}${example.description}`, `${INDENT}${INDENT}$ ${example.command}`);
  }
  return lines.join("\n") + "\n";
}

function optionLabel(name: string, spec: OptionSpec): string {
  const long = spec.type === "string" ? `--${name} <${spec.valueName ?? "value"}>` : `--${name}`;
  return spec.short === undefined ? `    ${long}` : `-${spec.short}, ${long}`;
}

function optionText(spec: OptionSpec): string {
  if (spec.defaultText !== undefined) return `${spec.description} (default: ${spec.defaultText})`;
  if (spec.type === "string" && spec.default !== undefined) return `${spec.description} (default: ${spec.default})`;
  return spec.description;
}

function twoColumns(left: string, right: string): string {
  const label = INDENT + left;
  return label.length < COLUMN ? label.padEnd(COLUMN) + right : `${label}\n${" ".repeat(COLUMN)}${right}`;
}
