/**
 * The least-squares way back from coordinates on the first ncp axes of a projection to its scaled
 * space: ẑ = y·(A Aᵀ)⁻¹A, A the ncp x p axes (ẑ = y·A when the axes are orthonormal, i.e. unit
 * column weights). Shared by ProjectionModel.inverse and the avatar's `inverse = ncp`, so that
 * both reconstruct the same rows bit for bit.
 */
import { cholesky, solveLower, solveUpperTransposed } from "../linalg/cholesky.ts";
import { matrix } from "../linalg/matrix.ts";

export interface AxesInverse {
  /** Overwrites y (length ncp) with (A Aᵀ)⁻¹y, then adds y·A to out[offset, offset + p). */
  addScaledRow(y: Float64Array, out: Float64Array, offset: number): void;
}

/** `axes`: ncp x p row-major (at least); the Gram of its first ncp rows is factorised once. */
export function axesInverse(axes: Float64Array, ncp: number, p: number): AxesInverse {
  const G = matrix(ncp, ncp);
  for (let a = 0; a < ncp; a++)
    for (let b = 0; b < ncp; b++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += axes[a * p + j] * axes[b * p + j];
      G.data[a * ncp + b] = s;
    }
  const chol = cholesky(G);
  if (!chol.ok) throw new Error("projection axes are linearly dependent");
  const L = chol.L;
  return {
    addScaledRow(y, out, offset) {
      solveLower(L, y);
      solveUpperTransposed(L, y);
      for (let a = 0; a < ncp; a++) {
        const ya = y[a];
        const o = a * p;
        for (let j = 0; j < p; j++) out[offset + j] += ya * axes[o + j];
      }
    },
  };
}
