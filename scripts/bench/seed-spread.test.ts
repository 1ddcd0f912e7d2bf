// The seed spread's pure parts: the per-seed record, the summary and the table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type SeedRecord, spreadTable, summarize } from "./seed-spread.ts";

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
  assert.match(text, /Every criterion held on 1 of 2 seeds\./);
});
