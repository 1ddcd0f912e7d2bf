// Gradient-boosted trees benchmark: fit time and test scores on the official Adult split, and the
// fit time of a binary model on 10,000 x 48 mixed synthetic data.
// Run: node --import tsx scripts/bench/gbt.ts
import { Rng } from "../../packages/core/src/random/rng.ts";
import { applyEncoding, type Dataset, datasetFromTable, encodingOf } from "../../packages/core/src/learn/dataset.ts";
import { fitGbt, type GbtModel } from "../../packages/core/src/learn/gbt.ts";
import { accuracy, argmaxRows, rocAucBinary } from "../../packages/core/src/learn/scores.ts";
import { fitWithProtocol } from "../../packages/core/src/learn/tuning.ts";
import { loadAdultSplit } from "../../packages/core/test/adult.ts";

/** 10,000 x 48: 32 numeric (5 % missing) and 16 categorical (8 levels) features, binary target. */
function mixedSynthetic(n: number, seed: number): Dataset {
  const rng = Rng.fromSeed(seed);
  const numeric = Array.from({ length: 32 }, () => new Float64Array(n));
  const categorical = Array.from({ length: 16 }, () => new Int32Array(n));
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < 32; j++) {
      const v = rng.normal();
      numeric[j][i] = rng.next() < 0.05 ? NaN : v;
      if (j < 8) z += v / (j + 1);
    }
    for (let j = 0; j < 16; j++) {
      categorical[j][i] = rng.int(8);
      if (j < 4 && categorical[j][i] < 3) z += 0.5;
    }
    y[i] = z + rng.normal() > 1 ? 1 : 0;
  }
  return {
    nRows: n,
    features: [
      ...numeric.map((values, j) => ({ kind: "numeric" as const, name: `x${j}`, values })),
      ...categorical.map((codes, j) => ({
        kind: "categorical" as const,
        name: `c${j}`,
        codes,
        levels: ["a", "b", "c", "d", "e", "f", "g", "h"],
      })),
    ],
    target: { kind: "classification", name: "y", codes: y, classes: ["0", "1"] },
    sourceRows: new Int32Array(n),
  };
}

/** Result, wall seconds and CPU seconds of this process (less sensitive to a busy machine). */
function timed<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = fn();
  const c = process.cpuUsage(c0);
  return [out, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function scores(model: GbtModel, test: Dataset): string {
  if (test.target.kind !== "classification") throw new Error("classification expected");
  const p = model.predict(test);
  const acc = accuracy(test.target.codes, argmaxRows(p, 2));
  return `accuracy ${acc.toFixed(4)}, AUC ${rocAucBinary(test.target.codes, p).toFixed(4)}`;
}

const adult = loadAdultSplit();
const train = datasetFromTable(adult.train, "income");
const test = applyEncoding(adult.test, encodingOf(train));
console.log(`adult: ${train.nRows} train x ${train.features.length} features, ${test.nRows} test rows`);

/** Median wall and CPU seconds of three fits, and the last model. */
function fitThrice(data: Dataset): [GbtModel, string] {
  const runs = [0, 1, 2].map(() => timed(() => fitGbt(data, {}, Rng.fromSeed(1))));
  const wall = median(runs.map((r) => r[1]));
  const cpu = median(runs.map((r) => r[2]));
  return [runs[2][0], `fit ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (median of 3)`];
}

const [fast, fastTime] = fitThrice(train);
console.log(`  fast profile (100 trees, depth 6): ${fastTime}; ${scores(fast, test)}`);

const [tuned, tunedWall, tunedCpu] = timed(() => fitWithProtocol(train, Rng.fromSeed(2024)));
console.log(
  `  tuned protocol (${tuned.nFits} fits, ${tuned.model.nRounds} rounds kept): ${tunedWall.toFixed(1)} s wall, ` +
    `${tunedCpu.toFixed(1)} s CPU; ${scores(tuned.model, test)}`,
);

const synthetic = mixedSynthetic(10_000, 7);
console.log(`synthetic 10,000 x 48 binary, fast profile: ${fitThrice(synthetic)[1]}`);
