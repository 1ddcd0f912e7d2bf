/**
 * One pass of avatars, one per real row (spec generators.md §2.2 steps 4–6): random weights over
 * the row's neighbours, the barycentre, and categorical decoding.
 *
 * - `inverse = full`: the barycentre of the neighbours' scaled rows, computed in original units:
 *   numeric = weighted mean of the (mean-imputed) values, modality dummy = weighted share. The
 *   neighbours' rows are read from the layout's row-major copies (one neighbour row is a few cache
 *   lines, where column-major reads cost one miss per neighbour and column).
 * - `inverse = ncp`: the barycentre of the first ncp coordinates, reconstructed in the scaled space
 *   through the first ncp axes and unscaled (numeric z·sd + mean, dummy z·√p + p).
 *
 * Draws: one weight stream consumed row by row (R then π, every row), one decoding stream with a
 * fixed number of uniforms per row (per modal column in order: one for the ∅ draw when the column
 * has ∅, one for `sample` decoding), so a pass can compute only the rows it is asked for (`wanted`)
 * and still give each of them the same draws as a full pass.
 */
import type { Rng } from "../../random/rng.ts";
import { type Cell, type CategoricalDecoding, decodeCell } from "./decode.ts";
import type { Layout } from "./layout.ts";
import type { AvatarNeighbours } from "./neighbours.ts";
import type { Reconstruction } from "./reconstruction.ts";
import { type WeightDraws, avatarWeights } from "./weights.ts";

/** Decoded avatars: per numeric slot its values, per modal slot the chosen modality. */
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

/** Sorts candidates[from .. from + count) ascending (count ≤ k is small: insertion sort). */
function sortRange(a: Int32Array, from: number, count: number): void {
  for (let i = from + 1; i < from + count; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= from && a[j] > x) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/**
 * Writes the avatar of real row i at buffer row `target(i)`; rows with target −1 only consume their
 * draws. `target` defaults to offset + i for every row.
 */
export function avatarPass(
  input: PassInput,
  streams: PassStreams,
  draws: WeightDraws,
  out: DecodedBuffers,
  target: (i: number) => number,
): void {
  const { layout, neighbours, decoding, reconstruction } = input;
  const { k, indices, distances, floor } = neighbours;
  const n = layout.nRows;
  const nNum = layout.numerics.length;
  const nMod = layout.modals.length;
  const { rowNumerics, rowModalities } = layout;
  const exponentials = new Float64Array(k);
  const ranks = new Int32Array(k);
  const w = new Float64Array(k);
  const missingOf = Int32Array.from(layout.modals, (s) => s.missingModality);
  const uMissing = new Float64Array(nMod);
  const uSample = new Float64Array(nMod);
  const sample = decoding === "sample";
  const drawsPerRow = missingOf.reduce((a, m) => a + (m >= 0 ? 1 : 0), 0) + (sample ? nMod : 0);
  const decode = streams.decode;
  // Full inverse: shares of every modality of every slot in one flat array (slot s at base[s]).
  const base = new Int32Array(nMod);
  let total = 0;
  layout.modals.forEach((s, j) => {
    base[j] = total;
    total += s.shares.length;
  });
  const share = new Float64Array(total);
  const seen = new Uint8Array(total);
  const candidates = new Int32Array(nMod * k);
  const counts = new Int32Array(nMod);
  const acc = new Float64Array(nNum);
  const cell: { -readonly [K in keyof Cell]: Cell[K] } = { values: share, base: 0, candidates, from: 0, count: 0 };
  // ncp inverse: every modality is a candidate, in ascending order.
  const dummies = reconstruction ? new Float64Array(total) : share;
  const maxModalities = layout.modals.reduce((a, slot) => Math.max(a, slot.shares.length), 0);
  const allModalities = Int32Array.from({ length: reconstruction ? maxModalities : 0 }, (_, m) => m);

  for (let i = 0; i < n; i++) {
    draws.draw(streams.weights, k, exponentials, ranks);
    const t = target(i);
    if (t < 0) {
      for (let d = 0; d < drawsPerRow; d++) decode.next();
      continue;
    }
    for (let s = 0; s < nMod; s++) {
      uMissing[s] = missingOf[s] >= 0 ? decode.next() : 0;
      uSample[s] = sample ? decode.next() : 0;
    }
    avatarWeights(distances.subarray(i * k, (i + 1) * k), floor, exponentials, ranks, k, w);
    const row = i * k;
    if (reconstruction === undefined) {
      acc.fill(0);
      counts.fill(0);
      for (let j = 0; j < k; j++) {
        const neighbour = indices[row + j];
        const wj = w[j];
        const nb = neighbour * nNum;
        for (let s = 0; s < nNum; s++) acc[s] += wj * rowNumerics[nb + s];
        const mb = neighbour * nMod;
        for (let s = 0; s < nMod; s++) {
          const m = rowModalities[mb + s];
          const g = base[s] + m;
          if (seen[g] === 0) {
            seen[g] = 1;
            candidates[s * k + counts[s]++] = m;
          }
          share[g] += wj;
        }
      }
      for (let s = 0; s < nNum; s++) out.numeric[s][t] = acc[s];
      for (let s = 0; s < nMod; s++) {
        const from = s * k;
        const count = counts[s];
        if (sample) sortRange(candidates, from, count);
        cell.values = share;
        cell.base = base[s];
        cell.candidates = candidates;
        cell.from = from;
        cell.count = count;
        out.modal[s][t] = decodeCell(cell, missingOf[s], decoding, uMissing[s], uSample[s]);
        for (let c = from; c < from + count; c++) {
          const g = base[s] + candidates[c];
          share[g] = 0;
          seen[g] = 0;
        }
      }
    } else {
      const z = reconstruction.scaledRow(indices.subarray(row, row + k), w);
      for (let s = 0; s < nNum; s++) {
        const slot = layout.numerics[s];
        out.numeric[s][t] = z[slot.offset] * slot.sd + slot.mean;
      }
      for (let s = 0; s < nMod; s++) {
        const slot = layout.modals[s];
        const M = slot.shares.length;
        for (let m = 0; m < M; m++)
          dummies[base[s] + m] = z[slot.offset + m] * Math.sqrt(slot.shares[m]) + slot.shares[m];
        cell.values = dummies;
        cell.base = base[s];
        cell.candidates = allModalities;
        cell.from = 0;
        cell.count = M;
        out.modal[s][t] = decodeCell(cell, missingOf[s], decoding, uMissing[s], uSample[s]);
      }
    }
  }
}
