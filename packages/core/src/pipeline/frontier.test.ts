import { test } from "node:test";
import assert from "node:assert/strict";
import type { MetricResult } from "../metrics/types.ts";
import { metricRecord } from "../metrics/test-records.ts";
import type { PrivacyPreset } from "../generators/protect/preset.ts";
import { buildFrontier, FRONTIER_TARGETS, recommend } from "./frontier.ts";
import type { MethodResult } from "./types.ts";
import { type Light, methodVerdict } from "./lights.ts";

function record(id: string, submetric: string, value: number | null, ci: [number, number] | null = null): MetricResult {
  return metricRecord(id, submetric, value, {
    objective: "max",
    ci,
    reason: value === null ? "the holdout has 90 rows, fewer than the 500 this metric needs" : null,
  });
}

function output(
  method: string,
  preset: PrivacyPreset,
  quality: number | null,
  gate: Light,
  extra: { tstr?: number; privacy?: MetricResult[]; failed?: boolean; qualityCi?: [number, number] } = {},
): MethodResult {
  const verdict = methodVerdict([], []);
  return {
    output: `${method}-${preset}`,
    method,
    preset,
    guard: preset === "off" ? null : { matched: 2, replaced: 2, remaining: 0, share: 0.02, rounds: 1 },
    version: "1",
    summary: "",
    status: extra.failed ? "failed" : "ok",
    error: extra.failed ? "bad parameters" : null,
    params: {},
    dp: null,
    modelHoldsRealValues: false,
    linked: false,
    syntheticRows: 100,
    utility: [
      ...(extra.qualityCi === undefined ? [] : [record("quality-score", "quality-score", quality, extra.qualityCi)]),
      ...(extra.tstr === undefined
        ? []
        : [
            record("tstr-classification", "score-synthetic", extra.tstr),
            record("tstr-classification", "score-real", 0.8),
          ]),
    ],
    privacy: extra.privacy ?? [],
    utilityScore: quality,
    verdict: { ...verdict, gate: { ...verdict.gate, light: gate, publishable: gate === "pass" } },
    distributions: [],
    notes: [],
  };
}

/** Risk figures of an output: singling-out upper bound, best membership AUC, share closer to train. */
function risks(
  singlingOutUpper: number,
  auc: [number, number, number],
  closer: [number, number, number],
): MetricResult[] {
  return [
    record("singling-out-univariate", "risk", singlingOutUpper / 2, [0, singlingOutUpper * 1.5]),
    record("singling-out-univariate", "risk-anonymeter-count", singlingOutUpper / 2, [0, singlingOutUpper]),
    record("mia-domias", "auc", auc[0], [auc[1], auc[2]]),
    record("dcr-closer-to-train", "share-closer-to-train", closer[0], [closer[1], closer[2]]),
    record("exact-match-rate", "exact-match-rate", 0),
  ];
}

const SAFE = risks(0.05, [0.52, 0.5, 0.54], [0.51, 0.5, 0.52]);

