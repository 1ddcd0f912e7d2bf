import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../random/rng.ts";
import type { Dataset } from "./dataset.ts";
import { fitGbt } from "./gbt.ts";
import { permutationImportance } from "./importance.ts";

function data(n: number, seed: number): Dataset {
  const rng = Rng.fromSeed(seed);
  const signal = new Float64Array(n);
  const weak = new Float64Array(n);
  const constant = new Float64Array(n).fill(3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    signal[i] = rng.normal();
    weak[i] = rng.normal();
    y[i] = 3 * signal[i] + 0.5 * weak[i] + 0.1 * rng.normal();
  }
  return {
    nRows: n,
    features: [
      { kind: "numeric", name: "signal", values: signal },
      { kind: "numeric", name: "weak", values: weak },
      { kind: "numeric", name: "constant", values: constant },
    ],
    target: { kind: "regression", name: "y", values: y },
    sourceRows: new Int32Array(n),
  };
}

test("permutation importance ranks the signal first and gives exactly 0 to an unused feature", () => {
  const model = fitGbt(data(2000, 1), {}, Rng.fromSeed(1));
  const imp = permutationImportance(model, data(500, 2), Rng.fromSeed(3), { nRepeats: 3 });
  assert.deepEqual(
    imp.map((f) => f.feature),
    ["signal", "weak", "constant"],
  );
  assert.ok(imp[0].importance > imp[1].importance && imp[1].importance > 0);
  // A constant column cannot be split on: shuffling it changes nothing.
  assert.equal(imp[2].importance, 0);
  assert.equal(imp[2].sd, 0);
  // Seeded: the same stream gives the same importances.
  assert.deepEqual(permutationImportance(model, data(500, 2), Rng.fromSeed(3), { nRepeats: 3 }), imp);
});
