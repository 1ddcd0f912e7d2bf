/**
 * Test fixture shared by the generator tests: a patients table with a column of every kind a
 * generator meets (identifier, integer with ∅, continuous, categorical with ∅ and an unused level,
 * boolean, date, a constant, an all-∅ column, free text). Each test draws the values whose
 * relations it checks; the rest is common.
 */
import {
  booleanColumn,
  categoricalColumn,
  type Column,
  numericColumn,
  stringColumn,
  temporalColumn,
} from "../src/table/column.ts";
import { Rng } from "../src/random/rng.ts";
import { Table } from "../src/table/table.ts";

/** One row's drawn values: age is drawn first (20 to 79), the admission date last. */
export interface PatientRow {
  readonly ageMissing: boolean;
  readonly bmi: number;
  /** 0 = F, 1 = M, −1 = ∅. */
  readonly sex: number;
  readonly smoker: boolean;
}

export function mixedPatients(
  n: number,
  draw: (r: Rng, age: number) => PatientRow,
  options: { seed?: number; allMissingColumn?: boolean } = {},
): Table {
  const r = Rng.fromSeed(options.seed ?? 11);
  const age = new Float64Array(n);
  const ageMissing = new Uint8Array(n);
  const bmi = new Float64Array(n);
  const sex = new Int32Array(n);
  const smoker = new Uint8Array(n);
  const admitted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    age[i] = 20 + r.int(60);
    const row = draw(r, age[i]);
    ageMissing[i] = row.ageMissing ? 1 : 0;
    bmi[i] = row.bmi;
    sex[i] = row.sex;
    smoker[i] = row.smoker ? 1 : 0;
    admitted[i] = 18000 + r.int(2000);
  }
  return new Table([
    stringColumn(
      "id",
      "identifier",
      Array.from({ length: n }, (_, i) => `PAT-${String(100000 + i)}`),
    ),
    numericColumn("age", age, { kind: "integer", missing: ageMissing }),
    numericColumn("bmi", bmi, { kind: "continuous" }),
    categoricalColumn("sex", sex, ["F", "M", "unused"]),
    booleanColumn("smoker", smoker, { tokens: ["No", "Yes"] }),
    temporalColumn("admitted", "date", admitted, "YYYY-MM-DD"),
    numericColumn("site", new Float64Array(n).fill(7), { kind: "integer" }),
    ...(options.allMissingColumn === false ? [] : [categoricalColumn("empty", new Int32Array(n).fill(-1), [])]),
    stringColumn(
      "notes",
      "text",
      Array.from({ length: n }, (_, i) => `free text ${i}`),
    ),
  ]);
}

/** Share of ∅ in a column. */
export function missingRate(c: Column): number {
  let m = 0;
  for (let i = 0; i < c.length; i++) m += c.missing[i];
  return m / c.length;
}
