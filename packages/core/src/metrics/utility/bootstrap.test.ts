import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { bootstrapInterval } from "./bootstrap.ts";
import { ksComplement } from "./shapes.ts";
import { num, table } from "./test-tables.ts";

function normalTable(n: number, mean: number, stream: Rng) {
  return table(
    num(
      "x",
      Array.from({ length: n }, () => mean + stream.normal()),
    ),
  );
}

test("KS complement of N(0, 1) vs N(0.5, 1): a narrow interval around the point estimate (§6.1)", () => {
  const root = Rng.fromSeed(11);
  const real = normalTable(5000, 0, root.derive("real"));
  const synthetic = normalTable(5000, 0.5, root.derive("synthetic"));
  const [result] = ksComplement.compute({ real, synthetic }, { seed: 5, bootstrap: 200 });
  const [lo, hi] = result.ci!;
  assert.equal(result.ciMethod, "percentile-bootstrap");
  assert.ok(lo <= result.value! && result.value! <= hi, `${lo} ≤ ${result.value} ≤ ${hi}`);
  assert.ok(hi - lo < 0.05, `width ${hi - lo}`);
  // Population value 1 − (2Φ(0.25) − 1) = 0.8026; far outside would mean a broken resampler.
  assert.ok(Math.abs(result.value! - 0.8026) < 0.03);
});

test("the interval is identical for the same seed and changes with the seed", () => {
  const root = Rng.fromSeed(12);
  const input = { real: normalTable(300, 0, root.derive("r")), synthetic: normalTable(300, 0.2, root.derive("s")) };
  const a = ksComplement.compute(input, { seed: 1, bootstrap: 50 })[0];
  const b = ksComplement.compute(input, { seed: 1, bootstrap: 50 })[0];
  const c = ksComplement.compute(input, { seed: 2, bootstrap: 50 })[0];
  assert.deepEqual(a.ci, b.ci);
  assert.notDeepEqual(a.ci, c.ci);
  // The point estimate is the full-data value whatever the seed.
  assert.equal(a.value, c.value);
});

test("R is resampled identically whichever synthetic table it meets (common random numbers)", () => {
  const real = table(num("x", [1, 2, 3, 4, 5, 6, 7, 8]));
  const seen: number[][] = [];
  for (const synthetic of [table(num("x", [1, 2])), table(num("x", [5, 6, 7]))])
    bootstrapInterval({
      metricId: "m",
      seed: 9,
      replicates: 3,
      real,
      synthetic,
      recompute: (r) => {
        seen.push(Array.from((r.column("x") as { values: Float64Array }).values));
        return 0;
      },
    });
  assert.deepEqual(seen.slice(0, 3), seen.slice(3));
});

test("more than 10 % undefined replicates give no interval, with a reason", () => {
  let calls = 0;
  const result = bootstrapInterval({
    metricId: "m",
    seed: 0,
    replicates: 10,
    real: table(num("x", [1, 2])),
    synthetic: table(num("x", [1, 2])),
    recompute: () => (++calls <= 8 ? 0.5 : null),
  });
  assert.equal(result.ci, null);
  assert.equal(result.reason, "no interval: 2 of 10 bootstrap replicates are undefined");
});

test("interval bounds are type-7 quantiles of the kept replicate values", () => {
  let k = 0;
  const values = [5, 1, 4, 2, 3];
  const result = bootstrapInterval({
    metricId: "m",
    seed: 0,
    replicates: 5,
    real: table(num("x", [1])),
    synthetic: table(num("x", [1])),
    recompute: () => values[k++],
  });
  // Sorted 1..5: Q_0.025 = 1 + 0.1·1, Q_0.975 = 4 + 0.9·1.
  assert.deepEqual(result.ci, [1.1, 4.9]);
});

test("a value outside its own interval is flagged in the notes", () => {
  // S = R: every replicate resamples R and S independently, so the score can only fall below 1.
  const real = table(
    num(
      "x",
      Array.from({ length: 50 }, (_, i) => i),
    ),
  );
  const [result] = ksComplement.compute({ real, synthetic: real }, { seed: 3, bootstrap: 50 });
  assert.equal(result.value, 1);
  assert.ok(result.ci![1] < 1);
  assert.deepEqual(result.notes, [
    "the value lies outside its bootstrap interval: percentile intervals are biased near the edge of the range",
  ]);
});
