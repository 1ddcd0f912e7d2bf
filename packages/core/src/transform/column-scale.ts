/**
 * The standardisation every projection of a numeric column shares (FAMD, the avatar's layout,
 * SMOTE's distance space): R's mean over the observed values and the population sd of the column
 * with ∅ imputed at the mean (so ∅ adds 0 to the squares but counts in n).
 */
import type { FloatColumn } from "../table/column.ts";

/** sd at or below this share of max(1, |mean|) counts as 0 (a constant column). */
const SD_TOLERANCE = 1e-12;

export interface ColumnScale {
  readonly mean: number;
  /** Population sd with ∅ at the mean; 1 for a (numerically) constant column. */
  readonly sd: number;
  /** Observed (non-∅) values. */
  readonly observed: number;
}

export function columnScale(c: FloatColumn): ColumnScale {
  let sum = 0;
  let observed = 0;
  for (let i = 0; i < c.length; i++)
    if (!c.missing[i]) {
      sum += c.values[i];
      observed++;
    }
  const mean = observed > 0 ? sum / observed : 0;
  let ss = 0;
  for (let i = 0; i < c.length; i++) if (!c.missing[i]) ss += (c.values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / c.length);
  return { mean, sd: sd > SD_TOLERANCE * Math.max(1, Math.abs(mean)) ? sd : 1, observed };
}
