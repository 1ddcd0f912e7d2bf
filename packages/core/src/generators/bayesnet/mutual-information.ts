/**
 * Empirical mutual information I(X; Π) in nats from coded columns, with Π as one joint variable
 * (mixed-radix parent codes). Counting touches only the cells rows fall in, so a candidate costs
 * O(n) whatever the size of its table.
 */

/** Joint code of the parent columns per row (first parent slowest), and the number of configurations. */
export function parentCodes(
  columns: readonly Int32Array[],
  sizes: readonly number[],
  n: number,
): { codes: Int32Array; configurations: number } {
  const codes = new Int32Array(n);
  let configurations = 1;
  for (let p = 0; p < columns.length; p++) {
    const col = columns[p];
    const s = sizes[p];
    for (let i = 0; i < n; i++) codes[i] = codes[i] * s + col[i];
    configurations *= s;
  }
  return { codes, configurations };
}

/** Reusable scratch counts: cells are reset after each use by walking the touched list. */
export class CountScratch {
  private counts: Float64Array;
  private touched: Int32Array;
  private nTouched = 0;

  constructor(capacity: number, maxTouched: number) {
    this.counts = new Float64Array(capacity);
    this.touched = new Int32Array(maxTouched);
  }

  ensure(capacity: number): void {
    if (this.counts.length < capacity) this.counts = new Float64Array(capacity);
  }

  add(cell: number): void {
    if (this.counts[cell] === 0) this.touched[this.nTouched++] = cell;
    this.counts[cell]++;
  }

  /** Visit every non-zero cell with its count, then clear. */
  drain(visit: (cell: number, count: number) => void): void {
    for (let t = 0; t < this.nTouched; t++) {
      const cell = this.touched[t];
      visit(cell, this.counts[cell]);
      this.counts[cell] = 0;
    }
    this.nTouched = 0;
  }
}

/** Marginal counts of a coded column over `size` states. */
export function stateCounts(codes: Int32Array, size: number): Float64Array {
  const c = new Float64Array(size);
  for (let i = 0; i < codes.length; i++) c[codes[i]]++;
  return c;
}

/**
 * I(X; Π) = Σ p(x, π) ln(p(x, π) / (p(x) p(π))) over observed cells, from child codes, parent
 * joint codes and both marginal counts.
 */
export function mutualInformation(
  child: Int32Array,
  childSize: number,
  childCounts: Float64Array,
  parents: Int32Array,
  parentCounts: Float64Array,
  scratch: CountScratch,
): number {
  const n = child.length;
  if (n === 0) return 0;
  scratch.ensure(parentCounts.length * childSize);
  for (let i = 0; i < n; i++) scratch.add(parents[i] * childSize + child[i]);
  let sum = 0;
  scratch.drain((cell, count) => {
    const x = cell % childSize;
    const pi = (cell - x) / childSize;
    sum += count * Math.log((count * n) / (childCounts[x] * parentCounts[pi]));
  });
  // Rounding can leave a tiny negative value for independent columns.
  return Math.max(0, sum / n);
}
