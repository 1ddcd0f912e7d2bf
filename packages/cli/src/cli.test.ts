import { test } from "node:test";
import assert from "node:assert/strict";
import { type CliEnvironment, runCli } from "./cli.ts";

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
  };
  const code = await runCli(args, environment);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

test("no arguments: general help on stderr, exit 2", async () => {
  const r = await run([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^Usage: sosie <command> \[options\]/);
  assert.equal(r.stdout, "");
});

test("--help, -h and help print the general help on stdout", async () => {
  const expected = (await run(["--help"])).stdout;
  assert.match(expected, /Commands:\n {2}inspect +profile a table/);
  assert.match(expected, /Exit codes: 0 success, 1 unusable input/);
  assert.equal((await run(["-h"])).stdout, expected);
  assert.equal((await run(["help"])).stdout, expected);
});

test("command help lists usage, arguments, options with defaults, and examples", async () => {
  const r = await run(["inspect", "--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: sosie inspect <file> \[options\]\n/);
  assert.match(r.stdout, /\nArguments:\n {2}<file> +the table/);
  assert.match(r.stdout, /\n {6}--metadata <file> +write the metadata/);
  assert.match(r.stdout, /--delimiter <char> +field delimiter.*\(default: detected; tab for \.tsv\)/);
  assert.match(r.stdout, /\n {2}-q, --quiet +print no progress/);
  assert.match(r.stdout, /\nExamples:\n {2}Profile a file:\n {4}\$ sosie inspect patients\.csv\n/);
});

test("--help wins over missing arguments", async () => {
  assert.equal((await run(["inspect", "-h"])).code, 0);
});

test("usage errors: message and hint on stderr, exit 2", async () => {
  const unknown = await run(["inspect", "x.csv", "--strikt"]);
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr,
    "sosie: inspect: unknown option '--strikt' (did you mean '--strict'?)\nRun 'sosie inspect --help' to see its usage.\n",
  );
  const extra = await run(["inspect", "a.csv", "b.csv"]);
  assert.match(extra.stderr, /^sosie: inspect: unexpected argument 'b\.csv'\n/);
  const flagValue = await run(["inspect", "a.csv", "--json=yes"]);
  assert.match(flagValue.stderr, /^sosie: inspect: option '--json' takes no value\n/);
  const beforeCommand = await run(["--quiet", "inspect", "a.csv"]);
  assert.equal(beforeCommand.code, 2);
  assert.match(beforeCommand.stderr, /options go after the command/);
  const helpTooMany = await run(["help", "inspect", "extra"]);
  assert.equal(helpTooMany.code, 2);
  const helpUnknown = await run(["help", "nope"]);
  assert.match(helpUnknown.stderr, /^sosie: unknown command 'nope'\nRun 'sosie --help' to see the commands\.\n$/);
});

test("--version prints the package version", async () => {
  const r = await run(["--version"]);
  assert.match(r.stdout, /^sosie 0\.\d+\.\d+\n$/);
});
