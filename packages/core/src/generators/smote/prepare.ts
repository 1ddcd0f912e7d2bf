/**
 * What SMOTE's sampling needs, computed once from R (spec generators.md §7.2 steps 1–2): the
 * groups, each row's k nearest other rows of its group (exact search, ties by row index), and for
 * the `mode` rule each seed's most frequent neighbour level per categorical column.
 */
import { SosieOptionError } from "../../errors.ts";
import { type Column, isFloatColumn } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import { mixedKnn } from "../../neighbors/mixed-kernel.ts";
import type { NeighbourSearchHook } from "../types.ts";
import { NOTHING_MODELLED } from "../avatar/prepare.ts";
import { encodeMixedRows } from "./encode.ts";
import { type SmoteGroup, groupsByTarget, singleGroup } from "./groups.ts";
import type { SmoteOptions } from "./options.ts";

export interface GroupNeighbours {
  /** Neighbours per row of the group (k capped at size − 1; 0 for a copied one-row group). */
  readonly k: number;
  /** size x k global row indices of R, row-major, nearest first. */
  readonly indices: Int32Array;
}

export interface PreparedSmote {
  readonly options: SmoteOptions;
  /** The modelled columns of R. */
  readonly table: Table;
  readonly groups: readonly SmoteGroup[];
  readonly neighbours: readonly GroupNeighbours[];
  /** `mode` rule: per categorical column (by table index), the level code (−1: ∅) each row's neighbours vote for. */
  readonly modeLevels: ReadonlyMap<number, Int32Array>;
  readonly warnings: readonly string[];
}

export interface SmoteHooks {
  /** Its `mixed` search runs the neighbour search; without one, the search runs in this thread. */
  readonly search?: NeighbourSearchHook;
}

/**
 * Each row's kg nearest other rows of the group: the exact search of neighbors/mixed-kernel.ts
 * on one value per column (encodeMixedRows), whose distances are bit for bit those of the
 * Euclidean search on the one-hot coordinates (encodeRows), hence the same lists.
 */
function groupNeighbours(
  table: Table,
  group: SmoteGroup,
  k: number,
  search: NeighbourSearchHook | undefined,
): GroupNeighbours {
  const size = group.rows.length;
  const kg = Math.min(k, size - 1);
  if (kg === 0) return { k: 1, indices: Int32Array.from(group.rows) }; // a copied row is its own "neighbour"
  const { rules, rows } = encodeMixedRows(table, group.rows);
  const found =
    search?.mixed !== undefined
      ? search.mixed(rules, rows, kg)
      : mixedKnn(rules, rows, rows, kg, { excludeSelf: true });
  const indices = new Int32Array(size * kg);
  for (let i = 0; i < indices.length; i++) indices[i] = group.rows[found.indices[i]];
  return { k: kg, indices };
}

/** Level code of each value (∅ → the slot after the last level), for counting votes. */
function voteSlot(c: Column, row: number): number {
  if (c.kind === "categorical") return c.missing[row] ? c.levels.length : c.codes[row];
  if (c.kind === "boolean") return c.missing[row] ? 2 : c.values[row];
  throw new RangeError(`column "${c.name}" is not categorical`);
}

/** Most frequent neighbour level of every row (ties: first in level order, ∅ last); −1 for ∅. */
function modeLevelsOf(
  c: Column,
  groups: readonly SmoteGroup[],
  neighbours: readonly GroupNeighbours[],
  nRows: number,
): Int32Array {
  const nSlots = c.kind === "categorical" ? c.levels.length + 1 : 3;
  const votes = new Int32Array(nSlots);
  const out = new Int32Array(nRows);
  groups.forEach((group, g) => {
    const { k, indices } = neighbours[g];
    for (let local = 0; local < group.rows.length; local++) {
      votes.fill(0);
      for (let j = 0; j < k; j++) votes[voteSlot(c, indices[local * k + j])]++;
      let best = 0;
      for (let s = 1; s < nSlots; s++) if (votes[s] > votes[best]) best = s;
      out[group.rows[local]] = best === nSlots - 1 ? -1 : best;
    }
  });
  return out;
}

export function prepareSmote(
  table: Table,
  target: Column | undefined,
  options: SmoteOptions,
  hooks: SmoteHooks = {},
): PreparedSmote {
  let groups: SmoteGroup[];
  if (options.mode === "stratified") {
    if (target === undefined)
      throw new SosieOptionError(`SMOTE mode "stratified" needs a target column (the groups are its levels)`);
    groups = groupsByTarget(target);
  } else groups = singleGroup(table.nRows);
  if (table.nRows === 0) throw new SosieOptionError("SMOTE needs at least one training row");
  const warnings: string[] = [];
  // No modelled column (every column constant, an identifier or free text; e.g. any one-row table):
  // there is nothing to interpolate or copy, the output is the constants and fresh identifiers.
  const nothingModelled = table.columns.length === 0;
  groups.forEach((group, g) => {
    if (group.rows.length > 1 || nothingModelled) return;
    const which = options.mode === "stratified" ? `target group ${g + 1} of ${groups.length}` : "the table";
    if (!options.allowCopies)
      throw new SosieOptionError(
        `SMOTE cannot interpolate: ${which} has a single row (set allowCopies to copy it instead)`,
      );
    warnings.push(`${which} has a single row: its synthetic rows are copies of a real row`);
  });
  if (nothingModelled) warnings.push(NOTHING_MODELLED);
  const neighbours = groups.map((group) => groupNeighbours(table, group, options.k, hooks.search));
  const modeLevels = new Map<number, Int32Array>();
  if (options.categoricalRule === "mode")
    table.columns.forEach((c, j) => {
      if (!isFloatColumn(c)) modeLevels.set(j, modeLevelsOf(c, groups, neighbours, table.nRows));
    });
  return { options, table, groups, neighbours, modeLevels, warnings };
}
