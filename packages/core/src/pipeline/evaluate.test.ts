import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPeerTable } from "../../test/peer-tables.ts";
import { evaluationPlan, evaluationTasks } from "./evaluate.ts";
import type { MetricResult } from "../metrics/types.ts";

const PRIVACY = ["singling-out-univariate", "mia-dcr-threshold", "dcr-closer-to-train"];

function run(minHoldoutRows: number | undefined): Map<string, MetricResult[]> {
  const real = loadPeerTable("privacy-peers/heart-failure", "train.csv");
  const holdout = loadPeerTable("privacy-peers/heart-failure", "holdout.csv");
  const synthetic = loadPeerTable("privacy-peers/heart-failure", "synthpop.csv");
  const plan = evaluationPlan(real.nRows, {
    seed: 1,
    metrics: PRIVACY,
    ...(minHoldoutRows === undefined ? {} : { minHoldoutRows }),
  });
  const { tasks } = evaluationTasks({ real, synthetic, holdout }, plan);
  return new Map(tasks.map((t) => [t.id, t.run()]));
}

test("the holdout minimum (500 by default) can be lowered for small tables; the plan records it", () => {
  // heart-failure's fixed split has 90 holdout rows.
  const strict = run(undefined);
  for (const id of PRIVACY) {
    const records = strict.get(id)!;
    assert.ok(
      records.every((r) => (r.value ?? null) === null && /500/.test(r.reason ?? "")),
      `${id} is not computed under 500 rows`,
    );
  }
  const lowered = run(50);
  for (const id of PRIVACY) {
    const defined = lowered.get(id)!.filter((r) => (r.value ?? null) !== null);
    assert.ok(defined.length > 0, `${id} is computed with minHoldoutRows 50`);
  }
  const closer = lowered
    .get("dcr-closer-to-train")!
    .find((r) => (r.value ?? null) !== null && (r.ci ?? null) !== null)!;
  assert.ok(closer.ci![1] - closer.ci![0] > 0.05, "a small holdout gives a wide interval");
  assert.equal(evaluationPlan(209, { seed: 1, minHoldoutRows: 50 }).minHoldoutRows, 50);
  assert.equal(evaluationPlan(209, { seed: 1 }).minHoldoutRows, undefined);
});
