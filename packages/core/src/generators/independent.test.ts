// The independent baseline: columns drawn on their own; at strict and balanced its numeric draws
// are smoothed so that a value one patient holds is not emitted as it is.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type NumericColumn, categoricalColumn, numericColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { fitGenerator } from "./registry.ts";

/**
 * 400 rows: x is 50 on 200 rows (a value many hold) and 200 distinct values 100.0 ... 299.5 (one
 * row each); y and z (4 levels each) make a synthetic row rarely equal a training row, so the guard
 * (no copy of a train-unique row) does not hide what smoothing does.
 */
function table(): Table {
  const values = Float64Array.from({ length: 400 }, (_, i) => (i < 200 ? 50 : 100 + (i - 200) * 0.5));
  const level = (f: (i: number) => number) =>
    categoricalColumn(
      "",
      Int32Array.from({ length: 400 }, (_, i) => f(i)),
      ["a", "b", "c", "d"],
    );
  return new Table([
    numericColumn("x", values, { decimals: 1 }),
    { ...level((i) => i % 4), name: "y" },
    { ...level((i) => Math.floor(i / 4) % 4), name: "z" },
  ]);
}

function emitted(privacy: "strict" | "balanced" | "off"): number[] {
  const t = table();
  const out = fitGenerator("independent", t, { seed: 3, privacy }).sample(4000, { seed: 4 }).table;
  return [...(out.column("x") as NumericColumn).values];
}

test("off resamples real values; balanced keeps the shared value and smooths those one row holds; strict smooths all", () => {
  const unique = new Set(Array.from({ length: 200 }, (_, i) => 100 + i * 0.5));
  const share = (xs: number[], keep: (x: number) => boolean) => xs.filter(keep).length / xs.length;
  const off = emitted("off");
  assert.equal(
    share(off, (x) => x === 50 || unique.has(x)),
    1,
  );
  const balanced = emitted("balanced");
  // About half the draws are the shared 50, kept as they are (±3 sd of a binomial(4000, ½)).
  assert.ok(Math.abs(share(balanced, (x) => x === 50) - 0.5) < 0.024, String(share(balanced, (x) => x === 50)));
  // The one-row values are noised on a 0.1 grid: a draw lands back on one of them by chance only
  // (the grid has 5 points per 0.5 step, one of them a real value): about 1 in 5 of the other half.
  const back = share(balanced, (x) => unique.has(x)) / share(balanced, (x) => x !== 50);
  assert.ok(back < 0.3, `${back} of the smoothed draws on a real one-row value`);
  // Strict noises every value, the shared one too: only draws pushed below the column's minimum
  // (50) are clipped back onto it, so well under the half that balanced keeps.
  const strict = share(emitted("strict"), (x) => x === 50);
  assert.ok(strict < 0.4, `${strict} of strict's draws at 50`);
});
