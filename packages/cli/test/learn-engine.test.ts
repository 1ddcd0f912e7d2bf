/**
 * Core's LearnEngine on the worker pool: a batch of model fits gives the same models (same JSON,
 * hence same hash) in-thread, on 1 or 2 workers and on a worker with this thread joining, the learned metrics' batches go to the engine
 * inside `withLearnEngine`, their records (TSTR, feature importance) are identical with and
 * without workers, and a failing fit fails the batch with the fit's own message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  type Dataset,
  type GbtFitJob,
  type GbtModel,
  type LearnEngine,
  Rng,
  SosieOptionError,
  Table,
  categoricalColumn,
  computeMetric,
  datasetFromTable,
  fitGbt,
  fitGbtBatch,
  numericColumn,
  rngFromKey,
  withLearnEngine,
} from "@sosie/core";
import { withTestPools } from "./test-pools.ts";
import { WorkerPool } from "../src/workers/pool.ts";
import { fitsInBatches, poolLearnEngine, startLearnPool } from "../src/workers/learn-pool.ts";

let one: WorkerPool;
let two: WorkerPool;

withTestPools((a, b) => {
  [one, two] = [a, b];
});

/** A mixed table with a 3-class target `y`, a numeric `z`, ∅ in features, and a rare level. */
function table(n: number, seed: number): Table {
  const rng = Rng.fromSeed(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const missing = new Uint8Array(n);
  const grade = new Int32Array(n);
  const y = new Int32Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.normal();
    b[i] = Math.round(rng.next() * 40);
    missing[i] = rng.next() < 0.1 ? 1 : 0;
    grade[i] = rng.next() < 0.02 ? 4 : rng.int(4);
    const s = a[i] + (missing[i] ? 0 : b[i] / 20) + grade[i] * 0.3 + rng.normal() * 0.5;
    y[i] = s < 0.5 ? 0 : s < 1.5 ? 1 : 2;
    z[i] = s + rng.normal() * 0.2;
  }
  return new Table(
    [
      numericColumn("a", a),
      numericColumn("b", b, { kind: "integer", missing }),
      categoricalColumn("grade", grade, ["g0", "g1", "g2", "g3", "g4"]),
      categoricalColumn("y", y, ["low", "mid", "high"]),
      numericColumn("z", z),
    ],
    n,
  );
}

const hash = (model: GbtModel): string => createHash("sha256").update(JSON.stringify(model.toJSON())).digest("hex");

/** An engine on `pool` that counts the batches and fits it was given. */
function counted(pool: WorkerPool, joinHere = false): LearnEngine & { batches: number; fits: number } {
  const inner = poolLearnEngine(pool, joinHere);
  const engine = {
    batches: 0,
    fits: 0,
    fitGbtBatch(jobs: readonly GbtFitJob[]) {
      engine.batches++;
      engine.fits += jobs.length;
      return inner.fitGbtBatch(jobs);
    },
  };
  return engine;
}

test("rngFromKey rebuilds a stream that draws exactly as the original", () => {
  const original = Rng.fromSeed(7).derive("x", 3);
  const copy = rngFromKey(original.key);
  assert.equal(copy.key, original.key);
  for (let i = 0; i < 20; i++) assert.equal(copy.next(), original.next());
  assert.equal(copy.derive("y").key, original.derive("y").key);
});

test("a batch of fits gives bit-identical models in-thread and on 1 or 2 workers", () => {
  const t = table(600, 1);
  const classification = datasetFromTable(t, "y", { features: ["a", "b", "grade"] });
  const regression = datasetFromTable(t, "z", { features: ["a", "b", "grade"] });
  const root = Rng.fromSeed(11);
  const jobs: GbtFitJob[] = [
    { data: classification, options: { nTrees: 30 }, rng: root.derive("fit", 0) },
    { data: regression, options: { nTrees: 25, subsample: 0.7 }, rng: root.derive("fit", 1) },
    { data: classification, options: { nTrees: 20, colsample: 0.5 }, rng: root.derive("fit", 2) },
  ];
  const inThread = jobs.map((j) => hash(fitGbt(j.data, j.options, j.rng)));
  assert.deepEqual(fitGbtBatch(jobs).map(hash), inThread);
  for (const [pool, joinHere] of [
    [one, false],
    [two, false],
    [one, true],
  ] as const) {
    const engine = counted(pool, joinHere);
    const models = withLearnEngine(engine, () => fitGbtBatch(jobs));
    assert.equal(engine.batches, 1);
    assert.equal(engine.fits, 3);
    assert.deepEqual(models.map(hash), inThread);
    // The rebuilt models predict exactly as the in-thread ones.
    const expected = fitGbt(jobs[0].data, jobs[0].options, jobs[0].rng).predict(classification);
    assert.deepEqual(models[0].predict(classification), expected);
  }
});

