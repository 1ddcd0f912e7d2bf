/**
 * Acceptance of the generators issue: every registered generator, fitted on every single-table
 * CSV dataset of ../shared/datasets, samples as many rows without error and its output keeps the
 * metadata (checkConformance). To keep CI affordable each table is a seeded subsample of at most
 * 2,000 rows; scripts/conformance-full.ts runs the same check on the full tables. Default
 * parameters and privacy preset (off for a table the preset refuses as too small); SMOTE in its
 * default unsupervised mode (no target).
 *
 * Assertion messages carry column names and counts only: rows of mimic-iv-demo-omop must never be
 * printed, and checkConformance never quotes a value.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { listGenerators } from "../src/generators/registry.ts";
import { checkConformance, fitDefaultOrOff, missingRateTolerance } from "./generator-conformance.ts";
import { CONFORMANCE_TABLES, loadTable, seededSubsample } from "./datasets.ts";
import { Table } from "../src/table/table.ts";
import { booleanColumn, categoricalColumn, numericColumn, stringColumn, temporalColumn } from "../src/table/column.ts";

const MAX_ROWS = 2000;

describe(`generator conformance on the shared datasets (seeded subsample of at most ${MAX_ROWS} rows per table)`, () => {
  for (const path of CONFORMANCE_TABLES) {
    describe(path, () => {
      // Loaded on first use so that a run filtered to one table reads one file.
      let real: Table | undefined;
      const table = (): Table => (real ??= seededSubsample(loadTable(path), MAX_ROWS, path));
      for (const g of listGenerators())
        test(`${g.id} keeps the metadata of ${path}`, () => {
          const r = table();
          const model = fitDefaultOrOff(g.id, r, 1);
          const synthetic = model.sample(r.nRows, { seed: 2 }).table;
          assert.equal(synthetic.nRows, r.nRows, "sampled row count");
          assert.deepEqual(checkConformance(r, synthetic, model.manifest.privacy?.suppressedColumns), []);
        });
    });
  }
});

// The check itself, on hand-made tables: each rule fires alone and names only column and counts.
describe("checkConformance", () => {
  const n = 200;
  function realTable(): Table {
    const age = Float64Array.from({ length: n }, (_, i) => 20 + (i % 50));
    const ageMissing = Uint8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
    return new Table([
      stringColumn(
        "id",
        "identifier",
        Array.from({ length: n }, (_, i) => `P${1000 + i}`),
      ),
      numericColumn("age", age, { kind: "integer", missing: ageMissing }),
      numericColumn(
        "bmi",
        Float64Array.from({ length: n }, (_, i) => 18.5 + (i % 7) / 10),
        { decimals: 1 },
      ),
      categoricalColumn(
        "sex",
        Int32Array.from({ length: n }, (_, i) => i % 2),
        ["F", "M", "X"],
      ),
      booleanColumn(
        "smoker",
        Uint8Array.from({ length: n }, (_, i) => i % 3),
        { tokens: ["No", "Yes"] },
      ),
      temporalColumn(
        "admitted",
        "date",
        Float64Array.from({ length: n }, (_, i) => 18000 + i),
        "YYYY-MM-DD",
      ),
      stringColumn(
        "notes",
        "text",
        Array.from({ length: n }, (_, i) => `note ${i}`),
      ),
    ]);
  }
  /** A conforming copy with fresh ids and text written as missing. */
  function conforming(real: Table): Table {
    return new Table(
      real.columns.map((c) =>
        c.kind === "identifier"
          ? stringColumn(
              c.name,
              "identifier",
              Array.from({ length: n }, (_, i) => `S${i}`),
            )
          : c.kind === "text"
            ? stringColumn(c.name, "text", new Array<string>(n).fill(""), { missing: new Uint8Array(n).fill(1) })
            : c,
      ),
    );
  }

  test("a conforming table has no problem", () => {
    const real = realTable();
    assert.deepEqual(checkConformance(real, conforming(real)), []);
  });

  test("order, kinds, ranges, integrality, levels, tokens, ids, text and missing rates are each caught", () => {
    const real = realTable();
    const ok = conforming(real);
    const age = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 99 : i === 1 ? 30.5 : 25));
    const cases: [Table, RegExp][] = [
      [ok.pick(["age", "id", "bmi", "sex", "smoker", "admitted", "notes"]), /^column order differs/],
      [ok.drop(["bmi"]), /^columns absent from the synthetic table: bmi$/],
      [ok.withColumn(numericColumn("sex", new Float64Array(n))), /^sex: kind continuous, real categorical$/],
      [
        ok.withColumn(numericColumn("age", age, { kind: "integer" })),
        /^age: 1\/200 values outside the real \[min, max\]$/,
      ],
      [
        ok.withColumn(numericColumn("age", age, { kind: "integer" })),
        /^age: 1\/200 non-integral values in an integer column$/,
      ],
      [
        ok.withColumn(numericColumn("age", age, { kind: "integer" })),
        /^age: missing 0\/200 \(0\.0%\), real 20\/200 \(10\.0%\), tolerance 7\.4%$/,
      ],
      [
        ok.withColumn(
          numericColumn(
            "bmi",
            Float64Array.from({ length: n }, () => 19),
          ),
        ),
        /^bmi: written decimals changed$/,
      ],
      [
        ok.withColumn(categoricalColumn("sex", new Int32Array(n).fill(2), ["F", "M", "X"])),
        /^sex: 200\/200 values outside the 2 real levels$/,
      ],
      [
        ok.withColumn(booleanColumn("smoker", new Uint8Array(n), { tokens: ["0", "1"] })),
        /^smoker: boolean tokens changed$/,
      ],
      [
        ok.withColumn(temporalColumn("admitted", "date", new Float64Array(n).fill(18000.5), "YYYY-MM-DD")),
        /^admitted: 200\/200 non-integral/,
      ],
      [
        ok.withColumn(temporalColumn("admitted", "date", new Float64Array(n).fill(18000), "DD/MM/YYYY")),
        /^admitted: temporal format changed$/,
      ],
      [
        ok.withColumn(
          stringColumn(
            "id",
            "identifier",
            Array.from({ length: n }, (_, i) => (i < 3 ? "P1000" : `S${i}`)),
          ),
        ),
        /^id: 3\/200 identifiers equal to a real value$/,
      ],
      [
        ok.withColumn(
          stringColumn(
            "id",
            "identifier",
            Array.from({ length: n }, (_, i) => (i < 3 ? "S0" : `S${i}`)),
          ),
        ),
        /^id: 2 repeated identifiers$/,
      ],
      [
        ok.withColumn(
          stringColumn(
            "notes",
            "text",
            Array.from({ length: n }, (_, i) => (i === 7 ? "note 5" : "")),
          ),
        ),
        /^notes: 1\/200 texts equal to a real value$/,
      ],
    ];
    for (const [synthetic, expected] of cases) {
      const problems = checkConformance(real, synthetic);
      assert.ok(
        problems.some((p) => expected.test(p)),
        `${expected}: got ${JSON.stringify(problems)}`,
      );
    }
  });

  test("missing-rate tolerance: 2 points, or 3.5 binomial standard errors for small tables", () => {
    assert.equal(missingRateTolerance(0, 100), 0.02);
    assert.equal(missingRateTolerance(0.1, 100_000), 0.02);
    // 3.5 · sqrt(0.1 · 0.9 / 200) = 0.0742...
    assert.ok(Math.abs(missingRateTolerance(0.1, 200) - 3.5 * Math.sqrt(0.09 / 200)) < 1e-15);
    assert.ok(Math.abs(missingRateTolerance(0.5, 100) - 0.175) < 1e-15);
    // pbc (418 rows, 25.4 % ∅): 31.8 % passes (3.0 σ), 33.0 % does not (3.6 σ).
    const p = 106 / 418;
    assert.ok(Math.abs(133 / 418 - p) <= missingRateTolerance(p, 418));
    assert.ok(Math.abs(138 / 418 - p) > missingRateTolerance(p, 418));
  });

  test("a column the preset leaves out (∅) is exempt from the missing rate only", () => {
    const real = realTable();
    const synthetic = conforming(real).withColumn(
      categoricalColumn("sex", new Int32Array(n), ["F", "M", "X"], { missing: new Uint8Array(n).fill(1) }),
    );
    assert.ok(checkConformance(real, synthetic).some((p) => p.startsWith("sex: missing")));
    assert.deepEqual(checkConformance(real, synthetic, ["sex"]), []);
  });
});
