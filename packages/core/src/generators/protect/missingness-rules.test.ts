import { test } from "node:test";
import assert from "node:assert/strict";
import { Table } from "../../table/table.ts";
import { type NumericColumn, categoricalColumn, countMissing, numericColumn } from "../../table/column.ts";
import { Rng } from "../../random/rng.ts";
import { enforceMissingnessRules, learnMissingnessRules } from "./missingness-rules.ts";

const n = 200;
// A = "x" on rows 0–39, C = "z" on rows 40–59; B is ∅ exactly there and on every 10th other row.
const a = Int32Array.from({ length: n }, (_, i) => (i < 40 ? 0 : 1));
const c = Int32Array.from({ length: n }, (_, i) => (i >= 40 && i < 60 ? 0 : 1));
const bMissing = Uint8Array.from({ length: n }, (_, i) => (i < 60 || i % 10 === 5 ? 1 : 0));

function real(): Table {
  return new Table([
    categoricalColumn("A", a.slice(), ["x", "y"]),
    // A2 codes the same thing as A (a concept id and its source value).
    categoricalColumn("A2", a.slice(), ["X", "Y"]),
    categoricalColumn("C", c.slice(), ["z", "w"]),
    numericColumn(
      "B",
      Float64Array.from({ length: n }, (_, i) => (bMissing[i] ? NaN : i)),
      { kind: "integer", missing: bMissing.slice() },
    ),
  ]);
}

test("missingness rules: a source covering the same rows of R as a kept rule adds no rule", () => {
  const rules = learnMissingnessRules(real(), ["A", "A2", "C", "B"]);
  // A and A2 each cover rows 0–39 (ties go to the earlier column); C covers 20 other rows.
  assert.deepEqual(rules, [
    { target: "B", source: "A", absentWhen: ["x"] },
    { target: "B", source: "C", absentWhen: ["z"] },
  ]);
});

test("missingness rules: misplaced values move to rows where B is ∅ and no rule holds, so B's ∅ count is kept", () => {
  const rules = [{ target: "B", source: "A", absentWhen: ["x"] }];
  // A synthetic table whose B ignores the rule: present on rows 0–9 (A = x), ∅ on rows 100–129.
  const synthetic = (): Table =>
    new Table([
      categoricalColumn("A", a.slice(), ["x", "y"]),
      numericColumn(
        "B",
        Float64Array.from({ length: n }, (_, i) => 1000 + i),
        {
          kind: "integer",
          missing: Uint8Array.from({ length: n }, (_, i) => ((i >= 10 && i < 40) || (i >= 100 && i < 130) ? 1 : 0)),
        },
      ),
    ]);
  const t = synthetic();
  const before = countMissing(t.column("B"));
  assert.equal(enforceMissingnessRules(t, rules, Rng.fromSeed(4)), 10);
  const b = t.column("B") as NumericColumn;
  assert.equal(countMissing(b), before);
  for (let i = 0; i < 40; i++) assert.equal(b.missing[i], 1);
  // The ten values of rows 0–9 now sit on ten of the rows 100–129; nothing else changed.
  const moved: number[] = [];
  for (let i = 100; i < 130; i++) if (!b.missing[i]) moved.push(b.values[i]);
  assert.deepEqual(
    moved.sort((x, y) => x - y),
    Array.from({ length: 10 }, (_, i) => 1000 + i),
  );
  for (let i = 40; i < n; i++) if (i < 100 || i >= 130) assert.equal(b.values[i], 1000 + i);
  // Seeded: the same stream moves them to the same rows.
  const again = synthetic();
  enforceMissingnessRules(again, rules, Rng.fromSeed(4));
  assert.deepEqual(again.column("B"), b);
});

test("missingness rules: values with no ∅ row to go to are erased; without a stream all are erased", () => {
  const rules = [{ target: "B", source: "A", absentWhen: ["x"] }];
  const table = (): Table =>
    new Table([
      categoricalColumn("A", a.slice(), ["x", "y"]),
      numericColumn(
        "B",
        Float64Array.from({ length: n }, (_, i) => i),
        { kind: "integer", missing: Uint8Array.from({ length: n }, (_, i) => (i >= 150 && i < 154 ? 1 : 0)) },
      ),
    ]);
  const moved = table();
  assert.equal(enforceMissingnessRules(moved, rules, Rng.fromSeed(1)), 40);
  // 4 rows could take a value: 40 ruled rows become ∅, 4 of the ∅ rows become present.
  assert.equal(countMissing(moved.column("B")), 4 + 40 - 4);
  const erased = table();
  assert.equal(enforceMissingnessRules(erased, rules), 40);
  assert.equal(countMissing(erased.column("B")), 44);
});
