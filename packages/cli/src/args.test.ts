import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCommandLine } from "./args.ts";
import type { Command } from "./command.ts";

const command: Command = {
  name: "demo",
  summary: "a command for the parser's tests",
  description: "",
  positionals: [{ name: "file", description: "input", required: true }],
  options: {
    param: { type: "string", repeatable: true, description: "repeatable" },
    seed: { type: "string", description: "single", default: "0" },
    rows: { type: "string", short: "n", valueName: "count", description: "short and long" },
  },
  examples: [],
  run: async () => 0,
};

test("a repeatable option keeps every value, in order; a single one keeps its default", () => {
  const parsed = parseCommandLine(command, ["data.csv", "--param", "k=10", "--param", "ncp=5"]);
  assert.equal(parsed.options.param, "k=10;ncp=5");
  assert.equal(parsed.options.seed, "0");
  assert.deepEqual(parsed.positionals, ["data.csv"]);
});

test("unknown options and missing positionals are usage errors", () => {
  assert.throws(() => parseCommandLine(command, ["data.csv", "--nope"]), /unknown option '--nope'/);
  assert.throws(() => parseCommandLine(command, []), /missing required argument <file>/);
});

test("a value starting with '-' is refused with the form that works: the long name with '='", () => {
  assert.throws(
    () => parseCommandLine(command, ["data.csv", "-n", "-5"]),
    /option '-n' is followed by another option instead of a value; write --rows=<count> for a value that starts with '-'/,
  );
  assert.equal(parseCommandLine(command, ["data.csv", "--rows=-5"]).options.rows, "-5");
});
