/** Parameters of the avatar generator (spec generators.md §2.1) and their typed form. */
import { SosieOptionError } from "../../errors.ts";
import type { ParamSpec, Params } from "../types.ts";
import type { AvatarMarginals } from "./marginals.ts";

export interface AvatarOptions {
  readonly k: number;
  readonly ncp: number;
  readonly columnWeights: Readonly<Record<string, number>>;
  readonly projection: "auto" | "famd";
  readonly includeSelf: boolean;
  readonly inverse: "full" | "ncp";
  readonly categoricalDecoding: "max" | "sample";
  readonly marginals: AvatarMarginals;
  readonly missing: "indicator";
  /** Modalities seen fewer times than this are merged into "other" before projecting; 0 = off. */
  readonly groupRareModalities: number;
  readonly shuffle: boolean;
  readonly keepLink: boolean;
  /** The k asked for, when the table was too small for it and k was lowered to n − 1 (or n). */
  readonly requestedK?: number;
}

export const AVATAR_PARAMS: readonly ParamSpec[] = [
  {
    name: "k",
    type: "integer",
    default: 20,
    min: 1,
    description: "Neighbours per avatar (1 ≤ k ≤ n − 1, or n with includeSelf); below 5 warns",
  },
  {
    name: "ncp",
    type: "integer",
    default: 5,
    min: 1,
    description: "Leading projection axes used for the neighbour search (capped at the number of axes)",
  },
  {
    name: "columnWeights",
    type: "json",
    default: {},
    description: 'Per-column weight in the projection, e.g. {"age": 2}; absent columns weigh 1',
  },
  {
    name: "projection",
    type: "enum",
    default: "auto",
    values: ["auto", "famd"],
    description: "auto: PCA, MCA or FAMD by column kinds; famd forces the FAMD scale",
  },
  {
    name: "includeSelf",
    type: "boolean",
    default: false,
    description: "Whether the original row is one of its own k neighbours",
  },
  {
    name: "inverse",
    type: "enum",
    default: "full",
    values: ["full", "ncp"],
    description: "full: barycentre over all axes, in original units; ncp: reconstruct from the first ncp axes",
  },
  {
    name: "categoricalDecoding",
    type: "enum",
    default: "max",
    values: ["max", "sample"],
    description: "max: largest reconstructed dummy; sample: draw in proportion to the clipped dummies",
  },
  {
    name: "marginals",
    type: "enum",
    default: "barycentre",
    values: ["barycentre", "ranks"],
    description:
      "barycentre: numeric values are the neighbours' weighted means (spec); ranks: R's values, rank for rank (exact marginals, real values; marginals.ts)",
  },
  {
    name: "missing",
    type: "enum",
    default: "indicator",
    values: ["indicator"],
    description: "Missing values as companion indicator columns, imputed by the mean for the projection",
  },
  {
    name: "groupRareModalities",
    type: "integer",
    default: 0,
    min: 0,
    description: 'Merge modalities seen fewer times than this into "other" before projecting (0: off)',
  },
  {
    name: "shuffle",
    type: "boolean",
    default: true,
    description: "Shuffle the output rows (breaks the order link to the originals)",
  },
  {
    name: "keepLink",
    type: "boolean",
    default: false,
    description:
      "Keep the avatar → original row link in memory for the privacy report (written only by generate --keep-link)",
  },
];

/** Typed options from resolved parameters; checks what the specs cannot (column weights, k against n). */
export function avatarOptions(params: Params, modelled: readonly string[], nRows: number): AvatarOptions {
  const weights = params.columnWeights ?? {};
  if (typeof weights !== "object" || weights === null || Array.isArray(weights))
    throw new SosieOptionError(`parameter "columnWeights" of method avatar: expected an object of column weights`);
  const known = new Set(modelled);
  for (const [name, w] of Object.entries(weights as Record<string, unknown>)) {
    if (!known.has(name))
      throw new SosieOptionError(`parameter "columnWeights" of method avatar: no modelled column "${name}"`);
    if (typeof w !== "number" || !(w > 0) || !Number.isFinite(w))
      throw new SosieOptionError(
        `parameter "columnWeights" of method avatar: the weight of "${name}" must be a positive number`,
      );
  }
  const options: AvatarOptions = {
    k: params.k as number,
    ncp: params.ncp as number,
    columnWeights: weights as Record<string, number>,
    projection: params.projection as "auto" | "famd",
    includeSelf: params.includeSelf as boolean,
    inverse: params.inverse as "full" | "ncp",
    categoricalDecoding: params.categoricalDecoding as "max" | "sample",
    marginals: params.marginals as AvatarMarginals,
    missing: params.missing as "indicator",
    groupRareModalities: params.groupRareModalities as number,
    shuffle: params.shuffle as boolean,
    keepLink: params.keepLink as boolean,
  };
  // No modelled column (every column constant, an identifier or free text; e.g. any one-row table):
  // no neighbour is searched, the output is the constants and fresh identifiers, so k is not checked.
  if (modelled.length === 0) return options;
  const maxK = options.includeSelf ? nRows : nRows - 1;
  // A default k larger than a small table is lowered (with a warning) rather than refused.
  if (options.k > maxK && maxK >= 1) return { ...options, k: maxK, requestedK: options.k };
  if (options.k > maxK)
    throw new SosieOptionError(
      `parameter "k" of method avatar: k = ${options.k} needs at least ${options.includeSelf ? options.k : options.k + 1} training rows, the table has ${nRows}` +
        (options.includeSelf ? "" : " (k ≤ n − 1 without includeSelf)"),
    );
  return options;
}
