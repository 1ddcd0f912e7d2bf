import { test } from "node:test";
import assert from "node:assert/strict";
import { selectDatasetRows, type Dataset } from "../../learn/index.ts";
import { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import { groupedPermutationImportance } from "./feature-importance.ts";
import { resolveLearnedOptions } from "./learning-protocol.ts";
import { fastProtocolAuc } from "./repetition-interval.ts";
import { cat, num, table } from "./test-tables.ts";
import { runTstr, type TrainedSide } from "./tstr.ts";

/**
 * Three classes driven by a numeric column with ∅ (value + missing indicator), a one-hot column
 * and a many-level column (frequency ranks); a noise column and a column with coarse ties.
 */
function population(n: number, rng: Rng): Table {
  const a: (number | null)[] = [];
  const b: number[] = [];
  const noise: number[] = [];
  const coarse: number[] = [];
  const g: string[] = [];
  const wide: (string | null)[] = [];
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    const level = ["p", "q", "r", "s"][rng.int(4)];
    const w = rng.int(40);
    a.push(rng.next() < 0.1 ? null : x);
    b.push(rng.normal());
    noise.push(rng.normal());
    coarse.push(rng.int(3));
    g.push(level);
    wide.push(rng.next() < 0.05 ? null : `w${w}`);
    const z = x + (level === "p" ? 1 : level === "q" ? -1 : 0) + (w < 10 ? 0.7 : 0) + 0.6 * rng.normal();
    y.push(z > 0.8 ? "hi" : z < -0.5 ? "lo" : "mid");
  }
  return table(
    num("a", a),
    num("b", b),
    num("noise", noise),
    num("coarse", coarse),
    cat("g", g),
    cat("wide", wide),
    cat("y", y),
  );
}

/** The plain path: permute the column's encoded features, predict with the model, score. */
function plainImportance(
  side: TrainedSide,
  columns: readonly string[],
  nRepeats: number,
  rng: Rng,
  rows?: Int32Array,
): Float64Array {
  const test = rows === undefined ? side.test : selectDatasetRows(side.test, rows);
  const score = (data: Dataset) => {
    const t = data.target;
    const p = side.model.predict(data);
    if (t.kind === "classification") return fastProtocolAuc(t.codes, p, t.classes.length);
    let s = 0;
    for (let i = 0; i < t.values.length; i++) s += (t.values[i] - p[i]) ** 2;
    return -Math.sqrt(s / t.values.length);
  };
  const base = score(test);
  return Float64Array.from(columns, (name, g) => {
    if (!side.model.trees.some((tree) => tree.feature.some((f) => f >= 0 && side.group[f] === g))) return 0;
    let drop = 0;
    for (let r = 0; r < nRepeats; r++) {
      const order = rng.derive(name, r).permutation(test.nRows);
      const features = test.features.map((f, j) => {
        if (side.group[j] !== g) return f;
        if (f.kind !== "numeric") throw new Error("encoded features are numeric");
        return { ...f, values: Float64Array.from(order, (i) => f.values[i]) };
      });
      drop += base - score({ ...test, features });
    }
    return drop / nRepeats;
  });
}

const rng = Rng.fromSeed(31);
const real = population(700, rng);
const holdout = population(500, rng);

test("grouped permutation importance is bit-identical to permuting the features and predicting", () => {
  const o = resolveLearnedOptions("tstr-classification", {
    learner: { nTrees: 25, maxDepth: 5 },
    repetitions: 1,
    maxOneHot: 8,
  });
  const run = runTstr({ real, synthetic: real, holdout }, "y", o, Rng.fromSeed(3));
  const side = run.repetitions[0].real;
  assert.equal(side.model.nOutputs, 3, "multiclass: one tree per class per round");
  assert.ok(
    side.test.features.some((f) => f.name.endsWith("#rank")),
    "a frequency-rank feature",
  );
  assert.ok(
    side.test.features.some((f) => f.name.endsWith("_NA")),
    "a missing indicator",
  );
  const rows = Rng.fromSeed(8).sampleWithoutReplacement(side.test.nRows, 300).sort();
  for (const subset of [undefined, rows]) {
    const fast = groupedPermutationImportance(side, run.features, 4, Rng.fromSeed(5), subset);
    const plain = plainImportance(side, run.features, 4, Rng.fromSeed(5), subset);
    run.features.forEach((name, g) => assert.equal(fast[g], plain[g], `${name}: ${fast[g]} vs ${plain[g]}`));
    assert.ok(fast[run.features.indexOf("a")] > 0.02, "a drives y");
    assert.ok(
      fast.some((v, g) => v !== 0 && run.features[g] !== "a"),
      "other columns move the score too",
    );
  }
});

test("grouped permutation importance is bit-identical for a regression model", () => {
  const o = resolveLearnedOptions("tstr-regression", { learner: { nTrees: 20 }, repetitions: 1 });
  const run = runTstr({ real, synthetic: real, holdout }, "b", o, Rng.fromSeed(4));
  const side = run.repetitions[0].real;
  const fast = groupedPermutationImportance(side, run.features, 3, Rng.fromSeed(6));
  const plain = plainImportance(side, run.features, 3, Rng.fromSeed(6));
  run.features.forEach((name, g) => assert.equal(fast[g], plain[g], `${name}: ${fast[g]} vs ${plain[g]}`));
});
