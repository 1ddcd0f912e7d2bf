import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import type { MetricResult } from "../types.ts";
import { anonymeterRecords, resolveAnonymeterOptions } from "./anonymeter.ts";
import { population } from "./anonymeter-test-tables.ts";
import { NULL_RISK_UPPER } from "./wilson.ts";
import {
  type Frame,
  type Query,
  countMatches,
  distinctFrame,
  fitSinglingOutCurve,
  multivariateQueries,
  randomQueries,
  singlesOut,
  singlingOutCurve,
  singlingOutMultivariate,
  singlingOutUnivariate,
  univariateQueries,
} from "./singling-out.ts";

const frame = (...cols: number[][]): Frame =>
  distinctFrame(
    cols.map((c) => Float64Array.from(c)),
    cols.map(() => true),
  );
const describe = (q: Query) => q.map((p) => `${p.op} ${p.value}`).join(" & ");
const key = (q: Query) => q.map((p) => `${p.column} ${p.op} ${p.value}`).join(" & ");

test("§6.2 hint: syn age [31, 41, 52, 95] gives six univariate queries; on ori [30, 40, 50, 90] only age ≤ 31 singles out", () => {
  const syn = frame([31, 41, 52, 95]);
  const ori = frame([30, 40, 50, 90]);
  const queries = univariateQueries(syn, 500, Rng.fromSeed(1));
  assert.deepEqual(queries.map(describe).sort(), ["<= 31", "== 31", "== 41", "== 52", "== 95", ">= 95"]);
  const successes = queries.filter((q) => singlesOut(ori, q)).map(describe);
  assert.deepEqual(successes, ["<= 31"]);
});

test("duplicates are removed first; ∅ is tested only by is ∅ / is not ∅", () => {
  const f = frame([1, 1, 2, NaN], [5, 5, 6, NaN]);
  assert.equal(f.n, 3);
  assert.equal(countMatches(f, [{ column: 0, op: "!=", value: 1 }]), 1);
  assert.ok(singlesOut(f, [{ column: 1, op: "is-missing", value: NaN }]));
  // The one ∅ row is a univariate candidate; 1 and 5 are no longer unique once duplicates go.
  const queries = univariateQueries(frame([1, 1, 2, NaN]), 10, Rng.fromSeed(2))
    .map(describe)
    .sort();
  assert.deepEqual(queries, ["<= 1", "== 1", "== 2", ">= 2", "is-missing NaN"]);
});

test("multivariate queries: distinct, single out in syn, ≥ above the median and ≤ otherwise", () => {
  const rng = Rng.fromSeed(3);
  const cols = [0, 1, 2, 3].map(() => Array.from({ length: 200 }, () => rng.int(6)));
  const syn = frame(...cols);
  const queries = multivariateQueries(syn, 3, 50, 100_000, Rng.fromSeed(4));
  assert.ok(queries.length > 0);
  assert.equal(new Set(queries.map(key)).size, queries.length);
  for (const q of queries) {
    assert.ok(singlesOut(syn, q));
    assert.equal(q.length, 3);
    for (let i = 1; i < q.length; i++) assert.ok(q[i].column > q[i - 1].column, "predicates in column order");
    for (const p of q) assert.ok(p.op === ">=" ? p.value > 2.5 : p.op === "<=" && p.value <= 2.5);
  }
  for (const q of randomQueries(syn, 3, 20, Rng.fromSeed(5))) assert.equal(q.length, 3);
});

