/**
 * `inverse = ncp` (spec generators.md §2.2 step 5): the barycentre y of the neighbours' first ncp
 * coordinates, taken back to the scaled space as the least-squares ẑ = y·(A Aᵀ)⁻¹A over the first
 * ncp axes (ẑ = y·V with unit weights), as ProjectionModel.inverse does before decoding.
 */
import type { ProjectionModel } from "../../transform/famd.ts";
import { axesInverse } from "../../transform/axes-inverse.ts";
import type { Coordinates } from "./neighbours.ts";

export interface Reconstruction {
  /** ẑ (length p′) of the barycentre of the given rows' coordinates with weights w; reused buffer. */
  scaledRow(rows: Int32Array, w: Float64Array): Float64Array;
}

/**
 * `coordinateScale` is the factor the projection applied to its coordinates (1/√Q for MCA under
 * `projection: auto`, else 1); it is divided out before reconstructing.
 */
export function makeReconstruction(
  model: ProjectionModel,
  coords: Coordinates,
  coordinateScale: number,
): Reconstruction {
  const ncp = coords.dims;
  const p = model.nScaled;
  const back = axesInverse(model.axes, ncp, p);
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
      z.fill(0);
      back.addScaledRow(y, z, 0);
      return z;
    },
  };
}
