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

interface Encoder {
  readonly dims: number;
  write(row: number, out: Float64Array, offset: number): void;
}

function numericEncoder(c: Column): Encoder {
  if (!isFloatColumn(c)) throw new RangeError(`column "${c.name}" is not numeric`);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < c.length; i++)
    if (!c.missing[i]) {
      sum += c.values[i];
      count++;
    }
  const mean = count > 0 ? sum / count : 0;
  let ss = 0;
  for (let i = 0; i < c.length; i++) if (!c.missing[i]) ss += (c.values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / c.length); // ∅ sits at the mean and adds 0
  const scale = Math.SQRT2 / (sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1);
  return { dims: 1, write: (i, out, o) => void (out[o] = c.missing[i] ? 0 : (c.values[i] - mean) * scale) };
}

function oneHotEncoder(c: Column): Encoder {
  if (c.kind === "categorical") {
    const missingSlot = c.levels.length;
    return { dims: c.levels.length + 1, write: (i, out, o) => void (out[o + (c.missing[i] ? missingSlot : c.codes[i])] = 1) };
  }
  if (c.kind === "boolean") return { dims: 3, write: (i, out, o) => void (out[o + (c.missing[i] ? 2 : c.values[i])] = 1) };
  throw new RangeError(`column "${c.name}" is not categorical`);
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
