/**
 * Special functions for the parametric marginals: log-gamma, digamma, trigamma, the regularised
 * incomplete gamma and beta functions (Numerical Recipes' series and continued fractions), and a
 * safeguarded inversion of any continuous CDF. Double precision to about 1e−14, ample for
 * marginals fitted on a few thousand values. ln Γ and the series and continued fractions are
 * shared with the metrics (stats/special-functions.ts).
 */
import {
  betaContinuedFraction,
  gammaContinuedFraction,
  gammaLogPrefix,
  gammaSeries,
  lnGamma,
  type Convergence,
} from "../../stats/special-functions.ts";

export { lnGamma };

/** ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to 10, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** ψ′(x) for x > 0. */
export function trigamma(x: number): number {
  let r = 0;
  while (x < 10) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

/** The parametric marginals' convergence settings (fits on a few thousand values). */
const CONVERGENCE: Convergence = { tolerance: 1e-15, maxIterations: 999 };

/** Regularised lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  const lnPrefix = gammaLogPrefix(a, x);
  if (x < a + 1) return Math.min(1, gammaSeries(a, x, CONVERGENCE) * Math.exp(lnPrefix));
  return Math.max(0, 1 - Math.exp(lnPrefix) * gammaContinuedFraction(a, x, CONVERGENCE));
}

/** Regularised incomplete beta I_x(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x, CONVERGENCE)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x, CONVERGENCE)) / b;
}

/**
 * x in [lo, hi] with cdf(x) = u, for a continuous non-decreasing cdf: bisection on a bracket,
 * 100 halvings at most (enough to reach adjacent doubles on any finite bracket).
 */
export function invertCdf(cdf: (x: number) => number, u: number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (a + b);
    if (mid === a || mid === b) break;
    if (cdf(mid) < u) a = mid;
    else b = mid;
  }
  return 0.5 * (a + b);
}
