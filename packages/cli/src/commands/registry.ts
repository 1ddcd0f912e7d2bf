import type { Command } from "../command.ts";
import { inspectCommand } from "./inspect.ts";
import { generateCommand } from "./generate.ts";
import { methodsCommand } from "./methods.ts";
import { evaluateCommand } from "./evaluate.ts";
import { runCommand } from "./run.ts";

/** Every `sosie` command, in the order `sosie --help` lists them. Add new commands here. */
export const COMMANDS: readonly Command[] = [
  inspectCommand,
  generateCommand,
  methodsCommand,
  evaluateCommand,
  runCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
