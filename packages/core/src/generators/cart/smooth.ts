/**
 * Smoothing of synthesised numeric values (spec generators.md §3.2 step 5, synthpop's syn.smooth):
 * Gaussian noise with a kernel bandwidth, except on a dominant value and on a top-coded maximum.
 */
import type { Rng } from "../../random/rng.ts";
import { roundHalfAway } from "../output-schema.ts";
import { sheatherJonesBandwidth, silvermanBandwidth } from "./bandwidth.ts";

export type Smoothing = "none" | "density" | "density-nrd0";

/** What smoothing needs to know about the column in R (observed values, special codes excluded). */
export interface SmoothingBounds {
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
}

/** A value holding more than this share of the synthesised values is not smoothed. */
const DOMINANT_SHARE = 0.7;

/** Counts of each distinct value, ascending by value. */
function distinctCounts(values: Float64Array, rows: Int32Array): { values: number[]; counts: number[] } {
  const sorted = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) sorted[k] = values[rows[k]];
  sorted.sort();
  const out = { values: [] as number[], counts: [] as number[] };
  for (let k = 0; k < sorted.length; k++) {
    if (k > 0 && sorted[k] === sorted[k - 1]) out.counts[out.counts.length - 1]++;
    else {
      out.values.push(sorted[k]);
      out.counts.push(1);
    }
  }
  return out;
}

/** The largest value with `decimals` decimals not above x, so that rounding after clipping stays in range. */
function onGridBelow(x: number, decimals: number): number {
  const rounded = roundHalfAway(x, decimals);
  return rounded <= x ? rounded : roundHalfAway(rounded - 10 ** -decimals, decimals);
}

/** The bandwidth of `method` for these values (Sheather–Jones falls back to Silverman's rule where R's bw.SJ stops). */
export function bandwidthOf(method: Exclude<Smoothing, "none">, x: Float64Array): number {
  if (method === "density") return sheatherJonesBandwidth(x) ?? silvermanBandwidth(x);
  return silvermanBandwidth(x);
}

/**
 * Smooth `values[rows]` in place. Returns the bandwidth used, or null when nothing was smoothed.
 * Values in `keep` (the privacy presets' values held by at least k subjects in R) count for the
 * bandwidth but are left as they are: only values that could point at few people are moved.
 */
export function smoothValues(
  values: Float64Array,
  rows: Int32Array,
  bounds: SmoothingBounds,
  method: Exclude<Smoothing, "none">,
  rng: Rng,
  keep?: ReadonlySet<number>,
): number | null {
  const table = distinctCounts(values, rows);
  const nDistinct = table.values.length;
  if (nDistinct < 2) return null;
  const excluded = new Set<number>();
  let top = 0;
  for (let v = 1; v < nDistinct; v++) if (table.counts[v] > table.counts[top]) top = v;
  if (table.counts[top] / rows.length > DOMINANT_SHARE) excluded.add(table.values[top]);
  const countMax = table.counts[nDistinct - 1];
  const countSecond = table.counts[nDistinct - 2];
  const topCoded = 10 * countSecond < countMax - countSecond;
  if (topCoded) excluded.add(bounds.max);

  const smoothed: number[] = [];
  for (let k = 0; k < rows.length; k++) if (!excluded.has(values[rows[k]])) smoothed.push(rows[k]);
  if (smoothed.length < 2) return null;
  const x = Float64Array.from(smoothed, (r) => values[r]);
  const h = bandwidthOf(method, x);
  const upper = onGridBelow(topCoded ? bounds.max : bounds.max + h, bounds.decimals);
  for (const r of smoothed) {
    if (keep?.has(values[r])) continue;
    const noisy = values[r] + h * rng.normal();
    values[r] = roundHalfAway(Math.min(upper, Math.max(bounds.min, noisy)), bounds.decimals);
  }
  return h;
}
