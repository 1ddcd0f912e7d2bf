/**
 * One pass of avatars, one per real row (spec generators.md §2.2 steps 4–6): random weights over
 * the row's neighbours, the barycentre, and categorical decoding.
 *
 * - `inverse = full`: the barycentre of the neighbours' scaled rows, computed in original units:
 *   numeric = weighted mean of the (mean-imputed) values, modality dummy = weighted share.
 * - `inverse = ncp`: the barycentre of the first ncp coordinates, reconstructed in the scaled space
 *   through the first ncp axes and unscaled (numeric z·sd + mean, dummy z·√p + p).
 *
 * Draws: one weight stream consumed row by row (R then π), one decoding stream (rows in order,
 * modal columns in order) used by the ∅ draw of columns with ∅ and by `sample` decoding.
 */
import type { Rng } from "../../random/rng.ts";
import { type CategoricalDecoding, decodeCell } from "./decode.ts";
import type { Layout } from "./layout.ts";
import type { AvatarNeighbours } from "./neighbours.ts";
import type { Reconstruction } from "./reconstruction.ts";
import { type WeightDraws, avatarWeights } from "./weights.ts";

/** Decoded avatars: per numeric slot its values, per modal slot the chosen modality, at rows [offset, offset + n). */
export interface DecodedBuffers {
  readonly numeric: Float64Array[];
  readonly modal: Int32Array[];
}

export interface PassInput {
  readonly layout: Layout;
  readonly neighbours: AvatarNeighbours;
  readonly decoding: CategoricalDecoding;
  /** Present for `inverse = ncp`. */
  readonly reconstruction?: Reconstruction;
}

export interface PassStreams {
  readonly weights: Rng;
  readonly decode: Rng;
}

export function allocateDecoded(layout: Layout, nRows: number): DecodedBuffers {
  return {
    numeric: layout.numerics.map(() => new Float64Array(nRows)),
    modal: layout.modals.map(() => new Int32Array(nRows)),
  };
}

/** Sorts the first `count` entries ascending (k is small: insertion sort). */
function sortPrefix(a: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** Writes one avatar per real row into `out` at rows [offset, offset + n). */
export function avatarPass(
  input: PassInput,
  streams: PassStreams,
  draws: WeightDraws,
  out: DecodedBuffers,
  offset: number,
): void {
  const { layout, neighbours, decoding, reconstruction } = input;
  const { k, indices, distances, floor } = neighbours;
  const n = layout.nRows;
  const exponentials = new Float64Array(k);
  const ranks = new Int32Array(k);
  const w = new Float64Array(k);
  const dummies = layout.modals.map((s) => new Float64Array(s.shares.length));
  const candidates = layout.modals.map((s) => new Int32Array(Math.max(s.shares.length, k)));
  const touched = layout.modals.map((s) => new Uint8Array(s.shares.length));
  const allModalities = layout.modals.map((s) => Int32Array.from(s.shares, (_, m) => m));
  const choose = (values: Float64Array, cand: Int32Array, count: number, missing: number): number =>
    decodeCell(values, cand, count, missing, decoding, streams.decode);

  for (let i = 0; i < n; i++) {
    draws.draw(streams.weights, k, exponentials, ranks);
    avatarWeights(distances.subarray(i * k, (i + 1) * k), floor, exponentials, ranks, k, w);
    const row = i * k;
    const target = offset + i;
    if (reconstruction === undefined) {
      for (let s = 0; s < layout.numerics.length; s++) {
        const values = layout.numerics[s].values;
        let x = 0;
        for (let j = 0; j < k; j++) x += w[j] * values[indices[row + j]];
        out.numeric[s][target] = x;
      }
      for (let s = 0; s < layout.modals.length; s++) {
        const modality = layout.modals[s].modality;
        const share = dummies[s];
        const cand = candidates[s];
        const seen = touched[s];
        let count = 0;
        for (let j = 0; j < k; j++) {
          const m = modality[indices[row + j]];
          if (seen[m] === 0) {
            seen[m] = 1;
            cand[count++] = m;
          }
          share[m] += w[j];
        }
        sortPrefix(cand, count);
        out.modal[s][target] = choose(share, cand, count, layout.modals[s].missingModality);
        for (let c = 0; c < count; c++) {
          share[cand[c]] = 0;
          seen[cand[c]] = 0;
        }
      }
    } else {
      const z = reconstruction.scaledRow(indices.subarray(row, row + k), w);
      for (let s = 0; s < layout.numerics.length; s++) {
        const slot = layout.numerics[s];
        out.numeric[s][target] = z[slot.offset] * slot.sd + slot.mean;
      }
      for (let s = 0; s < layout.modals.length; s++) {
        const slot = layout.modals[s];
        const values = dummies[s];
        for (let m = 0; m < values.length; m++)
          values[m] = z[slot.offset + m] * Math.sqrt(slot.shares[m]) + slot.shares[m];
        out.modal[s][target] = choose(values, allModalities[s], values.length, slot.missingModality);
      }
    }
  }
}
