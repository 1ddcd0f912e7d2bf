/**
 * The avatar privacy report (§3): the spec's hand-computed test hints, on coordinates where the
 * hint is in projected units and through the registered metrics on tables.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cat, num, table } from "../utility/test-tables.ts";
import { computeMetric } from "../registry.ts";
import type { PrivacyResult } from "./types.ts";
import { correlationProtectionRate, exposureOfPoints, hiddenRateOf } from "./avatar-link.ts";
import { closestRateOf, dcrAndNndr } from "./avatar-distances.ts";
import { radiusExposure } from "./link-free-cloaking.ts";
import { smape } from "./avatar-inference.ts";
import { columnProtection } from "./direct-match.ts";
import { median } from "./record.ts";
import { points } from "./projected-space.ts";

const O = points([0, 10, 20, 30]);
const A = points([1, 14, 19, 45]);
const IDENTITY_LINK = Int32Array.from([0, 1, 2, 3]);
const close = (a: number, b: number, eps = 1e-6) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);
const one = (id: string, input: Parameters<typeof computeMetric>[1], options = {}) =>
  computeMetric(id, input, options)[0] as PrivacyResult;

test("§3.1 hidden rate: O = [0,10,20,30], A = [1,14,19,45] gives HR = 25", () => {
  const exposure = exposureOfPoints(O, A, IDENTITY_LINK);
  assert.deepEqual([...exposure.expected], [1, 1, 1, 0]);
  assert.equal(hiddenRateOf(exposure, "expected").value, 25);
  // Property: with no ties, HR = 100 × share of originals with LC ≥ 1.
  const lcAtLeastOne = [...exposure.localCloaking].filter((c) => c >= 1).length / 4;
  assert.equal(hiddenRateOf(exposure, "expected").value, 100 * lcAtLeastOne);
});

test("§3.2 local cloaking: LC = [0, 0, 0, 1], median 0 fails the target", () => {
  const exposure = exposureOfPoints(O, A, IDENTITY_LINK);
  assert.deepEqual([...exposure.localCloaking], [0, 0, 0, 1]);
  assert.equal(median(exposure.localCloaking), 0);
});

test("§3.1/3.2 through the registry on a one-column table (scale-free results)", () => {
  const input = {
    real: table(num("x", [0, 10, 20, 30])),
    synthetic: table(num("x", [1, 14, 19, 45])),
    link: IDENTITY_LINK,
  };
  const hr = one("hidden-rate", input);
  assert.equal(hr.value, 25);
  assert.equal(hr.met, false);
  assert.equal(hr.target, "> 90");
  assert.equal(hr.needsLink, true);
  assert.equal(hr.space?.type, "pca");
  assert.equal(one("local-cloaking", input).value, 0);
  // Without the link both are undefined with a reason, not a number.
  const noLink = one("hidden-rate", { real: input.real, synthetic: input.synthetic });
  assert.equal(noLink.value, null);
  assert.equal(noLink.status, "undefined");
  assert.match(noLink.reason!, /no link/);
});

test("tie rule: an original with its avatar and another at the same distance is half exposed", () => {
  const exposure = exposureOfPoints(points([0]), points([1, -1]), Int32Array.from([0, 0]));
  // Both synthetic rows belong to original 0: fully exposed whatever the rule.
  assert.equal(exposure.expected[0], 1);
  const shared = exposureOfPoints(points([0, 100]), points([1, -1]), Int32Array.from([0, 1]));
  assert.equal(shared.expected[0], 0.5);
  assert.equal(shared.conservative[0], 1);
  assert.equal(shared.localCloaking[0], 1);
});

test("§3.3 DCR: per-row [1, 4, 1, 15], median 2.5; §3.4 NNDR median 0.3555556", () => {
  const { dcr, ratio } = dcrAndNndr(A, O);
  assert.deepEqual([...dcr], [1, 4, 1, 15]);
  [1 / 9, 4 / 6, 1 / 9, 15 / 25].forEach((r, i) => close(ratio[i], r, 1e-12));
  assert.equal(median(dcr), 2.5);
  close(median(ratio), 0.3555556);
  // The registered metric works in the PCA space: distances divided by the population sd √125.
  const input = { real: table(num("x", [0, 10, 20, 30])), synthetic: table(num("x", [1, 14, 19, 45])) };
  close(one("distance-to-closest", input).value!, 2.5 / Math.sqrt(125), 1e-12);
  close(one("closest-distance-ratio", input).value!, 0.3555556);
});

test("§3.4 NNDR is 1 when the second distance is 0 (a row among duplicates)", () => {
  const { ratio } = dcrAndNndr(points([5]), points([5, 5, 9]));
  assert.equal(ratio[0], 1);
});

test("§3.5 CDMP: two columns with protection 0.5 give 50, which fails the strict target", () => {
  assert.equal(columnProtection(["a", "a", "b", "c"], ["a", "b", "d", "d"]), 0.5);
  const input = {
    real: table(cat("c1", ["a", "a", "b", "c"]), num("c2", [1, 2, 2, 3])),
    synthetic: table(cat("c1", ["a", "b", "d", "d"]), num("c2", [3, 4, 5, 5])),
  };
  const r = one("column-direct-match-protection", input);
  assert.equal(r.value, 50);
  assert.equal(r.met, false);
  assert.deepEqual(
    r.details.map((d) => d.value),
    [50, 50],
  );
});

test("§3.6 CHR: identical avatars give 0, swapped avatars give 100", () => {
  const real = table(cat("a", ["0", "0", "1", "1"]), cat("b", ["0", "1", "0", "1"]));
  const same = one("categorical-hidden-rate", { real, synthetic: real, link: IDENTITY_LINK });
  assert.equal(same.value, 0);
  const swapped = table(cat("a", ["0", "0", "1", "1"]), cat("b", ["1", "0", "1", "0"]));
  assert.equal(one("categorical-hidden-rate", { real, synthetic: swapped, link: IDENTITY_LINK }).value, 100);
});

test("§3.7 RDMP: one of three originals matched gives 66.67 and fails", () => {
  const input = {
    real: table(cat("c", ["a", "b", "c"]), num("x", [1, 2, 3])),
    synthetic: table(cat("c", ["a", "a", "c"]), num("x", [1, 1, 4])),
  };
  const r = one("row-direct-match-protection", input);
  close(r.value!, 200 / 3, 1e-9);
  assert.equal(r.met, false);
});

test("§3.8 CPR: n_R = 4, HR = 50, n2 = 2 gives 75; round half to even", () => {
  assert.equal(correlationProtectionRate(2, 50, 4), 75);
  assert.equal(correlationProtectionRate(1, 50, 4), 100); // round(0.5) = 0
  assert.equal(correlationProtectionRate(3, 50, 4), 50); // round(1.5) = 2
});

test("§3.8 CPR on tables needs declared quasi-identifiers and the link", () => {
  const real = table(cat("sex", ["M", "F", "F", "M"]), num("age", [20, 40, 60, 80]));
  const synthetic = table(cat("sex", ["M", "F", "F", "M"]), num("age", [20, 40, 60, 80]));
  assert.equal(one("correlation-protection-rate", { real, synthetic, link: IDENTITY_LINK }).value, null);
  // S = R: HR = 0 and every unique original has exactly one match: CPR = 100·(1 − 4/4) = 0.
  const r = one(
    "correlation-protection-rate",
    { real, synthetic, link: IDENTITY_LINK },
    { quasiIdentifiers: ["sex", "age"] },
  );
  assert.equal(r.value, 0);
});

test("§3.9 SMAPE: y = [10, 20], ŷ = [11, 20] gives 4.7619, which fails the target", () => {
  close(smape([10, 20], [11, 20]), 4.7619, 1e-4);
  assert.equal(smape([0], [0]), 0);
  // S = R: the nearest synthetic row on the QIs is the original itself, the attacker never errs.
  const real = table(
    num("age", [20, 35, 50, 65, 80]),
    num("bmi", [18, 22, 27, 31, 40]),
    cat("dx", ["a", "b", "a", "c", "b"]),
  );
  const opts = { quasiIdentifiers: ["age"], sensitive: ["bmi", "dx"] };
  assert.equal(one("inference-continuous", { real, synthetic: real }, opts).value, 0);
  const categorical = one("inference-categorical", { real, synthetic: real }, opts);
  assert.equal(categorical.value, 0);
  assert.equal(categorical.met, false);
  assert.equal(one("inference-continuous", { real, synthetic: real }).status, "undefined");
});

test("§3.10 closest rate: δ = 10, rows at 1 and 19 at risk, rate 50", () => {
  const { dcr, ratio } = dcrAndNndr(A, O);
  const rate = closestRateOf(O, dcr, ratio, 0.3, 0.3);
  assert.equal(rate.delta, 10);
  assert.equal(rate.value, 50);
});

test("§3.11 identifiability 0.75 (HR-like 25) and radius cloaking c = [1, 3, 2, 0]", () => {
  const { identified, cloaking, radius } = radiusExposure(O, A);
  assert.deepEqual([...radius], [10, 10, 10, 10]);
  assert.deepEqual([...identified], [1, 1, 1, 0]);
  assert.deepEqual([...cloaking], [1, 3, 2, 0]);
  assert.equal(median(cloaking), 1.5);
  const input = { real: table(num("x", [0, 10, 20, 30])), synthetic: table(num("x", [1, 14, 19, 45])) };
  const [score, hrLike] = computeMetric("identifiability-score", input) as PrivacyResult[];
  assert.equal(score.value, 0.75);
  assert.equal(hrLike.value, 25);
  const rc = one("radius-cloaking", input);
  assert.equal(rc.value, 1.5);
  assert.equal(rc.details[0].value, 0.25);
});
