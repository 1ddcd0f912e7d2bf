/**
 * Repetition intervals for the learned metrics (spec §6.2): mean ± t_{0.975, r−1} · sd / √r over
 * r ≥ 3 repetitions. They reflect model and split randomness only, not the sampling variability
 * of R and H. Also the fast AUC the learned metrics score with.
 */
import { betaContinuedFraction, lnGamma, type Convergence } from "../../stats/special-functions.ts";
import { meanAndSd } from "./statistics.ts";

/** Convergence of the t distribution's incomplete beta: steps until they no longer change the double. */
const T_CONVERGENCE: Convergence = { tolerance: 1e-16, maxIterations: 300 };

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x, T_CONVERGENCE)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x, T_CONVERGENCE)) / b;
}

/** P(T ≤ t) for Student's t with `dof` degrees of freedom. */
export function studentTCdf(t: number, dof: number): number {
  const tail = 0.5 * incompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (p in (0, 1)), by bisection to full precision. */
export function studentTQuantile(p: number, dof: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile level must be in (0, 1), got ${p}`);
  if (!(dof > 0)) throw new RangeError(`degrees of freedom must be positive, got ${dof}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, dof);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, dof) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, dof) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface RepetitionSummary {
  readonly mean: number;
  readonly ci: readonly [number, number] | null;
  /** Why ci is null. */
  readonly reason: string | null;
}

/** Mean of the repetitions and, with at least 3, the §6.2 interval (ciMethod "repetition"). */
export function repetitionSummary(values: readonly number[]): RepetitionSummary {
  const r = values.length;
  if (r === 0) return { mean: NaN, ci: null, reason: "no repetition gave a value" };
  const { mean, sd } = meanAndSd(values);
  if (r < 3) return { mean, ci: null, reason: `no interval: ${r} repetition(s), at least 3 needed` };
  const half = (studentTQuantile(0.975, r - 1) * sd) / Math.sqrt(r);
  return { mean, ci: [mean - half, mean + half], reason: null };
}

/**
 * Binary AUC, the Mann–Whitney statistic with ties counting ½ (§5.1), on native typed-array sorts:
 * for each positive score, the negatives below it count 1 and those equal to it ½. NaN unless both
 * classes occur.
 */
export function mannWhitneyAuc(positive: Float64Array, negative: Float64Array): number {
  const nPos = positive.length;
  const nNeg = negative.length;
  if (nPos === 0 || nNeg === 0) return NaN;
  const pos = Float64Array.from(positive).sort();
  const neg = Float64Array.from(negative).sort();
  let below = 0;
  let equalEnd = 0;
  let wins = 0;
  for (let i = 0; i < nPos; i++) {
    const v = pos[i];
    while (below < nNeg && neg[below] < v) below++;
    if (equalEnd < below) equalEnd = below;
    while (equalEnd < nNeg && neg[equalEnd] === v) equalEnd++;
    wins += below + (equalEnd - below) / 2;
  }
  return wins / (nPos * nNeg);
}

/**
 * The protocol's AUC from an n × k probability matrix: binary AUC (class 1 positive) for k = 2,
 * Hand & Till one-vs-one macro AUC over the classes present for k > 2.
 */
export function fastProtocolAuc(labels: Int32Array, proba: Float64Array, k: number): number {
  const n = labels.length;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) byClass[labels[i]].push(i);
  const scoresOf = (rows: readonly number[], c: number) => Float64Array.from(rows, (r) => proba[r * k + c]);
  if (k === 2) return mannWhitneyAuc(scoresOf(byClass[1], 1), scoresOf(byClass[0], 1));
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      if (byClass[a].length === 0 || byClass[b].length === 0) continue;
      const aGivenB = mannWhitneyAuc(scoresOf(byClass[a], a), scoresOf(byClass[b], a));
      const bGivenA = mannWhitneyAuc(scoresOf(byClass[b], b), scoresOf(byClass[a], b));
      sum += (aGivenB + bGivenA) / 2;
      pairs++;
    }
  return pairs > 0 ? sum / pairs : NaN;
}
