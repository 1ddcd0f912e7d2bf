import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import type { MetricResult } from "../types.ts";
import type { NumericView } from "./columns.ts";
import { levelCounts } from "./contingency.ts";
import {
  binOnReal,
  hellingerCategorical,
  hellingerContinuous,
  hellingerDistance,
  jsDivergence,
  klCategorical,
  klContinuous,
  klDivergenceSmoothed,
  klDivergenceUnsmoothed,
  type CellCounts,
} from "./distribution-distances.ts";
import { hellingerMean } from "./hellinger-mean.ts";
import { cat, num, table } from "./test-tables.ts";

type T = ReturnType<typeof table>;
const close = (actual: number | null, expected: number, tolerance = 1e-12) =>
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= tolerance * Math.abs(expected),
    `${actual} ≠ ${expected}`,
  );
const bySubmetric = (results: MetricResult[]) => new Map(results.map((r) => [r.submetric, r]));
const run = (metric: typeof klCategorical, real: T, synthetic: T, options: Record<string, unknown> = {}, holdout?: T) =>
  bySubmetric(metric.compute({ real, synthetic, holdout }, { bootstrap: 0, ...options }));
const numericView = (values: number[]): NumericView => ({ family: "numeric", values: Float64Array.from(values) });
const integers = (n: number) => Array.from({ length: n }, (_, i) => i);
const cells = (other: number[], real: number[]): CellCounts => ({
  other: Float64Array.from(other),
  real: Float64Array.from(real),
  nOther: other.reduce((a, b) => a + b, 0),
  nReal: real.reduce((a, b) => a + b, 0),
});

test("clover binning of 0..10 (§2.5): R left-closed (2,2,2,2,3), the other table right-closed (3,2,2,2,2)", () => {
  const values = numericView(integers(11));
  const binned = binOnReal(values, values, "clover");
  assert.ok(!("reason" in binned));
  assert.deepEqual([...levelCounts(binned.real)], [2, 2, 2, 2, 3, 0]);
  assert.deepEqual([...levelCounts(binned.other)], [3, 2, 2, 2, 2, 0]);
});

test("identical data 0..10: clover Hellinger 0.0958315 and KL ln(1.5)/11; sosie exactly 0 (§2.5)", () => {
  const r = table(num("x", integers(11)));
  const s = table(num("x", integers(11)));
  close(run(hellingerContinuous, r, s, { variant: "clover" }).get("hellinger-continuous")!.value, 0.0958315, 1e-6);
  close(run(klContinuous, r, s, { variant: "clover" }).get("kl-continuous")!.value, Math.log(1.5) / 11);
  // The exact Hellinger: Σ(√p − √q)² = 2·(√(3/11) − √(2/11))².
  close(
    run(hellingerContinuous, r, s, { variant: "clover" }).get("hellinger-continuous")!.value!,
    Math.sqrt(2 * (Math.sqrt(3 / 11) - Math.sqrt(2 / 11)) ** 2) / Math.SQRT2,
  );
  for (const binning of ["quantile", "uniform"]) {
    assert.equal(run(hellingerContinuous, r, s, { binning }).get("hellinger-continuous")!.value, 0);
    const kl = run(klContinuous, r, s, { binning });
    assert.equal(kl.get("kl-continuous")!.value, 0);
    assert.equal(kl.get("js-divergence")!.value, 0);
  }
});

test("Hellinger of p = (0.5, 0.5, 0), q = (0.25, 0.25, 0.5) is 0.5411961 (§2.6)", () => {
  close(hellingerDistance(cells([2, 2, 0], [1, 1, 2])), 0.5411961, 1e-7);
  close(hellingerDistance(cells([2, 2, 0], [1, 1, 2])), Math.sqrt(1 - Math.SQRT1_2));
});

test("KL of the spec's example (§2.7): clover +∞, sosie smoothed 0.1603055, JS 0.1556391 bits, Hellinger 0.3826834", () => {
  const r = table(cat("g", ["a", "a", "b", "b"]));
  const s = table(cat("g", ["a", "a", "b", "c"]));
  const clover = run(klCategorical, r, s, { variant: "clover", bootstrap: 5 });
  assert.equal(clover.get("kl-categorical")!.value, Infinity);
  assert.equal(clover.get("kl-categorical")!.status, "ok");
  assert.equal(clover.get("kl-categorical")!.ci, null);
  assert.match(clover.get("kl-categorical")!.reason ?? "", /infinite/);
  assert.equal(clover.size, 1);
  const sosie = run(klCategorical, r, s);
  // The smoothed cells are (2.5, 1.5, 1.5)/5.5 (S) against (2.5, 2.5, 0.5)/5.5 (R).
  close(sosie.get("kl-categorical")!.value, (1.5 / 5.5) * Math.log(0.6) + (1.5 / 5.5) * Math.log(3));
  close(sosie.get("kl-categorical")!.value, 0.1603055, 1e-6);
  close(sosie.get("js-divergence")!.value, 0.1556391, 1e-6);
  close(sosie.get("js-divergence")!.value, 0.75 - (3 / 8) * Math.log2(3));
  close(run(hellingerCategorical, r, s).get("hellinger-categorical")!.value, 0.3826834, 1e-6);
  // Direction KL(S ‖ R): R's level missing from S costs nothing in clover.
  assert.equal(klDivergenceUnsmoothed(cells([2, 0], [1, 1])), Math.log(2));
  assert.ok(Number.isFinite(klDivergenceSmoothed(cells([0, 5], [5, 0]))));
  assert.equal(jsDivergence(cells([0, 5], [5, 0])), 1);
});

