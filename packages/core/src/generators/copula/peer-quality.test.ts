/**
 * Acceptance (issue targets): the SDMetrics-compatible quality (sdmetrics variant) of
 * gaussian-copula output, as many rows as R, on the peer tables of ../shared/bench/peer-outputs
 * loaded as peers.md says. Targets: heart ≥ 0.86 (SDV GaussianCopula 0.868), diabetes-10k ≥ 0.86
 * (SDV 0.867). Three fixed seeds, each must pass.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { qualityScore } from "../../metrics/utility/quality.ts";
import { fitGenerator } from "../registry.ts";
import { loadPeerTable } from "../../../test/peer-tables.ts";

for (const [dataset, target] of [
  ["heart", 0.86],
  ["diabetes-10k", 0.86],
] as const) {
  test(`gaussian-copula on ${dataset}: sdmetrics quality ≥ ${target} for seeds 1–3`, (t) => {
    const real = loadPeerTable(`peer-outputs/${dataset}`);
    for (const seed of [1, 2, 3]) {
      const synthetic = fitGenerator("gaussian-copula", real, { seed }).sample(real.nRows, { seed: seed + 100 }).table;
      const [q] = qualityScore.compute({ real, synthetic }, { variant: "sdmetrics", bootstrap: 0 });
      t.diagnostic(`${dataset} seed ${seed}: quality ${q.value?.toFixed(4)}`);
      assert.ok((q.value ?? 0) >= target, `seed ${seed}: ${q.value}`);
    }
  });
}
