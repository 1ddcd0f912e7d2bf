import { test } from "node:test";
import assert from "node:assert/strict";
import { permutationImportance, rocAucAuto } from "../../learn/index.ts";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { MetricResult } from "../types.ts";
import { crossClassification, crossRegression } from "./cross-learning.ts";
import { featureImportanceDifference, groupedPermutationImportance } from "./feature-importance.ts";
import { fScore, fscoreDifference } from "./fscore.ts";
import { resolveLearnedOptions } from "./learning-protocol.ts";
import { fastProtocolAuc, repetitionSummary, studentTQuantile } from "./repetition-interval.ts";
import { cat, num, table } from "./test-tables.ts";
import { runTstr, tstrClassification, tstrRegression } from "./tstr.ts";

/** y depends on x1, x2 and g; z = 2·x1 + noise; x3 is pure noise; x1 has some ∅. */
function population(n: number, rng: Rng): Table {
  const x1: (number | null)[] = [];
  const x2: number[] = [];
  const x3: number[] = [];
  const z: number[] = [];
  const g: string[] = [];
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const level = ["p", "q", "r"][rng.int(3)];
    x1.push(rng.next() < 0.05 ? null : a);
    x2.push(b);
    x3.push(rng.normal());
    z.push(2 * a + 0.5 * rng.normal());
    g.push(level);
    y.push(a + b + (level === "p" ? 1 : 0) + 0.5 * rng.normal() > 0.5 ? "yes" : "no");
  }
  return table(num("x1", x1), num("x2", x2), num("x3", x3), num("z", z), cat("g", g), cat("y", y));
}

/** Every column shuffled on its own: marginals kept, every relation broken. */
function shuffledColumns(t: Table, rng: Rng): Table {
  return table(...t.columns.map((c, j) => t.select(rng.derive("column", j).permutation(t.nRows)).columns[j]));
}

const FAST = { nTrees: 30 };

function sub(results: MetricResult[], name: string): MetricResult {
  const r = results.find((x) => x.submetric === name);
  assert.ok(r, `submetric ${name}`);
  return r;
}

const rng = Rng.fromSeed(11);
const real = population(600, rng);
const holdout = population(600, rng);
const fresh = population(600, rng);
const broken = shuffledColumns(population(600, rng), rng.derive("shuffle"));

test("t quantiles of §6.2 match tables, and the repetition interval is mean ± t·sd/√r", () => {
  assert.ok(Math.abs(studentTQuantile(0.975, 2) - 4.302652729911275) < 1e-9);
  assert.ok(Math.abs(studentTQuantile(0.975, 19) - 2.093024054408263) < 1e-9);
  assert.ok(Math.abs(studentTQuantile(0.975, 1) - 12.706204736174698) < 1e-8);
  const s = repetitionSummary([1, 2, 3]);
  assert.equal(s.mean, 2);
  assert.ok(Math.abs(s.ci![1] - (2 + 4.302652729911275 / Math.sqrt(3))) < 1e-9);
  assert.equal(repetitionSummary([1, 2]).ci, null);
});

test("the fast AUC equals learn's AUC, ties included", () => {
  const r = Rng.fromSeed(2);
  for (const k of [2, 4]) {
    const n = 300;
    const labels = Int32Array.from({ length: n }, () => r.int(k));
    const proba = Float64Array.from({ length: n * k }, () => Math.round(r.next() * 10) / 10);
    assert.ok(Math.abs(fastProtocolAuc(labels, proba, k) - rocAucAuto(labels, proba, k)) < 1e-12);
  }
});

test("§5.2 hint: S := R gives diff-real-synth = 0 exactly, for classification and regression", () => {
  const c = tstrClassification.compute({ real, synthetic: real, holdout }, { target: "y", learner: FAST });
  assert.equal(sub(c, "diff-real-synth").value, 0);
  assert.ok(sub(c, "score-real").value! > 0.75);
  const r = tstrRegression.compute({ real, synthetic: real, holdout }, { target: "z", learner: FAST });
  assert.equal(sub(r, "diff-real-synth").value, 0);
  assert.ok(sub(r, "r2-real").value! > 0.8);
});

