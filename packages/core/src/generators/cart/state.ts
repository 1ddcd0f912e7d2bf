/**
 * The fitted cart model as JSON-serialisable state (saved with the model; it holds real values:
 * the first column's pool and every leaf's donors).
 */
import type { Smoothing, SmoothingBounds } from "./smooth.ts";
import type { SavedTree } from "./tree.ts";
import type { ColumnPlan } from "./variables.ts";

/** One variable synthesised from a tree. */
export interface CartStep {
  /** Index of the variable (see variablesOf(plans)). */
  readonly variable: number;
  /** The tree's predictors, as variable indices, in the tree's feature order. */
  readonly predictors: readonly number[];
  /** For `c.0`: the index of `c.NA`; rows not observed there get 0 without a tree. -1 otherwise. */
  readonly gate: number;
  readonly tree: SavedTree;
}

export interface CartState {
  /** Columns in visit order. */
  readonly plans: readonly ColumnPlan[];
  /** The first column's variables and the pool its rows are drawn from (one array per variable). */
  readonly first: { readonly variables: readonly number[]; readonly pool: readonly (readonly number[])[] };
  readonly steps: readonly CartStep[];
  readonly smoothing: Smoothing;
  /** Per plan: bounds in R for smoothing, null where the column is not smoothed. */
  readonly smoothingBounds: readonly (SmoothingBounds | null)[];
  /**
   * Privacy presets. Per plan, the values held by at least k subjects in R, which smoothing leaves
   * as they are (absent or null: every value is smoothed).
   */
  readonly unsmoothed?: readonly (readonly number[] | null)[];
  /** Per variable, codes of levels held by fewer than k subjects: never drawn from a leaf (absent or null: none). */
  readonly rareCodes?: readonly (readonly number[] | null)[];
}
