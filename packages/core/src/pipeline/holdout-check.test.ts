import { test } from "node:test";
import assert from "node:assert/strict";
import { SosieInputError } from "../errors.ts";
import { categoricalColumn, numericColumn, stringColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { checkHoldout, missingHoldoutColumn } from "./holdout-check.ts";
import { runPipeline } from "./run.ts";
import { testProvenance } from "../../test/provenance.ts";

/** Row i: x = i (∅ when i < 100 is a multiple of 5), g = "a" for even i, "b" for odd, id = "P<i>". */
function table(rows: readonly number[], options: { levels?: string[]; id?: boolean } = {}): Table {
  const missing = Uint8Array.from(rows, (i) => (i < 100 && i % 5 === 0 ? 1 : 0));
  const levels = options.levels ?? ["a", "b"];
  const g = Int32Array.from(rows, (i) => levels.indexOf(i % 2 === 0 ? "a" : "b"));
  const columns = [
    numericColumn("x", Float64Array.from(rows), { kind: "integer", missing }),
    categoricalColumn("g", g, levels),
  ];
  if (options.id === true)
    columns.push(
      stringColumn(
        "id",
        "identifier",
        rows.map((i) => `P${i}`),
      ),
    );
  return new Table(columns);
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);

test("rows equal in every column, ∅ equal to ∅, categories by their text, are counted", () => {
  const train = table(range(0, 40));
  // 10..19 repeat training rows (10 and 15 with x missing); 100..129 do not.
  const holdout = table([...range(10, 20), ...range(100, 130)]);
  assert.deepEqual(checkHoldout(train, holdout, "h.csv"), { repeated: 10, rows: 40 });
  // Levels in another order (a Parquet holdout): compared by text, so the same count.
  const reordered = table([...range(10, 20), ...range(100, 130)], { levels: ["b", "a"] });
  assert.deepEqual(checkHoldout(train, reordered, "h.csv"), { repeated: 10, rows: 40 });
  // One column differing is no repeat: rows 1 to 3 with g flipped.
  const flipped = new Table([
    numericColumn("x", Float64Array.from([1, 2, 3]), { kind: "integer" }),
    categoricalColumn("g", Int32Array.from([0, 1, 0]), ["a", "b"]),
  ]);
  assert.equal(checkHoldout(train, flipped, "h.csv").repeated, 0);
});

test("half the holdout repeating training rows is refused with the counts, never the rows", () => {
  const train = table(range(0, 40), { id: true });
  const check = (holdout: Table) => () => checkHoldout(train, holdout, "holdout.csv");
  assert.throws(check(train), (error: unknown) => {
    assert.ok(error instanceof SosieInputError);
    assert.equal(
      error.message,
      "holdout.csv: 40 of 40 holdout rows repeat a training row exactly; the holdout must be real rows the generator never saw (not the training file, nor a part of it)",
    );
    return true;
  });
  // 20 of 40 is half: refused; 19 of 39 is below: counted.
  assert.throws(check(table([...range(0, 20), ...range(100, 120)], { id: true })), /20 of 40 holdout rows/);
  assert.deepEqual(checkHoldout(train, table([...range(0, 19), ...range(100, 120)], { id: true }), "h"), {
    repeated: 19,
    rows: 39,
  });
});

test("a holdout lacking a training column is refused naming the column and the file", () => {
  const train = table(range(0, 10), { id: true });
  assert.equal(missingHoldoutColumn(["x", "g", "id"], ["g", "x"]), "id");
  assert.equal(missingHoldoutColumn(["x"], ["x", "extra"]), undefined);
  assert.throws(
    () => checkHoldout(train, table(range(20, 30)), "h.parquet"),
    (error: unknown) =>
      error instanceof SosieInputError &&
      error.message === 'h.parquet, column "id": the holdout lacks the column "id" that the training table has',
  );
});

test("runPipeline refuses the training table as its holdout and notes a few repeats", async () => {
  const train = table(range(0, 60));
  const settings = (holdout: Table) => ({
    methods: ["independent"],
    seed: 1,
    holdout: { kind: "table" as const, table: holdout, label: "holdout.csv" },
  });
  const provenance = testProvenance({ name: "train.csv", rows: 60, columns: 2 });
  const evaluation = { metrics: ["quality-score"] };
  await assert.rejects(
    runPipeline({ input: train, settings: settings(train), provenance, evaluation }),
    /60 of 60 holdout rows repeat a training row/,
  );
  const warnings: string[] = [];
  const { results } = await runPipeline({
    input: train,
    settings: settings(table([...range(0, 3), ...range(100, 130)])),
    provenance,
    evaluation,
    onWarning: (message) => warnings.push(message),
  });
  const note =
    "3 of 33 holdout rows repeat a training row exactly (identical records can be legitimate); each makes the privacy attacks see less difference between training and holdout rows";
  assert.deepEqual(results.notes, [note]);
  assert.deepEqual(warnings, [note]);
  assert.equal(results.methods[0].status, "ok");
});
