import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "./table.ts";
import { categoricalColumn, numericColumn, stringColumn, countMissing, hasTwoObservedValues } from "./column.ts";

function sample(): Table {
  return new Table([
    numericColumn("age", Float64Array.from([30, 40, 0, 60]), {
      kind: "integer",
      missing: Uint8Array.from([0, 0, 1, 0]),
    }),
    categoricalColumn("sex", Int32Array.from([0, 1, -1, 0]), ["F", "M"]),
    stringColumn("id", "identifier", ["a", "b", "c", "d"]),
  ]);
}

test("missing slots hold sentinels, never plausible values", () => {
  const t = sample();
  const age = t.column("age");
  assert.ok(age.kind === "integer" && Number.isNaN(age.values[2]));
  assert.equal(countMissing(t.column("sex")), 1);
  assert.throws(() => numericColumn("x", Float64Array.from([NaN])), /not masked/);
  assert.throws(() => categoricalColumn("c", Int32Array.from([2]), ["a"]), /outside/);
});

test("select gathers rows with repeats; slice is a view", () => {
  const t = sample();
  const s = t.select([3, 3, 0]);
  assert.equal(s.nRows, 3);
  const age = s.column("age");
  assert.ok(age.kind === "integer");
  assert.deepEqual([...age.values], [60, 60, 30]);
  const sl = t.slice(1, 3);
  const a2 = sl.column("age");
  assert.ok(a2.kind === "integer" && a2.values.length === 2 && a2.values[0] === 40);
  assert.deepEqual([...sl.column("sex").missing], [0, 1]);
  assert.throws(() => t.select([4]), /out of range/);
});

test("pick, drop, withColumn, duplicate names", () => {
  const t = sample();
  assert.deepEqual(t.pick(["id", "age"]).names, ["id", "age"]);
  assert.deepEqual(t.drop(["age"]).names, ["sex", "id"]);
  assert.throws(() => new Table([t.column("age"), t.column("age")]), /duplicate/);
  assert.throws(() => t.column("nope"), /no column/);
});

test("hasTwoObservedValues reads only the observed values", () => {
  const withMissing = numericColumn("x", Float64Array.from([3, NaN, 3]), { missing: Uint8Array.from([0, 1, 0]) });
  assert.equal(hasTwoObservedValues(withMissing), false);
  assert.equal(hasTwoObservedValues(numericColumn("x", Float64Array.from([3, 4]))), true);
  assert.equal(hasTwoObservedValues(categoricalColumn("c", Int32Array.from([1, 1]), ["a", "b"])), false);
  assert.equal(hasTwoObservedValues(stringColumn("s", "text", ["a", "b"])), true);
  assert.equal(hasTwoObservedValues(stringColumn("s", "text", [])), false);
});
