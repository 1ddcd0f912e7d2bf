/**
 * `sosie generate --workers N`: the avatar's and SMOTE's neighbour searches run on N worker
 * threads (fixed query ranges, workers/pool.ts), and the synthetic file is byte-identical for
 * N = 1 and N = 2; every method accepts the option.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listGenerators } from "@sosie/core";
import { runSosieInProcess } from "./capture.ts";

const scratch = mkdtempSync(join(tmpdir(), "sosie-generate-workers-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

/** 5,000 rows (more than two of the pool's 2,048-row query ranges), numerics with ∅, a categorical. */
const SOURCE = join(scratch, "in.csv");
const lines = ["age,weight,group,score"];
for (let i = 0; i < 5000; i++) {
  const age = 20 + ((i * 37) % 61);
  const weight = i % 11 === 0 ? "" : (50 + ((i * 13) % 47) + (i % 10) / 10).toFixed(1);
  lines.push(`${age},${weight},${["a", "b", "c", "d"][(i * 7) % 4]},${(i * 29) % 101}`);
}
writeFileSync(SOURCE, lines.join("\n") + "\n");

async function generate(
  method: string,
  workers: number,
  extra: string[] = [],
): Promise<{ text: string; manifest: Record<string, unknown> }> {
  const out = join(scratch, `${method}-${workers}.csv`);
  const run = await runSosieInProcess([
    "generate",
    SOURCE,
    "-m",
    method,
    "--seed",
    "3",
    "--workers",
    String(workers),
    "-o",
    out,
    "-q",
    ...extra,
  ]);
  assert.equal(run.code, 0, run.stderr);
  return { text: readFileSync(out, "utf8"), manifest: JSON.parse(readFileSync(`${out}.manifest.json`, "utf8")) };
}

for (const method of ["avatar", "smote"])
  test(`${method}: --workers 1 and --workers 2 write the same bytes`, async () => {
    const one = await generate(method, 1);
    const two = await generate(method, 2);
    assert.equal(one.manifest.fitWorkers, 0, "--workers 1 searches in this thread");
    assert.equal(two.manifest.fitWorkers, 2, "--workers 2 searches on two worker threads");
    assert.equal(two.text.length, one.text.length);
    assert.ok(two.text === one.text, "same seed, same bytes whatever the number of workers");
  });

test("every method accepts --workers (those without a neighbour search start no thread)", async () => {
  for (const g of listGenerators()) {
    if (g.id === "avatar" || g.id === "smote") continue;
    const { manifest } = await generate(g.id, 2, ["-n", "50"]);
    assert.equal(manifest.fitWorkers, 0, g.id);
  }
});

test("--workers must be a whole number of threads from 1 to 16", async () => {
  for (const bad of ["0", "-1", "two", "1.5", "17", "100"]) {
    const run = await runSosieInProcess([
      "generate",
      SOURCE,
      "-m",
      "avatar",
      `--workers=${bad}`,
      "-o",
      join(scratch, "bad.csv"),
      "-q",
    ]);
    assert.equal(run.code, 2, `--workers ${bad}`);
    assert.match(run.stderr, /--workers must be a whole number/);
  }
});