test("the recommendation is the highest quality among the outputs that pass the frontier gate", () => {
  const methods = [
    // Fails the gate on each count in turn, with the higher quality.
    output("cart", "off", 0.99, "inconclusive", { privacy: risks(0.05, [0.52, 0.5, 0.54], [0.57, 0.56, 0.58]) }),
    output("smote", "balanced", 0.985, "inconclusive", { privacy: risks(0.05, [0.56, 0.55, 0.57], [0.51, 0.5, 0.52]) }),
    output("avatar", "balanced", 0.98, "inconclusive", { privacy: risks(0.12, [0.52, 0.5, 0.54], [0.51, 0.5, 0.52]) }),
    output("bayesnet", "balanced", 0.975, "fail", { privacy: SAFE }),
    // The independent baseline is drawn, never recommended, however good its figures.
    output("independent", "balanced", 0.995, "inconclusive", { privacy: SAFE }),
    // Passes: the release gate is not PASS, and the recommendation says so.
    output("cart", "balanced", 0.97, "inconclusive", { privacy: SAFE }),
    output("gaussian-copula", "balanced", 0.9, "pass", { privacy: SAFE }),
  ];
  const frontier = buildFrontier(methods, false);
  assert.equal(frontier.points.length, 7);
  assert.deepEqual(frontier.recommendation, {
    output: "cart-balanced",
    method: "cart",
    preset: "balanced",
    quality: 0.97,
    tstr: null,
    releaseGate: "inconclusive",
  });
  const reasons = Object.fromEntries(frontier.points.map((p) => [p.output, p.frontierGate.reasons.join("; ")]));
  assert.match(reasons["cart-off"], /closer to train 0\.570 above 0\.53/);
  assert.match(reasons["smote-balanced"], /membership AUC 0\.560 above 0\.55/);
  assert.match(reasons["avatar-balanced"], /singling-out risk's upper bound 0\.120 above 0\.09/);
  assert.match(reasons["bayesnet-balanced"], /decisive test/);
  assert.match(reasons["independent-balanced"], /baseline/);
  assert.equal(reasons["cart-balanced"], "");
  assert.equal(frontier.closestCandidate, null);
  assert.deepEqual(frontier.targets, FRONTIER_TARGETS);
  assert.deepEqual(frontier.targets, { singlingOut: 0.09, miaAuc: 0.55, closerToTrain: 0.53, noRisk: 0.5 });
});

test("the frontier gate: above a limit passes only while the interval holds 0.5; guard copies and missing figures fail", () => {
  const screened = (privacy: MetricResult[], guardRemaining = 0) => {
    const m = output("cart", "balanced", 0.9, "inconclusive", { privacy });
    const withGuard = {
      ...m,
      guard: { matched: 2, replaced: 2 - guardRemaining, remaining: guardRemaining, share: 0.02, rounds: 8 },
    };
    return buildFrontier([withGuard], false).points[0].frontierGate;
  };
  // Small holdouts: 0.58 closer to train and AUC 0.57, but both intervals hold 0.5.
  assert.deepEqual(screened(risks(0.08, [0.57, 0.49, 0.65], [0.58, 0.49, 0.66])), { passed: true, reasons: [] });
  assert.equal(screened(risks(0.08, [0.57, 0.51, 0.65], [0.5, 0.49, 0.51])).passed, false);
  assert.match(screened(SAFE, 1).reasons.join(), /1 synthetic rows equal training rows unique in train/);
  const copies = output("cart", "off", 0.9, "inconclusive", {
    privacy: [...SAFE.filter((r) => r.id !== "exact-match-rate"), record("exact-match-rate", "exact-match-rate", 0.01)],
  });
  assert.match(
    buildFrontier([copies], false).points[0].frontierGate.reasons.join(),
    /no guard, and synthetic rows equal training rows/,
  );
  const noSinglingOut = screened(SAFE.filter((r) => r.id !== "singling-out-univariate"));
  assert.match(noSinglingOut.reasons.join(), /singling-out risk undefined/);
});

test("ties on quality go to the higher TSTR, then to the stricter preset", () => {
  const byTstr = recommend(
    buildFrontier(
      [
        output("a", "balanced", 0.9, "pass", { tstr: 0.7, privacy: SAFE }),
        output("b", "balanced", 0.9, "pass", { tstr: 0.8, privacy: SAFE }),
      ],
      true,
    ).points,
  );
  assert.equal(byTstr.recommendation?.output, "b-balanced");
  const byPreset = recommend(
    buildFrontier(
      [
        output("a", "off", 0.9, "pass", { privacy: SAFE }),
        output("a", "strict", 0.9, "pass", { privacy: SAFE }),
        output("a", "balanced", 0.9, "pass", { privacy: SAFE }),
      ],
      false,
    ).points,
  );
  assert.equal(byPreset.recommendation?.output, "a-strict");
});

test("quality scores whose intervals overlap the best's are tied: the higher TSTR decides among them", () => {
  const points = buildFrontier(
    [
      output("cart", "balanced", 0.991, "inconclusive", { tstr: 0.598, qualityCi: [0.989, 0.993], privacy: SAFE }),
      output("gaussian-copula", "balanced", 0.99, "inconclusive", {
        tstr: 0.586,
        qualityCi: [0.988, 0.992],
        privacy: SAFE,
      }),
      output("bayesnet", "balanced", 0.985, "inconclusive", { tstr: 0.7, qualityCi: [0.98, 0.988], privacy: SAFE }),
    ],
    true,
  ).points;
  // bayesnet's interval stops short of cart's lower bound: not tied, its TSTR does not count.
  assert.equal(recommend(points).recommendation?.output, "cart-balanced");
  const flipped = points.map((p) =>
    p.output === "gaussian-copula-balanced" ? { ...p, tstr: { ...p.tstr!, value: 0.61 } } : p,
  );
  assert.equal(recommend(flipped).recommendation?.output, "gaussian-copula-balanced");
  // Without intervals (no bootstrap) the quality order alone decides.
  const bare = flipped.map((p) => ({ ...p, quality: { ...p.quality, ci: null } }));
  assert.equal(recommend(bare).recommendation?.output, "cart-balanced");
});

test("when none passes, no recommendation; the closest is the best output on which no decisive test failed", () => {
  const frontier = buildFrontier(
    [
      output("cart", "off", 0.97, "fail", { privacy: SAFE }),
      output("cart", "balanced", 0.95, "inconclusive"),
      output("smote", "balanced", 0.99, "fail", { privacy: SAFE }),
      output("avatar", "balanced", 0.99, "pass", { failed: true, privacy: SAFE }),
      output("independent", "balanced", 0.98, "inconclusive", { privacy: SAFE }),
    ],
    false,
  );
  assert.equal(frontier.recommendation, null);
  assert.equal(frontier.closestCandidate?.output, "cart-balanced");
  const failedPoint = frontier.points.find((p) => p.output === "avatar-balanced")!;
  assert.equal(failedPoint.status, "failed");
  assert.equal(failedPoint.publishable, false);
  assert.deepEqual(failedPoint.frontierGate, { passed: false, reasons: ["the method failed"] });
  assert.equal(recommend([]).recommendation, null);
  assert.equal(recommend([]).closestCandidate, null);
});

test("points read the risk figures from the records: singling-out, best membership AUC, share closer to train", () => {
  const privacy = [
    record("singling-out-univariate", "risk", 0.04, [0.01, 0.07]),
    record("mia-dcr-threshold", "auc", 0.52, [0.5, 0.54]),
    record("mia-domias", "auc", 0.56, [0.53, 0.59]),
    record("mia-classifier", "auc", null),
    record("mia-domias", "tpr-at-1pct-fpr", 0.9),
    record("dcr-closer-to-train", "share-closer-to-train", 0.51, [0.49, 0.53]),
  ];
  const [point] = buildFrontier([output("cart", "balanced", 0.95, "pass", { tstr: 0.81, privacy })], true).points;
  assert.deepEqual(point.singlingOut, {
    value: 0.04,
    ci: [0.01, 0.07],
    source: "singling-out-univariate/risk",
    reason: null,
  });
  assert.deepEqual(point.bestMiaAuc, { value: 0.56, ci: [0.53, 0.59], source: "mia-domias/auc", reason: null });
  assert.equal(point.closerToTrain.value, 0.51);
  assert.equal(point.tstr?.value, 0.81);
  assert.equal(point.tstrReal, 0.8);
  assert.equal(point.guardShare, 0.02);
  assert.equal(point.quality.value, 0.95);

  // Undefined figures keep the metric's reason; no target: no TSTR figure at all.
  const [bare] = buildFrontier(
    [output("cart", "off", 0.95, "fail", { privacy: [record("mia-domias", "auc", null)] })],
    false,
  ).points;
  assert.equal(bare.tstr, null);
  assert.equal(bare.guardShare, null);
  assert.equal(bare.bestMiaAuc.value, null);
  assert.match(bare.bestMiaAuc.reason!, /500/);
  assert.equal(bare.singlingOut.value, null);
  assert.match(bare.singlingOut.reason!, /did not run/);

  // A metric that failed leaves one record under its own id: its reason is kept.
  const [failed] = buildFrontier(
    [
      output("cart", "strict", 0.9, "inconclusive", {
        privacy: [record("singling-out-univariate", "singling-out-univariate", null)],
      }),
    ],
    false,
  ).points;
  assert.equal(failed.singlingOut.value, null);
  assert.match(failed.singlingOut.reason!, /500/);
});

test("a failed verdict is named in the frontier gate: the decisive tests that FAILed and the unmet avatar targets", () => {
  const m = output("cart", "balanced", 0.9, "fail");
  const failing: MethodResult = {
    ...m,
    verdict: {
      ...m.verdict,
      criteria: [
        { criterion: "singling-out", light: "pass", reasons: ["singling-out-univariate risk: PASS"], warnings: [] },
        {
          criterion: "linkability",
          light: "fail",
          reasons: ["linkability risk: FAIL", "mia-domias auc: INCONCLUSIVE"],
          warnings: [],
        },
      ],
      gate: { ...m.verdict.gate, unmetTargets: ["hidden-rate"] },
    },
  };
  const [point] = buildFrontier([failing], false).points;
  assert.equal(
    point.frontierGate.reasons[0],
    "a decisive test of the verdict failed (linkability risk: FAIL; avatar target hidden-rate unmet)",
  );
});

test("methodVerdict: a failed decisive test states what it measured, its interval and its threshold", () => {
  const verdict = methodVerdict([], [record("mia-domias", "auc", 0.62, [0.48, 0.75])]);
  const inference = verdict.criteria.find((c) => c.criterion === "inference")!;
  // The point estimate decides (spec §9.2); the interval shows it could be chance.
  assert.ok(
    inference.reasons.includes("mia-domias auc: FAIL (0.620 [0.480, 0.750] against ≤ 0.6)"),
    JSON.stringify(inference.reasons),
  );
});
