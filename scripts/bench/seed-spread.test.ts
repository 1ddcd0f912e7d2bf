// The seed spread's pure parts: the per-seed record, the summary and the table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { latestResultsFile, resultsStamp } from "./results-files.ts";
import {
  latestSeedSpreads,
  type SeedRecord,
  seedSpreadSection,
  spreadTable,
  recommendedText,
  summarize,
} from "./seed-spread.ts";

const record = (
  seed: number,
  output: string,
  q: [number, number],
  t: [number, number],
  holds: Record<string, boolean | null>,
  recommended = true,
): SeedRecord => ({
  seed,
  output,
  recommended,
  quality: q[0],
  referenceQuality: q[1],
  tstr: t[0],
  referenceTstr: t[1],
  holds,
});

test("summarize: criteria counted per seed, gaps as mean and sample sd, recommendations tallied", () => {
  const records = [
    record(1, "gaussian-copula-balanced", [0.9, 0.91], [0.86, 0.89], { quality: true, tstr: false }),
    record(2, "gaussian-copula-balanced", [0.9, 0.92], [0.87, 0.86], { quality: false, tstr: true }),
    record(3, "cart-balanced", [0.91, 0.91], [0.85, 0.86], { quality: true, tstr: true }),
    record(4, "cart-strict", [0.8, 0.9], [0.7, 0.8], { quality: false, tstr: null }, false),
  ];
  const s = summarize(records);
  assert.equal(s.seeds, 4);
  assert.deepEqual(s.passing, { quality: 2, tstr: 2 });
  // Only seed 3 is recommended with every criterion holding.
  assert.equal(s.allHold, 1);
  assert.deepEqual(s.recommended, { "gaussian-copula-balanced": 2, "cart-balanced": 1, none: 1 });
  assert.equal(
    recommendedText(s),
    "gaussian-copula-balanced on 2 of 4 seeds, cart-balanced on 1 of 4 seeds, nothing on 1 of 4 seeds",
  );
  // Quality gaps −0.01, −0.02, 0, −0.1: mean −0.0325; sd √(Σ(x − m)² / 3).
  const gaps = [-0.01, -0.02, 0, -0.1];
  const mean = gaps.reduce((a, b) => a + b) / 4;
  const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
  assert.ok(Math.abs(s.qualityGap!.mean - -0.0325) < 1e-12);
  assert.ok(Math.abs(s.qualityGap!.sd - sd) < 1e-12);
  assert.ok(Math.abs(s.tstrGap!.mean - (-0.03 + 0.01 - 0.01 - 0.1) / 4) < 1e-12);
  assert.equal(summarize([]).qualityGap, null);
});

test("spreadTable: a row per seed, the mean gaps and the seeds each criterion held on", () => {
  const text = spreadTable("heart-failure", [
    record(1, "gaussian-copula-balanced", [0.897, 0.914], [0.866, 0.894], { quality: false, tstr: false }),
    record(2, "gaussian-copula-balanced", [0.9, 0.905], [0.87, 0.86], { quality: true, tstr: true }),
  ]);
  assert.match(text, /^### heart-failure/);
  assert.match(text, /\| 1 \| gaussian-copula-balanced \| 0\.897 vs 0\.914 \| 0\.866 vs 0\.894 \| ❌ \| ❌ \|/);
  assert.match(text, /\| mean gap \(sd\) \| \| -0\.011 \(0\.008\) \| -0\.009 \(0\.027\) \| 1 \/ 2 \| 1 \/ 2 \|/);
  assert.match(text, /Recommended: gaussian-copula-balanced on 2 of 2 seeds\. Every criterion held on 1 of 2 seeds\./);
});

test("latestSeedSpreads / latestResultsFile: each split from its latest seeds file; the latest full results file", () => {
  const dir = mkdtempSync(join(tmpdir(), "sosie-seeds-"));
  try {
    assert.deepEqual(latestSeedSpreads(dir), []);
    assert.equal(latestResultsFile(dir), null);
    const seedsFile = (name: string, commit: string, splits: Record<string, SeedRecord[]>) =>
      writeFileSync(
        join(dir, name),
        JSON.stringify({ commit, splits: Object.entries(splits).map(([dataset, records]) => ({ dataset, records })) }),
      );
    const r = (seed: number, output: string) => record(seed, output, [0.9, 0.9], [0.8, 0.8], { quality: true });
    seedsFile("2026-12-01T10-00Z-aaaaaaa-seeds.json", "a".repeat(40), { pima: [r(1, "old")], adult: [r(1, "a")] });
    seedsFile("2026-12-02T10-00Z-bbbbbbb-seeds.json", "b".repeat(40), { pima: [r(1, "new"), r(2, "new")] });
    for (const f of [
      "2026-12-01T09-00Z-ccccccc.json",
      "2026-12-02T09-00Z-ddddddd.json",
      "2026-12-03T09-00Z-eeeeeee-quick.json",
      "2026-12-03T09-30Z-fffffff-quality.json",
    ])
      writeFileSync(join(dir, f), "{}");
    const spreads = latestSeedSpreads(dir);
    assert.deepEqual(
      spreads.map((s) => [s.dataset, s.file, s.records.length]),
      [
        ["pima", "2026-12-02T10-00Z-bbbbbbb-seeds.json", 2],
        ["adult", "2026-12-01T10-00Z-aaaaaaa-seeds.json", 1],
      ],
    );
    assert.equal(latestResultsFile(dir), join(dir, "2026-12-02T09-00Z-ddddddd.json"));
    const section = seedSpreadSection(spreads).join("\n");
    assert.match(section, /^## Issue #9 seed by seed/);
    assert.match(
      section,
      /### pima\n\nFrom `bench\/results\/2026-12-02T10-00Z-bbbbbbb-seeds\.json` \(commit `bbbbbbb`\)\./,
    );
    assert.match(section, /### adult/);
    assert.deepEqual(seedSpreadSection([]), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("resultsStamp: the UTC date and minute of a run, as results file names start", () => {
  assert.equal(resultsStamp("2026-12-03T11:31:05.123Z"), "2026-12-03T11-31Z");
  assert.equal(resultsStamp("2026-12-03T11:31:05Z"), "2026-12-03T11-31Z");
});

test("spreadTable: the checked output's risk figures with their intervals, when the records have them", () => {
  const figure = (value: number, ci: [number, number]) => ({ value, ci, reason: null });
  const text = spreadTable("adult-10k", [
    {
      ...record(1, "cart-balanced", [0.984, 0.987], [0.904, 0.909], { quality: true }),
      risks: {
        singlingOut: figure(0, [0, 0.011]),
        closerToTrain: figure(0.518, [0.504, 0.532]),
        bestMiaAuc: figure(0.505, [0.49, 0.52]),
      },
    },
    record(2, "cart-balanced", [0.984, 0.99], [0.906, 0.909], { quality: true }),
  ]);
  assert.match(text, /\| quality \| singling-out; closer to train; best MIA AUC \|/);
  assert.match(text, /\| ✅ \| 0\.000 \[0\.000, 0\.011\]; 0\.518 \[0\.504, 0\.532\]; 0\.505 \[0\.490, 0\.520\] \|/);
  assert.match(text, /\| 2 \| cart-balanced \| .* \| ✅ \| – \|/);
});
