/**
 * The generators a run uses when the user names none: every registered generator whose cost fits
 * the data. Those that search all pairs of training rows for neighbours (`allPairsNeighbours`:
 * avatar, SMOTE) are left out above NEIGHBOUR_METHODS_MAX_ROWS; the others grow about linearly.
 */
import { listGenerators } from "../generators/registry.ts";

/** Training rows above which the quadratic nearest-neighbour methods are not a default. */
export const NEIGHBOUR_METHODS_MAX_ROWS = 20_000;

export interface DefaultMethods {
  readonly methods: string[];
  /** Why each left-out generator was left out, for the report. */
  readonly skipped: readonly { readonly method: string; readonly reason: string }[];
}

export function defaultMethods(trainRows: number): DefaultMethods {
  const methods: string[] = [];
  const skipped: { method: string; reason: string }[] = [];
  for (const generator of listGenerators()) {
    if (generator.allPairsNeighbours === true && trainRows > NEIGHBOUR_METHODS_MAX_ROWS)
      skipped.push({
        method: generator.id,
        reason: `not run by default above ${NEIGHBOUR_METHODS_MAX_ROWS.toLocaleString("en")} training rows (all-pairs neighbour search); name it with --methods to run it`,
      });
    else methods.push(generator.id);
  }
  return { methods, skipped };
}
