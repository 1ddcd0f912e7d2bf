/**
 * Categorical decoding of reconstructed dummies (spec generators.md §2.2 step 6): `max` takes the
 * modality with the largest value (ties: first in fitted order); `sample` draws with probability
 * ∝ max(0, value), falling back to `max` when no value is positive.
 *
 * The ∅ modality (a categorical column's ∅, a numeric column's "missing" companion saying "yes") is
 * decoded first and always by a draw: ∅ with probability equal to its clipped share of the clipped
 * values (with `inverse = full`, the weighted share of neighbours with ∅), else the column is
 * decoded among its other modalities by `max` or `sample`. Decoding ∅ by `max` would make it
 * whenever it is the plurality among the neighbours, which inflates the missing rate of a column
 * whose ∅ is its largest modality (diabetes-130 medical_specialty: 49 % → 55 %); the draw keeps
 * the rate to within the neighbour averaging.
 *
 * Values of modality m are read at `values[base + m]`; candidates are `candidates[from .. from +
 * count)`: ties of `max` go to the lower modality index whatever their order; `sample` needs
 * them in ascending modality order. The uniforms are drawn by the caller, a fixed number per cell, so that a pass
 * can skip rows and keep the stream in step.
 */

export type CategoricalDecoding = "max" | "sample";

/** A cell's candidates and values: modality m's value is values[base + m]. */
export interface Cell {
  readonly values: Float64Array;
  readonly base: number;
  readonly candidates: Int32Array;
  readonly from: number;
  readonly count: number;
}

/** The candidate with the largest value, `skip` excepted; the lowest modality on ties. */
export function decodeMax(cell: Cell, skip = -1): number {
  const { values, base, candidates, from, count } = cell;
  let best = -1;
  let bestValue = -Infinity;
  for (let c = from; c < from + count; c++) {
    const m = candidates[c];
    if (m === skip) continue;
    const v = values[base + m];
    if (best < 0 || v > bestValue || (v === bestValue && m < best)) {
      bestValue = v;
      best = m;
    }
  }
  return best;
}

/**
 * A candidate (`skip` excepted) drawn ∝ max(0, value) with the uniform u, walking the candidates
 * in the order given (ascending modality order: the caller sorts them); `decodeMax` when none is
 * positive.
 */
export function decodeSample(cell: Cell, u: number, skip = -1): number {
  const { values, base, candidates, from, count } = cell;
  let total = 0;
  for (let c = from; c < from + count; c++)
    if (candidates[c] !== skip) total += Math.max(0, values[base + candidates[c]]);
  if (!(total > 0)) return decodeMax(cell, skip);
  const target = u * total;
  let cum = 0;
  let last = -1;
  for (let c = from; c < from + count; c++) {
    const m = candidates[c];
    if (m === skip) continue;
    const v = Math.max(0, values[base + m]);
    if (v <= 0) continue;
    cum += v;
    last = m;
    if (cum > target) return last;
  }
  return last; // rounding left the target at the very top
}

/**
 * One cell: the ∅ modality `missing` (−1: none) drawn with probability max(0, v∅) / Σ max(0, v)
 * using `uMissing`, then the other modalities by `decoding` (`sample` uses `uSample`). When no
 * value is positive (possible with `inverse = ncp` only), `max` over every candidate, ∅ included,
 * as the spec's fallback.
 */
export function decodeCell(
  cell: Cell,
  missing: number,
  decoding: CategoricalDecoding,
  uMissing: number,
  uSample: number,
): number {
  if (missing >= 0) {
    const { values, base, candidates, from, count } = cell;
    let total = 0;
    let share = 0;
    for (let c = from; c < from + count; c++) {
      const v = Math.max(0, values[base + candidates[c]]);
      total += v;
      if (candidates[c] === missing) share = v;
    }
    if (!(total > 0)) return decodeMax(cell);
    if (share > 0 && (share >= total || uMissing * total < share)) return missing;
    return decoding === "sample" ? decodeSample(cell, uSample, missing) : decodeMax(cell, missing);
  }
  return decoding === "sample" ? decodeSample(cell, uSample) : decodeMax(cell);
}
