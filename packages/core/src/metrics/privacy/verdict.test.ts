/**
 * The verdict (§9) on hand-made result sets: the rule for one test, the criteria, the gate.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { MetricResult } from "../types.ts";
import { metricRecord } from "../test-records.ts";
import {
  type PrivacyVerdict,
  MEMBERSHIP_ATTACKS,
  VERDICT_CAVEAT,
  criterionStatus,
  intervalTest,
  privacyVerdict,
} from "./verdict.ts";

function result(
  id: string,
  submetric: string,
  value: number | null,
  extra: Partial<MetricResult> & Record<string, unknown> = {},
): MetricResult {
  return metricRecord(id, submetric, value, { n: { R: 1000, S: 1000, H: 1000 }, ...extra });
}

const informative = (flag: 0 | 1) => [
  { columns: [], measure: "informative", value: flag, reference: null, status: "ok" as const, reason: null },
];
const risk = (id: string, value: number, ci: [number, number], suffix = "", flag: 0 | 1 = 1) =>
  result(id, `risk${suffix}`, value, { ci, details: informative(flag) });

/** Every decisive test passing, every avatar target met. */
function passingSet(): MetricResult[] {
  const mia = MEMBERSHIP_ATTACKS;
  return [
    risk("singling-out-univariate", 0.01, [0, 0.03]),
    risk("singling-out-multivariate", 0.02, [0, 0.05]),
    risk("linkability", 0.01, [0, 0.04]),
    risk("linkability", 0.2, [0.1, 0.3], "-10"),
    risk("inference", 0.03, [0, 0.06], "-dx"),
    ...mia.flatMap((id) => [
      result(id, "auc", 0.51, { ci: [0.48, 0.55] }),
      result(id, "tpr-at-1pct-fpr", 0.012),
      result(id, "tpr-at-10pct-fpr", 0.11),
      result(id, "vulnerable-auc", 0.9, { ci: [0.8, 0.95] }),
    ]),
    result("hidden-rate", "hidden-rate", 97, { max: 100 }),
    result("distance-to-closest", "distance-to-closest", 0.5),
    result("closest-distance-ratio", "closest-distance-ratio", 0.6),
  ];
}

const status = (v: PrivacyVerdict, c: string) => v.criteria.find((x) => x.criterion === c)!.status;

test("§9.2 interval rule: PASS when the upper bound ≤ τ, FAIL when the value > τ, else INCONCLUSIVE", () => {
  assert.equal(intervalTest(0.05, [0.03, 0.08], 0.09), "PASS");
  assert.equal(intervalTest(0.05, [0.03, 0.09], 0.09), "PASS");
  assert.equal(intervalTest(0.1, [0.05, 0.15], 0.09), "FAIL");
  assert.equal(intervalTest(0.08, [0.05, 0.11], 0.09), "INCONCLUSIVE");
  assert.equal(intervalTest(0.09, [0.05, 0.11], 0.09), "INCONCLUSIVE");
});

test("§9.4 criterion rule", () => {
  const t = (s: "PASS" | "FAIL" | "INCONCLUSIVE" | "NOT-EVALUATED") =>
    ({
      id: "x",
      submetric: "x",
      criterion: null,
      role: "decisive",
      status: s,
      value: null,
      threshold: null,
      reason: null,
    }) as const;
  assert.equal(criterionStatus([t("PASS"), t("FAIL"), t("INCONCLUSIVE")]), "FAIL");
  assert.equal(criterionStatus([t("PASS"), t("PASS")]), "PASS");
  assert.equal(criterionStatus([t("PASS"), t("NOT-EVALUATED")]), "INCONCLUSIVE");
  assert.equal(criterionStatus([t("NOT-EVALUATED")]), "NOT-EVALUATED");
  assert.equal(criterionStatus([]), "NOT-EVALUATED");
});

test("all decisive tests pass and targets are met: overall PASS, publishable, caveat attached", () => {
  const v = privacyVerdict(passingSet());
  for (const c of ["singling-out", "linkability", "inference"]) assert.equal(status(v, c), "PASS", c);
  assert.equal(v.overall.status, "PASS");
  assert.equal(v.overall.publishable, true);
  assert.equal(v.caveat, VERDICT_CAVEAT);
  assert.match(v.caveat, /not evidence of anonymity/);
  // Linkability with 10 neighbours is supporting only, and its failure is a warning.
  const link10 = v.tests.find((x) => x.id === "linkability" && x.submetric === "risk-10")!;
  assert.equal(link10.role, "supporting");
  assert.equal(link10.status, "FAIL");
  assert.equal(v.criteria.find((c) => c.criterion === "linkability")!.warnings.length, 1);
  // Vulnerable-record submetrics are not decisive.
  assert.ok(!v.tests.some((x) => x.submetric === "vulnerable-auc"));
});

test("the risk on Anonymeter's count is shown, not judged: the variant's own count decides", () => {
  const set = passingSet().filter((r) => r.id !== "singling-out-univariate");
  const univariate = (value: number, ci: [number, number], counted: number) => [
    risk("singling-out-univariate", value, ci),
    risk("singling-out-univariate", counted, [0, counted + 0.01], "-anonymeter-count"),
  ];
  const failing = privacyVerdict([...set, ...univariate(0.19, [0, 0.45], 0.01)]);
  assert.equal(status(failing, "singling-out"), "FAIL");
  assert.equal(
    failing.tests.some((x) => x.submetric.startsWith("risk-anonymeter-count")),
    false,
  );
  assert.equal(status(privacyVerdict([...set, ...univariate(0.01, [0, 0.03], 0.5)]), "singling-out"), "PASS");
});

