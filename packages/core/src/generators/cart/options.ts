/**
 * Parameters of the cart generator (spec generators.md §3.1) and their checks against the table:
 * the visit sequence, the predictor matrix and the special codes name columns.
 */
import { SosieOptionError } from "../../errors.ts";
import type { ColumnSchema } from "../output-schema.ts";
import type { ParamSpec, Params } from "../types.ts";
import type { GrowOptions } from "./grow.ts";
import type { PrivacyRecord } from "../protect/protection.ts";
import type { Smoothing } from "./smooth.ts";
import { type PrivacySettings, cartMinLeaf } from "../protect/preset.ts";
import type { Subjects } from "../../table/subjects.ts";

export const CART_PARAMS: readonly ParamSpec[] = [
  {
    name: "visitSequence",
    type: "string[]",
    default: [],
    description: "Synthesis order: these columns first, in this order, then the other modelled columns in table order.",
  },
  {
    name: "predictorMatrix",
    type: "json",
    default: null,
    description:
      'Per column, the earlier columns it may be predicted from, e.g. {"bmi": ["age", "sex"]}; default: all earlier columns.',
  },
  {
    name: "firstMethod",
    type: "enum",
    default: "sample",
    values: ["sample"],
    description: "The first column is drawn with replacement from R (∅ included).",
  },
  { name: "minbucket", type: "integer", default: 5, min: 1, description: "Minimum rows per leaf." },
  {
    name: "minsplit",
    type: "integer",
    default: null,
    min: 2,
    description: "Minimum rows in a node for a split to be tried (default 3 × minbucket).",
  },
  {
    name: "cp",
    type: "number",
    default: 1e-8,
    min: 0,
    description: "A split must lower the impurity by at least cp × the root's impurity.",
  },
  {
    name: "maxDepth",
    type: "integer",
    default: 30,
    min: 0,
    max: 64,
    description: "Maximum tree depth (the root has depth 0).",
  },
  {
    name: "smoothing",
    type: "enum",
    default: "none",
    values: ["none", "density", "density-nrd0"],
    description:
      "Gaussian smoothing of synthesised numeric values: Sheather–Jones (density) or Silverman (density-nrd0) bandwidth.",
  },
  {
    name: "proper",
    type: "boolean",
    default: false,
    description: "Bootstrap R before fitting each column's tree (proper synthesis).",
  },
  {
    name: "maxExhaustiveLevels",
    type: "integer",
    default: 12,
    min: 2,
    max: 20,
    description:
      "Multiclass responses: all bipartitions of a categorical predictor up to this many levels, ordered splits above.",
  },
  {
    name: "specialCodes",
    type: "json",
    default: null,
    description:
      'Per numeric column, values meaning "missing for a reason" (synthpop cont.na), e.g. {"income": [-9, -8]}.',
  },
];

export interface CartOptions {
  readonly visitOrder: readonly string[];
  /** Allowed predictor columns per column; absent = every earlier column. */
  readonly predictors: ReadonlyMap<string, ReadonlySet<string>>;
  readonly specialCodes: ReadonlyMap<string, readonly number[]>;
  readonly grow: GrowOptions;
  /** Growth of categorical columns with few levels, when the preset gives them a smaller leaf. */
  readonly fewLevels: {
    readonly maxLevels: number;
    readonly minLeafSubjects: number;
    readonly grow: GrowOptions;
  } | null;
  /** The declared target's tree, when the preset gives it a lower cp floor than the other trees. */
  readonly target: { readonly column: string; readonly cp: number } | null;
  readonly smoothing: Smoothing;
  /** Which values are smoothed: all (synthpop), only values held by fewer than rareK subjects in R, or none. */
  readonly smoothingRule: "all" | "rare" | "none";
  /** Levels and values held by fewer subjects than this are rare (0: off). */
  readonly rareK: number;
  readonly proper: boolean;
  /** The privacy preset's minimum leaf size in distinct subjects for this table (0: none). */
  readonly minLeafSubjects: number;
}

function fail(message: string): never {
  throw new SosieOptionError(`method cart: ${message}`);
}

function checkColumn(name: string, known: ReadonlySet<string>, what: string): void {
  if (!known.has(name)) fail(`${what} names "${name}", which is not a column of the table`);
}

/** The visit order over the modelled columns; columns that are not modelled are skipped. */
function visitOrder(given: readonly string[], schema: readonly ColumnSchema[], modelled: readonly string[]): string[] {
  const all = new Set(schema.map((s) => s.name));
  const isModelled = new Set(modelled);
  const seen = new Set<string>();
  const order: string[] = [];
  for (const name of given) {
    checkColumn(name, all, "visitSequence");
    if (seen.has(name)) fail(`visitSequence names "${name}" twice`);
    seen.add(name);
    if (isModelled.has(name)) order.push(name);
  }
  for (const name of modelled) if (!seen.has(name)) order.push(name);
  return order;
}

