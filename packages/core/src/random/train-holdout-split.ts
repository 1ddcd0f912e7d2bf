import { Rng } from "./rng.ts";

export interface SplitOptions {
  /** Share of rows in the holdout, in (0, 1). */
  holdoutFraction: number;
  /** The stream; derive it from the user seed with a fixed tag (e.g. rng.derive("split")). */
  rng: Rng;
  /**
   * Stratum of each row (e.g. category codes of the target; -1 for missing is a stratum too).
   * Each stratum is split in the same proportion, so rare classes appear on both sides.
   */
  strata?: Int32Array;
}

export interface Split {
  /** Row indices, ascending. */
  train: Int32Array;
  holdout: Int32Array;
}

/**
 * Seeded train/holdout split. Within each stratum rows are shuffled and the first
 * round(fraction * size) go to the holdout (largest-remainder rounding across strata, so the
 * holdout size is round(fraction * n) overall). Indices are returned sorted so that row order is
 * kept.
 */
export function trainHoldoutSplit(nRows: number, options: SplitOptions): Split {
  const f = options.holdoutFraction;
  if (!(f > 0 && f < 1)) throw new RangeError(`holdout fraction must be in (0, 1), got ${f}`);
  const strata = options.strata ?? new Int32Array(nRows);
  if (strata.length !== nRows) throw new RangeError(`strata has ${strata.length} entries, expected ${nRows}`);

  // Group rows by stratum, strata ordered by their key for determinism.
  const groups = new Map<number, number[]>();
  for (let i = 0; i < nRows; i++) {
    let g = groups.get(strata[i]);
    if (g === undefined) groups.set(strata[i], (g = []));
    g.push(i);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);

  // Largest-remainder allocation of the holdout size across strata.
  const total = Math.round(f * nRows);
  const exact = keys.map((k) => f * groups.get(k)!.length);
  const alloc = exact.map(Math.floor);
  let left = total - alloc.reduce((a, b) => a + b, 0);
  const order = keys.map((_, i) => i).sort((a, b) => exact[b] - alloc[b] - (exact[a] - alloc[a]) || a - b);
  for (let j = 0; left > 0 && j < order.length; j++, left--) alloc[order[j]]++;

  const isHoldout = new Uint8Array(nRows);
  keys.forEach((k, gi) => {
    const rows = Int32Array.from(groups.get(k)!);
    options.rng.derive("stratum", gi).shuffle(rows);
    for (let j = 0; j < alloc[gi]; j++) isHoldout[rows[j]] = 1;
  });

  const train = new Int32Array(nRows - total);
  const holdout = new Int32Array(total);
  let a = 0;
  let b = 0;
  for (let i = 0; i < nRows; i++) {
    if (isHoldout[i]) holdout[b++] = i;
    else train[a++] = i;
  }
  return { train, holdout };
}
