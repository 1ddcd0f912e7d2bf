import { test } from "node:test";
import assert from "node:assert/strict";
import { booleanColumn, stringColumn } from "../../table/column.ts";
import { columnShapes, ksComplement, tvComplement } from "./shapes.ts";
import { cat, num, table } from "./test-tables.ts";

const run = (
  metric: typeof ksComplement,
  real: ReturnType<typeof table>,
  synthetic: ReturnType<typeof table>,
  variant = "sosie",
  holdout?: ReturnType<typeof table>,
) => metric.compute({ real, synthetic, holdout }, { variant, bootstrap: 0 })[0];

test("KS complement of the spec's examples (§2.9)", () => {
  const r = table(num("x", [1, 2, 3, 4]));
  const s = table(num("x", [3, 4, 5, 6]));
  assert.equal(run(ksComplement, r, s, "sosie").value, 0.5);
  assert.equal(run(ksComplement, r, s, "sdmetrics").value, 0.5);
  const rMissing = table(num("x", [null, null, 1, 2]));
  const sFull = table(num("x", [1, 2, 1, 2]));
  assert.equal(run(ksComplement, rMissing, sFull, "sdmetrics").value, 1);
  assert.equal(run(ksComplement, rMissing, sFull, "sosie").value, 0.5);
});

test("KS complement with unequal sizes: D = max |F_R − F_S| over pooled values", () => {
  // R = [1, 2, 3], S = [2, 2, 4, 5]: at 1 the gap is 1/3, at 2 |2/3 − 2/4| = 1/6, at 3 |1 − 1/2| = 1/2.
  const result = run(ksComplement, table(num("x", [1, 2, 3])), table(num("x", [2, 2, 4, 5])));
  assert.equal(result.value, 0.5);
});

test("KS complement: sdmetrics rounds to 14 decimals before comparing", () => {
  const r = table(num("x", [0.1 + 0.2, 1]));
  const s = table(num("x", [0.3, 1]));
  assert.equal(run(ksComplement, r, s, "sdmetrics").value, 1);
  assert.equal(run(ksComplement, r, s, "sosie").value, 0.5);
});

test("KS complement is undefined (sdmetrics) when one side has no value", () => {
  const result = run(ksComplement, table(num("x", [null, null])), table(num("x", [1, 2])), "sdmetrics");
  assert.equal(result.status, "undefined");
  assert.equal(result.value, null);
  assert.equal(result.nUndefined, 1);
  assert.match(result.reason ?? "", /no numeric column/);
  // sosie: all of R is ∅ (−∞), all of S is present: D = 1.
  assert.equal(run(ksComplement, table(num("x", [null, null])), table(num("x", [1, 2])), "sosie").value, 0);
});

test("TV complement of the spec's example (§2.10)", () => {
  const r = table(cat("g", ["a", "a", "b", "b"]));
  const s = table(cat("g", ["a", "a", "a", "b"]));
  assert.equal(run(tvComplement, r, s, "sosie").value, 0.75);
  assert.equal(run(tvComplement, r, s, "sdmetrics").value, 0.75);
});

test("TV complement: ∅ is dropped by sdmetrics and is a level for sosie", () => {
  const r = table(cat("g", ["a", null, "b", "b"]));
  const s = table(cat("g", ["a", "a", "b", "b"]));
  // sdmetrics: R (1/3, 2/3) vs S (1/2, 1/2): TV = 1/6.
  assert.ok(Math.abs(run(tvComplement, r, s, "sdmetrics").value! - 5 / 6) < 1e-15);
  // sosie: R (a 1/4, b 1/2, ∅ 1/4) vs S (1/2, 1/2, 0): TV = 1/4.
  assert.equal(run(tvComplement, r, s, "sosie").value, 0.75);
});

test("TV complement counts levels seen only in S, and matches levels by text", () => {
  const r = table(cat("g", ["a", "b"]));
  const s = table(cat("g", ["b", "c"]));
  // Union {a, b, c}: R (1/2, 1/2, 0), S (0, 1/2, 1/2): TV = 1/2.
  assert.equal(run(tvComplement, r, s).value, 0.5);
});

test("TV complement: numeric category codes match by value ('1' and '1.0' are one level)", () => {
  const r = table(cat("g", ["1", "2", "2", "3"]));
  const s = table(cat("g", ["2.0", "1.0", "3.0", "2.0"]));
  assert.equal(run(tvComplement, r, s).value, 1);
  // Texts that are not all numbers match as written.
  const rText = table(cat("g", ["1", "x"]));
  const sText = table(cat("g", ["1.0", "x"]));
  assert.equal(run(tvComplement, rText, sText).value, 0.5);
});

test("TV complement treats booleans as two levels, whatever their tokens", () => {
  const r = table(booleanColumn("b", Uint8Array.from([1, 1, 0, 0]), { tokens: ["0", "1"] }));
  const s = table(booleanColumn("b", Uint8Array.from([1, 0, 0, 0]), { tokens: ["No", "Yes"] }));
  assert.equal(run(tvComplement, r, s).value, 0.75);
});

test("column shapes: the mean of per-column KS and TV complements, identifiers not evaluated", () => {
  const ids = (n: number) =>
    stringColumn(
      "id",
      "identifier",
      Array.from({ length: n }, (_, i) => `p${i}`),
    );
  const r = table(num("x", [1, 2, 3, 4]), cat("g", ["a", "a", "b", "b"]), ids(4));
  const s = table(num("x", [3, 4, 5, 6]), cat("g", ["a", "a", "a", "b"]), ids(4));
  const result = run(columnShapes, r, s);
  assert.equal(result.value, (0.5 + 0.75) / 2);
  assert.deepEqual(
    result.details.map((d) => [d.columns[0], d.measure, d.value]),
    [
      ["x", "ks-complement", 0.5],
      ["g", "tv-complement", 0.75],
    ],
  );
});

test("column shapes of S = R in another order is exactly 1, and the holdout gives the reference", () => {
  const r = table(num("x", [1, 5, 2, null, 7]), cat("g", ["a", "b", null, "a", "c"]));
  const shuffled = r.select([4, 2, 0, 3, 1]);
  const h = table(num("x", [1, 2, 3, 4, 5]), cat("g", ["a", "a", "a", "a", "a"]));
  for (const variant of ["sosie", "sdmetrics"]) {
    const result = run(columnShapes, r, shuffled, variant, h);
    assert.equal(result.value, 1);
    assert.ok(result.reference !== null && result.reference < 1);
    assert.deepEqual(result.n, { R: 5, S: 5, H: 5 });
    assert.ok(result.details.every((d) => d.reference !== null));
  }
});

test("a column absent from S is undefined and counted, not silently dropped", () => {
  const result = run(columnShapes, table(num("x", [1, 2]), cat("g", ["a", "b"])), table(num("x", [1, 2])));
  assert.equal(result.value, 1);
  assert.equal(result.nUndefined, 1);
  assert.equal(result.details[1].status, "undefined");
});

test("an unknown variant is an option error", () => {
  assert.throws(
    () => ksComplement.compute({ real: table(num("x", [1])), synthetic: table(num("x", [1])) }, { variant: "clover" }),
    {
      name: "SosieOptionError",
    },
  );
});
