/**
 * `inverse = ncp` (spec generators.md §2.2 step 5): the barycentre y of the neighbours' first ncp
 * coordinates, taken back to the scaled space as the least-squares ẑ = y·(A Aᵀ)⁻¹A over the first
 * ncp axes (ẑ = y·V with unit weights), as ProjectionModel.inverse does before decoding.
 */
import { cholesky, solveLower, solveUpperTransposed } from "../../linalg/cholesky.ts";
import { matrix } from "../../linalg/matrix.ts";
import type { ProjectionModel } from "../../transform/famd.ts";
import type { Coordinates } from "./neighbours.ts";

export interface Reconstruction {
  /** ẑ (length p′) of the barycentre of the given rows' coordinates with weights w; reused buffer. */
  scaledRow(rows: Int32Array, w: Float64Array): Float64Array;
}

/**
 * `coordinateScale` is the factor the projection applied to its coordinates (1/√Q for MCA under
 * `projection: auto`, else 1); it is divided out before reconstructing.
 */
export function makeReconstruction(model: ProjectionModel, coords: Coordinates, coordinateScale: number): Reconstruction {
  const ncp = coords.dims;
  const p = model.nScaled;
  const A = model.axes;
  const G = matrix(ncp, ncp);
  for (let a = 0; a < ncp; a++)
    for (let b = 0; b < ncp; b++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += A[a * p + j] * A[b * p + j];
      G.data[a * ncp + b] = s;
    }
  const chol = cholesky(G);
  if (!chol.ok) throw new Error("projection axes are linearly dependent");
  const L = chol.L;
  const y = new Float64Array(ncp);
  const z = new Float64Array(p);
  const values = coords.values;
  return {
    scaledRow(rows, w) {
      y.fill(0);
      for (let j = 0; j < rows.length; j++) {
        const o = rows[j] * ncp;
        for (let a = 0; a < ncp; a++) y[a] += w[j] * values[o + a];
      }
      for (let a = 0; a < ncp; a++) y[a] /= coordinateScale;
      solveLower(L, y);
      solveUpperTransposed(L, y);
      z.fill(0);
      for (let a = 0; a < ncp; a++) {
        const ya = y[a];
        const o = a * p;
        for (let j = 0; j < p; j++) z[j] += ya * A[o + j];
      }
      return z;
    },
  };
}
