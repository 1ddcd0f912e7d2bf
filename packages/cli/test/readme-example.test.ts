// The README's first command, as written there: the main job on the bundled example must run and
// recommend an output (its holdout is large enough for the attacks, its metadata declares roles).
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { runSosieInProcess } from "./capture.ts";
import { REPO_ROOT } from "./run-cli.ts";

/** The arguments of the README's `npx sosie …` command, repository paths made absolute, `-o` replaced. */
function readmeCommand(outputDir: string): string[] {
  const line = readFileSync(join(REPO_ROOT, "README.md"), "utf8")
    .split("\n")
    .find((l) => l.includes("npx sosie "));
  assert.ok(line !== undefined, "the README has no `npx sosie` command");
  const args = line
    .slice(line.indexOf("npx sosie ") + "npx sosie ".length)
    .split("#")[0]
    .trim()
    .split(/\s+/);
  const o = args.indexOf("-o");
  assert.ok(o >= 0, "the README command names an output directory");
  args[o + 1] = outputDir;
  return args.map((a) => (a.startsWith("examples/") ? join(REPO_ROOT, a) : a));
}

let workDir = "";
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), "sosie-readme-"));
});
after(async () => rm(workDir, { recursive: true, force: true }));

test("the README's main command runs on the bundled example and recommends an output", async () => {
  const out = join(workDir, "example");
  const args = readmeCommand(out);
  assert.equal(args[0], "run");
  const run = await runSosieInProcess([...args, "--quiet"]);
  assert.equal(run.code, 0, run.stderr);
  const files = await readdir(out);
  assert.ok(files.includes("report.html") && files.includes("report.json"), files.join(", "));
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as {
    sizes: { holdout: number };
    frontier: { recommendation: { output: string; releaseGate: string } | null };
  };
  assert.ok(report.sizes.holdout >= 500, `holdout ${report.sizes.holdout} rows: the attacks need 500`);
  const recommended = report.frontier.recommendation;
  assert.ok(recommended !== null, "no output recommended");
  assert.ok(files.includes(`synthetic-${recommended.output}.csv`));
  assert.match(run.stdout, new RegExp(`recommended: ${recommended.output}`));
});
