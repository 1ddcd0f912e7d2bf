/**
 * Acceptance (issue target): the SDMetrics-compatible quality (sdmetrics variant) of bayesnet
 * output without noise (default k = 2), as many rows as R, on the heart peer table of
 * ../shared/bench/peer-outputs loaded as peers.md says: ≥ 0.90 (DataSynthesizer PrivBayes k = 2
 * without noise: 0.909). Three fixed seeds, each must pass.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { qualityScore } from "../../metrics/utility/quality.ts";
import { fitGenerator } from "../registry.ts";
import { loadPeerTable } from "../../../test/peer-tables.ts";

for (const [dataset, target] of [["heart", 0.9]] as const) {
  test(`bayesnet on ${dataset}: sdmetrics quality ≥ ${target} for seeds 1–3`, (t) => {
    const real = loadPeerTable(`peer-outputs/${dataset}`);
    for (const seed of [1, 2, 3]) {
      const synthetic = fitGenerator("bayesnet", real, { seed }).sample(real.nRows, { seed: seed + 100 }).table;
      const [q] = qualityScore.compute({ real, synthetic }, { variant: "sdmetrics", bootstrap: 0 });
      t.diagnostic(`${dataset} seed ${seed}: quality ${q.value?.toFixed(4)}`);
      assert.ok((q.value ?? 0) >= target, `seed ${seed}: ${q.value}`);
    }
  });
}