function predictorMap(raw: unknown, all: ReadonlySet<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== "object" || Array.isArray(raw))
    fail("predictorMatrix must map column names to lists of column names");
  for (const [column, list] of Object.entries(raw as Record<string, unknown>)) {
    checkColumn(column, all, "predictorMatrix");
    if (!Array.isArray(list) || !list.every((x) => typeof x === "string"))
      fail(`predictorMatrix entry "${column}" must be a list of column names`);
    for (const p of list as string[]) checkColumn(p, all, "predictorMatrix");
    out.set(column, new Set(list as string[]));
  }
  return out;
}

function specialCodeMap(raw: unknown, schema: readonly ColumnSchema[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== "object" || Array.isArray(raw))
    fail("specialCodes must map numeric column names to lists of numbers");
  const kinds = new Map(schema.map((s) => [s.name, s.kind]));
  for (const [column, list] of Object.entries(raw as Record<string, unknown>)) {
    checkColumn(column, new Set(kinds.keys()), "specialCodes");
    const kind = kinds.get(column);
    if (kind !== "continuous" && kind !== "integer")
      fail(`specialCodes applies to numeric columns; "${column}" is ${kind}`);
    if (!Array.isArray(list) || !list.every((x) => typeof x === "number" && Number.isFinite(x)))
      fail(`specialCodes entry "${column}" must be a list of numbers`);
    out.set(column, [...new Set(list as number[])]);
  }
  return out;
}

/**
 * Typed options. The privacy preset adds to the parameters: density smoothing when none was asked
 * (of rare values only at "balanced"), a floor on the complexity parameter cp, and a minimum leaf size in distinct subjects that grows as
 * √(subjects) (cartMinLeaf), which is minbucket itself when every row is a subject, else a check at
 * each split (grow.ts). On a table large enough for that leaf to grow, categorical columns of at
 * most cartFewLevels levels keep the base leaf (`fewLevels`). The declared target's tree has the
 * lower floor cartTargetCp (`target`).
 */
export function cartOptions(
  params: Params,
  schema: readonly ColumnSchema[],
  modelled: readonly string[],
  privacy: PrivacySettings,
  subjects: Subjects,
  target?: string,
): CartOptions {
  const all = new Set(schema.map((s) => s.name));
  const oneRowEach = subjects.count === subjects.ofRow.length;
  const minLeafSubjects = cartMinLeaf(privacy, subjects.count);
  const growWith = (minLeaf: number): GrowOptions => {
    const minbucket = Math.max(params.minbucket as number, oneRowEach ? minLeaf : 0);
    return {
      minbucket,
      minsplit: (params.minsplit as number | null) ?? 3 * minbucket,
      cp: Math.max(params.cp as number, privacy.cartCp),
      maxDepth: params.maxDepth as number,
      maxExhaustiveLevels: params.maxExhaustiveLevels as number,
      ...(!oneRowEach && minLeaf > 0 ? { subjects: subjects.ofRow, minSubjects: minLeaf } : {}),
    };
  };
  // Few-level columns: the base leaf, where the table has grown the leaf.
  const fewLevelsLeaf = privacy.cartMinLeafSubjects;
  const asked = params.smoothing as Smoothing;
  const smoothing: Smoothing = asked === "none" && privacy.cartSmoothing !== "none" ? "density" : asked;
  const smoothingRule = asked !== "none" ? "all" : privacy.cartSmoothing;
  return {
    visitOrder: visitOrder(params.visitSequence as string[], schema, modelled),
    predictors: predictorMap(params.predictorMatrix, all),
    specialCodes: specialCodeMap(params.specialCodes, schema),
    grow: growWith(minLeafSubjects),
    fewLevels:
      privacy.cartFewLevels > 0 && fewLevelsLeaf < minLeafSubjects
        ? { maxLevels: privacy.cartFewLevels, minLeafSubjects: fewLevelsLeaf, grow: growWith(fewLevelsLeaf) }
        : null,
    target:
      target !== undefined && modelled.includes(target) && privacy.cartTargetCp < privacy.cartCp
        ? { column: target, cp: Math.max(params.cp as number, privacy.cartTargetCp) }
        : null,
    smoothing,
    smoothingRule,
    rareK: privacy.rareK,
    proper: params.proper as boolean,
    minLeafSubjects,
  };
}

/** What the manifest records of the preset's leaf sizes (protection.ts `cart`). */
export function cartRecord(options: CartOptions): NonNullable<PrivacyRecord["cart"]> {
  const few = options.fewLevels;
  return {
    minLeafSubjects: options.minLeafSubjects,
    ...(few === null ? {} : { fewLevels: { maxLevels: few.maxLevels, minLeafSubjects: few.minLeafSubjects } }),
    ...(options.target === null ? {} : { target: options.target }),
  };
}
