// The default evaluation is read from what each registered metric declares about itself.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MEMBERSHIP_ATTACKS } from "../metrics/privacy/verdict.ts";
import { listMetrics } from "../metrics/registry.ts";
import { defaultPrivacyMetrics, defaultUtilityMetrics } from "./default-metrics.ts";

test("learned metrics run only with a target; costly ones only when named", () => {
  const learned = ["tstr-classification", "tstr-regression", "fscore-difference", "feature-importance-difference"];
  const costly = ["pmse", "cross-classification", "cross-regression"];
  const without = defaultUtilityMetrics(undefined);
  const withTarget = defaultUtilityMetrics("outcome");
  for (const id of learned) {
    assert.ok(!without.includes(id), `${id} without a target`);
    assert.ok(withTarget.includes(id), `${id} with a target`);
  }
  for (const id of costly) assert.ok(!withTarget.includes(id) && !defaultPrivacyMetrics().includes(id), id);
  // Everything else registered runs by default.
  const utility = listMetrics("utility").map((m) => m.id);
  assert.deepEqual(
    withTarget,
    utility.filter((id) => !costly.includes(id)),
  );
  assert.deepEqual(
    defaultPrivacyMetrics(),
    listMetrics("privacy").map((m) => m.id),
  );
});

test("the membership attacks are the six of privacy spec §5.2–5.7, flagged on their metrics", () => {
  assert.deepEqual(MEMBERSHIP_ATTACKS, [
    "mia-dcr-threshold",
    "mia-gan-leaks",
    "mia-gan-leaks-calibrated",
    "mia-monte-carlo",
    "mia-domias",
    "mia-classifier",
  ]);
});