test("TSTR gap is near 0 for a fresh sample and large for independently shuffled columns", () => {
  const same = tstrClassification.compute({ real, synthetic: fresh, holdout }, { target: "y", learner: FAST, seed: 1 });
  const far = tstrClassification.compute({ real, synthetic: broken, holdout }, { target: "y", learner: FAST, seed: 1 });
  // Tolerance: two models on 600 rows differ by a few AUC points.
  assert.ok(sub(same, "diff-real-synth").value! < 0.05, `fresh ${sub(same, "diff-real-synth").value}`);
  assert.ok(sub(far, "diff-real-synth").value! > 0.25, `shuffled ${sub(far, "diff-real-synth").value}`);
  assert.ok(Math.abs(sub(far, "score-synthetic").value! - 0.5) < 0.1);
  const reg = tstrRegression.compute({ real, synthetic: broken, holdout }, { target: "z", learner: FAST, seed: 1 });
  assert.ok(sub(reg, "diff-real-synth").value! > 0.5, "NRMSE gap of a model that learned nothing");
  const d = sub(far, "diff-real-synth");
  assert.equal(d.ciMethod, "repetition");
  assert.ok(d.ci![0] <= d.value! && d.value! <= d.ci![1]);
});

test("TSTR is deterministic, states undefined cases and respects the clover label-space rules", () => {
  const a = tstrClassification.compute({ real, synthetic: fresh, holdout }, { target: "y", learner: FAST, seed: 5 });
  const b = tstrClassification.compute({ real, synthetic: fresh, holdout }, { target: "y", learner: FAST, seed: 5 });
  assert.deepEqual(a, b);
  assert.match(tstrClassification.compute({ real, synthetic: fresh, holdout })[0].reason!, /no target/);
  assert.match(
    tstrClassification.compute({ real, synthetic: fresh, holdout }, { target: "z" })[0].reason!,
    /tstr-regression/,
  );
  const oneClass = fresh.select(
    Int32Array.from({ length: fresh.nRows }, (_, i) => i).filter((i) => {
      const y = fresh.column("y");
      return y.kind === "categorical" && y.levels[y.codes[i]] === "yes";
    }),
  );
  const clover = tstrClassification.compute({ real, synthetic: oneClass, holdout }, { target: "y", variant: "clover" });
  assert.equal(clover[0].status, "undefined");
  assert.match(clover[0].reason!, /classes/);
  const sosie = tstrClassification.compute({ real, synthetic: oneClass, holdout }, { target: "y", learner: FAST });
  assert.equal(sosie[0].status, "ok");
  assert.equal(sub(sosie, "score-synthetic").value, 0.5, "a one-class model ranks nothing");
});

test("permuting S's target drives the synthetic AUC towards 0.5", () => {
  // One permuted target can fit a noise function that happens to track y: average 6 permutations.
  const aucs = [1, 2, 3, 4, 5, 6].map((seed) => {
    const permuted = fresh.withColumn(fresh.select(Rng.fromSeed(seed).permutation(fresh.nRows)).column("y"));
    const results = tstrClassification.compute(
      { real, synthetic: permuted, holdout },
      { target: "y", learner: FAST, repetitions: 1 },
    );
    return sub(results, "score-synthetic").value!;
  });
  const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.07, `mean synthetic AUC ${mean} (${aucs.join(", ")})`);
});

test("grouped permutation importance equals learn's when each column is one feature", () => {
  const numeric = table(real.column("x2"), real.column("x3"), real.column("z"), real.column("y"));
  const numericH = table(holdout.column("x2"), holdout.column("x3"), holdout.column("z"), holdout.column("y"));
  const o = resolveLearnedOptions("tstr-classification", { learner: FAST, repetitions: 1 });
  const run = runTstr({ real: numeric, synthetic: numeric, holdout: numericH }, "y", o, Rng.fromSeed(1));
  const side = run.repetitions[0].real;
  const mine = groupedPermutationImportance(side, run.features, 5, Rng.fromSeed(4));
  const learn = permutationImportance(side.model, side.test, Rng.fromSeed(4), { nRepeats: 5 });
  learn.forEach((f, j) =>
    assert.ok(Math.abs(f.importance - mine[j]) < 1e-12, `${f.feature}: ${f.importance} vs ${mine[j]}`),
  );
});

