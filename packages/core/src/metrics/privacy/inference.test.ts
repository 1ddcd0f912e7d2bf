import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import type { MetricResult } from "../types.ts";
import { population } from "./anonymeter-test-tables.ts";
import { guessIsCorrect, inference } from "./inference.ts";

test("§6.4 hint: guess −10, truth 50: anonymeter counts it correct (|−60|/(−10) ≤ 0.05), sosie does not (60 ≤ 2.5 is false)", () => {
  assert.equal(guessIsCorrect(-10, 50, true, "anonymeter"), true);
  assert.equal(guessIsCorrect(-10, 50, true, "sosie"), false);
  assert.equal(guessIsCorrect(52.5, 50, true, "sosie"), true);
  assert.equal(guessIsCorrect(52.6, 50, true, "sosie"), false);
  assert.equal(guessIsCorrect(0, 0, true, "sosie"), true);
  assert.equal(guessIsCorrect(1e-9, 0, true, "sosie"), false);
  assert.equal(guessIsCorrect(NaN, NaN, true, "sosie"), true);
  assert.equal(guessIsCorrect(NaN, 3, true, "sosie"), false);
  assert.equal(guessIsCorrect(NaN, NaN, false, "sosie"), true);
  assert.equal(guessIsCorrect(2, 2, false, "sosie"), true);
});

const byName = (records: MetricResult[], name: string) => records.find((r) => r.submetric === name)!;
const rng = Rng.fromSeed(31);
const R = population(700, rng.derive("R"));
const H = population(700, rng.derive("H"));

test("S := R: the nearest synthetic row on the known columns is the target itself, every guess is right", () => {
  const records = inference.compute(
    { real: R, synthetic: R, holdout: H },
    { sensitive: ["g", "u"], quasiIdentifiers: ["x", "y"] },
  );
  assert.deepEqual(
    records.map((r) => r.submetric),
    [
      "risk",
      ...["g", "u"].flatMap((c) =>
        ["risk", "main-rate", "control-rate", "baseline-rate", "risk-anonymeter-count"].map((s) => `${s}:${c}`),
      ),
    ],
  );
  for (const c of ["g", "u"]) {
    const stats = byName(records, `risk:${c}`).details[0].stats!;
    assert.equal(stats.mainSuccesses, 500);
    assert.deepEqual(byName(records, `risk:${c}`).details[0].columns, [c]);
  }
  // u is independent noise: control guesses are right only by chance, so its risk is high.
  assert.ok(byName(records, "risk:u").ci![0] > 0.8);
  // The overall risk is the worst column's.
  const worst = Math.max(byName(records, "risk:g").value!, byName(records, "risk:u").value!);
  assert.equal(byName(records, "risk").value, worst);
});

test("fresh synthetic rows: risk intervals include 0; without sensitive columns the criterion is not evaluated", () => {
  const S = population(700, rng.derive("S"));
  const records = inference.compute(
    { real: R, synthetic: S, holdout: H },
    { sensitive: ["g", "u"], quasiIdentifiers: ["x", "y"] },
  );
  for (const c of ["g", "u"]) assert.equal(byName(records, `risk:${c}`).ci![0], 0, c);
  const none = inference.compute({ real: R, synthetic: S, holdout: H }, { quasiIdentifiers: ["x"] });
  assert.ok(none.every((r) => r.status === "undefined"));
  assert.match(none[0].reason!, /sensitive/);
});
