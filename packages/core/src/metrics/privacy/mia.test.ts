import { test } from "node:test";
import assert from "node:assert/strict";
import { GowerSpace } from "../../neighbors/gower.ts";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { MetricResult } from "../types.ts";
import { num, table } from "../utility/test-tables.ts";
import { jitter, population } from "./anonymeter-test-tables.ts";
import {
  calibratedLogScores,
  miaDcrThreshold,
  miaGanLeaks,
  miaGanLeaksCalibrated,
  miaMonteCarlo,
  monteCarloScores,
} from "./mia-distance.ts";
import { fitKde, kdeLogDensity, miaDomias } from "./mia-domias.ts";
import { miaClassifier } from "./mia-classifier.ts";
import {
  candidateD1,
  candidateNeighbors,
  countSyntheticWithin,
  gowerView,
  miaSearchTasks,
  miaSetup,
  primeMiaSearch,
  runMiaSearchTask,
  searchCandidates,
  type GowerView,
} from "./mia-setup.ts";

const value = (records: MetricResult[], name: string) => records.find((r) => r.submetric === name)!;

const rng = Rng.fromSeed(7);
const R = population(600, rng.derive("R"));
const H = population(1000, rng.derive("H"));

test("§5.2 hint: S := R (members copied) gives AUC 1 and TPR@1% FPR 1; τ splits members from non-members", () => {
  const records = miaDcrThreshold.compute({ real: R, synthetic: R, holdout: H }, { bootstrap: 20 });
  assert.equal(value(records, "auc").value, 1);
  assert.equal(value(records, "tpr-at-1pct-fpr").value, 1);
  assert.equal(value(records, "tpr-at-10pct-fpr").value, 1);
  assert.equal(value(records, "advantage").value, 1);
  assert.equal(value(records, "accuracy-at-median").value, 1);
  assert.equal(value(records, "tpr-at-threshold").value, 1);
  assert.ok(value(records, "fpr-at-threshold").value! < 0.2);
  assert.deepEqual(value(records, "auc").ci, [1, 1]);
  // GAN-Leaks ranks as the closest-distance attack does.
  const ganLeaks = miaGanLeaks.compute({ real: R, synthetic: R, holdout: H }, { bootstrap: 0 });
  assert.equal(value(ganLeaks, "auc").value, 1);
});

test("records: aggregates only, baselines beside the values, a downsampled ROC, n of each table", () => {
  const S = population(600, rng.derive("fresh"));
  const records = miaDcrThreshold.compute({ real: R, synthetic: S, holdout: H }, { bootstrap: 50 });
  const auc = value(records, "auc");
  assert.deepEqual(auc.n, { R: 600, S: 600, H: 1000 });
  assert.equal(auc.details.find((d) => d.measure === "baseline")!.value, 0.5);
  assert.equal(value(records, "tpr-at-1pct-fpr").details.find((d) => d.measure === "baseline")!.value, 0.01);
  const roc = auc.details.filter((d) => d.measure === "roc-point");
  assert.ok(roc.length > 10 && roc.length <= 30, "a fixed grid, not one point per candidate");
  for (const r of records) assert.ok(r.details.length <= 30);
  // Fresh synthetic rows: chance level within 3 standard errors (≈ 0.018 with 500 per side).
  assert.ok(Math.abs(auc.value! - 0.5) < 0.055, `AUC ${auc.value}`);
  assert.ok(auc.ci![0] < auc.value! && auc.value! < auc.ci![1] && auc.ci![1] - auc.ci![0] < 0.15, `interval ${auc.ci}`);
  // The same seed gives the same numbers.
  assert.deepEqual(miaDcrThreshold.compute({ real: R, synthetic: S, holdout: H }, { bootstrap: 50 }), records);
  // Vulnerable records: 10 % of 1000 candidates, each side needs 50.
  const vulnerable = value(records, "vulnerable-auc");
  assert.ok(vulnerable.status === "ok" || /each side needs 50/.test(vulnerable.reason!));
});

test("§1.1: a holdout below 500 rows leaves the attacks undefined with a reason", () => {
  const records = miaGanLeaks.compute({ real: R, synthetic: R, holdout: H.slice(0, 499) });
  assert.ok(records.every((r) => r.status === "undefined" && r.value === null));
  assert.match(records[0].reason!, /at least 500 holdout rows/);
});

test("§5.4 hint: an equidistant candidate has log-score 0; members copied into S score positive", () => {
  assert.deepEqual(Array.from(calibratedLogScores([0.3, 0, 0.2], [0.3, 0.4, 0.1])), [
    0,
    0.16000000000000003,
    0.1 ** 2 - 0.2 ** 2,
  ]);
  const setup = miaSetup({ real: R, synthetic: R, holdout: H }, 0);
  assert.ok(typeof setup !== "string");
  const scores = calibratedLogScores(candidateD1(setup, "synthetic"), candidateD1(setup, "reference"));
  for (let i = 0; i < setup.nMembers; i++) assert.ok(scores[i] > 0, `member ${i}`);
  const records = miaGanLeaksCalibrated.compute({ real: R, synthetic: R, holdout: H }, { bootstrap: 0 });
  assert.ok(value(records, "auc").value! > 0.7);
});