test("the singling-out curve f is the integral of n·w·(1 − w)^(n−1) and its fit recovers (w, A)", () => {
  const n = 50;
  const w = 0.01;
  let integral = 0;
  const steps = 20000;
  for (let k = 0; k < steps; k++) {
    const t = ((k + 0.5) / steps) * w;
    integral += (n * t * (1 - t) ** (n - 1) * w) / steps;
  }
  assert.ok(Math.abs(singlingOutCurve(n, w, 1) - integral) < 1e-10);
  const sizes = [1000, 1200, 1400, 1600, 1800, 2000];
  const counts = sizes.map((s) => singlingOutCurve(s, 0.002, 3000));
  const fit = fitSinglingOutCurve(sizes, counts);
  assert.ok(Math.abs(fit.w - 0.002) / 0.002 < 1e-3, `w ${fit.w}`);
  assert.ok(Math.abs(fit.A - 3000) / 3000 < 1e-3, `A ${fit.A}`);
});

const byName = (records: MetricResult[], name: string) => records.find((r) => r.submetric === name)!;

test("the singling-out curve stays ≥ 0 and accurate for tiny w (no cancellation: f ≈ A·n·w²/2)", () => {
  for (const n of [1, 90, 500, 10_000])
    for (const w of [1e-12, 1e-10, 1e-9, 1e-7]) {
      const f = singlingOutCurve(n, w, 1);
      const series = (n * (n + 1) * w * w) / 2 / (n + 1);
      assert.ok(f >= 0, `f(${n}, ${w}) = ${f}`);
      assert.ok(Math.abs(f - series) <= 1e-3 * series, `f(${n}, ${w}) = ${f}, series ${series}`);
    }
  assert.equal(singlingOutCurve(500, 0, 2), 0);
  assert.equal(singlingOutCurve(500, 1, 2), 2 / 501);
});

test("S := R: every query that singles out in S singles out in R (main rate at its maximum); fresh S scores lower", () => {
  const rng = Rng.fromSeed(11);
  const R = population(800, rng.derive("R"));
  const H = population(800, rng.derive("H"));
  const options = { nAttacks: 200, alsoNCols: [] };
  const copied = singlingOutMultivariate.compute({ real: R, synthetic: R, holdout: H }, options);
  const main = byName(copied, "main-rate").details[0];
  const risk = byName(copied, "risk");
  const stats = risk.details[0].stats!;
  assert.equal(stats.mainSuccesses, stats.mainAttacks);
  // Few rows are extreme on three columns at once: the generator runs out of queries before 200.
  assert.ok(stats.mainAttacks! > 100, `${stats.mainAttacks} queries`);
  assert.ok(main.value! > 0);
  assert.ok(risk.ci![0] > 0, `risk interval ${risk.ci}`);
  const fresh = singlingOutMultivariate.compute(
    { real: R, synthetic: population(800, rng.derive("S")), holdout: H },
    options,
  );
  assert.ok(byName(fresh, "risk").ci![0] === 0, `fresh risk interval ${byName(fresh, "risk").ci}`);
  // Univariate on copied rows: the extremes and unique values of S are those of R.
  const uni = singlingOutUnivariate.compute({ real: R, synthetic: R, holdout: H }, { nAttacks: 200 });
  assert.equal(byName(uni, "risk").details[0].stats!.mainSuccesses, byName(uni, "risk").details[0].stats!.mainAttacks);
});

test("records: risk, rates with Wilson intervals, the anonymeter variant's n = nAttacks; no query values", () => {
  const rng = Rng.fromSeed(12);
  const R = population(600, rng.derive("R"));
  const H = population(600, rng.derive("H"));
  const records = singlingOutMultivariate.compute(
    { real: R, synthetic: R, holdout: H },
    { nAttacks: 50, variant: "anonymeter" },
  );
  assert.deepEqual(
    records.map((r) => r.submetric),
    [
      "risk",
      "main-rate",
      "control-rate",
      "baseline-rate",
      "risk-4-columns",
      "main-rate-4-columns",
      "control-rate-4-columns",
      "baseline-rate-4-columns",
    ],
  );
  for (const r of records) {
    assert.equal(r.variant, "anonymeter");
    for (const d of r.details)
      assert.deepEqual(
        Object.keys(d.stats ?? {}).filter((k) => !/Successes|Attacks|nAttacksRequested/.test(k)),
        [],
      );
  }
  // Without a control set the risk is the main rate.
  const alone = singlingOutUnivariate.compute({ real: R, synthetic: R }, { nAttacks: 50 });
  assert.equal(byName(alone, "risk").value, byName(alone, "main-rate").value);
  assert.equal(byName(alone, "control-rate").status, "undefined");
});

