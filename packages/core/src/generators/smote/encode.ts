/**
 * SMOTE's distance space (spec generators.md §7.2 step 1) as coordinates for the exact Euclidean
 * search of neighbors/: numeric columns z-scored with R's mean and population sd (sd 0 → 1; ∅ at
 * the mean, i.e. 0), categorical and boolean columns one-hot with ∅ as a level. The spec's squared
 * distance adds Med² per categorical mismatch; Med, the median sd of the z-scored columns, is 1
 * (and the spec sets a mismatch to 1 when there is no numeric column), so one-hot entries of 1/√2
 * would give it exactly. Every coordinate is multiplied by √2 instead — numeric z·√2, one-hot 1 —
 * which doubles every squared distance, keeps the neighbour order, and keeps mismatch counts exact.
 */
import { type Column, isFloatColumn } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import type { Coordinates } from "../avatar/neighbours.ts";
import { columnScale } from "../../transform/column-scale.ts";
import { type EncodedRows, type MixedRules, ONE_HOT, SQUARED } from "../../neighbors/mixed-kernel.ts";

interface Encoder {
  readonly dims: number;
  write(row: number, out: Float64Array, offset: number): void;
}

/** The coordinate of a numeric cell: (x − mean) · √2 / sd, 0 for ∅. */
function numericCoordinate(c: Column): (row: number) => number {
  if (!isFloatColumn(c)) throw new RangeError(`column "${c.name}" is not numeric`);
  const { mean, sd } = columnScale(c);
  const scale = Math.SQRT2 / sd;
  return (i) => (c.missing[i] ? 0 : (c.values[i] - mean) * scale);
}

function numericEncoder(c: Column): Encoder {
  const at = numericCoordinate(c);
  return { dims: 1, write: (i, out, o) => void (out[o] = at(i)) };
}

/** The one-hot slot of a categorical or boolean cell (∅: the slot after the last level). */
function slotOf(c: Column): (row: number) => number {
  if (c.kind === "categorical") return (i) => (c.missing[i] ? c.levels.length : c.codes[i]);
  if (c.kind === "boolean") return (i) => (c.missing[i] ? 2 : c.values[i]);
  throw new RangeError(`column "${c.name}" is not categorical`);
}

function oneHotEncoder(c: Column): Encoder {
  const slot = slotOf(c);
  const dims = c.kind === "categorical" ? c.levels.length + 1 : 3;
  return { dims, write: (i, out, o) => void (out[o + slot(i)] = 1) };
}

/** Coordinates of the given rows of `table` (all its columns are modelled). */
export function encodeRows(table: Table, rows: Int32Array): Coordinates {
  const encoders = table.columns.map((c) => (isFloatColumn(c) ? numericEncoder(c) : oneHotEncoder(c)));
  const dims = encoders.reduce((a, e) => a + e.dims, 0);
  const values = new Float64Array(rows.length * dims);
  for (let r = 0; r < rows.length; r++) {
    let o = r * dims;
    for (const e of encoders) {
      e.write(rows[r], values, o);
      o += e.dims;
    }
  }
  return { values, nRows: rows.length, dims };
}

/**
 * The same distance as mixed-kernel rules on one value per column (what the search runs on): a
 * numeric column holds the coordinate above and adds its squared difference (SQUARED), a
 * categorical or boolean column holds its slot and adds 1 twice on a mismatch (ONE_HOT), in
 * column order, with the root taken: the sum is the dense one-hot sum term for term (its zero
 * terms add exactly 0), so distances, and hence the lists, are those of the coordinates above
 * bit for bit, in p columns instead of thousands of dummies.
 */
export function encodeMixedRows(table: Table, rows: Int32Array): { rules: MixedRules; rows: EncodedRows } {
  const p = table.columns.length;
  const kind = new Uint8Array(p);
  const readers = table.columns.map((c, j) => {
    const numeric = isFloatColumn(c);
    kind[j] = numeric ? SQUARED : ONE_HOT;
    return numeric ? numericCoordinate(c) : slotOf(c);
  });
  const values = new Float64Array(rows.length * p);
  for (let r = 0; r < rows.length; r++) for (let j = 0; j < p; j++) values[r * p + j] = readers[j](rows[r]);
  const ones = () => new Float64Array(p).fill(1);
  const rules: MixedRules = {
    kind,
    range: ones(),
    cap: new Float64Array(p).fill(Infinity),
    weight: ones(),
    // No value is NaN (∅ is the mean or a slot); these only describe the rule.
    bothMissing: new Float64Array(p),
    oneMissing: Float64Array.from(kind, (k) => (k === ONE_HOT ? 2 : Infinity)),
    divisor: 1,
    root: true,
  };
  return { rules, rows: { n: rows.length, p, values } };
}
