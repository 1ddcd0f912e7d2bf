/**
 * Kernel bandwidths for smoothing (spec generators.md §3.2 step 5), as R computes them:
 * - `silvermanBandwidth`: R's bw.nrd0, 0.9 · min(sd, IQR/1.34) · n^(−1/5), with its fallbacks;
 * - `sheatherJonesBandwidth`: R's bw.SJ(method = "ste"), the solve-the-equation bandwidth on
 *   binned pair distances (nb = 1000), solved with R's Brent root finder.
 */
import { zeroin } from "./zeroin.ts";

/** Linear ("type 7") quantile of sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function standardDeviation(x: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - mean) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}

function interquartileRange(x: Float64Array): number {
  const sorted = Float64Array.from(x).sort();
  return quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
}

export function silvermanBandwidth(x: Float64Array): number {
  if (x.length < 2) throw new RangeError("a bandwidth needs at least 2 values");
  const hi = standardDeviation(x);
  let lo = Math.min(hi, interquartileRange(x) / 1.34);
  if (!lo) lo = hi || Math.abs(x[0]) || 1;
  return 0.9 * lo * x.length ** -0.2;
}

const BINS = 1000;
const DELTA_MAX = 1000;

/** Counts of pairwise distances in units of the bin width d (R's bw_pair_cnts). */
function pairCounts(x: Float64Array): { d: number; counts: Float64Array } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  const counts = new Float64Array(BINS);
  if (x.length > BINS / 2) {
    const d = ((max - min) * 1.01) / BINS;
    const bin = new Float64Array(x.length);
    let lowest = Infinity;
    for (let i = 0; i < x.length; i++) {
      bin[i] = Math.trunc(Math.abs(x[i]) / d) * Math.sign(x[i]);
      if (bin[i] < lowest) lowest = bin[i];
    }
    const tab = new Float64Array(BINS);
    for (let i = 0; i < x.length; i++) {
      const b = bin[i] - lowest; // tabulate() drops codes beyond nb
      if (b < BINS) tab[b]++;
    }
    for (let i = 0; i < BINS; i++) {
      const w = tab[i];
      counts[0] += w * (w - 1);
      for (let j = 0; j < i; j++) counts[i - j] += w * tab[j];
    }
    counts[0] *= 0.5;
    return { d, counts };
  }
  const d = ((max - min) * 1.01) / BINS;
  for (let i = 1; i < x.length; i++) {
    const ii = Math.trunc(x[i] / d);
    for (let j = 0; j < i; j++) counts[Math.abs(ii - Math.trunc(x[j] / d))] += 1;
  }
  return { d, counts };
}

/** R's bw_phi4 / bw_phi6 functionals on the binned pair counts. */
function phi(n: number, d: number, counts: Float64Array, h: number, order: 4 | 6): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    let delta = (i * d) / h;
    delta *= delta;
    if (delta >= DELTA_MAX) break;
    const poly = order === 4 ? delta * delta - 6 * delta + 3 : delta * delta * delta - 15 * delta * delta + 45 * delta - 15;
    sum += Math.exp(-delta / 2) * poly * counts[i];
  }
  sum = order === 4 ? 2 * sum + n * 3 : 2 * sum - 15 * n;
  return sum / (n * (n - 1) * h ** (order + 1) * Math.sqrt(2 * Math.PI));
}

/** The Sheather–Jones bandwidth, or null where R's bw.SJ stops ("sample is too sparse"). */
export function sheatherJonesBandwidth(x: Float64Array): number | null {
  const n = x.length;
  if (n < 2) return null;
  const { d, counts } = pairCounts(x);
  const scale = Math.min(standardDeviation(x), interquartileRange(x) / 1.349);
  if (!(scale > 0) || !(d > 0)) return null;
  const a = 1.24 * scale * n ** (-1 / 7);
  const b = 1.23 * scale * n ** (-1 / 9);
  const c1 = 1 / (2 * Math.sqrt(Math.PI) * n);
  const td = -phi(n, d, counts, b, 6);
  if (!Number.isFinite(td) || td <= 0) return null;
  const alpha2 = 1.357 * (phi(n, d, counts, a, 4) / td) ** (1 / 7);
  if (!Number.isFinite(alpha2)) return null;
  const fSD = (h: number): number => (c1 / phi(n, d, counts, alpha2 * h ** (5 / 7), 4)) ** (1 / 5) - h;
  const hmax = 1.144 * scale * n ** (-1 / 5);
  let lower = 0.1 * hmax;
  let upper = hmax;
  if (!Number.isFinite(fSD(lower)) || !Number.isFinite(fSD(upper))) return null;
  for (let attempt = 1; fSD(lower) * fSD(upper) > 0; attempt++) {
    if (attempt > 99) return null;
    if (attempt % 2) upper *= 1.2;
    else lower /= 1.2;
  }
  const h = zeroin(fSD, lower, upper, 0.1 * lower);
  return Number.isFinite(h) && h > 0 ? h : null;
}