test("the sosie variant adds the risk on Anonymeter's count, equal to the anonymeter variant's risk", () => {
  const rng = Rng.fromSeed(21);
  const R = population(600, rng.derive("R"));
  const H = population(600, rng.derive("H"));
  // 60 synthetic rows: far fewer univariate queries than the 500 requested.
  const input = { real: R, synthetic: R.slice(0, 60), holdout: H };
  const sosie = singlingOutUnivariate.compute(input, { nAttacks: 500, seed: 3 });
  const anonymeter = singlingOutUnivariate.compute(input, { nAttacks: 500, seed: 3, variant: "anonymeter" });
  const counted = byName(sosie, "risk-anonymeter-count");
  assert.equal(counted.variant, "sosie");
  assert.equal(counted.value, byName(anonymeter, "risk").value);
  assert.deepEqual(counted.ci, byName(anonymeter, "risk").ci);
  // Fewer queries than requested: Anonymeter's count divides the same successes by 500.
  const performed = byName(sosie, "risk").details[0].stats!.mainAttacks!;
  assert.ok(performed < 500, `${performed} queries`);
  assert.ok(counted.value! < byName(sosie, "risk").value!);
  assert.equal(
    anonymeter.find((r) => r.submetric === "risk-anonymeter-count"),
    undefined,
  );
});

test("the risk record holds the bound an attack at zero risk would reach: 8 attacks each side, no control success, give 0.2738", () => {
  const R = population(20, Rng.fromSeed(1));
  const ctx = (variant: "sosie" | "anonymeter") => ({
    id: "singling-out-univariate",
    input: { real: R, synthetic: R, holdout: R },
    options: resolveAnonymeterOptions("singling-out-univariate", { variant }),
    notes: [],
  });
  const outcome = {
    main: { successes: 1, performed: 8 },
    control: { successes: 0, performed: 8 },
    baseline: { successes: 2, performed: 500 },
  };
  const bound = (variant: "sosie" | "anonymeter") =>
    anonymeterRecords(ctx(variant), outcome)
      .find((r) => r.submetric === "risk")!
      .details.find((d) => d.measure === NULL_RISK_UPPER)!;
  // Hand computation: r = e = (z²/2)/(8 + z²) = 0.1622038 on both sides, risk 0 ± √2·e/(1 − r).
  const sosie = bound("sosie");
  assert.ok(Math.abs(sosie.value! - 0.2738026) < 5e-7, String(sosie.value));
  assert.deepEqual(sosie.stats, { mainAttacks: 8, controlAttacks: 8 });
  // Anonymeter's count divides by the 500 requested: a PASS is within reach there.
  const requested = bound("anonymeter");
  assert.ok(requested.value! < 0.03, String(requested.value));
  assert.deepEqual(requested.stats, { mainAttacks: 500, controlAttacks: 500 });
  // A control that succeeds 60 times in 90 (an inference attack on a binary column): zero risk
  // means the main attack at the same share. Hand computation: r = (60 + z²/2)/(90 + z²) = 0.659844,
  // e = z/(90 + z²)·√(60·30/90 + z²/4) = 0.0956210 on both sides, risk 0 ± √2·e/(1 − r) = 0.397545.
  const atControl = anonymeterRecords(ctx("sosie"), {
    main: { successes: 70, performed: 90 },
    control: { successes: 60, performed: 90 },
    baseline: { successes: 45, performed: 90 },
  })
    .find((r) => r.submetric === "risk")!
    .details.find((d) => d.measure === NULL_RISK_UPPER)!;
  assert.ok(Math.abs(atControl.value! - 0.397545) < 5e-6, String(atControl.value));
});
