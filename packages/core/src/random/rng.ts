/**
 * Seeded, splittable pseudo-random numbers.
 *
 * One user-visible seed; every purpose (a column, a phase, a worker chunk, a bootstrap
 * replicate) derives its own stream with `derive(tag, index)`, so a result never depends on
 * which other streams were used, in which order, or on how many threads ran.
 *
 * Derivation: SplitMix64 over (seed XOR FNV-1a-64(tag) XOR index) seeds a xoshiro128**
 * generator. 64-bit steps use BigInt, but only when a stream is created; draws use 32-bit ints.
 */

const MASK64 = (1n << 64n) - 1n;

function splitmix64(state: bigint): [next: bigint, out: bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

/** FNV-1a 64-bit hash of a string's UTF-16 code units. */
export function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & MASK64;
  }
  return h;
}

/** A user seed as 64 bits: non-negative safe integers map to themselves; strings are hashed. */
export function seedToBigInt(seed: number | string | bigint): bigint {
  if (typeof seed === "bigint") return seed & MASK64;
  if (typeof seed === "string") return fnv1a64(seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  return BigInt(seed);
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The 64-bit key this stream was made from; derived streams hash it with their tag. */
  readonly key: bigint;
  private spareNormal = NaN;

  private constructor(key: bigint) {
    this.key = key;
    const [st, a] = splitmix64(key);
    const b = splitmix64(st)[1];
    this.s0 = Number(a & 0xffffffffn) | 0;
    this.s1 = Number(a >> 32n) | 0;
    this.s2 = Number(b & 0xffffffffn) | 0;
    this.s3 = Number(b >> 32n) | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is a fixed point
  }

  /** The root stream for a user seed. */
  static fromSeed(seed: number | string | bigint): Rng {
    return new Rng(splitmix64(seedToBigInt(seed))[1]);
  }

  /** An independent stream for a purpose: same (parent, tag, index) always gives the same stream. */
  derive(tag: string, index = 0): Rng {
    const mixed = (this.key ^ fnv1a64(tag) ^ (BigInt(index) * 0x9e3779b97f4a7c15n)) & MASK64;
    return new Rng(splitmix64(mixed)[1]);
  }

  /** xoshiro128**: next 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in (0, 1): never 0, safe under a logarithm. */
  nextOpen(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!(n > 0) || n !== Math.floor(n)) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
    if (n <= 0x100000000) {
      const limit = 0x100000000 - (0x100000000 % n);
      let x = this.uint32();
      while (x >= limit) x = this.uint32();
      return x % n;
    }
    return Math.floor(this.next() * n);
  }

  /** Exponential(1): -ln(1 - U). */
  exponential(): number {
    return -Math.log(1 - this.next());
  }

  /** Standard normal by Box-Muller, both outputs used in order. */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = NaN;
      return z;
    }
    const u1 = this.nextOpen();
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Gumbel(0, 1) = -ln(-ln U), U clamped to [1e-12, 1 - 1e-12]. */
  gumbel(): number {
    const u = Math.min(Math.max(this.next(), 1e-12), 1 - 1e-12);
    return -Math.log(-Math.log(u));
  }

  /** Laplace(0, b). */
  laplace(b: number): number {
    const u = this.next() - 0.5;
    return -b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** k distinct indices from 0..n-1 (partial Fisher-Yates), in draw order. */
  sampleWithoutReplacement(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`cannot draw ${k} of ${n} without replacement`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p.slice(0, k);
  }

  /** Index drawn from a cumulative weight array (last entry = total), by binary search. */
  fromCumulative(cum: ArrayLike<number>): number {
    const total = cum[cum.length - 1];
    const u = this.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Cumulative sums of non-negative weights, for `Rng.fromCumulative`. */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new RangeError(`weight ${i} is ${weights[i]}`);
    s += weights[i];
    c[i] = s;
  }
  return c;
}
