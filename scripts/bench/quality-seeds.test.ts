// The quality-over-seeds bench's pure parts: the statistics, the table and the latest file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type QualitySpread,
  latestQualitySeeds,
  qualitySeedsSection,
  qualityTable,
  spreadStats,
} from "./quality-seeds.ts";

test("spreadStats: mean, sample sd, range and seeds meeting the target (≥)", () => {
  const s = spreadStats([0.91, 0.89, 0.9, 0.88], 0.9);
  assert.ok(Math.abs(s.mean - 0.895) < 1e-12);
  // Deviations 0.015, -0.005, 0.005, -0.015: squares sum to 5e-4, over n − 1 = 3.
  assert.ok(Math.abs(s.sd - Math.sqrt(5e-4 / 3)) < 1e-12);
  assert.equal(s.min, 0.88);
  assert.equal(s.max, 0.91);
  assert.equal(s.meeting, 2);
  assert.equal(spreadStats([0.5], 0.4).sd, 0);
});

const spread = (method: string, preset: "balanced" | "off", target: number, values: number[]): QualitySpread => ({
  dataset: "heart-whole",
  method,
  preset,
  target,
  values,
});

test("qualityTable: one line per generator and preset, the verdict on the mean, the baseline without target", () => {
  const text = qualityTable("heart-whole", [
    spread("avatar", "balanced", 0.9, [0.909, 0.893, 0.881]),
    spread("cart", "off", 0.93, [0.932, 0.935, 0.93]),
    spread("independent", "off", 0, [0.868, 0.87, 0.86]),
  ]);
  assert.match(text, /^### heart-whole/);
  assert.match(
    text,
    /\| avatar \| balanced \| ≥ 0\.90 \| 0\.909 \| 0\.8943 \(0\.0140\) \| 0\.881 – 0\.909 \| 1 \/ 3 \| ❌ \|/,
  );
  assert.match(
    text,
    /\| cart \| off \| ≥ 0\.93 \| 0\.932 \| 0\.9323 \(0\.0025\) \| 0\.930 – 0\.935 \| 3 \/ 3 \| ✅ \|/,
  );
  assert.match(text, /\| independent \| off \| – \(baseline\) \| 0\.868 \| .* \| – \| – \|/);
});

test("latestQualitySeeds / qualitySeedsSection: the latest quality file only, named in the section", () => {
  const dir = mkdtempSync(join(tmpdir(), "sosie-quality-"));
  try {
    assert.equal(latestQualitySeeds(dir), null);
    assert.deepEqual(qualitySeedsSection(null), []);
    const write = (name: string, commit: string, spreads: QualitySpread[]) =>
      writeFileSync(join(dir, name), JSON.stringify({ commit, spreads }));
    write("2026-12-01T10-00Z-aaaaaaa-quality.json", "a".repeat(40), [spread("cart", "off", 0.93, [0.9])]);
    write("2026-12-02T10-00Z-bbbbbbb-quality.json", "b".repeat(40), [spread("cart", "off", 0.93, [0.94, 0.95])]);
    writeFileSync(join(dir, "2026-12-03T10-00Z-ccccccc-seeds.json"), "{}");
    writeFileSync(join(dir, "2026-12-03T11-00Z-ddddddd.json"), "{}");
    const latest = latestQualitySeeds(dir)!;
    assert.equal(latest.file, "2026-12-02T10-00Z-bbbbbbb-quality.json");
    const section = qualitySeedsSection(latest).join("\n");
    assert.match(section, /^## Issue #3 quality over seeds/);
    assert.match(section, /on 2 seeds/);
    assert.match(section, /From `bench\/results\/2026-12-02T10-00Z-bbbbbbb-quality\.json` \(commit `bbbbbbb`\)\./);
    assert.match(section, /\| cart \| off \| ≥ 0\.93 \| 0\.940 \| 0\.9450 /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
