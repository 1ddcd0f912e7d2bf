/**
 * Nearest positive-definite correlation matrix by eigenvalue flooring (generators.md §4.2):
 * eigendecompose, raise eigenvalues below the floor to the floor, rebuild, rescale to a unit
 * diagonal. Rescaling by a positive diagonal keeps the matrix positive definite.
 */

import { symmetricEigen } from "./eigen.ts";
import { type Matrix, matrix } from "./matrix.ts";

export interface CorrelationRepair {
  /** Symmetric, unit diagonal, positive definite. */
  readonly matrix: Matrix;
  /** How many eigenvalues were raised to the floor (0: the input was already fine and is returned as is). */
  readonly raised: number;
  /** Smallest eigenvalue of the input. */
  readonly minEigenvalue: number;
}

export const DEFAULT_EIGENVALUE_FLOOR = 1e-6;

export function repairCorrelation(c: Matrix, floor = DEFAULT_EIGENVALUE_FLOOR): CorrelationRepair {
  if (!(floor > 0)) throw new RangeError(`eigenvalue floor must be positive, got ${floor}`);
  const n = c.rows;
  const { values, vectors } = symmetricEigen(c);
  const minEigenvalue = n > 0 ? values[n - 1] : NaN;
  let raised = 0;
  const lambda = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    lambda[k] = values[k] < floor ? floor : values[k];
    if (values[k] < floor) raised++;
  }
  const out = matrix(n, n);
  if (raised === 0) {
    // Keep the input (symmetrised, unit diagonal) rather than a rebuilt copy with rounding noise.
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) out.data[i * n + j] = i === j ? 1 : 0.5 * (c.data[i * n + j] + c.data[j * n + i]);
    return { matrix: out, raised, minEigenvalue };
  }
  const V = vectors.data;
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += V[i * n + k] * lambda[k] * V[j * n + k];
      out.data[i * n + j] = s;
      out.data[j * n + i] = s;
    }
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) scale[i] = 1 / Math.sqrt(out.data[i * n + i]);
  for (let i = 0; i < n; i++) {
    out.data[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const r = out.data[i * n + j] * scale[i] * scale[j];
      out.data[i * n + j] = r;
      out.data[j * n + i] = r;
    }
  }
  return { matrix: out, raised, minEigenvalue };
}
