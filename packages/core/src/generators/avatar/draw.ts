/**
 * Sampling avatars (spec generators.md §2.2 steps 6–9): one pass makes one avatar per real row;
 * nRows ≠ n runs ⌈nRows/n⌉ passes with fresh streams, concatenates them and keeps a seeded subsample
 * of nRows rows; rows are then shuffled on their own stream. The link (output row → real row) is
 * returned in memory only when asked for.
 */
import type { Rng } from "../../random/rng.ts";
import { Table } from "../../table/table.ts";
import type { DrawResult } from "../fitted.ts";
import type { ProgressFn } from "../types.ts";
import { allocateDecoded, avatarPass } from "./barycentre.ts";
import { columnsFromDecoded } from "./layout.ts";
import type { PreparedAvatar } from "./prepare.ts";
import { resolveRareModalities } from "./rare-modalities.ts";
import { type WeightDraws, seededWeightDraws } from "./weights.ts";

/** All passes, concatenated: the pool the output rows are taken from. */
function avatarPool(prepared: PreparedAvatar, passes: number, rng: Rng, draws: WeightDraws, onProgress?: ProgressFn): Table {
  const { layout, neighbours } = prepared;
  const n = layout.nRows;
  if (neighbours === null) return new Table([], passes * n);
  const buffers = allocateDecoded(layout, passes * n);
  const input = { layout, neighbours, decoding: prepared.options.categoricalDecoding, reconstruction: prepared.reconstruction };
  for (let p = 0; p < passes; p++) {
    onProgress?.(p / passes, "avatars");
    avatarPass(input, { weights: rng.derive("weights", p), decode: rng.derive("decode", p) }, draws, buffers, p * n);
  }
  onProgress?.(1, "avatars");
  const pool = columnsFromDecoded(layout, buffers.numeric, buffers.modal, passes * n);
  return resolveRareModalities(pool, prepared.rareGroups, rng.derive("rare"));
}

/** Which pool rows are output, in output order. */
function outputRows(poolSize: number, nRows: number, shuffle: boolean, rng: Rng): Int32Array {
  let rows: Int32Array;
  if (nRows === poolSize) rows = Int32Array.from({ length: nRows }, (_, i) => i);
  else rows = rng.derive("subsample").sampleWithoutReplacement(poolSize, nRows).sort();
  if (shuffle) rng.derive("shuffle").shuffle(rows);
  return rows;
}

export function drawAvatars(
  prepared: PreparedAvatar,
  nRows: number,
  rng: Rng,
  draws: WeightDraws = seededWeightDraws,
  onProgress?: ProgressFn,
): DrawResult {
  const n = prepared.layout.nRows;
  if (nRows > 0 && n === 0) throw new RangeError("cannot make avatars from an empty table");
  const passes = nRows === 0 ? 0 : Math.ceil(nRows / n);
  const pool = avatarPool(prepared, passes, rng, draws, onProgress);
  const rows = outputRows(passes * n, nRows, prepared.options.shuffle, rng);
  const table = pool.select(rows);
  if (!prepared.options.keepLink) return { table };
  return { table, link: rows.map((r) => r % n) };
}
