/**
 * The response summary of the node being split, shared by every predictor's split search, and the
 * impurity measures of spec §3.3:
 * - numeric response: sum of squared deviations from the node mean;
 * - categorical response: Gini, n · (1 − Σ p_c²) = n − Σ count_c² / n.
 *
 * Split searches express the decrease in impurity without the parent term where they can:
 * numeric, with values centred on the node mean, decrease = sumL² · n / (nL · nR);
 * categorical, decrease = ΣL²/nL + ΣR²/nR − Σ²/n, with Σ² the sum of squared class counts.
 */
export class NodeStats {
  start = 0;
  end = 0;
  /** Numeric response: node mean (values are centred on it while scanning). */
  mean = 0;
  /** Categorical response: counts per class in the node (dense, length nLevels). */
  readonly classCount: Float64Array;
  /** Classes with a non-zero count, ascending. */
  readonly present: Int32Array;
  nPresent = 0;
  /** Sum of squared class counts. */
  sumSquares = 0;
  /** Most frequent class (smallest code on ties). */
  major = -1;

  constructor(nLevels: number) {
    this.classCount = new Float64Array(nLevels);
    this.present = new Int32Array(nLevels);
  }

  get size(): number {
    return this.end - this.start;
  }

  /** Summarise a numeric response over the rows `rows[start..end)`; returns the node's impurity. */
  numeric(y: Float64Array, rows: Int32Array, start: number, end: number): number {
    this.start = start;
    this.end = end;
    let sum = 0;
    for (let k = start; k < end; k++) sum += y[rows[k]];
    const mean = sum / (end - start);
    let sse = 0;
    for (let k = start; k < end; k++) {
      const d = y[rows[k]] - mean;
      sse += d * d;
    }
    this.mean = mean;
    return sse;
  }

  /** Summarise a categorical response; returns the node's Gini impurity. */
  categorical(y: Int32Array, rows: Int32Array, start: number, end: number): number {
    this.start = start;
    this.end = end;
    const count = this.classCount;
    for (let i = 0; i < this.nPresent; i++) count[this.present[i]] = 0;
    for (let k = start; k < end; k++) count[y[rows[k]]]++;
    this.nPresent = 0;
    this.sumSquares = 0;
    this.major = -1;
    for (let c = 0; c < count.length; c++) {
      if (count[c] === 0) continue;
      this.present[this.nPresent++] = c;
      this.sumSquares += count[c] * count[c];
      if (this.major < 0 || count[c] > count[this.major]) this.major = c;
    }
    const n = end - start;
    return n - this.sumSquares / n;
  }

  /** Whether the node's response has a single value (no split can lower its impurity). */
  isPureNumeric(y: Float64Array, rows: Int32Array): boolean {
    const first = y[rows[this.start]];
    for (let k = this.start + 1; k < this.end; k++) if (y[rows[k]] !== first) return false;
    return true;
  }

  isPureCategorical(): boolean {
    return this.nPresent <= 1;
  }
}

/** The best split found so far in a node; a candidate replaces it only when strictly better. */
export class BestSplit {
  improvement = -Infinity;
  feature = -1;
  /** Numeric split: rows with code ≤ cutCode go left; threshold between the two neighbouring values. */
  cutCode = -1;
  nextCode = -1;
  /** Categorical split: per level LEFT, RIGHT or UNSEEN. */
  directions: Uint8Array | null = null;

  reset(): void {
    this.improvement = -Infinity;
    this.feature = -1;
    this.cutCode = -1;
    this.nextCode = -1;
    this.directions = null;
  }

  offerNumeric(improvement: number, feature: number, cutCode: number, nextCode: number): void {
    if (!(improvement > this.improvement)) return;
    this.improvement = improvement;
    this.feature = feature;
    this.cutCode = cutCode;
    this.nextCode = nextCode;
    this.directions = null;
  }

  beats(improvement: number): boolean {
    return improvement > this.improvement;
  }

  /** Callers check `beats` first, so the directions are built only for a winner. */
  takeCategorical(improvement: number, feature: number, directions: Uint8Array): void {
    this.improvement = improvement;
    this.feature = feature;
    this.cutCode = -1;
    this.nextCode = -1;
    this.directions = directions;
  }
}
