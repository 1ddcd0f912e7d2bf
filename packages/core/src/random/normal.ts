/**
 * The standard normal distribution to full double precision: Φ from W. J. Cody's rational
 * Chebyshev approximation of erfc (SPECFUN CALERF, Math. Comp. 23, 1969), and Φ⁻¹ from
 * Wichura's AS 241 (PPND16, Appl. Statist. 37, 1988) followed by one Halley refinement step
 * against that Φ. The copula maps every value through both, so an error here is a bias in
 * every synthetic column.
 */

const SQRT_PI_INV = 5.6418958354775628695e-1;
const SQRT_2PI = 2.5066282746310002;

// erf on [0, 0.46875].
const A = [3.1611237438705656, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
const B = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
// erfc·exp(x²) on (0.46875, 4].
const C = [
  5.64188496988670089e-1, 8.88314979438837594, 6.61191906371416295e1, 2.98635138197400131e2, 8.8195222124176909e2,
  1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
];
const D = [
  1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
  4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
];
// Asymptotic erfc·exp(x²)·x on (4, ∞), in 1/x².
const P = [
  3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4,
  1.63153871373020978e-2,
];
const Q = [2.56852019228982242, 1.87295284992346047, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

/** exp(−s·y²) for s = 1 or ½, without the cancellation of squaring y directly (Cody's split y = y₁₆ + δ). */
function expMinusSquare(y: number, s: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-s * ysq * ysq) * Math.exp(-s * del);
}

/** erfc(y)·exp(y²) for y > 0.46875 (Cody's second and third intervals). */
function erfcScaledTail(y: number): number {
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    return (num + C[7]) / (den + D[7]);
  }
  const z = 1 / (y * y);
  let num = P[5] * z;
  let den = z;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]) * z;
    den = (den + Q[i]) * z;
  }
  const t = (z * (num + P[4])) / (den + Q[4]);
  return (SQRT_PI_INV - t) / y;
}

/** Complementary error function erfc(x) = 1 − erf(x), relative error about 1e−16. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const z = y > 1.11e-16 ? y * y : 0;
    let num = A[4] * z;
    let den = z;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * z;
      den = (den + B[i]) * z;
    }
    return 1 - (x * (num + A[3])) / (den + B[3]);
  }
  const r = y >= 26.65 ? 0 : expMinusSquare(y, 1) * erfcScaledTail(y); // beyond 26.65 it underflows
  return x < 0 ? 2 - r : r;
}

/**
 * Φ(−|x|) for the tails: exp(−x²/2) is taken from x itself, not from the rounded x/√2, so the
 * relative error stays near 1e−16 far into the tail.
 */
function lowerTail(x: number): number {
  const a = Math.abs(x);
  const y = a / Math.SQRT2;
  if (y <= 0.46875) return 0.5 * erfc(y);
  if (a >= 38.5) return 0; // below the smallest subnormal
  return 0.5 * expMinusSquare(a, 0.5) * erfcScaledTail(y);
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Φ(x) = P(Z ≤ x), accurate in relative terms in the lower tail. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x <= 0 ? lowerTail(x) : 1 - lowerTail(x);
}

/** 1 − Φ(x) = Φ(−x), accurate in relative terms in the upper tail. */
export function normalUpperTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x >= 0 ? lowerTail(x) : 1 - lowerTail(x);
}

// AS 241 coefficients, lowest degree first.
const AS_A = [
  3.387132872796366608, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4, 4.5921953931549871457e4,
  6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3,
];
const AS_B = [
  1, 4.2313330701600911252e1, 6.871870074920579083e2, 5.3941960214247511077e3, 2.1213794301586595867e4,
  3.930789580009271061e4, 2.8729085735721942674e4, 5.226495278852854561e3,
];
const AS_C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
  2.4178072517745061177e-1, 2.27238449892691845833e-2, 7.7454501427834140764e-4,
];
const AS_D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 6.8976733498510000455e-1, 1.4810397642748007459e-1,
  1.51986665636164571966e-2, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const AS_E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 2.9656057182850489123e-1, 2.6532189526576123093e-2,
  1.2426609473880784386e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const AS_F = [
  1, 5.9983220655588793769e-1, 1.3692988092273580531e-1, 1.48753612908506148525e-2, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

function horner(c: readonly number[], x: number): number {
  let v = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) v = v * x + c[i];
  return v;
}

/** AS 241 alone (relative accuracy about 1e−16 before refinement). */
function as241(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS_A, r)) / horner(AS_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = horner(AS_C, r) / horner(AS_D, r);
  } else {
    r -= 5;
    x = horner(AS_E, r) / horner(AS_F, r);
  }
  return q < 0 ? -x : x;
}

/**
 * Φ⁻¹(p): −∞ at 0, +∞ at 1, NaN outside [0, 1]. One Halley step against Φ removes the last-bit
 * disagreement between the two approximations; the residual is taken on the side of p's own
 * tail (1 − p is exact for p ≥ 0.5) so it keeps its relative accuracy.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const x = as241(p);
  const e = p < 0.5 ? normalCdf(x) - p : 1 - p - normalUpperTail(x);
  if (e === 0 || !Number.isFinite(x)) return x;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  const refined = x - u / (1 + 0.5 * x * u);
  return Number.isFinite(refined) ? refined : x;
}
