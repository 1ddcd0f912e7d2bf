/** `sosie methods`: every generator with its parameters (also `sosie generate --list`). */
import { listGenerators } from "@sosie/core";
import type { Command, CommandContext, ParsedArguments } from "../command.ts";
import { ExitCode } from "../exit-codes.ts";
import { renderMethodList } from "../generate/method-list.ts";

export const methodsCommand: Command = {
  name: "methods",
  summary: "list the generators with their parameters and defaults",
  description:
    "Lists every generator 'sosie generate --method' accepts, with its parameters, their types and defaults.",
  positionals: [],
  options: {},
  examples: [{ description: "List the methods:", command: "sosie methods" }],
  run: listMethods,
};

export async function listMethods(_args: ParsedArguments, context: CommandContext): Promise<number> {
  context.stdout.write(renderMethodList(listGenerators()));
  return ExitCode.ok;
}