test("§5.5 hint: S = [0, 0.1, 5], candidates [0, 5, 10]: ε = 0, scores [1/3, 1/3, 0]", () => {
  // Gower range 10 (from S ∪ H_ref = [0, 0.1, 5] ∪ [10]): d1 = [0, 0, 0.5] in Gower units.
  const S = table(num("v", [0, 0.1, 5]));
  const ref = table(num("v", [10]));
  const candidates = table(num("v", [0, 5, 10]));
  const space = GowerSpace.fit([S, ref]);
  const view: GowerView = {
    space,
    synthetic: space.encode(S),
    reference: space.encode(ref),
    candidates: space.encode(candidates),
  };
  const nb = space.knn(view.candidates, view.synthetic, 1);
  assert.deepEqual(Array.from(nb.distances), [0, 0, 0.5]);
  const { epsilon, scores } = monteCarloScores(nb.distances, 3, (e) => countSyntheticWithin(view, e, 0, 3));
  assert.equal(epsilon, 0);
  assert.deepEqual(Array.from(scores), [1 / 3, 1 / 3, 0]);
  // A range of candidates counts the same as the whole.
  assert.deepEqual(Array.from(countSyntheticWithin(view, 0.01, 1, 3)), [1, 0]);
});

test("Monte Carlo on copied members: AUC well above 0.5", () => {
  const records = miaMonteCarlo.compute({ real: R, synthetic: R, holdout: H }, { bootstrap: 0 });
  assert.ok(value(records, "auc").value! > 0.9);
});

test("KDE: 1-D points [0, 1] by hand (Scott's factor 2^(−1/5), variance ½)", () => {
  const kde = fitKde(Float64Array.from([0, 1]), 2, 1);
  const h2 = 2 ** (-2 / 5) * 0.5;
  const normal = (x: number, m: number) => Math.exp(-((x - m) ** 2) / (2 * h2)) / Math.sqrt(2 * Math.PI * h2);
  const at = Float64Array.from([0, 0.5, 3]);
  const got = kdeLogDensity(kde, at, 0, 3);
  for (const [i, x] of at.entries()) assert.ok(Math.abs(got[i] - Math.log((normal(x, 0) + normal(x, 1)) / 2)) < 1e-12);
  // Far away the log-density is floored, never −∞.
  assert.equal(kdeLogDensity(kde, Float64Array.from([1e6]), 0, 1)[0], -700);
});

test("§5.6 hint: DOMIAS on fresh samples gives |AUC − 0.5| < 0.05 (1000 per side); S = R + tiny noise is well above", () => {
  const real = population(1000, rng.derive("R2"));
  const holdout = population(2000, rng.derive("H2"));
  const fresh = domiasAuc(real, population(1000, rng.derive("S2")), holdout);
  assert.ok(Math.abs(fresh - 0.5) < 0.05, `fresh AUC ${fresh}`);
  const leaky = domiasAuc(real, jitter(real, 1e-4, rng.derive("noise")), holdout);
  assert.ok(leaky > 0.6, `leaky AUC ${leaky}`);
});

function domiasAuc(real: Table, synthetic: Table, holdout: Table): number {
  return value(miaDomias.compute({ real, synthetic, holdout }, { bootstrap: 0 }), "auc").value!;
}

test("classifier attack: near 0.5 on fresh rows, deterministic under a seed", () => {
  const S = population(600, rng.derive("fresh-2"));
  const options = { bootstrap: 0, seed: 3, learner: { nTrees: 20 } };
  const records = miaClassifier.compute({ real: R, synthetic: S, holdout: H }, options);
  const auc = value(records, "auc").value!;
  assert.ok(Math.abs(auc - 0.5) < 0.08, `fresh AUC ${auc}`);
  assert.deepEqual(miaClassifier.compute({ real: R, synthetic: S, holdout: H }, options), records);
});

test("Monte Carlo counts: the 5-NN lists answer the same counts as the full scan, at every radius and range", () => {
  const S = jitter(R, 0.02, rng.derive("mc-jitter"));
  const setup = miaSetup({ real: R, synthetic: S, holdout: H }, 3);
  assert.ok(typeof setup !== "string");
  const view = gowerView(setup);
  const n = view.candidates.n;
  const known = candidateNeighbors(setup, "synthetic");
  const d1 = candidateD1(setup, "synthetic");
  const sorted = Float64Array.from(d1).sort();
  // Radii at observed distances (ties with the radius), between them, and wide enough for full scans.
  for (const radius of [0, sorted[Math.floor(n / 2)], sorted[n - 1], 0.05, 0.2]) {
    const full = countSyntheticWithin(view, radius, 0, n);
    assert.deepEqual(countSyntheticWithin(view, radius, 0, n, known), full);
    const part = searchCandidates(view, "synthetic", 100, 300);
    assert.deepEqual(countSyntheticWithin(view, radius, 100, 300, part), full.slice(100, 300));
  }
});

test("searches run as range tasks elsewhere and primed into a setup give the same records", () => {
  const S = jitter(R, 0.02, rng.derive("prime-jitter"));
  const copy = (t: Table) => t.select(Int32Array.from({ length: t.nRows }, (_, i) => i));
  const worker = miaSetup({ real: R, synthetic: S, holdout: H }, 5);
  const input = { real: copy(R), synthetic: copy(S), holdout: copy(H) };
  const primed = miaSetup(input, 5);
  assert.ok(typeof worker !== "string" && typeof primed !== "string");
  const tasks = miaSearchTasks(worker, 3);
  assert.equal(tasks.length, 9);
  for (const search of ["candidates-synthetic", "candidates-reference", "reference-synthetic"] as const)
    primeMiaSearch(
      primed,
      search,
      tasks
        .filter((t) => t.search === search)
        .reverse()
        .map((t) => runMiaSearchTask(worker, t)),
    );
  for (const metric of [miaDcrThreshold, miaGanLeaksCalibrated, miaMonteCarlo])
    assert.deepEqual(
      metric.compute(input, { bootstrap: 10, seed: 5 }),
      metric.compute({ real: R, synthetic: S, holdout: H }, { bootstrap: 10, seed: 5 }),
    );
});
