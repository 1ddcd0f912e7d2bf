// The run's split keeps each subject's rows on one side.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../random/rng.ts";
import { trainHoldoutSplit } from "../random/train-holdout-split.ts";
import { categoricalColumn, stringColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { splitInput } from "./split.ts";

/** 300 patients with 1 to 5 stays each; the outcome is the patient's (a quarter "yes"). */
function stays(): Table {
  const rng = Rng.fromSeed("stays");
  const patient: string[] = [];
  const outcome: number[] = [];
  for (let p = 0; p < 300; p++) {
    const n = 1 + Math.floor(rng.next() * 5);
    for (let s = 0; s < n; s++) {
      patient.push(`P${p}`);
      outcome.push(p % 4 === 0 ? 1 : 0);
    }
  }
  return new Table([
    stringColumn(
      "stay_id",
      "identifier",
      patient.map((_, i) => `S${i}`),
    ),
    stringColumn("patient_id", "identifier", patient),
    categoricalColumn("outcome", Int32Array.from(outcome), ["no", "yes"]),
  ]);
}

const patientsOf = (t: Table) => new Set((t.column("patient_id") as { values: readonly string[] }).values);

test("subjects with several rows are split as subjects: no patient on both sides, strata kept", () => {
  const input = stays();
  const split = splitInput(input, 0.3, Rng.fromSeed(1).derive("split"), "outcome", "patient_id");
  const train = patientsOf(split.train);
  const holdout = patientsOf(split.holdout);
  assert.equal([...holdout].filter((p) => train.has(p)).length, 0);
  assert.equal(split.train.nRows + split.holdout.nRows, input.nRows);
  assert.equal(holdout.size, 90); // 30 % of 300 patients
  // Stratified on the patient's outcome: 75 "yes" patients, 22 or 23 of them held out.
  const yes = (t: Table) => new Set([...patientsOf(t)].filter((p) => Number(p.slice(1)) % 4 === 0)).size;
  assert.ok(Math.abs(yes(split.holdout) - 22.5) <= 1, `${yes(split.holdout)} "yes" patients held out`);
  assert.equal(
    split.description,
    "30 % of the 300 subjects (patient_id), all rows of each on one side, stratified on outcome",
  );
  // Same seed, same split.
  const again = splitInput(input, 0.3, Rng.fromSeed(1).derive("split"), "outcome", "patient_id");
  assert.deepEqual(patientsOf(again.holdout), holdout);
});

test("one row per subject, or no subject column: the row split, unchanged", () => {
  const input = stays();
  const rows = trainHoldoutSplit(input.nRows, { holdoutFraction: 0.3, rng: Rng.fromSeed(2).derive("split") });
  for (const subject of ["stay_id", null, undefined]) {
    const split = splitInput(input, 0.3, Rng.fromSeed(2).derive("split"), undefined, subject);
    assert.deepEqual(
      (split.holdout.column("stay_id") as { values: readonly string[] }).values,
      [...rows.holdout].map((i) => `S${i}`),
    );
    assert.equal(split.description, "30 % of the input");
  }
});
