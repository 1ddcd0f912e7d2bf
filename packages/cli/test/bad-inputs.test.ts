import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BAD_INPUT_CASES, CORPUS } from "./bad-input-cases.ts";
import { runSosieInProcess } from "./capture.ts";
import { runSosie } from "./run-cli.ts";

const scratch = mkdtempSync(join(tmpdir(), "sosie-bad-inputs-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

/** Progress lines (stderr is not a terminal in tests) are JSON; everything else is the error. */
function isProgressLine(line: string): boolean {
  if (!line.startsWith("{")) return false;
  const parsed = JSON.parse(line) as { step?: unknown; status?: unknown };
  return typeof parsed.step === "string" && ["start", "done", "failed"].includes(String(parsed.status));
}

test("the corpus covers at least 30 cases", () => {
  assert.ok(BAD_INPUT_CASES.length >= 30, `${BAD_INPUT_CASES.length} cases`);
  assert.equal(new Set(BAD_INPUT_CASES.map((c) => c.name)).size, BAD_INPUT_CASES.length, "case names are unique");
});

test("bad inputs fail cleanly", { concurrency: 2 }, async (t) => {
  for (const [index, badCase] of BAD_INPUT_CASES.entries()) {
    await t.test(badCase.name, async () => {
      const dir = join(scratch, String(index));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      for (const { file, contents } of badCase.generate ?? []) writeFileSync(join(dir, file), contents());
      const output = join(dir, "out.json");
      const args = badCase.args.map((a) => a.replace("{corpus}", CORPUS).replace("{scratch}", dir));
      // Ask for an output file wherever the command line is otherwise valid: it must not appear.
      const withOutput = args[0] === "inspect" && !args.includes("--metadata") ? [...args, "--metadata", output] : args;

      const run = await runSosieInProcess(withOutput);
      const context = `stderr:\n${run.stderr}`;
      assert.equal(run.code, badCase.exitCode, context);

      const errorLines = run.stderr.split("\n").filter((line) => line !== "" && !isProgressLine(line));
      const message = errorLines[0] ?? "";
      assert.match(message, /^sosie: /, context);
      const shown = errorLines.join("\n");
      for (const fragment of badCase.message)
        assert.ok(shown.includes(fragment), `missing "${fragment}" in ${context}`);
      // One line for input errors; usage errors add one hint line.
      assert.equal(errorLines.length, badCase.exitCode === 2 ? 2 : 1, context);
      assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
      for (const secret of badCase.secrets ?? []) {
        assert.ok(!run.stderr.includes(secret), `stderr echoes "${secret}"`);
        assert.ok(!run.stdout.includes(secret), `stdout echoes "${secret}"`);
      }
      assert.equal(existsSync(output), false, "no output file");
      const leftovers = readdirSync(dir).filter((name) => name.includes(".tmp-"));
      assert.deepEqual(leftovers, [], "no temporary file left behind");
    });
  }
});

// The corpus runs in this process (one program start per case cost a minute of CI); these two
// cases check that the real program, started as users start it, exits with the same codes.
test("the real program exits as the in-process runs do", async () => {
  for (const exitCode of [1, 2]) {
    const badCase = BAD_INPUT_CASES.find((c) => c.exitCode === exitCode && c.generate === undefined);
    assert.ok(badCase !== undefined, `a corpus case with exit code ${exitCode}`);
    const args = badCase.args.map((a) => a.replace("{corpus}", CORPUS).replace("{scratch}", scratch));
    const [child, inProcess] = [await runSosie(args), await runSosieInProcess(args)];
    assert.equal(child.code, exitCode, child.stderr);
    const errors = (stderr: string): string[] => stderr.split("\n").filter((l) => l !== "" && !isProgressLine(l));
    assert.deepEqual(errors(child.stderr), errors(inProcess.stderr));
  }
});
