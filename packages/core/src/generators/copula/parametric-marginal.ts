/**
 * Parametric marginals of the Gaussian copula (generators.md §4.1), fitted by maximum
 * likelihood: normal, truncated normal on [min, max], beta and uniform on the observed range,
 * gamma and lognormal on the values above a location. They store parameters only, never real
 * values (beyond the bounds every schema carries). `auto` picks the family with the smallest
 * Kolmogorov–Smirnov statistic.
 *
 * Locations: beta spans [min − δ, max + δ] and gamma/lognormal start at min − δ when min ≤ 0 (at
 * 0 otherwise), δ = range/m, so that every observed value has a finite likelihood; the location
 * itself is not optimised (its likelihood is unbounded at min).
 */
import { normalCdf, normalQuantile } from "../../random/normal.ts";
import { betaI, digamma, gammaP, invertCdf, trigamma } from "./special-functions.ts";
import { minimize } from "./nelder-mead.ts";

export const PARAMETRIC_FAMILIES = ["normal", "truncnorm", "beta", "gamma", "uniform", "lognormal"] as const;
export type ParametricFamily = (typeof PARAMETRIC_FAMILIES)[number];

export type ParametricMarginal =
  | { readonly family: "point"; readonly value: number }
  | { readonly family: "normal"; readonly mean: number; readonly sd: number }
  | {
      readonly family: "truncnorm";
      readonly mean: number;
      readonly sd: number;
      readonly lo: number;
      readonly hi: number;
    }
  | { readonly family: "beta"; readonly a: number; readonly b: number; readonly lo: number; readonly hi: number }
  | { readonly family: "gamma"; readonly shape: number; readonly scale: number; readonly shift: number }
  | { readonly family: "uniform"; readonly lo: number; readonly hi: number }
  | { readonly family: "lognormal"; readonly mu: number; readonly sigma: number; readonly shift: number };

interface Moments {
  readonly m: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly sd: number;
}

function moments(sorted: Float64Array): Moments {
  const m = sorted.length;
  let s = 0;
  for (let i = 0; i < m; i++) s += sorted[i];
  const mean = s / m;
  let ss = 0;
  for (let i = 0; i < m; i++) ss += (sorted[i] - mean) ** 2;
  return { m, min: sorted[0], max: sorted[m - 1], mean, sd: Math.sqrt(ss / m) };
}

function positiveShift(mo: Moments): number {
  return mo.min > 0 ? 0 : mo.min - (mo.max - mo.min) / mo.m;
}

/** Maximum-likelihood fit of one family to sorted observed values (at least one). */
export function fitParametric(sorted: Float64Array, family: ParametricFamily): ParametricMarginal {
  const mo = moments(sorted);
  if (!(mo.max > mo.min)) return { family: "point", value: mo.min };
  switch (family) {
    case "normal":
      return { family, mean: mo.mean, sd: mo.sd };
    case "uniform":
      return { family, lo: mo.min, hi: mo.max };
    case "lognormal":
      return fitLognormal(sorted, mo);
    case "gamma":
      return fitGamma(sorted, mo);
    case "beta":
      return fitBeta(sorted, mo);
    case "truncnorm":
      return fitTruncnorm(sorted, mo);
  }
}

function fitLognormal(sorted: Float64Array, mo: Moments): ParametricMarginal {
  const shift = positiveShift(mo);
  let s = 0;
  for (const x of sorted) s += Math.log(x - shift);
  const mu = s / mo.m;
  let ss = 0;
  for (const x of sorted) ss += (Math.log(x - shift) - mu) ** 2;
  return { family: "lognormal", mu, sigma: Math.sqrt(ss / mo.m), shift };
}

/** Shape solves ln a − ψ(a) = ln(mean) − mean(ln y) by Newton from Minka's start; scale = mean/a. */
function fitGamma(sorted: Float64Array, mo: Moments): ParametricMarginal {
  const shift = positiveShift(mo);
  let sumLog = 0;
  for (const x of sorted) sumLog += Math.log(x - shift);
  const mean = mo.mean - shift;
  const target = Math.log(mean) - sumLog / mo.m;
  let a = (3 - target + Math.sqrt((target - 3) ** 2 + 24 * target)) / (12 * target);
  for (let i = 0; i < 50; i++) {
    const f = Math.log(a) - digamma(a) - target;
    const next = a - f / (1 / a - trigamma(a));
    const safe = next > 0 ? next : a / 2;
    if (Math.abs(safe - a) <= 1e-12 * a) {
      a = safe;
      break;
    }
    a = safe;
  }
  return { family: "gamma", shape: a, scale: mean / a, shift };
}

