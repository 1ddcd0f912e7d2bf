import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../random/rng.ts";
import { type GrowOptions, growTree } from "./grow.ts";
import { categoricalPredictor, numericPredictor } from "./predictor.ts";
import {
  LEFT,
  RIGHT,
  UNSEEN,
  type Tree,
  drawDonor,
  isLeaf,
  loadTree,
  routeRow,
  saveTree,
  withoutDonors,
} from "./tree.ts";

const RPART: GrowOptions = { minbucket: 5, minsplit: 15, cp: 1e-8, maxDepth: 30, maxExhaustiveLevels: 12 };
const LOOSE: GrowOptions = { minbucket: 1, minsplit: 2, cp: 1e-8, maxDepth: 30, maxExhaustiveLevels: 12 };

function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

function leaves(tree: Tree): number[] {
  return Array.from(tree.feature.keys()).filter((i) => isLeaf(tree, i));
}

function rootDirections(tree: Tree, nLevels: number): number[] {
  const start = tree.directionStart[0];
  return Array.from(tree.directions.subarray(start, start + nLevels));
}

test("numeric predictor: the cut is the midpoint between the two classes of values, leaves are pure", () => {
  const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const y = Float64Array.from([0, 0, 0, 0, 0, 10, 10, 10, 10, 10]);
  const tree = growTree([numericPredictor(x)], { kind: "numeric", values: y }, allRows(10), {
    ...LOOSE,
    minbucket: 2,
    minsplit: 4,
  });
  assert.equal(tree.feature[0], 0);
  assert.equal(tree.threshold[0], 5.5);
  assert.equal(tree.feature.length, 3); // pure children are leaves
  const left = tree.left[0];
  const right = tree.right[0];
  assert.deepEqual(
    Array.from(tree.donors.subarray(tree.donorStart[left], tree.donorStart[left] + tree.donorCount[left])),
    [0, 0, 0, 0, 0],
  );
  assert.deepEqual(
    Array.from(tree.donors.subarray(tree.donorStart[right], tree.donorStart[right] + tree.donorCount[right])),
    [10, 10, 10, 10, 10],
  );
});

test("categorical predictor, numeric response: levels ordered by mean; absent levels are unseen", () => {
  // Level means a 3, b 1, c 4, d 2 (two rows each); level e has no rows.
  const codes = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
  const y = Float64Array.from([3, 3, 1, 1, 4, 4, 2, 2]);
  const tree = growTree([categoricalPredictor(codes, 5)], { kind: "numeric", values: y }, allRows(8), {
    ...LOOSE,
    maxDepth: 1,
  });
  // Ordered b, d, a, c: the best cut {b, d} | {a, c} lowers the SSE from 10 to 2.
  assert.deepEqual(rootDirections(tree, 5), [RIGHT, LEFT, RIGHT, LEFT, UNSEEN]);
});

test("equal candidates go to the lexicographically smaller left level set", () => {
  // Means: c 0, b 5 (two rows), a 10; ranked c, b, a. Cuts {c} | {b, a} and {c, b} | {a} both lower
  // the SSE by 100/3; the left sets in code order are [2] and [1, 2], and [1, 2] is the smaller.
  const codes = Int32Array.from([0, 1, 1, 2]);
  const y = Float64Array.from([10, 5, 5, 0]);
  const tree = growTree([categoricalPredictor(codes, 3)], { kind: "numeric", values: y }, allRows(4), {
    ...LOOSE,
    maxDepth: 1,
  });
  assert.deepEqual(rootDirections(tree, 3), [RIGHT, LEFT, LEFT]);
});

test("many-level multiclass responses use the ordered rule, fewer levels the exhaustive one", () => {
  // Levels (10 rows each): L0 all x, L1 all y, L2 all z, L3 half x half y. Classes x=0, y=1, z=2.
  const codes: number[] = [];
  const y: number[] = [];
  const add = (level: number, cls: number, k: number) => {
    for (let i = 0; i < k; i++) {
      codes.push(level);
      y.push(cls);
    }
  };
  add(0, 0, 10);
  add(1, 1, 10);
  add(2, 2, 10);
  add(3, 0, 5);
  add(3, 1, 5);
  const predictor = categoricalPredictor(Int32Array.from(codes), 4);
  const response = { kind: "categorical" as const, codes: Int32Array.from(y), nLevels: 3 };
  // Exhaustive: {L2} | rest lowers the Gini sum of squares term from 13.75 to 25, the best of all 7 bipartitions.
  const exhaustive = growTree([predictor], response, allRows(40), { ...LOOSE, maxDepth: 1 });
  assert.deepEqual(rootDirections(exhaustive, 4), [RIGHT, RIGHT, LEFT, RIGHT]);
  // Ordered by share of the major class x (tie x/y broken to the smaller code): L1 0, L2 0, L3 .5, L0 1;
  // the best ordered cut is {L1, L2} | {L3, L0} (22.5; the other two give 21.67).
  const ordered = growTree([predictor], response, allRows(40), { ...LOOSE, maxDepth: 1, maxExhaustiveLevels: 3 });
  assert.deepEqual(rootDirections(ordered, 4), [RIGHT, LEFT, LEFT, RIGHT]);
});

