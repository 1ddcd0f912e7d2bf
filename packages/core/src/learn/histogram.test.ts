import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../random/rng.ts";
import {
  activeBundlesOf,
  buildBundledHistogram,
  buildHistogram,
  bundleFeatures,
  histogramLayout,
  newHistogram,
} from "./histogram.ts";

/**
 * n rows of: a one-hot column of 5 levels (5 features, 3 bins each: 0, 1, missing), a numeric
 * feature with 10 bins, and a second one-hot column of 3 levels.
 */
function binMatrix(n: number, rng: Rng): { bins: Uint8Array; nBins: number[] } {
  const nBins = [3, 3, 3, 3, 3, 11, 3, 3, 3];
  const bins = new Uint8Array(n * nBins.length);
  for (let r = 0; r < n; r++) {
    const a = Math.floor(rng.next() ** 2 * 5);
    bins[a * n + r] = 1;
    bins[5 * n + r] = rng.int(10);
    const b = rng.int(3);
    bins[(6 + b) * n + r] = 1;
  }
  return { bins, nBins };
}

test("one-hot levels are bundled with the bin of 0 as default; the numeric feature stays alone", () => {
  const n = 500;
  const { bins, nBins } = binMatrix(n, Rng.fromSeed(1));
  const layout = histogramLayout(nBins);
  const bundles = bundleFeatures(bins, n, nBins, layout, [0, 0, 0, 0, 0, -1, 0, 0, 0])!;
  assert.equal(bundles.bundleOf[5], -1);
  const members = bundles.members.map((m) => Array.from(m)).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(members, [
    [0, 1, 2, 3, 4],
    [6, 7, 8],
  ]);
  for (const j of [0, 1, 2, 3, 4, 6, 7, 8]) assert.equal(bundles.defaultBin[j], 0);
});

test("a bundled histogram equals the feature-by-feature histogram on any node and feature subset", () => {
  const n = 800;
  const rng = Rng.fromSeed(2);
  const { bins, nBins } = binMatrix(n, rng);
  const layout = histogramLayout(nBins);
  const bundles = bundleFeatures(bins, n, nBins, layout, [0, 0, 0, 0, 0, -1, 0, 0, 0])!;
  const grad = Float64Array.from({ length: n }, () => rng.normal());
  const hess = Float64Array.from({ length: n }, () => 0.1 + rng.next());
  const rows = rng.permutation(n);
  for (const [begin, end] of [
    [0, n],
    [100, 350],
    [700, 703],
  ]) {
    const orderedGrad = Float64Array.from({ length: end - begin }, (_, i) => grad[rows[begin + i]]);
    const orderedHess = Float64Array.from({ length: end - begin }, (_, i) => hess[rows[begin + i]]);
    for (const features of [Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]), Int32Array.from([1, 5, 8])]) {
      const direct = newHistogram(layout);
      const bundled = newHistogram(layout);
      buildHistogram(direct, layout, bins, n, features, rows, begin, end, orderedGrad, orderedHess);
      buildBundledHistogram(
        bundled,
        layout,
        bins,
        n,
        features,
        bundles,
        activeBundlesOf(bundles, features),
        rows,
        begin,
        end,
        orderedGrad,
        orderedHess,
      );
      for (const j of features)
        for (let s = 3 * layout.offsets[j]; s < 3 * layout.offsets[j + 1]; s++)
          assert.ok(Math.abs(bundled[s] - direct[s]) < 1e-9, `feature ${j} slot ${s}: ${bundled[s]} vs ${direct[s]}`);
    }
  }
});
