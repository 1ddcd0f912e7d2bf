/**
 * The fast bootstrap (weights on prepared columns) against the definition (§6.1): recompute the
 * metric on the resampled tables of every replicate. Both use the same draws, so each replicate's
 * value, and therefore the interval, must agree to round-off.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import { computeMetric } from "../registry.ts";
import type { MetricResult } from "../types.ts";
import { bootstrapReplicate, percentileInterval } from "./bootstrap.ts";
import { cat, num, table } from "./test-tables.ts";

const LEVELS = ["a", "b", "c", "d", "e", "f", "g", "h"];

/**
 * A table with what the weighted statistics must get right: ties (an integer column), ∅ in
 * numeric and categorical columns, a dominant level, many levels, a numeric–categorical link.
 */
function mixedTable(n: number, rng: Rng, shift: number): Table {
  const x: (number | null)[] = [];
  const k: (number | null)[] = [];
  const g: (string | null)[] = [];
  const drug: (string | null)[] = [];
  const code: (string | null)[] = [];
  const y: (number | null)[] = [];
  const icd: (string | null)[] = [];
  const zip: (string | null)[] = [];
  const z: number[] = [];
  const u: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = rng.normal() + shift;
    x.push(rng.next() < 0.08 ? null : v);
    k.push(rng.next() < 0.03 ? null : Math.floor(Math.abs(v) * 2));
    g.push(rng.next() < 0.05 ? null : v > 0.3 ? "hi" : rng.next() < 0.5 ? "lo" : "mid");
    drug.push(rng.next() < 0.9 ? "No" : rng.next() < 0.5 ? "Up" : "Steady");
    code.push(LEVELS[Math.min(LEVELS.length - 1, Math.floor(rng.next() ** 2 * LEVELS.length + shift))]);
    y.push(rng.next() < 0.5 ? null : 2 * v + rng.normal());
    // Many levels on both: their pair table is beyond the dense size (sparse path).
    icd.push(rng.next() < 0.02 ? null : `i${Math.floor(rng.next() ** 1.5 * 90)}`);
    zip.push(`z${Math.floor(Math.abs(v) * 25 + rng.next() * 20)}`);
    // Complete numeric columns: their pair has no incomplete row.
    z.push(v + rng.normal());
    u.push(Math.round(3 * rng.next() - v));
  }
  return table(
    num("x", x),
    num("k", k),
    cat("g", g),
    cat("drug", drug),
    cat("code", code),
    num("y", y),
    cat("icd", icd),
    cat("zip", zip),
    num("z", z),
    num("u", u),
  );
}

/** Each submetric's interval from values recomputed on the resampled tables of every replicate. */
function directIntervals(
  id: string,
  real: Table,
  synthetic: Table,
  options: Record<string, unknown>,
  replicates: number,
): Map<string, readonly [number, number] | null> {
  const values = new Map<string, number[]>();
  for (let b = 1; b <= replicates; b++) {
    const replicate = bootstrapReplicate(id, options.seed as number, b, real.nRows, synthetic.nRows);
    const records = computeMetric(
      id,
      { real: real.select(replicate.realDraws), synthetic: synthetic.select(replicate.otherDraws) },
      { ...options, bootstrap: 0 },
    );
    for (const r of records) {
      if (!values.has(r.submetric)) values.set(r.submetric, []);
      if (r.value !== null && Number.isFinite(r.value)) values.get(r.submetric)!.push(r.value);
    }
  }
  return new Map([...values].map(([name, kept]) => [name, percentileInterval(kept, replicates).ci]));
}

function assertClose(actual: number, expected: number, what: string): void {
  const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

function checkMetric(id: string, options: Record<string, unknown> = {}, nSynthetic = 300): MetricResult[] {
  const root = Rng.fromSeed(31);
  const real = mixedTable(400, root.derive("real"), 0);
  const synthetic = mixedTable(nSynthetic, root.derive("synthetic"), 0.4);
  const replicates = 40;
  const all = { seed: 7, ...options };
  const records = computeMetric(id, { real, synthetic }, { ...all, bootstrap: replicates });
  const expected = directIntervals(id, real, synthetic, all, replicates);
  for (const record of records) {
    const ci = expected.get(record.submetric);
    assert.ok(ci !== undefined, `${id}/${record.submetric} recomputed`);
    if (ci === null || record.ci === null) {
      assert.equal(record.ci, ci, `${id}/${record.submetric}: interval presence`);
      continue;
    }
    assertClose(record.ci[0], ci[0], `${id}/${record.submetric} lower bound`);
    assertClose(record.ci[1], ci[1], `${id}/${record.submetric} upper bound`);
  }
  return records;
}

const UNIVARIATE = [
  "continuous-consistency",
  "categorical-consistency",
  "continuous-statistics",
  "categorical-statistics",
  "hellinger-continuous",
  "hellinger-categorical",
  "kl-continuous",
  "kl-categorical",
  "missingness-difference",
  "ks-complement",
  "tv-complement",
  "column-shapes",
  "hellinger-mean",
  "correlation-similarity",
  "contingency-similarity",
  "column-pair-trends",
  "quality-score",
  "pairwise-correlation-difference",
  "pairwise-chi-square-difference",
  "missingness-dependency",
];

for (const id of UNIVARIATE)
  test(`${id}: the weighted bootstrap gives the interval of recomputing on resampled tables`, () => {
    const records = checkMetric(id);
    assert.ok(
      records.some((r) => r.ci !== null),
      `${id} has an interval`,
    );
  });

test("variants and options of the weighted bootstrap match the recomputation too", () => {
  checkMetric("continuous-consistency", { variant: "clover" });
  checkMetric("categorical-statistics", { variant: "clover" });
  checkMetric("continuous-statistics", { variant: "clover" });
  checkMetric("ks-complement", { variant: "sdmetrics" });
  checkMetric("column-shapes", { variant: "sdmetrics" });
  checkMetric("hellinger-continuous", { binning: "uniform", bins: 4 });
  checkMetric("kl-continuous", { bins: 3 });
  checkMetric("pairwise-correlation-difference", { biasCorrection: true });
  // S larger than R: the χ² decisions on S* run on its equal-power subsample.
  checkMetric("pairwise-chi-square-difference", {}, 700);
  checkMetric("pairwise-chi-square-difference", { alpha: 0.2 });
});
