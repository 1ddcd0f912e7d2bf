/**
 * A bit-sliced lower bound that lets the exact mixed-distance search (Gower, Anonymeter) reject
 * most reference rows 32 at a time, for tables with categorical columns.
 *
 * Index: for up to 31 categorical columns (numeric columns compared by equality count too), and
 * each of their codes in the reference rows (∅ included), the bitset of the reference rows that
 * hold it. For a query and 32 consecutive reference rows, the bitsets of the query's codes say
 * which rows match it on each column; the mismatches are added in bit-sliced counters (bit b of
 * plane i = bit i of row b's count), so one pass of word operations counts them for 32 rows.
 * Columns go in decreasing order of mismatch rate: after the first 15, a word whose 32 rows all
 * exceed the bound skips the rest.
 *
 * A mismatch means the values differ (the column's weight, twice for a ONE_HOT column) or exactly
 * one is ∅ (its one-∅ weight), so count × the smallest such weight is a lower bound of the row's
 * sum. A row is
 * rejected only when that bound exceeds the current k-th best sum by a relative margin (1e-9) far
 * above the rounding of either sum: its distance is then strictly larger than the k-th and it
 * could not enter the list, not even on a tie. Every other row is summed by `mixedSum` in the
 * space's column order and offered by (distance, index), so the distances are bit for bit those
 * of a direct evaluation and the lists are the plain scan's (`mixedKnnBrute`), ties by index
 * included.
 */
import type { EncodedRows, MixedRules } from "./mixed-kernel.ts";
import { distanceOfSum, mixedSum } from "./mixed-kernel.ts";
import { type Neighbors, emptySearch, offerCandidate } from "./search-result.ts";

/** Relative margin on pruning: far above float64 rounding of sums of ≤ thousands of terms. */
const MARGIN = 1e-9;
/** Row pairs sampled to order the columns by mismatch rate. */
const SAMPLE_PAIRS = 2048;
/** Columns counted in the first block (4 bit planes) and in all (5 planes). */
const FIRST_BLOCK = 15;
const MAX_COLUMNS = 31;
/** A column with more distinct reference values than this is left out of the index. */
const MAX_LEVELS = 1 << 16;
/** Bitset words of one index (128 MB), however many rows and levels. */
const BUDGET_WORDS = 1 << 25;
/** mixed-kernel.ts's rule kinds, as local constants (imported bindings cost a lookup in hot loops). */
const CATEGORICAL = 1;
const SQUARED = 2;
const ONE_HOT = 3;

/** Reference values of one column as dense codes 0..levels−1, then ∅. */
interface ColumnCodes {
  readonly column: number;
  /** Integer values in [0, lookup.length): code by lookup (−1 = absent). Otherwise by map. */
  readonly lookup: Int32Array | null;
  readonly map: Map<number, number> | null;
  readonly levels: number;
  readonly weight: number;
  readonly rate: number;
}

/** The bitsets of a reference table and how to read a query row against them. */
export interface MixedIndex {
  readonly n: number;
  /** 32-bit words per bitset. */
  readonly words: number;
  /** Indexed columns, in counting order. */
  readonly columns: readonly ColumnCodes[];
  /** Per indexed column, the first bitset (its code 0; ∅ is code `levels`). */
  readonly base: Int32Array;
  /** All bitsets, `words` each; bitset 0 is all zeros (a value no reference row has). */
  readonly bits: Int32Array;
  /** The lower bound counts mismatches at this weight each. */
  readonly weight: number;
  /** `fingerprint` of the rows indexed, to tell a reused index from a stale one. */
  readonly fingerprint: number;
}