test("§5.5 hints: S := R gives 0; a column no model splits on has importance exactly 0", () => {
  const withConstant = real.withColumn(
    num(
      "flat",
      Array.from({ length: real.nRows }, () => 7),
    ),
  );
  const holdoutConstant = holdout.withColumn(
    num(
      "flat",
      Array.from({ length: holdout.nRows }, (_, i) => i),
    ),
  );
  const [r] = featureImportanceDifference.compute(
    { real: withConstant, synthetic: withConstant, holdout: holdoutConstant },
    { target: "y", learner: FAST },
  );
  assert.equal(r.value, 0);
  const flat = r.details.find((d) => d.columns[0] === "flat")!;
  assert.equal(flat.stats!.importanceReal, 0);
  assert.equal(flat.stats!.importanceSynthetic, 0);
  const x1 = r.details.find((d) => d.columns[0] === "x1")!;
  assert.ok(x1.stats!.importanceReal! > 0.02, "x1 drives y");
  const [far] = featureImportanceDifference.compute(
    { real, synthetic: broken, holdout },
    { target: "y", learner: FAST },
  );
  assert.ok(far.value! > 0.01);
});

test("feature importance reuses the TSTR models: same result whichever metric ran first", () => {
  const synthetic = population(400, Rng.fromSeed(21));
  const input = { real, synthetic, holdout };
  const options = { target: "y", learner: FAST, seed: 9 };
  const first = featureImportanceDifference.compute(input, options);
  tstrClassification.compute(input, options);
  const again = featureImportanceDifference.compute({ real, synthetic: synthetic.slice(0), holdout }, options);
  assert.deepEqual(again[0].value, first[0].value);
});

test("§5.4 hint: classes x = [1, 2, 3] and [5, 6, 7] give F = 4", () => {
  assert.equal(fScore([1, 2, 3, 5, 6, 7], [0, 0, 0, 1, 1, 1]), 4);
  assert.equal(fScore([1, 1, 5, 5], [0, 0, 1, 1]), null);
});

test("fscore-difference: 0 for S = R, positive for a broken S, reference H vs R, clover on H and S_eval", () => {
  const [same] = fscoreDifference.compute({ real, synthetic: real, holdout }, { target: "y", bootstrap: 0 });
  assert.equal(same.value, 0);
  assert.ok(same.reference! > 0 && same.reference! < 0.1);
  const [far] = fscoreDifference.compute({ real, synthetic: broken, holdout }, { target: "y", bootstrap: 20 });
  assert.ok(far.value! > 0.2);
  assert.ok(far.ci !== null);
  const [clover] = fscoreDifference.compute({ real, synthetic: fresh, holdout }, { target: "y", variant: "clover" });
  assert.equal(clover.status, "ok");
  assert.equal(clover.reference, null);
  const [notBinary] = fscoreDifference.compute({ real, synthetic: real }, { target: "g", bootstrap: 0 });
  assert.match(notBinary.reason!, /exactly 2 classes/);
});

test("§5.3 hint: cross learning with S := R gives 0 over every target; it is opt-in", () => {
  const small = table(real.column("x2"), real.column("z"), real.column("g"), real.column("y"));
  const smallH = table(holdout.column("x2"), holdout.column("z"), holdout.column("g"), holdout.column("y"));
  const input = { real: small, synthetic: small, holdout: smallH };
  assert.match(crossClassification.compute(input)[0].reason!, /opt-in/);
  const options = { crossLearning: true, learner: { nTrees: 10 }, repetitions: 2 };
  const [c] = crossClassification.compute(input, options);
  assert.equal(c.value, 0);
  assert.equal(c.details.length, 2);
  assert.equal(c.nUndefined, 0);
  const [r] = crossRegression.compute(input, options);
  assert.equal(r.value, 0);
  assert.equal(r.details.length, 2);
});

test("profiles: tuned and clover run learn's CV protocols and report their fit counts", () => {
  const small = real.slice(0, 50);
  const smallH = holdout.slice(0, 50);
  const tuned = tstrClassification.compute(
    { real: small, synthetic: small, holdout: smallH },
    { target: "y", profile: "tuned", repetitions: 1 },
  );
  // 4 configurations × 3 folds + 1 refit, for each of the two models.
  assert.ok(
    tuned[0].notes.some((n) => /profile tuned: 1 repetitions, 26 model fits/.test(n)),
    tuned[0].notes.join("; "),
  );
  assert.equal(tuned[0].value, 0);
  const clover = tstrClassification.compute(
    { real: small, synthetic: small, holdout: smallH },
    { target: "y", profile: "clover", variant: "clover", repetitions: 1 },
  );
  // 20 trials × 5 folds + 1 refit per model (§5.1).
  assert.ok(
    clover[0].notes.some((n) => /202 model fits/.test(n)),
    clover[0].notes.join("; "),
  );
  assert.equal(clover[0].value, 0);
  assert.equal(clover[0].ci, null, "one repetition gives no interval");
});
