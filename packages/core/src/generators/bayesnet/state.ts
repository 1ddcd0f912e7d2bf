/** The fitted Bayesian network as plain JSON (what `toJSON` saves and `load` reads back). */
import type { ColumnDomain } from "./domain.ts";
import type { Conditional } from "./conditionals.ts";

export interface BayesNetState {
  /** Domains of the modelled columns; conditionals refer to columns by index here. */
  readonly domains: readonly ColumnDomain[];
  /** Conditionals in ancestral order. */
  readonly conditionals: readonly Conditional[];
  /**
   * Privacy presets: per domain, the level states held by fewer than k subjects in R; sampling
   * draws from the conditional given any other state (absent or null: none avoided).
   */
  readonly rareStates?: readonly (readonly number[] | null)[];
}