test("an attack not better than random guessing is INCONCLUSIVE, whatever its low risk", () => {
  const set = passingSet().map((r) => (r.id === "singling-out-univariate" ? risk(r.id, 0, [0, 0.01], "", 0) : r));
  const v = privacyVerdict(set);
  const t = v.tests.find((x) => x.id === "singling-out-univariate")!;
  assert.equal(t.status, "INCONCLUSIVE");
  assert.equal(t.reason, "attack not better than random guessing");
  assert.equal(status(v, "singling-out"), "INCONCLUSIVE");
  assert.equal(v.overall.status, "INCONCLUSIVE");
  assert.equal(v.overall.publishable, false);
});

test("MIA: the worst attack decides; TPR judged on the point estimate; undefined TPR is INCONCLUSIVE", () => {
  const set = passingSet().map((r) =>
    r.id === "mia-domias" && r.submetric === "tpr-at-10pct-fpr" ? { ...r, value: 0.25 } : r,
  );
  assert.equal(status(privacyVerdict(set), "inference"), "FAIL");
  const undefinedTpr = passingSet().map((r) =>
    r.id === "mia-classifier" && r.submetric === "tpr-at-1pct-fpr"
      ? { ...r, value: null, status: "undefined" as const }
      : r,
  );
  assert.equal(status(privacyVerdict(undefinedTpr), "inference"), "INCONCLUSIVE");
  const aucStraddles = passingSet().map((r) =>
    r.id === "mia-gan-leaks" && r.submetric === "auc" ? { ...r, value: 0.58, ci: [0.55, 0.62] as const } : r,
  );
  assert.equal(status(privacyVerdict(aucStraddles), "inference"), "INCONCLUSIVE");
});

test("gate wp29+targets: an unmet avatar target fails the release; wp29 turns it into a warning", () => {
  const set = passingSet().map((r) => (r.id === "hidden-rate" ? { ...r, value: 90 } : r));
  const strict = privacyVerdict(set);
  assert.equal(strict.overall.status, "FAIL");
  assert.equal(strict.overall.unmetTargets.length, 1);
  const lenient = privacyVerdict(set, { gate: "wp29" });
  assert.equal(lenient.overall.status, "PASS");
  assert.ok(lenient.overall.warnings.some((w) => w.startsWith("avatar target not met: hidden-rate")));
  // Thresholds are configurable: HR > 80 (Demuth et al.) accepts 90.
  assert.equal(privacyVerdict(set, { avatarTargets: { "hidden-rate": "> 80" } }).overall.status, "PASS");
});

test("link-dependent targets without a link are not computable and do not block the gate", () => {
  const set = [
    ...passingSet(),
    result("local-cloaking", "local-cloaking", null, {
      reason: "no link",
      undefinedCause: "missing-input",
    } as Partial<MetricResult>),
  ];
  const v = privacyVerdict(set);
  assert.equal(v.tests.find((x) => x.id === "local-cloaking")!.status, "NOT-EVALUATED");
  assert.equal(v.overall.status, "PASS");
});

test("no attack results: every criterion NOT-EVALUATED, overall NOT-EVALUATED", () => {
  const v = privacyVerdict([result("hidden-rate", "hidden-rate", 97, { max: 100 })]);
  for (const c of v.criteria) assert.equal(c.status, "NOT-EVALUATED");
  assert.equal(v.overall.status, "NOT-EVALUATED");
  assert.equal(v.overall.publishable, false);
});

test("a configurable Anonymeter threshold changes the verdict", () => {
  const set = passingSet().map((r) =>
    r.id === "linkability" && r.submetric === "risk" ? risk("linkability", 0.15, [0.1, 0.2]) : r,
  );
  assert.equal(status(privacyVerdict(set), "linkability"), "FAIL");
  assert.equal(status(privacyVerdict(set, { anonymeterRisk: 0.25 }), "linkability"), "PASS");
});

test("an attack too small to ever pass fails only on its lower bound (§9.1, 'a sample is too small')", () => {
  // 8 attacks each side, no control success: at zero risk the interval would reach 0.274 (singling-out.test.ts), above τ.
  const small = (value: number, ci: [number, number], upperWithoutSuccess: number) =>
    result("singling-out-univariate", "risk", value, {
      ci,
      details: [
        ...informative(1),
        {
          columns: [],
          measure: "null-risk-upper-bound",
          value: upperWithoutSuccess,
          reference: null,
          status: "ok" as const,
          reason: null,
          stats: { mainAttacks: 8, controlAttacks: 8 },
        },
      ],
    });
  const set = passingSet().filter((r) => r.id !== "singling-out-univariate");
  const judged = (r: MetricResult) =>
    privacyVerdict([...set, r]).tests.find((x) => x.id === "singling-out-univariate")!;
  // One lucky success in 8: 0.101 [0, 0.420] is INCONCLUSIVE, not a FAIL on the point estimate.
  const lucky = judged(small(0.101, [0, 0.42], 0.274));
  assert.equal(lucky.status, "INCONCLUSIVE");
  assert.match(lucky.reason!, /^too few attacks \(8\): at zero risk the upper bound would be 0\.274, above 0\.09/);
  // Evidence that settles it still fails: the whole interval above τ.
  assert.equal(judged(small(0.6, [0.3, 0.9], 0.274)).status, "FAIL");
  // Enough attacks (the bound without success is below τ): the §9.2 rule as before.
  assert.equal(judged(small(0.101, [0, 0.42], 0.03)).status, "FAIL");
  assert.equal(judged(small(0.01, [0, 0.05], 0.03)).status, "PASS");
});
