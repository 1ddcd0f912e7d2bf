/** Parameters of SMOTE / SMOTE-NC (spec generators.md §7.1) and their typed form. */
import type { ParamSpec, Params } from "../types.ts";

export interface SmoteOptions {
  readonly k: number;
  readonly mode: "unsupervised" | "stratified";
  readonly categoricalRule: "pair" | "mode";
  readonly scaling: "standard";
  readonly allowCopies: boolean;
  readonly keepLink: boolean;
}

export const SMOTE_PARAMS: readonly ParamSpec[] = [
  {
    name: "k",
    type: "integer",
    default: 5,
    min: 1,
    description: "Neighbours per seed row (capped at the group size − 1)",
  },
  {
    name: "mode",
    type: "enum",
    default: "unsupervised",
    values: ["unsupervised", "stratified"],
    description: "unsupervised: one group; stratified: one group per level of the target, sized by its share in R",
  },
  {
    name: "categoricalRule",
    type: "enum",
    default: "pair",
    values: ["pair", "mode"],
    description:
      "pair: the neighbour's level with probability λ, else the seed's; mode: the most frequent level among the seed's neighbours",
  },
  {
    name: "scaling",
    type: "enum",
    default: "standard",
    values: ["standard"],
    description: "Numeric columns z-scored with R's mean and population sd for distances",
  },
  {
    name: "allowCopies",
    type: "boolean",
    default: false,
    description: "Let a one-row group copy its row instead of failing",
  },
  {
    name: "keepLink",
    type: "boolean",
    default: false,
    description:
      "Keep each synthetic row's seed row index in memory for the privacy report (written only by generate --keep-link)",
  },
];

export function smoteOptions(params: Params): SmoteOptions {
  return {
    k: params.k as number,
    mode: params.mode as SmoteOptions["mode"],
    categoricalRule: params.categoricalRule as SmoteOptions["categoricalRule"],
    scaling: params.scaling as "standard",
    allowCopies: params.allowCopies as boolean,
    keepLink: params.keepLink as boolean,
  };
}
