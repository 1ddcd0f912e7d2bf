/**
 * Gaussian kernel density sums (DOMIAS, privacy-metrics.md §5.6): log p̂(x) of query points given
 * a KDE whose points are whitened by the Cholesky factor of its kernel covariance, so that each
 * density is a log-sum-exp of squared Euclidean distances to every point. Every kernel term is
 * evaluated (an exact sum, not a neighbourhood); the sum of a query depends on that query only,
 * so query ranges can be computed apart (`withNeighbourEngine` sends a big full-range call to the
 * engine's `kdeLogDensity` when it has one).
 */
import { solveLower } from "../linalg/cholesky.ts";
import { matrix } from "../linalg/matrix.ts";
import { delegate } from "./engine.ts";

/** Log-densities below this are floored (an empty neighbourhood must not give −∞). */
export const LOG_DENSITY_FLOOR = -700;

/** A Gaussian KDE of n points in d dimensions, ready to evaluate. */
export interface WhitenedKde {
  readonly n: number;
  readonly d: number;
  /** Lower Cholesky factor of the kernel covariance, d x d row-major. */
  readonly factor: Float64Array;
  /** The KDE's points whitened by the factor, n x d row-major. */
  readonly whitened: Float64Array;
  /** −log n − (d/2)·log 2π − log det(factor). */
  readonly logNorm: number;
}

/** Rows of x (n x d) solved by the lower factor: L⁻¹·x_i. */
export function whiten(factor: Float64Array, d: number, x: Float64Array, n: number): Float64Array {
  const L = matrix(d, d, factor);
  const out = new Float64Array(n * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i * d + j];
    solveLower(L, row);
    out.set(row, i * d);
  }
  return out;
}

/** log p̂(x) of queries [start, end) (row-major, d columns), floored at LOG_DENSITY_FLOOR. */
export function kdeLogDensity(kde: WhitenedKde, queries: Float64Array, start: number, end: number): Float64Array {
  const { n, d, whitened } = kde;
  if (start === 0 && end * d === queries.length) {
    const found = delegate(end * n, (engine) => engine.kdeLogDensity?.(kde, queries, end));
    if (found !== undefined) return found;
  }
  const q = whiten(kde.factor, d, queries.subarray(start * d, end * d), end - start);
  const out = new Float64Array(end - start);
  const exponents = new Float64Array(n);
  for (let i = 0; i < end - start; i++) {
    let best = -Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = q[i * d + k] - whitened[j * d + k];
        s += diff * diff;
      }
      exponents[j] = -0.5 * s;
      if (exponents[j] > best) best = exponents[j];
    }
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.exp(exponents[j] - best);
    out[i] = Math.max(LOG_DENSITY_FLOOR, best + Math.log(sum) + kde.logNorm);
  }
  return out;
}
