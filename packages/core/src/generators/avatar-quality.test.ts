/**
 * Avatar utility on the heart table of the peer benchmark (../shared/bench/peers.md): SDMetrics
 * quality (sdmetrics variant of quality-score), loaded with the peers' conventions (kinds from
 * types.json, "" is missing), synthetic n = real n.
 *
 * The target is ≥ 0.90 at the spec's defaults (k = 20, ncp = 5). It is met at k = 10 (mean 0.905
 * over seeds 1–10) but not yet at k = 20: mean 0.894 over seeds 1–10. Each avatar
 * averages neighbours spread over a fifteenth of the 303 rows, which narrows the numeric marginals
 * (oldpeak, a third of it 0, scores KS 0.76: an average of neighbours is 0 only when they all are).
 * The second test keeps that measured level from sliding back while the target is open. The third
 * measures the `marginals = "ranks"` option (avatar/marginals.ts), which gives the numeric columns
 * R's values rank for rank: mean 0.926 over seeds 1–5 at k = 20 (balanced preset).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { qualityScore } from "../metrics/utility/quality.ts";
import { fitGenerator } from "./registry.ts";
import { loadPeerTable } from "../../test/peer-tables.ts";
import type { Table } from "../table/table.ts";

function quality(real: Table, seed: number, params: Record<string, unknown>): number {
  const synthetic = fitGenerator("avatar", real, { seed, params }).sample(real.nRows, { seed: seed + 100 }).table;
  const [result] = qualityScore.compute({ real, synthetic }, { variant: "sdmetrics", bootstrap: 0 });
  return result.value!;
}

test("avatar (k = 10) on heart: SDMetrics quality ≥ 0.90 for seeds 1–3", (t) => {
  const real = loadPeerTable("peer-outputs/heart");
  for (const seed of [1, 2, 3]) {
    const value = quality(real, seed, { k: 10 });
    t.diagnostic(`seed ${seed}: quality ${value.toFixed(4)}`);
    assert.ok(value >= 0.9, `seed ${seed}: quality ${value}`);
  }
});

test("avatar at the defaults (k = 20) on heart: mean SDMetrics quality over seeds 1–10 ≥ 0.885 (target 0.90 open)", (t) => {
  const real = loadPeerTable("peer-outputs/heart");
  let mean = 0;
  for (let seed = 1; seed <= 10; seed++) mean += quality(real, seed, {}) / 10;
  t.diagnostic(`mean quality ${mean.toFixed(4)}`);
  // Measured 0.8942; the seed-to-seed sd is about 0.009, so the mean of ten has an sd near 0.003.
  assert.ok(mean >= 0.885, `mean quality ${mean}`);
});

test("avatar with marginals = ranks (k = 20) on heart: mean SDMetrics quality over seeds 1–5 ≥ 0.915", (t) => {
  const real = loadPeerTable("peer-outputs/heart");
  let mean = 0;
  for (let seed = 1; seed <= 5; seed++) mean += quality(real, seed, { marginals: "ranks" }) / 5;
  t.diagnostic(`mean quality ${mean.toFixed(4)}`);
  // Measured 0.9256 (barycentre marginals: 0.894); per-seed sd about 0.01.
  assert.ok(mean >= 0.915, `mean quality ${mean}`);
});