function codesOf(rules: MixedRules, ref: EncodedRows, c: number): ColumnCodes | null {
  const kind = rules.kind[c];
  if (kind !== CATEGORICAL && kind !== ONE_HOT) return null;
  // A ONE_HOT mismatch adds its weight twice.
  const weight = Math.min(kind === ONE_HOT ? 2 * rules.weight[c] : rules.weight[c], rules.oneMissing[c]);
  if (!(weight > 0)) return null;
  const { n, p, values } = ref;
  let integers = true;
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i * p + c];
    if (v !== v) continue;
    if (!(Number.isInteger(v) && v >= 0 && v < 1 << 20)) {
      integers = false;
      break;
    }
    if (v > max) max = v;
  }
  let levels = 0;
  let lookup: Int32Array | null = null;
  let map: Map<number, number> | null = null;
  if (integers) {
    lookup = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const v = values[i * p + c];
      if (v === v && lookup[v] < 0) lookup[v] = levels++;
    }
  } else {
    map = new Map();
    for (let i = 0; i < n; i++) {
      const v = values[i * p + c];
      if (v === v && !map.has(v)) map.set(v, levels++);
    }
  }
  if (levels > MAX_LEVELS) return null;
  return { column: c, lookup, map, levels, weight, rate: mismatchRate(ref, c) };
}

/**
 * A checksum of the indexed columns of `ref` (values weighted by a hash of their position, ∅ as a
 * constant): an index is reused only on rows with the same checksum, so rows modified after
 * indexing (against the contract) get a new index rather than a wrong bound. About 1 ns a cell.
 */
export function fingerprint(columns: readonly { readonly column: number }[], ref: EncodedRows): number {
  const { n, p, values } = ref;
  let s = n;
  for (const { column } of columns)
    for (let i = 0; i < n; i++) {
      const v = values[i * p + column];
      s += (v === v ? v : 0.5) * (((Math.imul(i * p + column, 0x9e3779b1) >>> 0) + 1) / 4294967296);
    }
  return s;
}

/** The code of value v (`levels` for ∅, −1 for a value absent from the reference rows). */
function codeOf(codes: ColumnCodes, v: number): number {
  if (v !== v) return codes.levels;
  if (codes.lookup !== null) return Number.isInteger(v) && v >= 0 && v < codes.lookup.length ? codes.lookup[v] : -1;
  return codes.map!.get(v) ?? -1;
}

/** Share of a fixed set of row pairs of `ref` whose values differ in column c (∅ = ∅). */
function mismatchRate(ref: EncodedRows, c: number): number {
  const { n, p, values } = ref;
  if (n < 2) return 0;
  const pairs = Math.min(SAMPLE_PAIRS, n);
  let differ = 0;
  for (let t = 0; t < pairs; t++) {
    const i = Math.floor((t * n) / pairs);
    const j = (i + 1 + ((t * 7919) % (n - 1))) % n;
    const a = values[i * p + c];
    const b = values[j * p + c];
    if (!(a === b || (a !== a && b !== b))) differ++;
  }
  return differ / pairs;
}

/**
 * Indexes the reference rows, or returns null when no column can help (no categorical column
 * whose values ever differ): the plain scan is then as good.
 */
export function indexReference(rules: MixedRules, ref: EncodedRows): MixedIndex | null {
  const candidates: ColumnCodes[] = [];
  for (let c = 0; c < ref.p; c++) {
    const codes = codesOf(rules, ref, c);
    if (codes !== null && codes.rate > 0) candidates.push(codes);
  }
  if (candidates.length === 0) return null;
  // The weight of the bound is the smallest of the columns kept: keep the columns of largest
  // expected contribution, so that a light column does not lower the bound of heavy ones.
  candidates.sort((a, b) => b.rate * b.weight - a.rate * a.weight || a.column - b.column);
  const n = ref.n;
  const words = Math.ceil(n / 32);
  // A column costs one bitset per code: many-levelled columns are skipped beyond the budget.
  const columns: ColumnCodes[] = [];
  let budget = Math.max(BUDGET_WORDS, 64 * words);
  for (const c of candidates) {
    const cost = (c.levels + 1) * words;
    if (columns.length === MAX_COLUMNS) break;
    if (cost > budget) continue;
    columns.push(c);
    budget -= cost;
  }
  if (columns.length === 0) return null;
  const weight = Math.min(...columns.map((c) => c.weight));
  const base = new Int32Array(columns.length);
  let total = 1;
  for (const [i, c] of columns.entries()) {
    base[i] = total;
    total += c.levels + 1;
  }
  const bits = new Int32Array(total * words);
  const { p, values } = ref;
  for (const [i, c] of columns.entries())
    for (let r = 0; r < n; r++) {
      const code = codeOf(c, values[r * p + c.column]);
      bits[(base[i] + code) * words + (r >>> 5)] |= 1 << (r & 31);
    }
  return { n, words, columns, base, bits, weight, fingerprint: fingerprint(columns, ref) };
}