/** Newton on the two digamma equations of the beta likelihood, from the method of moments. */
function fitBeta(sorted: Float64Array, mo: Moments): ParametricMarginal {
  const delta = (mo.max - mo.min) / mo.m;
  const lo = mo.min - delta;
  const hi = mo.max + delta;
  let g1 = 0;
  let g2 = 0;
  for (const x of sorted) {
    const y = (x - lo) / (hi - lo);
    g1 += Math.log(y);
    g2 += Math.log1p(-y);
  }
  g1 /= mo.m;
  g2 /= mo.m;
  const mean = (mo.mean - lo) / (hi - lo);
  const variance = (mo.sd / (hi - lo)) ** 2;
  const common = Math.max((mean * (1 - mean)) / variance - 1, 1e-3);
  let a = mean * common;
  let b = (1 - mean) * common;
  for (let i = 0; i < 100; i++) {
    const dab = digamma(a + b);
    const f1 = digamma(a) - dab - g1;
    const f2 = digamma(b) - dab - g2;
    const tab = trigamma(a + b);
    const j11 = trigamma(a) - tab;
    const j22 = trigamma(b) - tab;
    const j12 = -tab;
    const det = j11 * j22 - j12 * j12;
    let da = (j22 * f1 - j12 * f2) / det;
    let db = (j11 * f2 - j12 * f1) / det;
    // Keep both shapes positive: halve the step until they are.
    while (a - da <= 0 || b - db <= 0) {
      da /= 2;
      db /= 2;
    }
    a -= da;
    b -= db;
    if (Math.abs(da) <= 1e-12 * a && Math.abs(db) <= 1e-12 * b) break;
  }
  return { family: "beta", a, b, lo, hi };
}

/** Mean and sd of a normal truncated to [min, max], by Nelder–Mead on (μ, ln σ). */
function fitTruncnorm(sorted: Float64Array, mo: Moments): ParametricMarginal {
  const lo = mo.min;
  const hi = mo.max;
  const negLogLik = ([mu, logSd]: readonly number[]): number => {
    const sd = Math.exp(logSd);
    const mass = normalCdf((hi - mu) / sd) - normalCdf((lo - mu) / sd);
    if (!(mass > 0)) return Infinity;
    let s = 0;
    for (const x of sorted) s += 0.5 * ((x - mu) / sd) ** 2;
    return s + mo.m * (logSd + Math.log(mass));
  };
  const best = minimize(negLogLik, [mo.mean, Math.log(mo.sd)], [mo.sd / 2, 0.5]);
  return { family: "truncnorm", mean: best[0], sd: Math.exp(best[1]), lo, hi };
}

export function parametricCdf(f: ParametricMarginal, x: number): number {
  switch (f.family) {
    case "point":
      return 0.5;
    case "normal":
      return normalCdf((x - f.mean) / f.sd);
    case "uniform":
      return Math.min(1, Math.max(0, (x - f.lo) / (f.hi - f.lo)));
    case "lognormal":
      return x <= f.shift ? 0 : normalCdf((Math.log(x - f.shift) - f.mu) / f.sigma);
    case "gamma":
      return gammaP(f.shape, (x - f.shift) / f.scale);
    case "beta":
      return betaI(f.a, f.b, (x - f.lo) / (f.hi - f.lo));
    case "truncnorm": {
      const a = normalCdf((f.lo - f.mean) / f.sd);
      const b = normalCdf((f.hi - f.mean) / f.sd);
      const p = normalCdf((Math.min(f.hi, Math.max(f.lo, x)) - f.mean) / f.sd);
      return (p - a) / (b - a);
    }
  }
}

export function parametricQuantile(f: ParametricMarginal, u: number): number {
  switch (f.family) {
    case "point":
      return f.value;
    case "normal":
      return f.mean + f.sd * normalQuantile(u);
    case "uniform":
      return f.lo + u * (f.hi - f.lo);
    case "lognormal":
      return f.shift + Math.exp(f.mu + f.sigma * normalQuantile(u));
    case "gamma": {
      let hi = f.shape + 1;
      for (let i = 0; i < 200 && gammaP(f.shape, hi) < u; i++) hi *= 2;
      return f.shift + f.scale * invertCdf((y) => gammaP(f.shape, y), u, 0, hi);
    }
    case "beta":
      return f.lo + (f.hi - f.lo) * invertCdf((y) => betaI(f.a, f.b, y), u, 0, 1);
    case "truncnorm": {
      const a = normalCdf((f.lo - f.mean) / f.sd);
      const b = normalCdf((f.hi - f.mean) / f.sd);
      const x = f.mean + f.sd * normalQuantile(a + u * (b - a));
      return Math.min(f.hi, Math.max(f.lo, x));
    }
  }
}

/** Kolmogorov–Smirnov statistic of a fitted CDF against sorted data. */
export function ksStatistic(f: ParametricMarginal, sorted: Float64Array): number {
  const m = sorted.length;
  let d = 0;
  for (let i = 0; i < m; i++) {
    const F = parametricCdf(f, sorted[i]);
    d = Math.max(d, F - i / m, (i + 1) / m - F);
  }
  return d;
}

/** The family with the smallest KS statistic (ties: the earlier family in PARAMETRIC_FAMILIES). */
export function fitBestParametric(sorted: Float64Array): ParametricMarginal {
  let best: ParametricMarginal | undefined;
  let bestD = Infinity;
  for (const family of PARAMETRIC_FAMILIES) {
    const f = fitParametric(sorted, family);
    const d = ksStatistic(f, sorted);
    if (d < bestD) {
      best = f;
      bestD = d;
    }
  }
  return best!;
}
