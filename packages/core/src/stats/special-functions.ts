/**
 * Special functions shared by the generators and the metrics: ln Γ, and the series and continued
 * fractions (Numerical Recipes, modified Lentz) behind the regularised incomplete gamma and beta
 * functions. Each caller passes its own convergence settings and assembles the function it needs
 * (P or Q, clamped or not): the copula marginals and the test statistics were calibrated with
 * different ones, and their published figures depend on them to the last bit.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** When a series or continued fraction stops. */
export interface Convergence {
  /** Stop once a step changes the result by a relative amount below this. */
  readonly tolerance: number;
  /** Steps after the first term, at most. */
  readonly maxIterations: number;
}

/** Guards the continued fractions' divisions against zero. */
const TINY = 1e-300;

/** ln(e^−x x^a / Γ(a)): the factor in front of both the series and the continued fraction. */
export function gammaLogPrefix(a: number, x: number): number {
  return -x + a * Math.log(x) - lnGamma(a);
}

/** The series of P(a, x) = e^−x x^a / Γ(a) · series, for x < a + 1. */
export function gammaSeries(a: number, x: number, convergence: Convergence): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= convergence.maxIterations; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * convergence.tolerance) break;
  }
  return sum;
}

/**
 * A continued fraction b0 + a1/(b1 + a2/(b2 + ...)) evaluated by the modified Lentz method:
 * `step` folds in one more term (a_n, b_n) and returns the factor it changed the value by.
 */
class LentzFraction {
  value: number;

  /** c and d are Lentz's auxiliaries after b0 (d already inverted). */
  constructor(
    private c: number,
    private d: number,
  ) {
    this.value = d;
  }

  step(an: number, bn: number): number {
    let d = an * this.d + bn;
    if (Math.abs(d) < TINY) d = TINY;
    let c = bn + an / this.c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    this.c = c;
    this.d = d;
    const delta = d * c;
    this.value *= delta;
    return delta;
  }
}

/** The continued fraction of Q(a, x) = e^−x x^a / Γ(a) · fraction, for x ≥ a + 1. */
export function gammaContinuedFraction(a: number, x: number, convergence: Convergence): number {
  let b = x + 1 - a;
  const fraction = new LentzFraction(1 / TINY, 1 / b);
  for (let i = 1; i <= convergence.maxIterations; i++) {
    b += 2;
    const delta = fraction.step(-i * (i - a), b);
    if (Math.abs(delta - 1) < convergence.tolerance) break;
  }
  return fraction.value;
}

/**
 * The continued fraction of I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · fraction, which converges
 * fast for x < (a + 1)/(a + b + 2) (use I_x(a, b) = 1 − I_{1−x}(b, a) above). Its terms come in
 * pairs (even, odd), the convergence checked after each pair.
 */
export function betaContinuedFraction(a: number, b: number, x: number, convergence: Convergence): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  const fraction = new LentzFraction(1, 1 / d);
  for (let m = 1; m <= convergence.maxIterations; m++) {
    const m2 = 2 * m;
    fraction.step((m * (b - m) * x) / ((qam + m2) * (a + m2)), 1);
    const delta = fraction.step((-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2)), 1);
    if (Math.abs(delta - 1) < convergence.tolerance) break;
  }
  return fraction.value;
}
