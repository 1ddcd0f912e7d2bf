import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPeerTable } from "../../test/peer-tables.ts";
import type { MetricResult } from "../metrics/types.ts";
import { metricRecord } from "../metrics/test-records.ts";
import { averageOverRuns, checkAttackRuns, defaultAttackRuns } from "./attack-runs.ts";
import { runPipeline } from "./run.ts";
import { testProvenance } from "../../test/provenance.ts";
import type { RunSettings } from "./types.ts";

function record(id: string, submetric: string, value: number | null, ci: [number, number] | null): MetricResult {
  return metricRecord(id, submetric, value, {
    ci,
    ciMethod: ci === null ? null : "percentile-bootstrap",
    reason: value === null ? "undefined here" : null,
  });
}

test("membership records become the mean of the runs, their interval the mean of the intervals, with the sd", () => {
  const first = [
    record("mia-classifier", "auc", 0.6, [0.5, 0.7]),
    record("mia-classifier", "tpr-at-10pct-fpr", 0.3, null),
    record("singling-out-univariate", "risk", 0.2, [0.1, 0.3]),
  ];
  const second = [
    record("mia-classifier", "auc", 0.5, [0.4, 0.6]),
    record("mia-classifier", "tpr-at-10pct-fpr", 0.1, null),
    record("singling-out-univariate", "risk", 0.9, [0.8, 1]),
  ];
  const third = [
    record("mia-classifier", "auc", 0.7, [0.6, 0.8]),
    record("mia-classifier", "tpr-at-10pct-fpr", null, null),
  ];
  const [auc, tpr, singling] = averageOverRuns(first, [second, third]);
  assert.ok(Math.abs(auc.value! - 0.6) < 1e-12);
  assert.ok(Math.abs(auc.ci![0] - 0.5) < 1e-12 && Math.abs(auc.ci![1] - 0.7) < 1e-12);
  // sd of (0.6, 0.5, 0.7) with n − 1: 0.1.
  const spread = auc.details.find((d) => d.measure === "runs-sd")!;
  assert.ok(Math.abs(spread.value! - 0.1) < 1e-12);
  assert.deepEqual(spread.stats, { runs: 3, min: 0.5, max: 0.7, first: 0.6 });
  assert.match(auc.notes.at(-1)!, /^mean of 3 runs, each on its own generator refit and candidate draw/);
  // A run where the record is undefined is left out: (0.3 + 0.1)/2.
  assert.ok(Math.abs(tpr.value! - 0.2) < 1e-12);
  assert.equal(tpr.ci, null);
  assert.equal(tpr.details.find((d) => d.measure === "runs-sd")!.stats!.runs, 2);
  // Not a membership attack: untouched.
  assert.equal(singling, first[2]);
  assert.deepEqual(averageOverRuns(first, []), first);
});

test("runs: 5 up to 5,000 training rows, 1 above; 1 to 50 accepted", () => {
  assert.equal(defaultAttackRuns(5_000), 5);
  assert.equal(defaultAttackRuns(5_001), 1);
  assert.equal(checkAttackRuns(1), 1);
  assert.throws(() => checkAttackRuns(0), /whole number from 1 to 50/);
  assert.throws(() => checkAttackRuns(2.5), /whole number from 1 to 50/);
});

const PROVENANCE = testProvenance({ name: "train.csv", rows: 0, columns: 0 }, "3");

async function heartFailure(attackRuns: number) {
  const train = loadPeerTable("privacy-peers/heart-failure", "train.csv");
  const holdout = loadPeerTable("privacy-peers/heart-failure", "holdout.csv");
  const settings: RunSettings = {
    methods: ["gaussian-copula"],
    seed: 3,
    holdout: { kind: "table", table: holdout, label: "holdout.csv" },
    attackRuns,
  };
  return runPipeline({
    input: train,
    settings,
    provenance: PROVENANCE,
    evaluation: { metrics: ["mia-dcr-threshold", "mia-classifier", "dcr-closer-to-train"], minHoldoutRows: 90 },
  });
}

test("sosie run averages the membership attacks over refits; the released output and other metrics are unchanged", async () => {
  const one = await heartFailure(1);
  const three = await heartFailure(3);
  const again = await heartFailure(3);
  assert.equal(three.results.evaluation.attackRuns, 3);
  // The output written is the first run's, whatever the number of runs.
  const csv = (t: typeof one) =>
    JSON.stringify(
      t.synthetic
        .get("gaussian-copula")!
        .columns.map((c) => [Array.from(c.missing), Array.from("codes" in c ? c.codes : c.values)]),
    );
  assert.equal(csv(three), csv(one));
  const privacy = (t: typeof one) => t.results.methods[0].privacy;
  const find = (t: typeof one, id: string, sub: string) => privacy(t).find((r) => r.id === id && r.submetric === sub)!;
  const auc1 = find(one, "mia-classifier", "auc");
  const auc3 = find(three, "mia-classifier", "auc");
  const spread = auc3.details.find((d) => d.measure === "runs-sd")!;
  assert.equal(spread.stats!.runs, 3);
  // The first run is the single-run figure.
  assert.equal(spread.stats!.first, auc1.value);
  assert.notEqual(auc3.value, auc1.value);
  assert.ok(auc3.value! >= spread.stats!.min! && auc3.value! <= spread.stats!.max!);
  assert.equal(
    auc1.details.find((d) => d.measure === "runs-sd"),
    undefined,
  );
  // Not a membership attack: the first run's figure.
  assert.deepEqual(
    find(three, "dcr-closer-to-train", "share-closer-to-train"),
    find(one, "dcr-closer-to-train", "share-closer-to-train"),
  );
  // Same seed, same records.
  assert.deepEqual(privacy(again), privacy(three));
});
