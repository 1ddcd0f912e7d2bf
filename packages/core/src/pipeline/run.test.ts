import { test } from "node:test";
import assert from "node:assert/strict";
import { categoricalColumn, numericColumn, stringColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { runPipeline } from "./run.ts";
import { testProvenance } from "../../test/provenance.ts";

test("a fit's protection warnings reach the output's notes and onWarning, once per output", async () => {
  // "code" has 15 levels of 4 rows each: at balanced (k = 5) no level is held by 5 subjects.
  const n = 60;
  const input = new Table([
    numericColumn(
      "x",
      Float64Array.from({ length: n }, (_, i) => i % 9),
      { kind: "integer" },
    ),
    categoricalColumn(
      "code",
      Int32Array.from({ length: n }, (_, i) => i % 15),
      Array.from({ length: 15 }, (_, l) => `L${l}`),
    ),
  ]);
  const warnings: [string, string | undefined][] = [];
  const { results, synthetic } = await runPipeline({
    input,
    settings: { methods: ["independent", "cart"], seed: 1, holdout: { kind: "fraction", fraction: 0.3 } },
    provenance: testProvenance({ name: "in.csv", rows: n, columns: 2 }),
    evaluation: { metrics: ["quality-score"] },
    onWarning: (message, output) => warnings.push([message, output]),
  });
  const warning =
    'column "code": no level is held by 5 subjects, so every value would be a rare one: it is left out (∅) at the balanced preset (declare it an identifier for fresh codes, or choose privacy "off" knowingly)';
  assert.deepEqual(warnings, [
    [warning, "independent"],
    [warning, "cart"],
  ]);
  for (const m of results.methods) assert.equal(m.notes[0], warning, m.output);
  // Its values are left out: every level is held by 4 rows, fewer than k = 5.
  for (const [output, table] of synthetic)
    assert.ok(
      table.column("code").missing.every((m) => m === 1),
      output,
    );
});

test("no synthetic identifier equals a holdout row's: the holdout is real too", async () => {
  // Record numbers 100 … 399: the shape "DDD" leaves 600 fresh values once the 300 real ones are
  // out, so without the holdout's 90 in the exclusion about a sixth of the output would take one.
  const n = 300;
  const input = new Table([
    stringColumn(
      "mrn",
      "identifier",
      Array.from({ length: n }, (_, i) => String(100 + i)),
    ),
    numericColumn(
      "x",
      Float64Array.from({ length: n }, (_, i) => i % 17),
      { kind: "integer" },
    ),
  ]);
  const { synthetic } = await runPipeline({
    input,
    settings: { methods: ["independent", "cart"], seed: 1, holdout: { kind: "fraction", fraction: 0.3 } },
    provenance: testProvenance({ name: "in.csv", rows: n, columns: 2 }),
    evaluation: { metrics: ["quality-score"] },
  });
  const real = new Set((input.column("mrn") as { values: string[] }).values);
  for (const [output, table] of synthetic) {
    const ids = (table.column("mrn") as { values: string[] }).values;
    assert.equal(ids.filter((v) => real.has(v)).length, 0, output);
    assert.equal(new Set(ids).size, ids.length, output);
    assert.ok(
      ids.every((v) => /^[1-9]\d\d$/.test(v)),
      output,
    );
  }
});

test("a target with a single value is named once, up front, and leaves TSTR undefined", async () => {
  const n = 60;
  const input = new Table([
    numericColumn(
      "x",
      Float64Array.from({ length: n }, (_, i) => i % 9),
      { kind: "integer" },
    ),
    categoricalColumn("outcome", new Int32Array(n), ["yes"]),
  ]);
  const warnings: string[] = [];
  const { results } = await runPipeline({
    input,
    settings: {
      methods: ["independent"],
      seed: 1,
      target: "outcome",
      holdout: { kind: "fraction", fraction: 0.3 },
    },
    provenance: testProvenance({ name: "in.csv", rows: n, columns: 2 }),
    evaluation: { metrics: ["quality-score", "tstr-classification"] },
    onWarning: (message) => warnings.push(message),
  });
  const note =
    'the target "outcome" takes a single value: no model can be trained on it, so TSTR is not computed and outputs are ranked on quality alone';
  assert.deepEqual(warnings, [note]);
  assert.ok(results.notes.includes(note));
  const tstr = results.methods[0]!.utility.find((r) => r.id === "tstr-classification");
  assert.equal(tstr?.value, null);
});
