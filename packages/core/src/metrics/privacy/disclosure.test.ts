/**
 * Attribute disclosure (§7) and equivalence classes (§8): the spec's hand examples.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cat, num, table } from "../utility/test-tables.ts";
import { computeMetric } from "../registry.ts";
import type { PrivacyResult } from "./types.ts";
import { disco, replicatedUniques } from "./disclosure.ts";
import { kAnonymityOf, kMapOf, lDiversityOf } from "./equivalence-classes.ts";

const close = (a: number, b: number, eps = 1e-4) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);
const detail = (r: PrivacyResult, measure: string) => r.details.find((d) => d.measure === measure)!.value!;

const capSynthetic = table(cat("sex", ["M", "M", "M", "F"]), cat("dx", ["flu", "flu", "cold", "cold"]));
const capReal = table(cat("sex", ["M", "F", "X"]), cat("dx", ["flu", "flu", "cold"]));
const capRoles = { quasiIdentifiers: ["sex"], sensitive: ["dx"] };

test("§7.1 CAP: probabilities 2/3 and 0 with X skipped; protection 0.6667, baseline 0.5, score 1", () => {
  const [r] = computeMetric(
    "disclosure-protection",
    { real: capReal, synthetic: capSynthetic },
    capRoles,
  ) as PrivacyResult[];
  close(detail(r, "mean-cap-probability"), 1 / 3);
  close(detail(r, "cap-protection"), 0.6667);
  assert.equal(detail(r, "baseline"), 0.5);
  assert.equal(r.value, 1);
});

test("§7.1 zero_cap: mean 0.2222 over 3 rows, protection 0.7778", () => {
  const [r] = computeMetric(
    "disclosure-protection",
    { real: capReal, synthetic: capSynthetic },
    { ...capRoles, variant: "zero_cap" },
  ) as PrivacyResult[];
  close(detail(r, "mean-cap-probability"), 0.2222);
  close(detail(r, "cap-protection"), 0.7778);
});

test("§7.1 generalized_cap: X's nearest keys (M and F, one mismatch) give 2 cold of 4", () => {
  const [r] = computeMetric(
    "disclosure-protection",
    { real: capReal, synthetic: capSynthetic },
    { ...capRoles, variant: "generalized_cap" },
  ) as PrivacyResult[];
  close(detail(r, "mean-cap-probability"), (2 / 3 + 0 + 2 / 4) / 3);
});

test("§7.1 without declared roles the metric is undefined and says why", () => {
  const [r] = computeMetric("disclosure-protection", { real: capReal, synthetic: capSynthetic }) as PrivacyResult[];
  assert.equal(r.value, null);
  assert.equal(r.undefinedCause, "missing-input");
});

test("§7.2 repU = 50 and DiSCO = 50", () => {
  const realKeys = ["A", "B", "B", "C"];
  const realT = ["x", "y", "z", "x"];
  const synKeys = ["A", "B", "C", "D"];
  const synT = ["x", "y", "y", "x"];
  assert.equal(replicatedUniques(realKeys, synKeys), 50);
  assert.equal(disco(realKeys, realT, synKeys, synT), 50);
  const real = table(cat("k", realKeys), cat("t", realT));
  const synthetic = table(cat("k", synKeys), cat("t", synT));
  const roles = { quasiIdentifiers: ["k"], sensitive: ["t"] };
  assert.equal(computeMetric("replicated-uniques", { real, synthetic }, roles)[0].value, 50);
  assert.equal(computeMetric("disco", { real, synthetic }, roles)[0].value, 50);
});

test("§7.2 a synthetic group with two target values discloses nothing", () => {
  assert.equal(disco(["A"], ["x"], ["A", "A"], ["x", "y"]), 0);
});

test("§8 k-anonymity: (M, 20–29) × 3 and (F, 20–29) × 1 give k = 1 and share-below-k = 100 %", () => {
  const keys = ["M|20", "M|20", "M|20", "F|20"];
  assert.deepEqual(kAnonymityOf(keys, 5), { k: 1, shareBelow: 100 });
  const l = lDiversityOf(keys, ["flu", "flu", "flu", "cold"], 2);
  assert.equal(l.l, 1);
  assert.equal(l.shareBelow, 100);
});

test("§8 on tables: age generalised by a user hierarchy (20–29), the M class with {flu, flu, flu} fails l-diversity", () => {
  const real = table(
    cat("sex", ["M", "F", "M", "F"]),
    num("age", [21, 24, 25, 28]),
    cat("dx", ["flu", "cold", "flu", "cold"]),
  );
  const synthetic = table(
    cat("sex", ["M", "M", "M", "F"]),
    num("age", [22, 22, 22, 22]),
    cat("dx", ["flu", "flu", "flu", "cold"]),
  );
  const roles = { quasiIdentifiers: ["sex", "age"], sensitive: ["dx"], hierarchies: { age: { edges: [20, 30] } } };
  const [k, share] = computeMetric("k-anonymity", { real, synthetic }, roles) as PrivacyResult[];
  assert.equal(k.value, 1);
  assert.equal(k.met, false);
  assert.equal(share.value, 100);
  const [l] = computeMetric("l-diversity", { real, synthetic }, roles) as PrivacyResult[];
  assert.equal(l.value, 1);
  // k-map: the M class matches 2 real rows (rare), the F class 2 as well.
  const [rare, none] = computeMetric("k-map", { real, synthetic }, roles);
  assert.equal(rare.value, 100);
  assert.equal(none.value, 0);
});

test("§8 k-map shares", () => {
  assert.deepEqual(kMapOf(["a", "a", "b"], ["a", "b", "c", "c"], 2), { rare: 25, unmatched: 50 });
});

test("§8 dates generalise to the year", () => {
  const days = (y: number) => Date.UTC(y, 5, 1) / 86_400_000;
  const dates = (values: number[]) => ({
    name: "d",
    kind: "date" as const,
    length: values.length,
    values: Float64Array.from(values),
    missing: new Uint8Array(values.length),
    format: "%Y-%m-%d",
  });
  const real = table(dates([days(2000), days(2000) + 30, days(2001)]));
  const [k] = computeMetric(
    "k-anonymity",
    { real, synthetic: real },
    { quasiIdentifiers: ["d"], kTarget: 2 },
  ) as PrivacyResult[];
  assert.equal(k.value, 1);
  assert.equal(k.reference, 1);
});
