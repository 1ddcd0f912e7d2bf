import { test } from "node:test";
import assert from "node:assert/strict";
import { categoricalColumn, numericColumn } from "../table/column.ts";
import { Table } from "../table/table.ts";
import { runPipeline } from "./run.ts";

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
  const { results } = await runPipeline({
    input,
    settings: { methods: ["independent", "cart"], seed: 1, holdout: { kind: "fraction", fraction: 0.3 } },
    provenance: {
      seed: "1",
      tool: "test",
      coreVersion: "0",
      input: { name: "in.csv", sha256: null, rows: n, columns: 2 },
      holdout: "",
      target: null,
      metadata: null,
      command: null,
    },
    evaluation: { metrics: ["quality-score"] },
    onWarning: (message, output) => warnings.push([message, output]),
  });
  const warning =
    'column "code": no level is held by 5 subjects, so its rare levels cannot be replaced (consider treating it as an identifier)';
  assert.deepEqual(warnings, [
    [warning, "independent"],
    [warning, "cart"],
  ]);
  for (const m of results.methods) assert.equal(m.notes[0], warning, m.output);
});