/** Brute force: the largest impurity decrease over every threshold and every level subset. */
function bruteForceBest(
  x: Float64Array,
  c: Int32Array,
  nLevels: number,
  impurity: (rows: number[]) => number,
  minbucket: number,
): number {
  const n = x.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const parent = impurity(all);
  let best = -Infinity;
  const consider = (goesLeft: (i: number) => boolean) => {
    const left = all.filter(goesLeft);
    const right = all.filter((i) => !goesLeft(i));
    if (left.length >= minbucket && right.length >= minbucket)
      best = Math.max(best, parent - impurity(left) - impurity(right));
  };
  for (const t of new Set(x)) consider((i) => x[i] < t + 0.5);
  for (let mask = 1; mask < 2 ** nLevels - 1; mask++) consider((i) => ((mask >> c[i]) & 1) === 1);
  return best;
}

function rootDecrease(tree: Tree, x: Float64Array, c: Int32Array, impurity: (rows: number[]) => number): number {
  const all = Array.from({ length: x.length }, (_, i) => i);
  const goesLeft = (i: number) =>
    tree.feature[0] === 0 ? x[i] < tree.threshold[0] : tree.directions[tree.directionStart[0] + c[i]] === LEFT;
  return impurity(all) - impurity(all.filter(goesLeft)) - impurity(all.filter((i) => !goesLeft(i)));
}

test("root splits are optimal: same impurity decrease as a brute-force search (200 random nodes per response kind)", () => {
  const r = Rng.fromSeed(9);
  for (let trial = 0; trial < 200; trial++) {
    const n = 20 + r.int(60);
    const nClasses = 2 + r.int(4);
    const nLevels = 2 + r.int(6);
    const x = Float64Array.from({ length: n }, () => r.int(10));
    const c = Int32Array.from({ length: n }, () => r.int(nLevels));
    const classes = Int32Array.from({ length: n }, (_, i) =>
      r.next() < 0.5 ? (c[i] + (x[i] > 4 ? 1 : 0)) % nClasses : r.int(nClasses),
    );
    const values = Float64Array.from({ length: n }, (_, i) => c[i] * 2 + (x[i] > 6 ? 5 : 0) + r.normal());
    const gini = (rows: number[]) => {
      const counts = new Map<number, number>();
      for (const i of rows) counts.set(classes[i], (counts.get(classes[i]) ?? 0) + 1);
      return rows.length === 0 ? 0 : rows.length - [...counts.values()].reduce((s, k) => s + k * k, 0) / rows.length;
    };
    const sse = (rows: number[]) => {
      const mean = rows.reduce((s, i) => s + values[i], 0) / rows.length;
      return rows.reduce((s, i) => s + (values[i] - mean) ** 2, 0);
    };
    const predictors = [numericPredictor(x), categoricalPredictor(c, nLevels)];
    const options = { ...RPART, maxDepth: 1 };
    const classTree = growTree(
      predictors,
      { kind: "categorical", codes: classes, nLevels: nClasses },
      allRows(n),
      options,
    );
    const regressionTree = growTree(predictors, { kind: "numeric", values }, allRows(n), options);
    for (const [tree, impurity] of [
      [classTree, gini],
      [regressionTree, sse],
    ] as const) {
      const best = bruteForceBest(x, c, nLevels, impurity, 5);
      if (tree.feature[0] < 0)
        assert.ok(
          !(best > 1e-8 * impurity(Array.from({ length: n }, (_, i) => i))),
          `trial ${trial}: no split, brute force ${best}`,
        );
      else assert.ok(Math.abs(rootDecrease(tree, x, c, impurity) - best) < 1e-9 * Math.max(1, best), `trial ${trial}`);
    }
  }
});

test("every leaf has at least minbucket rows; depth, minsplit and cp stop growth", () => {
  const r = Rng.fromSeed(4);
  const n = 2000;
  const x = Float64Array.from({ length: n }, () => r.next());
  const c = Int32Array.from({ length: n }, () => r.int(7));
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(6 * x[i]) + c[i] + 0.1 * r.normal());
  const predictors = [numericPredictor(x), categoricalPredictor(c, 7)];
  const tree = growTree(predictors, { kind: "numeric", values: y }, allRows(n), RPART);
  const leafSizes = leaves(tree).map((l) => tree.donorCount[l]);
  assert.ok(leafSizes.length > 50);
  assert.ok(leafSizes.every((s) => s >= 5));
  assert.equal(
    leafSizes.reduce((a, b) => a + b, 0),
    n,
  );
  assert.equal(
    growTree(predictors, { kind: "numeric", values: y }, allRows(n), { ...RPART, maxDepth: 0 }).feature.length,
    1,
  );
  assert.equal(
    growTree(predictors, { kind: "numeric", values: y }, allRows(n), { ...RPART, minsplit: n + 1 }).feature.length,
    1,
  );
  assert.equal(growTree(predictors, { kind: "numeric", values: y }, allRows(n), { ...RPART, cp: 2 }).feature.length, 1);
});