/**
 * Exact k nearest reference rows of query rows [start, end) with the bit-sliced bound (see the
 * file comment). Same contract and results as `mixedKnnBrute`.
 */
export function indexedKnn(
  rules: MixedRules,
  index: MixedIndex,
  query: EncodedRows,
  ref: EncodedRows,
  k: number,
  start: number,
  end: number,
  excludeSelf: boolean,
): Neighbors {
  const nq = end - start;
  const { result, keys } = emptySearch(start, end, k);
  const { distances, indices } = result;
  const { n, words, columns, base, bits, weight } = index;
  const T = columns.length;
  const first = Math.min(T, FIRST_BLOCK);
  const qp = query.p;
  const offsets = new Int32Array(T);
  const numeric = Int32Array.from({ length: rules.kind.length }, (_, c) => c).filter(
    (c) => rules.kind[c] !== CATEGORICAL && rules.kind[c] !== ONE_HOT,
  );
  const nNumeric = numeric.length;
  // The numeric columns packed apart (the bound below reads them for many rows: fewer cache lines).
  const packed = packNumeric(rules, numeric, ref);
  const queryNumeric = new Float64Array(nNumeric);
  const lastMask = n % 32 === 0 ? -1 : (1 << (n % 32)) - 1;
  for (let ql = 0; ql < nq; ql++) {
    const q = start + ql;
    const o = ql * k;
    for (let i = 0; i < nNumeric; i++) queryNumeric[i] = query.values[q * qp + numeric[i]];
    for (let i = 0; i < T; i++) {
      const code = codeOf(columns[i], query.values[q * qp + columns[i].column]);
      offsets[i] = (code < 0 ? 0 : base[i] + code) * words;
    }
    let limit = Infinity;
    // Rows are rejected when their mismatch count exceeds t (t ≥ T: no row can be).
    let t = T;
    for (let j = 0; j < words; j++) {
      let mask = j === words - 1 ? lastMask : -1;
      // Bit-sliced mismatch counters b0..b4 of the 32 rows of word j (0 when not counted).
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      let b4 = 0;
      if (t < T) {
        for (let i = 0; i < first; i++) {
          const x = ~bits[offsets[i] + j];
          const c0 = b0 & x;
          b0 ^= x;
          const c1 = b1 & c0;
          b1 ^= c0;
          const c2 = b2 & c1;
          b2 ^= c1;
          b3 ^= c2;
        }
        let over = exceeds(b0, b1, b2, b3, 0, t);
        if ((over | ~mask) !== -1 && first < T) {
          for (let i = first; i < T; i++) {
            const x = ~bits[offsets[i] + j];
            const c0 = b0 & x;
            b0 ^= x;
            const c1 = b1 & c0;
            b1 ^= c0;
            const c2 = b2 & c1;
            b2 ^= c1;
            const c3 = b3 & c2;
            b3 ^= c2;
            b4 ^= c3;
          }
          over = exceeds(b0, b1, b2, b3, b4, t);
        }
        mask &= ~over;
      }
      while (mask !== 0) {
        const bit = 31 - Math.clz32(mask & -mask);
        mask &= mask - 1;
        const r = j * 32 + bit;
        if (excludeSelf && r === q) continue;
        if (limit < Infinity && nNumeric > 0) {
          // The row's counted mismatches plus its numeric contributions: a tighter bound, cheaper
          // than the full sum, that rejects most rows the count let through.
          const count =
            ((b0 >>> bit) & 1) +
            2 * ((b1 >>> bit) & 1) +
            4 * ((b2 >>> bit) & 1) +
            8 * ((b3 >>> bit) & 1) +
            16 * ((b4 >>> bit) & 1);
          if (numericSum(packed, queryNumeric, r, limit - count * weight) > limit - count * weight) continue;
        }
        const sum = mixedSum(rules, query, q, ref, r, limit);
        if (sum > limit) continue;
        if (
          offerCandidate(distances, indices, keys, o, k, distanceOfSum(rules, sum), r, sum) &&
          indices[o + k - 1] >= 0
        ) {
          limit = keys[o + k - 1] * (1 + MARGIN);
          // count > t ⇒ count · weight > limit: t = ⌊limit / weight⌋, rounded up a little.
          t = Math.min(T, Math.floor((limit / weight) * (1 + MARGIN)));
        }
      }
    }
  }
  return result;
}