test("a single fit stays in this thread; the engine is inactive while it works", () => {
  const data: Dataset = datasetFromTable(table(200, 2), "y", { features: ["a", "grade"] });
  const engine = counted(two);
  const model = withLearnEngine(engine, () => fitGbtBatch([{ data, options: { nTrees: 5 }, rng: Rng.fromSeed(1) }]));
  assert.equal(engine.batches, 0);
  assert.equal(hash(model[0]), hash(fitGbt(data, { nTrees: 5 }, Rng.fromSeed(1))));
  // A nested batch made by the engine itself is fitted in-thread rather than recursing.
  let nested = 0;
  const recursive: LearnEngine = {
    fitGbtBatch(jobs) {
      nested++;
      return fitGbtBatch(jobs);
    },
  };
  const jobs = [0, 1].map((i) => ({ data, options: { nTrees: 5 }, rng: Rng.fromSeed(i) }));
  withLearnEngine(recursive, () => fitGbtBatch(jobs));
  assert.equal(nested, 1);
});

test("a failing fit fails the batch with the fit's message", () => {
  const t = table(100, 3);
  const oneClass = new Table([t.column("a"), categoricalColumn("y", new Int32Array(100), ["only"])], 100);
  const bad = datasetFromTable(oneClass, "y");
  const good = datasetFromTable(t, "y", { features: ["a"] });
  const jobs = [
    { data: good, options: { nTrees: 5 }, rng: Rng.fromSeed(1) },
    { data: bad, options: { nTrees: 5 }, rng: Rng.fromSeed(2) },
  ];
  let message = "";
  assert.throws(
    () => fitGbt(bad, { nTrees: 5 }, Rng.fromSeed(2)),
    (e: Error) => ((message = e.message), true),
  );
  assert.ok(message.length > 0);
  assert.throws(() => withLearnEngine(poolLearnEngine(two), () => fitGbtBatch(jobs)), { message });
  // Fitted here (the second fit falls to this thread) or on a worker, the error keeps its kind.
  for (const engine of [poolLearnEngine(two), poolLearnEngine(one, true)])
    assert.throws(() => withLearnEngine(engine, () => fitGbtBatch(jobs)), SosieOptionError);
  // The pool still serves the next batch.
  const models = withLearnEngine(poolLearnEngine(two), () => fitGbtBatch([jobs[0], jobs[0]]));
  assert.equal(hash(models[0]), hash(models[1]));
});

test("TSTR and feature importance records are identical with and without workers", () => {
  // Fresh tables for each evaluation: the runs and real-side models are cached per table object.
  const evaluate = (engine: LearnEngine | null, target: string, ids: readonly string[]) => {
    const input = { real: table(400, 21), synthetic: table(400, 22), holdout: table(400, 23) };
    const options = { seed: 5, target, learner: { nTrees: 20 } };
    return withLearnEngine(engine, () => ids.map((id) => computeMetric(id, input, options)));
  };
  const classification = ["tstr-classification", "feature-importance-difference"];
  const inThread = evaluate(null, "y", classification);
  assert.equal(inThread[0][0].status, "ok");
  assert.equal(inThread[1][0].status, "ok");
  for (const [pool, joinHere] of [
    [one, false],
    [two, false],
    [one, true],
  ] as const) {
    const engine = counted(pool, joinHere);
    assert.deepEqual(evaluate(engine, "y", classification), inThread);
    // One batch: 3 repetitions x (R, S); feature importance reuses TSTR's models.
    assert.equal(engine.batches, 1);
    assert.equal(engine.fits, 6);
  }
  const regression = evaluate(null, "z", ["tstr-regression"]);
  assert.equal(regression[0][0].status, "ok");
  assert.deepEqual(evaluate(poolLearnEngine(two), "z", ["tstr-regression"]), regression);
});

test("startLearnPool starts workers only for batched metrics on big enough tables", async () => {
  assert.equal(fitsInBatches(["tstr-classification", "ks-complement"]), true);
  assert.equal(fitsInBatches(["distinguishability", "ks-complement"]), false);
  for (const [rows, learns, workers] of [
    [100_000, false, 2],
    [100, true, 2],
    [100_000, true, 1],
    [100_000, true, 0],
  ] as const) {
    const pool = startLearnPool(rows, learns, workers);
    assert.equal(pool.engine, null);
    assert.equal(pool.threads, 0);
    await pool.close();
  }
  const pool = startLearnPool(100_000, true, 2);
  try {
    assert.notEqual(pool.engine, null);
    assert.equal(pool.threads, 2);
  } finally {
    await pool.close();
  }
});
