/** The fitted Gaussian copula as plain JSON (what `toJSON` saves and `load` reads back). */
import type { Marginal } from "./marginal.ts";
import type { Intervals } from "./categorical-intervals.ts";

export type CopulaColumn =
  | {
      readonly name: string;
      readonly type: "numeric";
      readonly kind: "continuous" | "integer" | "date" | "datetime";
      readonly marginal: Marginal;
    }
  | {
      readonly name: string;
      readonly type: "categorical";
      /** Output as a categorical over `levels`, or as a boolean (levels are its two tokens). */
      readonly kind: "categorical" | "boolean";
      readonly levels: readonly string[];
      readonly intervals: Intervals;
    };

export interface CopulaState {
  /** Modelled columns and missing-value companions, in the order of the correlation matrix. */
  readonly columns: readonly CopulaColumn[];
  /** Row-major lower-triangular Cholesky factor of the repaired correlation (d × d). */
  readonly cholesky: readonly number[];
  /** [column, companion] pairs of the indicator strategy. */
  readonly indicators: readonly (readonly [string, string])[];
}
