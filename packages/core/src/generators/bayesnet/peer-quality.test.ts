/**
 * Acceptance (issue target): the SDMetrics-compatible quality (sdmetrics variant) of bayesnet
 * output without noise (default k = 2), as many rows as R, on the heart peer table of
 * ../shared/bench/peer-outputs loaded as peers.md says: ≥ 0.90 (DataSynthesizer PrivBayes k = 2
 * without noise: 0.909). Three fixed seeds, each must pass, at the preset off (the generator as
 * DataSynthesizer runs it); at the default (balanced) preset the mean stays within 0.01 of off
 * (issue #9's margin: no unique real extreme is emitted there, see cart/quality.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { qualityScore } from "../../metrics/utility/quality.ts";
import { fitGenerator } from "../registry.ts";
import { loadPeerTable } from "../../../test/peer-tables.ts";

for (const [dataset, target] of [["heart", 0.9]] as const) {
  test(`bayesnet on ${dataset}: sdmetrics quality ≥ ${target} for seeds 1–3`, (t) => {
    const real = loadPeerTable(`peer-outputs/${dataset}`);
    const quality = (seed: number, privacy: "off" | "balanced") => {
      const synthetic = fitGenerator("bayesnet", real, { seed, privacy }).sample(real.nRows, {
        seed: seed + 100,
      }).table;
      return qualityScore.compute({ real, synthetic }, { variant: "sdmetrics", bootstrap: 0 })[0].value ?? 0;
    };
    let off = 0;
    let balanced = 0;
    for (const seed of [1, 2, 3]) {
      const q = quality(seed, "off");
      const b = quality(seed, "balanced");
      t.diagnostic(`${dataset} seed ${seed}: quality ${q.toFixed(4)} (off), ${b.toFixed(4)} (balanced)`);
      assert.ok(q >= target, `seed ${seed}: ${q}`);
      off += q / 3;
      balanced += b / 3;
    }
    assert.ok(balanced >= off - 0.01, `${balanced} vs ${off}`);
  });
}
