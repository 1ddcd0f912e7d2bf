/**
 * Latent correlation of the copula's categorical columns (polyserial and polychoric correlation
 * by the method of moments).
 *
 * The copula's model says a category is a normal score cut at the thresholds of its frequency
 * intervals: level c is observed when Z falls in (τ_{c−1}, τ_c], τ_c = Φ⁻¹(b_c). The Pearson
 * correlation of the scores that §4.2 reads (a uniform point of the interval, then Φ⁻¹) only sees
 * the level, so it shrinks ρ: against a numeric score by √a, against another category by about
 * √(a·a′), where a is the share of Z's variance the levels explain (0.64 for a balanced binary).
 * Sampling cuts the draws at the same thresholds, which shrinks once more, so a binary target's
 * point-biserial correlation with a predictor comes out at about 0.6 of the real one (pima's
 * glucose: 0.48 → 0.27), and models trained on the output lose most of their signal.
 *
 * Here each level is scored by its conditional mean s_c = E[Z | level c] = (φ(τ_{c−1}) − φ(τ_c))/f_c,
 * and ρ is the value whose model-implied Pearson correlation of those scores equals the observed
 * one. With the normalised Hermite coefficients b_n of the step function Z ↦ s(level(Z)),
 * E_ρ[s_j·s_k] = Σ_{n≥1} ρⁿ·b_n(j)·b_n(k) (Mehler's expansion), b_1 = a and Σ b_n² = a. A numeric
 * normal score has b = (1, 0, 0, …), which leaves the polyserial case linear: ρ = r/√a. The
 * function is non-decreasing in ρ (both scores are non-decreasing in Z), so bisection solves it.
 */
import { normalPdf, normalQuantile } from "../../random/normal.ts";
import type { Intervals } from "./categorical-intervals.ts";

/**
 * Terms of the Hermite series. The left-out terms weigh ρⁿ with n > 160: below 1e-6 of the
 * implied correlation up to |ρ| = 0.95 (a balanced binary pair against its arcsine closed form),
 * and only near |ρ| = 1 does the truncation show, where the result is clamped anyway.
 */
const TERMS = 160;
/** A scale with less variance than this is a single level (or nearly): no correlation is read from it. */
const MIN_VARIANCE = 1e-9;
/** |ρ| is kept below 1 so that the repaired matrix stays well conditioned. */
const MAX_RHO = 0.9999;

/** How a column's normal score relates to the latent Z of the model. */
export interface LatentScale {
  /** Variance of the score under the model (1 for a numeric score). */
  readonly variance: number;
  /** Normalised Hermite coefficients b_1..b_N of the score as a function of Z (numeric: null, i.e. b = (1, 0, …)). */
  readonly hermite: Float64Array | null;
}

export const NUMERIC_SCALE: LatentScale = { variance: 1, hermite: null };

function thresholds(intervals: Intervals): Float64Array {
  // τ_0 = −∞, τ_c = Φ⁻¹(b_c), the last τ = +∞.
  const t = new Float64Array(intervals.upper.length + 1);
  t[0] = -Infinity;
  intervals.upper.forEach((b, c) => (t[c + 1] = c === intervals.upper.length - 1 ? Infinity : normalQuantile(b)));
  return t;
}

const pdfAt = (t: number): number => (Number.isFinite(t) ? normalPdf(t) : 0);

/** E[Z | level], per level in interval order. */
export function levelScores(intervals: Intervals): Float64Array {
  const t = thresholds(intervals);
  const s = new Float64Array(intervals.upper.length);
  let lower = 0;
  intervals.upper.forEach((b, c) => {
    const f = b - lower;
    s[c] = f > 0 ? (pdfAt(t[c]) - pdfAt(t[c + 1])) / f : 0;
    lower = b;
  });
  return s;
}

/**
 * The scale of a categorical column: variance Σ f_c·s_c² and the coefficients
 * b_n = (1/√n)·Σ_c s_c·(ψ_{n−1}(τ_{c−1}) − ψ_{n−1}(τ_c)), with ψ_m(t) = He_m(t)·φ(t)/√(m!) by
 * the normalised recurrence ψ_{m+1} = (t·ψ_m − √m·ψ_{m−1})/√(m+1), zero at ±∞.
 */
export function categoricalScale(intervals: Intervals): LatentScale {
  const t = thresholds(intervals);
  const s = levelScores(intervals);
  let variance = 0;
  let lower = 0;
  intervals.upper.forEach((b, c) => {
    variance += (b - lower) * s[c] * s[c];
    lower = b;
  });
  const nT = t.length;
  let previous = new Float64Array(nT); // ψ_{m−1}
  let current = Float64Array.from(t, pdfAt); // ψ_0
  const hermite = new Float64Array(TERMS);
  for (let n = 1; n <= TERMS; n++) {
    // current holds ψ_{n−1} at every threshold.
    let sum = 0;
    for (let c = 0; c < s.length; c++) sum += s[c] * (current[c] - current[c + 1]);
    hermite[n - 1] = sum / Math.sqrt(n);
    const m = n - 1;
    const next = new Float64Array(nT);
    for (let i = 0; i < nT; i++)
      next[i] = Number.isFinite(t[i]) ? (t[i] * current[i] - Math.sqrt(m) * previous[i]) / Math.sqrt(m + 1) : 0;
    previous = current;
    current = next;
  }
  return { variance, hermite };
}

/** The Pearson correlation of the two scores that the model implies at latent correlation ρ. */
export function impliedCorrelation(rho: number, a: LatentScale, b: LatentScale): number {
  const norm = Math.sqrt(a.variance * b.variance);
  if (a.hermite === null || b.hermite === null) {
    const other = a.hermite ?? b.hermite;
    return other === null ? rho : (rho * other[0]) / norm;
  }
  let sum = 0;
  let power = 1;
  for (let n = 0; n < TERMS; n++) {
    power *= rho;
    sum += power * a.hermite[n] * b.hermite[n];
  }
  return sum / norm;
}

/**
 * The latent ρ whose implied correlation is r (the observed Pearson correlation of the scores),
 * within ±MAX_RHO: bisection on the non-decreasing implied correlation.
 */
export function latentCorrelation(r: number, a: LatentScale, b: LatentScale): number {
  if (a.hermite === null && b.hermite === null) return r;
  // A single observed level carries no association (its score is constant).
  if (!(a.variance > MIN_VARIANCE && b.variance > MIN_VARIANCE)) return 0;
  let lo = -MAX_RHO;
  let hi = MAX_RHO;
  if (r <= impliedCorrelation(lo, a, b)) return lo;
  if (r >= impliedCorrelation(hi, a, b)) return hi;
  for (let iteration = 0; iteration < 60 && hi - lo > 1e-12; iteration++) {
    const mid = 0.5 * (lo + hi);
    if (impliedCorrelation(mid, a, b) < r) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
