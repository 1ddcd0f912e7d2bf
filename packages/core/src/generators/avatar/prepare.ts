/**
 * Everything sampling needs, computed once from R (spec generators.md §2.2 steps 1–3): rare
 * modalities grouped, the layout, the projection, the coordinates on the first ncp axes, the
 * neighbours and δ_floor, and the figures the report shows (share of variance on the ncp axes,
 * largest scaled dummy). Nothing here is random.
 */
import type { Table } from "../../table/table.ts";
import { type ProjectionType, fitProjection } from "../../transform/famd.ts";
import type { AvatarOptions } from "./options.ts";
import { type RareGroup, groupRareModalities } from "./rare-modalities.ts";
import { type Layout, buildLayout, checkScaledNames } from "./layout.ts";
import { type AvatarNeighbours, type NeighbourSearch, findAvatarNeighbours, sequentialSearch } from "./neighbours.ts";
import { type Reconstruction, makeReconstruction } from "./reconstruction.ts";

/** A scaled dummy above this ((1 − p)/√p > 10, i.e. a modality share below about 1 %) dominates distances. */
const DOMINANT_DUMMY = 10;

/** The fallback when no column is modelled (any one-row table): no neighbour, no average. */
export const NOTHING_MODELLED =
  "no column is modelled (each is constant, an identifier or free text): the output repeats the constants and regenerates identifiers; no neighbour is used";

export interface AvatarDiagnostics {
  readonly projection: ProjectionType | null;
  /** Axes used for the search (ncp capped at the number of axes). */
  readonly ncp: number;
  /** Axes computed: min(ncp, rank of the scaled table); only the first ncp are needed. */
  readonly nComponents: number;
  /** Share of the total variance on the first ncp axes. */
  readonly varianceShareOnNcpAxes: number;
  /** Largest scaled dummy (1 − p)/√p and its column (never the level: it may be a rare real value). */
  readonly largestScaledDummy: { readonly value: number; readonly column: string } | null;
  readonly warnings: readonly string[];
}

export interface PreparedAvatar {
  readonly options: AvatarOptions;
  readonly layout: Layout;
  readonly rareGroups: readonly RareGroup[];
  /** Null when no column is modelled (every output column is then made by the finishing step). */
  readonly neighbours: AvatarNeighbours | null;
  readonly reconstruction?: Reconstruction;
  readonly diagnostics: AvatarDiagnostics;
}

export interface PrepareHooks {
  /** How the neighbour search runs (default: query ranges one after the other in this thread). */
  readonly search?: NeighbourSearch;
}

function largestScaledDummy(layout: Layout): AvatarDiagnostics["largestScaledDummy"] {
  let best: AvatarDiagnostics["largestScaledDummy"] = null;
  for (const slot of layout.modals)
    for (const p of slot.shares) {
      const value = (1 - p) / Math.sqrt(p);
      if (best === null || value > best.value) best = { value, column: slot.source.name };
    }
  return best;
}

function warningsFor(options: AvatarOptions, dummy: AvatarDiagnostics["largestScaledDummy"]): string[] {
  const warnings: string[] = [];
  if (options.requestedK !== undefined)
    warnings.push(`k = ${options.requestedK} needs more training rows than the table has: k lowered to ${options.k}`);
  if (options.k < 5)
    warnings.push(
      `k = ${options.k} is below 5: each avatar mixes few originals and stays close to them (less privacy); run the privacy report`,
    );
  if (dummy !== null && dummy.value > DOMINANT_DUMMY)
    warnings.push(
      `column "${dummy.column}" has a modality seen in under 1 % of rows (scaled dummy ${dummy.value.toFixed(1)}): ` +
        `rare modalities dominate distances; consider groupRareModalities`,
    );
  return warnings;
}

export function prepareAvatar(modelled: Table, options: AvatarOptions, hooks: PrepareHooks = {}): PreparedAvatar {
  const grouped = groupRareModalities(modelled, options.groupRareModalities);
  const layout = buildLayout(grouped.table);
  const dummy = largestScaledDummy(layout);
  const warnings = warningsFor(options, dummy);
  if (layout.nScaled === 0) {
    warnings.push(NOTHING_MODELLED);
    return {
      options,
      layout,
      rareGroups: grouped.groups,
      neighbours: null,
      diagnostics: {
        projection: null,
        ncp: 0,
        nComponents: 0,
        varianceShareOnNcpAxes: 1,
        largestScaledDummy: null,
        warnings,
      },
    };
  }
  // Only the first ncp axes are read (search, and the ncp inverse): the partial eigensolver computes
  // just those on wide tables (diabetes-130: p′ in the thousands), the same axes to rounding.
  const model = fitProjection(grouped.table, {
    projection: options.projection,
    columnWeights: options.columnWeights,
    maxComponents: options.ncp,
  });
  checkScaledNames(layout, model.scaledNames);
  const ncp = Math.min(options.ncp, model.nComponents);
  const coords = { values: model.transform(grouped.table, ncp), nRows: layout.nRows, dims: ncp };
  const neighbours = findAvatarNeighbours(coords, options.k, options.includeSelf, hooks.search ?? sequentialSearch());
  let share = 0;
  for (let a = 0; a < ncp; a++) share += model.explainedVarianceRatio[a];
  // transform() divides MCA coordinates (projection auto) by √Q; reconstruction undoes it.
  const nCategorical = layout.modals.filter((s) => !s.isCompanion).length;
  const coordinateScale = model.type === "mca" && options.projection === "auto" ? 1 / Math.sqrt(nCategorical) : 1;
  return {
    options,
    layout,
    rareGroups: grouped.groups,
    neighbours,
    ...(options.inverse === "ncp" ? { reconstruction: makeReconstruction(model, coords, coordinateScale) } : {}),
    diagnostics: {
      projection: model.type,
      ncp,
      nComponents: model.nComponents,
      varianceShareOnNcpAxes: share,
      largestScaledDummy: dummy,
      warnings,
    },
  };
}
