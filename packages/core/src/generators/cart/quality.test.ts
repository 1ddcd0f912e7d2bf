/**
 * Acceptance: SDMetrics-compatible quality of cart outputs with default parameters on the peer
 * tables (../shared/bench/peers.md): diabetes-10k ≥ 0.98 (synthpop, hand-tuned: 0.983) and heart
 * ≥ 0.93 (synthpop: 0.940). Tables are loaded as the peers were scored: kinds from types.json, the
 * empty string the only missing token.
 *
 * Heart has 303 rows, so one synthetic sample's score is noisy (sd ≈ 0.008 across seeds; a
 * bootstrap resample of R itself averages 0.937), and synthpop's 0.940 is a single draw. The heart
 * criterion is therefore the mean over 20 seeded fit + sample runs.
 *
 * Heart is scored at the preset off, the generator as synthpop runs it: at the default (balanced)
 * preset no unique real extreme is emitted, while SDMetrics bins each table over its own range, so
 * a synthetic range that stops short of a unique real maximum shifts every bin of that column's
 * pairs. What the preset costs is held to issue #9's margin: within 0.01 of off. Diabetes-10k's
 * extremes are shared, so it is scored at the default.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { qualityScore } from "../../metrics/utility/quality.ts";
import type { Table } from "../../table/table.ts";
import { fitGenerator } from "../registry.ts";
import type { PrivacyPreset } from "../protect/preset.ts";
import { loadPeerTable } from "../../../test/peer-tables.ts";

function cartQuality(real: Table, seed: number, privacy?: PrivacyPreset): number {
  const synthetic = fitGenerator("cart", real, { seed, privacy }).sample(real.nRows, { seed }).table;
  const [result] = qualityScore.compute({ real, synthetic }, { variant: "sdmetrics", bootstrap: 0 });
  return result.value!;
}

test("cart on diabetes-10k (10,000 x 48, 20-70-level diagnosis and specialty columns): quality ≥ 0.98", (t) => {
  const real = loadPeerTable("peer-outputs/diabetes-10k");
  const quality = cartQuality(real, 1);
  t.diagnostic(`diabetes-10k quality ${quality.toFixed(4)}`);
  assert.ok(quality >= 0.98, `${quality}`);
});

test("cart on heart (303 x 14): mean quality over 20 seeds ≥ 0.93 at off, balanced within 0.01 of it", (t) => {
  const real = loadPeerTable("peer-outputs/heart");
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const off = Array.from({ length: 20 }, (_, i) => cartQuality(real, i + 1, "off"));
  const balanced = Array.from({ length: 20 }, (_, i) => cartQuality(real, i + 1, "balanced"));
  t.diagnostic(
    `heart quality mean ${mean(off).toFixed(4)} (off), ${mean(balanced).toFixed(4)} (balanced); off min ${Math.min(...off).toFixed(4)}, max ${Math.max(...off).toFixed(4)}`,
  );
  assert.ok(mean(off) >= 0.93, `${mean(off)}`);
  assert.ok(mean(balanced) >= mean(off) - 0.01, `${mean(balanced)} vs ${mean(off)}`);
});