test("∅: a level/bin in sosie; clover Hellinger undefined beyond 1 % missing, clover binning undefined on any ∅", () => {
  const r = table(cat("g", ["a", "a", "b", null]), num("x", [1, 2, 3, null]));
  const s = table(cat("g", ["a", "a", "b", "b"]), num("x", [1, 2, 3, 3]));
  const sosie = run(hellingerCategorical, r, s).get("hellinger-categorical")!;
  // p = (1/2, 1/2, 0), q = (1/2, 1/4, 1/4).
  close(sosie.value, Math.sqrt((Math.SQRT1_2 - 0.5) ** 2 + 0.25) / Math.SQRT2);
  const clover = run(hellingerCategorical, r, s, { variant: "clover" }).get("hellinger-categorical")!;
  assert.equal(clover.status, "undefined");
  assert.match(clover.details[0].reason ?? "", /1 %/);
  // clover KL keeps the column, with ∅ out of R's numerator: p = (1/2, 1/2), q = (1/2, 1/4), KL = ½·ln 2.
  close(run(klCategorical, r, s, { variant: "clover" }).get("kl-categorical")!.value, Math.log(2) / 2);
  assert.equal(run(hellingerContinuous, r, s, { variant: "clover" }).get("hellinger-continuous")!.status, "undefined");
  // sosie: the ∅ bin of R has no S counterpart, so identical present values still score > 0.
  assert.ok(run(hellingerContinuous, r, s).get("hellinger-continuous")!.value! > 0);
});

test("sosie bins: open outer edges put out-of-range S values in the end bins; a constant R column stays defined", () => {
  const r = table(num("x", [5, 5, 5, 5]));
  const s = table(num("x", [5, 5, 100, -100]));
  assert.equal(run(hellingerContinuous, r, s).get("hellinger-continuous")!.value, 0);
  assert.equal(run(hellingerContinuous, r, s, { binning: "uniform" }).get("hellinger-continuous")!.value, 0);
  assert.equal(run(hellingerContinuous, r, s, { variant: "clover" }).get("hellinger-continuous")!.status, "undefined");
  assert.throws(() => run(hellingerContinuous, r, s, { bins: 0 }), { name: "SosieOptionError" });
});

test("hellinger-mean averages every column (numeric on sosie bins) and notes the vendor caveat (§3.9)", () => {
  const r = table(cat("g", ["a", "a", "b", "b"]), num("x", integers(4)));
  const s = table(cat("g", ["a", "a", "b", "c"]), num("x", integers(4)));
  const h = table(cat("g", ["a", "a", "b", "b"]), num("x", integers(4)));
  const [result] = hellingerMean.compute({ real: r, synthetic: s, holdout: h }, { bootstrap: 0 });
  close(result.value, 0.3826834 / 2, 1e-6);
  assert.equal(result.reference, 0);
  assert.equal(result.objective, "min");
  assert.match(result.notes.join(" "), /vendor/);
});

test("the reference (H vs R) of a same-population holdout is far below a shifted synthetic set", () => {
  const stream = Rng.fromSeed(1);
  const draw = (n: number, shift: number, rng: Rng) =>
    table(
      num(
        "x",
        Array.from({ length: n }, () => rng.normal() + shift),
      ),
    );
  const r = draw(400, 0, stream.derive("r"));
  const h = draw(400, 0, stream.derive("h"));
  const s = draw(400, 1, stream.derive("s"));
  const kl = run(klContinuous, r, s, {}, h).get("kl-continuous")!;
  assert.ok(kl.reference! < kl.value! / 5, `${kl.reference} vs ${kl.value}`);
  const [hel] = hellingerContinuous.compute({ real: r, synthetic: s, holdout: h }, { bootstrap: 20, seed: 2 });
  assert.ok(hel.ci !== null && hel.ci[0] > hel.reference!);
});
