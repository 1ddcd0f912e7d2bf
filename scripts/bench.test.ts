// The bench harness end to end in --quick mode, on the smallest table with the fastest generator,
// into a temporary directory: the JSON and BENCHMARKS.md are written and their figures are sane.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchResults } from "./bench/types.ts";

const ROOT = new URL("..", import.meta.url).pathname;

test("npm run bench -- --quick writes results JSON and BENCHMARKS.md with sane figures", () => {
  const out = mkdtempSync(join(tmpdir(), "sosie-bench-"));
  try {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/bench.ts",
        "--quick",
        "--datasets",
        "heart-whole,heart",
        "--methods",
        "independent",
        "--out",
        out,
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);

    const files = readdirSync(join(out, "bench", "results"));
    assert.equal(files.length, 1);
    assert.match(files[0], /^\d{4}-\d\d-\d\dT\d\d-\d\dZ-[0-9a-f]{7}-quick\.json$/);
    const results = JSON.parse(readFileSync(join(out, "bench", "results", files[0]), "utf8")) as BenchResults;
    assert.equal(results.format, "sosie-bench/1");
    assert.match(results.commit.sha, /^[0-9a-f]{40}$/);
    assert.ok(results.machine.cores >= 1 && results.machine.memory_gib > 0);
    assert.equal(results.settings.quick, true);
    assert.deepEqual(
      results.workloads.map((w) => [w.dataset, w.method, w.status]),
      [
        ["heart-whole", "independent", "ok"],
        ["heart", "independent", "ok"],
      ],
    );

    for (const w of results.workloads) {
      assert.equal(w.fit?.runs, 1);
      for (const t of [w.read!, w.fit!, w.sample!, w.utility_evaluation!, w.privacy_evaluation!]) {
        assert.ok(t.wall_s > 0 && Number.isFinite(t.wall_s));
        assert.ok(t.cpu_s >= 0 && Number.isFinite(t.cpu_s));
      }
      assert.ok(w.peak_rss_mb! > 10 && w.peak_rss_mb! <= w.peak_rss_with_evaluation_mb!);
      const q = w.utility!.quality.value!;
      assert.ok(q > 0 && q <= 1);
      assert.equal(w.rows!.synthetic, w.rows!.train);
      const identical = w.privacy!.identical;
      assert.ok(identical.identical_to_train_unique_row <= identical.identical_to_train_row);
      assert.ok(identical.identical_to_train_row <= identical.synthetic_rows);
    }
    const [whole, split] = results.workloads;
    assert.deepEqual([whole.rows!.train, whole.rows!.holdout], [303, null]);
    assert.equal(whole.utility!.tstr_gap.value, null);
    assert.equal(split.rows!.train + split.rows!.holdout!, 303);
    const gap = split.utility!.tstr_gap.value!;
    assert.ok(gap >= -1 && gap <= 1);
    // 91 holdout rows: below the privacy metrics' minimum, so undefined with the reason.
    assert.equal(split.privacy!.best_mia_auc.value, null);
    assert.match(split.privacy!.best_mia_auc.reason!, /500/);

    // The whole-table heart workload is the peers' workload: every peer with a time gets a ratio.
    const gc = results.peers.find((c) => c.dataset === "heart-whole" && c.peer === "sdv-gaussian-copula");
    assert.ok(gc !== undefined);
    assert.ok(gc.ratios.fit_sample! > 0 && gc.ratios.quality! > 0);
    assert.equal(results.peers.filter((c) => c.dataset === "heart").length, 0);

    const markdown = readFileSync(join(out, "BENCHMARKS.md"), "utf8");
    assert.ok(markdown.startsWith("# Sosie benchmarks"));
    assert.ok(markdown.includes(results.commit.sha.slice(0, 12)));
    assert.ok(markdown.includes("--quick"));
    assert.match(markdown, /\| independent \| [0-9.]+ \([0-9.]+\) \|/);
    assert.ok(markdown.includes("| heart-whole (303) | independent | sdv-gaussian-copula |"));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the privacy frontier is part of a full run, left out of --quick and of subsets unless asked for", async () => {
  const { parseArgs } = await import("./bench.ts");
  assert.equal(parseArgs([]).privacyPeers, true);
  assert.equal(parseArgs(["--no-privacy-peers"]).privacyPeers, false);
  assert.equal(parseArgs(["--quick"]).privacyPeers, false);
  assert.equal(parseArgs(["--datasets", "heart"]).privacyPeers, false);
  assert.equal(parseArgs(["--methods", "cart"]).privacyPeers, false);
  assert.equal(parseArgs(["--quick", "--privacy-peers"]).privacyPeers, true);
});
