/**
 * Avatar utility on the heart table of the peer benchmark (../shared/bench/peers.md): SDMetrics
 * quality (sdmetrics variant of quality-score) ≥ 0.90, loaded with the peers' conventions (kinds
 * from types.json, "" is missing). k = 10: with the default k = 20 the 303-row table scores 0.885–
 * 0.902 over seeds 1–5 (each avatar averages a twentieth of the table, which narrows the marginals).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { qualityScore } from "../metrics/utility/quality.ts";
import { fitGenerator } from "./registry.ts";
import { loadPeerTable } from "../../test/peer-tables.ts";

test("avatar (k = 10) on heart: SDMetrics quality ≥ 0.90 for seeds 1–3", (t) => {
  const real = loadPeerTable("peer-outputs/heart");
  for (const seed of [1, 2, 3]) {
    const synthetic = fitGenerator("avatar", real, { seed, params: { k: 10 } }).sample(real.nRows, {
      seed: seed + 100,
    }).table;
    const [result] = qualityScore.compute({ real, synthetic }, { variant: "sdmetrics", bootstrap: 0 });
    t.diagnostic(`seed ${seed}: quality ${result.value?.toFixed(4)}`);
    assert.ok(result.value! >= 0.9, `seed ${seed}: quality ${result.value}`);
  }
});