test("bootstrap rows (repeats) are grown on as given", () => {
  const x = Float64Array.from([1, 2, 3, 4]);
  const y = Float64Array.from([5, 5, 9, 9]);
  const rows = Int32Array.from([0, 0, 1, 2, 3, 3]);
  const tree = growTree([numericPredictor(x)], { kind: "numeric", values: y }, rows, {
    ...LOOSE,
    minbucket: 3,
    minsplit: 6,
  });
  assert.equal(tree.threshold[0], 2.5);
  assert.deepEqual(Array.from(tree.donors), [5, 5, 5, 9, 9, 9]);
});

test("routing: unseen levels go either way with probability ½, seeded; donors are drawn uniformly", () => {
  const codes = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
  const y = Float64Array.from([1, 2, 3, 4, 11, 12, 13, 14]);
  const tree = loadTree(
    JSON.parse(
      JSON.stringify(
        saveTree(
          growTree([categoricalPredictor(codes, 3)], { kind: "numeric", values: y }, allRows(8), {
            ...LOOSE,
            maxDepth: 1,
          }),
        ),
      ),
    ),
  );
  assert.deepEqual(rootDirections(tree, 3), [LEFT, RIGHT, UNSEEN]);
  const n = 10000;
  const unseen = { kind: "categorical" as const, codes: new Int32Array(n).fill(2) };
  const rng = Rng.fromSeed(3);
  let left = 0;
  const donors = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const leaf = routeRow(tree, [unseen], i, rng);
    if (leaf === tree.left[0]) left++;
    const d = drawDonor(tree, leaf, rng);
    donors.set(d, (donors.get(d) ?? 0) + 1);
  }
  assert.ok(Math.abs(left - n / 2) < 3 * Math.sqrt(n / 4), `left ${left}`); // binomial 3σ = 150
  // 8 donors, each drawn with probability 1/8: within 3σ of 1250.
  for (const [, count] of donors) assert.ok(Math.abs(count - n / 8) < 3 * Math.sqrt((n * 7) / 64));
  assert.equal(donors.size, 8);
  const seen = { kind: "categorical" as const, codes: Int32Array.from([0, 1]) };
  assert.equal(routeRow(tree, [seen], 0, rng), tree.left[0]);
  assert.equal(routeRow(tree, [seen], 1, rng), tree.right[0]);
});

test("saved trees: directions are one digit per level; a list of directions (older models) loads the same", () => {
  const codes = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 3, 3]);
  const y = Float64Array.from([1, 2, 3, 4, 11, 12, 13, 14, 2, 3]);
  const tree = growTree([categoricalPredictor(codes, 4)], { kind: "numeric", values: y }, allRows(10), {
    ...LOOSE,
    maxDepth: 1,
  });
  const saved = saveTree(tree);
  // Levels 0 and 3 (means 2.5) left, 1 (12.5) right, 2 absent from the node: unseen.
  assert.equal(saved.directions, `${LEFT}${RIGHT}${UNSEEN}${LEFT}`);
  assert.deepEqual(loadTree(JSON.parse(JSON.stringify(saved))), tree);
  assert.deepEqual(loadTree({ ...saved, directions: [LEFT, RIGHT, UNSEEN, LEFT] }), tree);
  assert.throws(() => loadTree({ ...saved, directions: "1037" }), RangeError);
});

test("withoutDonors: leaves keep their donors outside the avoided codes, in order; a leaf of avoided donors only keeps them all", () => {
  const codes = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  const y = Int32Array.from([2, 0, 2, 1, 0, 3, 3, 3, 3, 3]);
  const tree = growTree(
    [categoricalPredictor(codes, 2)],
    { kind: "categorical", codes: y, nLevels: 4 },
    allRows(10),
    LOOSE,
  );
  const [a, b] = [tree.left[0], tree.right[0]];
  const donorsOf = (t: Tree, leaf: number) =>
    Array.from(t.donors.subarray(t.donorStart[leaf], t.donorStart[leaf] + t.donorCount[leaf]));
  assert.deepEqual(donorsOf(tree, a), [2, 0, 2, 1, 0]);
  const restricted = withoutDonors(tree, [0, 3]);
  assert.deepEqual(donorsOf(restricted, a), [2, 2, 1]);
  assert.deepEqual(donorsOf(restricted, b), [3, 3, 3, 3, 3]);
  assert.deepEqual(restricted.feature, tree.feature);
});
