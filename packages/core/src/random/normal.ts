/**
 * The standard normal distribution to full double precision: Φ from W. J. Cody's rational
 * Chebyshev approximation of erfc (SPECFUN CALERF, Math. Comp. 23, 1969), and Φ⁻¹ from
 * Wichura's AS 241 (PPND16, Appl. Statist. 37, 1988) followed by one Halley refinement step
 * against that Φ. The copula maps every value through both, so an error here is a bias in
 * every synthetic column.
 */

const SQRT_PI_INV = 0.5641895835477563;
const SQRT_2PI = 2.5066282746310002;

// erf on [0, 0.46875].
const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
// erfc·exp(x²) on (0.46875, 4].
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707,
  2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495,
];
// Asymptotic erfc·exp(x²)·x on (4, ∞), in 1/x².
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];

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
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087,
  33430.57558358813, 2509.0809287301227,
];
const AS_B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271, 28729.085735721943,
  5226.495278852854,
];
const AS_C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506,
  0.022723844989269184, 0.0007745450142783414,
];
const AS_D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const AS_E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const AS_F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 0.000018463183175100548,
  1.421511758316446e-7, 2.0442631033899397e-15,
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
