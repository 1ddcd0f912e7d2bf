/**
 * Seeded tables for the property tests of the utility metrics: a real population with
 * dependencies of every kind (numeric–numeric, numeric–categorical, categorical–categorical,
 * value-dependent missingness), and the crudest generator that keeps marginals but breaks every
 * dependency, an independent shuffle of each column.
 */
import type { Rng } from "../../random/rng.ts";
import { categoricalColumn, numericColumn, selectRows } from "../../table/column.ts";
import { Table } from "../../table/table.ts";

/**
 * n rows of: age ~ N(50, 10); weight = 30 + 0.8·age + noise; group "old" when age + noise > 50;
 * smoker depends on group; dose present only for smokers (∅ otherwise), and rises with age.
 */
export function dependentTable(n: number, rng: Rng): Table {
  const age = new Float64Array(n);
  const weight = new Float64Array(n);
  const group = new Int32Array(n);
  const smoker = new Int32Array(n);
  const dose = new Float64Array(n);
  const doseMissing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    age[i] = 50 + 10 * rng.normal();
    weight[i] = 30 + 0.8 * age[i] + 4 * rng.normal();
    group[i] = age[i] + 5 * rng.normal() > 50 ? 1 : 0;
    smoker[i] = rng.next() < (group[i] === 1 ? 0.7 : 0.2) ? 1 : 0;
    doseMissing[i] = smoker[i] === 1 ? 0 : 1;
    dose[i] = 10 + 0.2 * age[i] + rng.normal();
  }
  return new Table([
    numericColumn("age", age),
    numericColumn("weight", weight),
    categoricalColumn("group", group, ["young", "old"]),
    categoricalColumn("smoker", smoker, ["no", "yes"]),
    numericColumn("dose", dose, { missing: doseMissing }),
  ]);
}

/** Every column permuted by its own stream: the marginals survive, the dependencies do not. */
export function shuffleColumnsIndependently(table: Table, rng: Rng): Table {
  return new Table(
    table.columns.map((c, j) => selectRows(c, rng.derive("column", j).permutation(table.nRows))),
    table.nRows,
  );
}
