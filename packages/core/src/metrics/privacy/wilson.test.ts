import { test } from "node:test";
import assert from "node:assert/strict";
import { anonymeterRisk, confidenceZ, wilsonRate } from "./wilson.ts";

const close = (actual: number, expected: number, tol = 5e-7) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not ${expected} ± ${tol}`);

test("§6.1 hint: Φ⁻¹(0.975) = 1.959964", () => close(confidenceZ(0.95), 1.959964, 5e-7));

test("§6.1 hint: 100 of 500 gives 0.2022873 ± 0.0350018; 20 of 500 gives 0.0435072 ± 0.0174664", () => {
  const main = wilsonRate(100, 500);
  close(main.rate, 0.2022873);
  close(main.error, 0.0350018);
  const control = wilsonRate(20, 500);
  close(control.rate, 0.0435072);
  close(control.error, 0.0174664);
});

test("§6.1 hint: risk 0.1660024 ± 0.0396365, interval [0.1263659, 0.2056389]", () => {
  const risk = anonymeterRisk(wilsonRate(100, 500), wilsonRate(20, 500));
  close(risk.value!, 0.1660024);
  close(risk.error!, 0.0396365);
  close(risk.ci![0], 0.1263659);
  close(risk.ci![1], 0.2056389);
});

test("risk is clamped, its interval built from the unclamped value; no control means risk = main rate", () => {
  const risk = anonymeterRisk(wilsonRate(5, 500), wilsonRate(50, 500));
  assert.ok(risk.unclamped! < 0);
  assert.equal(risk.value, 0);
  assert.equal(risk.ci![0], 0);
  close(risk.ci![1], Math.max(0, risk.unclamped! + risk.error!), 1e-15);
  const alone = anonymeterRisk(wilsonRate(100, 500));
  close(alone.value!, 0.2022873);
  close(alone.error!, 0.0350018);
});

test("a control rate of 1 leaves the risk undefined with a reason", () => {
  const risk = anonymeterRisk({ rate: 0.5, error: 0.1 }, { rate: 1, error: 0 });
  assert.equal(risk.value, null);
  assert.match(risk.reason!, /control/);
});
