/**
 * K-fold assignment. Within each stratum (class code, or one stratum for regression) rows are
 * taken in table order, or in a seeded shuffled order, and cut into k contiguous blocks, so every
 * fold gets its share of each class (as scikit-learn's StratifiedKFold does).
 */
import type { Rng } from "../random/rng.ts";

export interface FoldOptions {
  /** Shuffle within strata from this stream; unshuffled (table order) when absent. */
  rng?: Rng;
  /** Stratum of each row (e.g. class codes); one stratum when absent. */
  strata?: Int32Array;
}

/** Fold index in [0, k) of each of n rows. */
export function assignFolds(n: number, k: number, options: FoldOptions = {}): Int32Array {
  if (!(Number.isInteger(k) && k >= 2)) throw new RangeError(`k-fold needs an integer k >= 2, got ${k}`);
  if (n < k) throw new RangeError(`${k}-fold cross-validation needs at least ${k} rows, got ${n}`);
  const strata = options.strata ?? new Int32Array(n);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    let g = groups.get(strata[i]);
    if (g === undefined) groups.set(strata[i], (g = []));
    g.push(i);
  }
  const fold = new Int32Array(n);
  const keys = [...groups.keys()].sort((a, b) => a - b);
  keys.forEach((key, gi) => {
    const rows = Int32Array.from(groups.get(key)!);
    if (options.rng !== undefined) options.rng.derive("stratum", gi).shuffle(rows);
    const m = rows.length;
    for (let i = 0; i < m; i++) fold[rows[i]] = Math.floor((i * k) / m);
  });
  return fold;
}

/** Training and test rows (ascending) of fold f. */
export function foldRows(fold: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  let nTest = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === f) nTest++;
  const train = new Int32Array(fold.length - nTest);
  const test = new Int32Array(nTest);
  for (let i = 0, a = 0, b = 0; i < fold.length; i++) {
    if (fold[i] === f) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}