/** The rules and reference values of the numeric columns, packed row-major. */
interface PackedNumeric {
  readonly p: number;
  readonly values: Float64Array;
  readonly squared: Uint8Array;
  readonly range: Float64Array;
  readonly cap: Float64Array;
  readonly weight: Float64Array;
  readonly bothMissing: Float64Array;
  readonly oneMissing: Float64Array;
}

function packNumeric(rules: MixedRules, numeric: Int32Array, ref: EncodedRows): PackedNumeric {
  const p = numeric.length;
  const values = new Float64Array(ref.n * p);
  for (let r = 0; r < ref.n; r++) for (let i = 0; i < p; i++) values[r * p + i] = ref.values[r * ref.p + numeric[i]];
  const pick = (a: Float64Array) => Float64Array.from(numeric, (c) => a[c]);
  return {
    p,
    values,
    squared: Uint8Array.from(numeric, (c) => (rules.kind[c] === SQUARED ? 1 : 0)),
    range: pick(rules.range),
    cap: pick(rules.cap),
    weight: pick(rules.weight),
    bothMissing: pick(rules.bothMissing),
    oneMissing: pick(rules.oneMissing),
  };
}

/**
 * The contributions of the numeric columns to the sum of (a query, packed reference row r), in
 * column order, given the query's numeric values; stops once above `bound`.
 */
function numericSum(packed: PackedNumeric, x: Float64Array, r: number, bound: number): number {
  const { p, values, squared, range, cap, weight, bothMissing, oneMissing } = packed;
  const o = r * p;
  let s = 0;
  for (let i = 0; i < p; i++) {
    const a = x[i];
    const b = values[o + i];
    if (a !== a || b !== b) s += a !== a && b !== b ? bothMissing[i] : oneMissing[i];
    else if (squared[i] === 1) {
      const d = (a - b) / range[i];
      s += d * d * weight[i];
    } else {
      const d = (a > b ? a - b : b - a) / range[i];
      s += (d < cap[i] ? d : cap[i]) * weight[i];
    }
    if (s > bound) return s;
  }
  return s;
}

/** Lanes whose count (bit planes b0..b4) is greater than t (0 ≤ t < 32). */
function exceeds(b0: number, b1: number, b2: number, b3: number, b4: number, t: number): number {
  let gt = 0;
  let eq = -1;
  if (t & 16) eq &= b4;
  else {
    gt |= eq & b4;
    eq &= ~b4;
  }
  if (t & 8) eq &= b3;
  else {
    gt |= eq & b3;
    eq &= ~b3;
  }
  if (t & 4) eq &= b2;
  else {
    gt |= eq & b2;
    eq &= ~b2;
  }
  if (t & 2) eq &= b1;
  else {
    gt |= eq & b1;
    eq &= ~b1;
  }
  if (!(t & 1)) gt |= eq & b0;
  return gt;
}
