import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { normalPdf, normalQuantile } from "../../random/normal.ts";
import { booleanColumn, categoricalColumn, numericColumn } from "../../table/column.ts";
import { Table } from "../../table/table.ts";
import { fitGenerator } from "../registry.ts";
import { fitCopula } from "./fit.ts";
import {
  NUMERIC_SCALE,
  categoricalScale,
  impliedCorrelation,
  latentCorrelation,
  levelScores,
} from "./latent-correlation.ts";

const HALF = { order: [0, 1], upper: [0.5, 1] };

test("level scores are E[Z | level]: ∓√(2/π) for a balanced binary, −φ(τ)/p and φ(τ)/(1 − p) otherwise", () => {
  const half = levelScores(HALF);
  assert.ok(Math.abs(half[0] + Math.sqrt(2 / Math.PI)) < 1e-12);
  assert.ok(Math.abs(half[1] - Math.sqrt(2 / Math.PI)) < 1e-12);
  const p = 0.3;
  const tau = normalQuantile(p);
  const skew = levelScores({ order: [1, 0], upper: [p, 1] });
  assert.ok(Math.abs(skew[0] + normalPdf(tau) / p) < 1e-12);
  assert.ok(Math.abs(skew[1] - normalPdf(tau) / (1 - p)) < 1e-12);
});

test("a balanced binary pair follows Sheppard's arcsine law, r = (2/π)·asin ρ, and the solver inverts it", () => {
  const scale = categoricalScale(HALF);
  assert.ok(Math.abs(scale.variance - 2 / Math.PI) < 1e-12);
  for (const rho of [-0.7, -0.2, 0.1, 0.5, 0.8, 0.95]) {
    const r = (2 / Math.PI) * Math.asin(rho);
    assert.ok(Math.abs(impliedCorrelation(rho, scale, scale) - r) < 1e-5, `ρ = ${rho}`);
    assert.ok(Math.abs(latentCorrelation(r, scale, scale) - rho) < 1e-4, `ρ = ${rho}`);
  }
  // r = 1/3 is ρ = ½ exactly (asin ½ = π/6).
  assert.ok(Math.abs(latentCorrelation(1 / 3, scale, scale) - 0.5) < 1e-6);
});

test("against a numeric score the relation is linear: r = ρ·√a with a = φ(τ)²/(p(1 − p)) for a binary", () => {
  const p = 0.2;
  const scale = categoricalScale({ order: [0, 1], upper: [p, 1] });
  const a = normalPdf(normalQuantile(p)) ** 2 / (p * (1 - p));
  assert.ok(Math.abs(scale.variance - a) < 1e-12);
  assert.ok(Math.abs(impliedCorrelation(0.4, scale, NUMERIC_SCALE) - 0.4 * Math.sqrt(a)) < 1e-12);
  assert.ok(Math.abs(latentCorrelation(0.4 * Math.sqrt(a), NUMERIC_SCALE, scale) - 0.4) < 1e-9);
  // Two numeric scores: Pearson as it is.
  assert.equal(latentCorrelation(0.37, NUMERIC_SCALE, NUMERIC_SCALE), 0.37);
  // A single observed level has a constant score: no correlation, not a bisection on 0/0.
  const single = categoricalScale({ order: [0], upper: [1] });
  assert.equal(single.variance, 0);
  assert.equal(latentCorrelation(0, single, scale), 0);
  assert.equal(latentCorrelation(0, NUMERIC_SCALE, single), 0);
  // Beyond what the model can produce, |ρ| stays below 1.
  assert.ok(latentCorrelation(0.99, NUMERIC_SCALE, scale) < 1);
});

/** Latent (x, z) with correlation 0.6; y = z cut into a binary case (p = 0.3) and a 4-level ordinal. */
function latentTable(n: number, seed: number): Table {
  const rng = Rng.fromSeed(seed);
  const x = new Float64Array(n);
  const binary = new Uint8Array(n);
  const ordinal = new Int32Array(n);
  const cuts = [-0.8, 0.1, 0.9];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const z = 0.6 * a + 0.8 * rng.normal();
    x[i] = 50 + 10 * a;
    binary[i] = z > normalQuantile(0.7) ? 1 : 0;
    ordinal[i] = cuts.filter((c) => z > c).length;
  }
  return new Table(
    [
      numericColumn("x", x, { kind: "continuous" }),
      booleanColumn("case", binary, { tokens: ["no", "yes"] }),
      categoricalColumn("stage", ordinal, ["I", "II", "III", "IV"]),
    ],
    n,
  );
}

test("fit: the latent estimator recovers ρ = 0.6 between a number and a category; pearson shrinks it", (t) => {
  const real = latentTable(20000, 3);
  const options = {
    marginal: "empirical" as const,
    categoricalOrder: "levels" as const,
    uClip: 1e-6,
    eigenvalueFloor: 1e-6,
  };
  const sigma = (correlation: "latent" | "pearson") => {
    const { state } = fitCopula(real, { ...options, correlation }, Rng.fromSeed(1));
    // Σ from the row-major Cholesky factor L (3 × 3): Σ_jk = Σ_m L_jm·L_km.
    const L = state.cholesky;
    const s = (j: number, k: number) => [0, 1, 2].reduce((acc, m) => acc + L[j * 3 + m] * L[k * 3 + m], 0);
    return { xCase: s(0, 1), xStage: s(0, 2), caseStage: s(1, 2) };
  };
  const latent = sigma("latent");
  t.diagnostic(`latent ${JSON.stringify(latent)}`);
  assert.ok(Math.abs(latent.xCase - 0.6) < 0.03, `x–case ${latent.xCase}`);
  assert.ok(Math.abs(latent.xStage - 0.6) < 0.03, `x–stage ${latent.xStage}`);
  // Both categories cut the same z: their latent correlation is 1 (held below it).
  assert.ok(latent.caseStage > 0.97, `case–stage ${latent.caseStage}`);
  const pearson = sigma("pearson");
  t.diagnostic(`pearson ${JSON.stringify(pearson)}`);
  // §4.2 as written gives ρ·a, a = φ(τ)²/(p(1 − p)) = 0.58 here: about 0.35.
  assert.ok(pearson.xCase < 0.4, `pearson x–case ${pearson.xCase}`);
});

function pointBiserial(t: Table): number {
  const x = t.column("x");
  const y = t.column("case");
  assert.ok(x.kind === "continuous" && y.kind === "boolean");
  const n = t.nRows;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x.values[i] / n;
    my += y.values[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x.values[i] - mx) * (y.values[i] - my);
    sxx += (x.values[i] - mx) ** 2;
    syy += (y.values[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

test("sample: a binary's point-biserial correlation with a predictor is kept within 0.03 (pearson loses a third)", (t) => {
  const real = latentTable(20000, 4);
  const target = pointBiserial(real);
  const sampled = (correlation: string) =>
    pointBiserial(
      fitGenerator("gaussian-copula", real, { seed: 1, privacy: "off", params: { correlation } }).sample(20000, {
        seed: 2,
      }).table,
    );
  const latent = sampled("latent");
  t.diagnostic(
    `point-biserial: real ${target.toFixed(4)}, latent ${latent.toFixed(4)}, pearson ${sampled("pearson").toFixed(4)}`,
  );
  assert.ok(Math.abs(latent - target) < 0.03, `real ${target}, latent ${latent}`);
  assert.ok(sampled("pearson") < target - 0.1, `pearson should shrink ${target}`);
});
