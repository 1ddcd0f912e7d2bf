/**
 * The copula's dependence (generators.md §4.2): pairwise-complete Pearson correlation of the
 * normal scores, taken to the latent scale where a category is involved (latent-correlation.ts),
 * repaired to positive definite by an eigenvalue floor, then Cholesky-factored.
 */
import { type Matrix, matrix } from "../../linalg/matrix.ts";
import { repairCorrelation } from "../../linalg/correlation-repair.ts";
import { cholesky } from "../../linalg/cholesky.ts";
import { type LatentScale, latentCorrelation } from "./latent-correlation.ts";

/** Pearson correlation of z_j and z_k over rows where both are present (not NaN); unit diagonal. */
export function pairwiseCorrelation(scores: readonly Float64Array[]): Matrix {
  const d = scores.length;
  const out = matrix(d, d);
  // Fully observed columns, centred and scaled once: their pairs reduce to a dot product.
  const unit = scores.map(unitIfComplete);
  for (let j = 0; j < d; j++) {
    out.data[j * d + j] = 1;
    for (let k = j + 1; k < d; k++) {
      const uj = unit[j];
      const uk = unit[k];
      const r = uj !== null && uk !== null ? clampedDot(uj, uk) : pairCorrelation(scores[j], scores[k]);
      out.data[j * d + k] = r;
      out.data[k * d + j] = r;
    }
  }
  return out;
}

/** (z − mean)/‖z − mean‖ for a column without NaN and with spread; null otherwise. */
function unitIfComplete(z: Float64Array): Float64Array | null {
  const n = z.length;
  if (n < 3) return null;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = z[i];
    if (v !== v) return null;
    s += v;
  }
  const mean = s / n;
  const u = new Float64Array(n);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    u[i] = z[i] - mean;
    ss += u[i] * u[i];
  }
  if (!(ss > 0)) return null;
  const scale = 1 / Math.sqrt(ss);
  for (let i = 0; i < n; i++) u[i] *= scale;
  return u;
}

function clampedDot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return Math.max(-1, Math.min(1, s));
}

/** Correlation over complete pairs; 0 with fewer than 3 of them or a constant side. */
function pairCorrelation(x: Float64Array, y: Float64Array): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a !== a || b !== b) continue; // NaN marks a missing score
    n++;
    sx += a;
    sy += b;
  }
  if (n < 3) return 0;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (a !== a || b !== b) continue;
    const da = a - mx;
    const db = b - my;
    sxx += da * da;
    syy += db * db;
    sxy += da * db;
  }
  if (!(sxx > 0 && syy > 0)) return 0;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

export interface Dependence {
  /** The repaired correlation matrix Σ. */
  readonly correlation: Matrix;
  /** Lower-triangular L with Σ = L·Lᵀ. */
  readonly cholesky: Matrix;
  /** Eigenvalues raised to the floor by the repair. */
  readonly raised: number;
}

/** `scales` (one per score; null: Pearson as it is) takes each pair's correlation to the latent scale. */
export function fitDependence(
  scores: readonly Float64Array[],
  eigenvalueFloor: number,
  scales: readonly LatentScale[] | null = null,
): Dependence {
  const d = scores.length;
  if (d === 0) return { correlation: matrix(0, 0), cholesky: matrix(0, 0), raised: 0 };
  const observed = pairwiseCorrelation(scores);
  if (scales !== null)
    for (let j = 0; j < d; j++)
      for (let k = j + 1; k < d; k++) {
        const rho = latentCorrelation(observed.data[j * d + k], scales[j], scales[k]);
        observed.data[j * d + k] = rho;
        observed.data[k * d + j] = rho;
      }
  const repaired = repairCorrelation(observed, eigenvalueFloor);
  const factor = cholesky(repaired.matrix);
  if (!factor.ok)
    throw new RangeError(
      `repaired correlation is not positive definite (pivot ${factor.pivot} at column ${factor.column})`,
    );
  return { correlation: repaired.matrix, cholesky: factor.L, raised: repaired.raised };
}
