/**
 * Sampling avatars (spec generators.md §2.2 steps 6–9): one pass makes one avatar per real row;
 * nRows ≠ n runs ⌈nRows/n⌉ passes with fresh streams, concatenates them and keeps a seeded subsample
 * of nRows rows; rows are then shuffled on their own stream. The link (output row → real row) is
 * returned in memory only when asked for. With marginals = "ranks", numeric columns then take R's
 * values rank for rank (marginals.ts).
 *
 * When the subsample keeps fewer rows than the passes make (nRows not a multiple of n, e.g. the
 * guard's small replacement batches), only the kept avatars are computed: the others consume their
 * draws and nothing else, so the kept ones are exactly those of the full passes.
 */
import type { Rng } from "../../random/rng.ts";
import { Table } from "../../table/table.ts";
import type { DrawResult } from "../fitted.ts";
import type { ProgressFn } from "../types.ts";
import { allocateDecoded, avatarPass } from "./barycentre.ts";
import { columnsFromDecoded } from "./layout.ts";
import { matchRealMarginals } from "./marginals.ts";
import type { PreparedAvatar } from "./prepare.ts";
import { resolveRareModalities } from "./rare-modalities.ts";
import { type WeightDraws, seededWeightDraws } from "./weights.ts";

/** Which pool rows are output, in output order. */
function outputRows(poolSize: number, nRows: number, shuffle: boolean, rng: Rng): Int32Array {
  let rows: Int32Array;
  if (nRows === poolSize) rows = Int32Array.from({ length: nRows }, (_, i) => i);
  else rows = rng.derive("subsample").sampleWithoutReplacement(poolSize, nRows).sort();
  if (shuffle) rng.derive("shuffle").shuffle(rows);
  return rows;
}

/**
 * The kept avatars of all passes, in pool order (pool row p·n + i is pass p's avatar of row i),
 * and for each output row its position among them.
 */
function avatarPool(
  prepared: PreparedAvatar,
  passes: number,
  rows: Int32Array,
  rng: Rng,
  draws: WeightDraws,
  onProgress?: ProgressFn,
): { pool: Table; positions: Int32Array } {
  const { layout, neighbours } = prepared;
  const n = layout.nRows;
  const poolSize = passes * n;
  const all = rows.length === poolSize;
  const position = all ? null : new Int32Array(poolSize).fill(-1);
  if (position !== null)
    Int32Array.from(rows)
      .sort()
      .forEach((r, j) => (position[r] = j));
  const positions = position === null ? rows : Int32Array.from(rows, (r) => position[r]);
  if (neighbours === null) return { pool: new Table([], rows.length), positions };
  const buffers = allocateDecoded(layout, rows.length);
  const input = {
    layout,
    neighbours,
    decoding: prepared.options.categoricalDecoding,
    reconstruction: prepared.reconstruction,
  };
  for (let p = 0; p < passes; p++) {
    onProgress?.(p / passes, "avatars");
    const offset = p * n;
    const target = position === null ? (i: number) => offset + i : (i: number) => position[offset + i];
    avatarPass(input, { weights: rng.derive("weights", p), decode: rng.derive("decode", p) }, draws, buffers, target);
  }
  onProgress?.(1, "avatars");
  return { pool: columnsFromDecoded(layout, buffers.numeric, buffers.modal, rows.length), positions };
}

export function drawAvatars(
  prepared: PreparedAvatar,
  nRows: number,
  rng: Rng,
  draws: WeightDraws = seededWeightDraws,
  onProgress?: ProgressFn,
  references?: Readonly<Record<string, readonly number[]>>,
): DrawResult {
  const n = prepared.layout.nRows;
  if (nRows > 0 && n === 0) throw new RangeError("cannot make avatars from an empty table");
  const passes = nRows === 0 ? 0 : Math.ceil(nRows / n);
  const rows = outputRows(passes * n, nRows, prepared.options.shuffle, rng);
  const { pool, positions } = avatarPool(prepared, passes, rows, rng, draws, onProgress);
  const avatars = resolveRareModalities(pool.select(positions), prepared.rareGroups, rng.derive("rare"));
  const table =
    prepared.options.marginals === "ranks" ? matchRealMarginals(avatars, prepared.layout, references) : avatars;
  if (!prepared.options.keepLink) return { table };
  return { table, link: rows.map((r) => r % n) };
}
