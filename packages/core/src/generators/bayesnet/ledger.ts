/**
 * The DP ledger of PrivBayes (generators.md §1.5, §5.6): pure ε-DP under replace-one, n public.
 * d − 1 exponential mechanisms of ε1/(d − 1) (the score I/Δ_I has sensitivity 1), then one
 * Laplace mechanism per measured table, L1 sensitivity 2, scale 2T/ε2, i.e. ε2/T each.
 */
import type { DpLedger } from "../types.ts";

export interface BudgetSplit {
  readonly epsilon1: number;
  readonly epsilon2: number;
}

/** ε1 = β·ε and ε2 = (1 − β)·ε; with a single column there is no structure to pay for. */
export function splitBudget(epsilon: number, beta: number, d: number): BudgetSplit {
  if (d <= 1) return { epsilon1: 0, epsilon2: epsilon };
  return { epsilon1: beta * epsilon, epsilon2: epsilon - beta * epsilon };
}

/** Laplace scale for T tables under replace-one (L1 sensitivity 2 per histogram). */
export function laplaceScale(tables: number, epsilon2: number): number {
  return (2 * tables) / epsilon2;
}

export function privBayesLedger(
  epsilon: number,
  split: BudgetSplit,
  d: number,
  tables: number,
  guarantee: "pure-epsilon" | "void",
): DpLedger {
  const entries: DpLedger["entries"][number][] = [];
  for (let step = 1; step < d; step++)
    entries.push({
      mechanism: `exponential: structure step ${step} (score I/Δ_I)`,
      sensitivity: 1,
      scale: (2 * (d - 1)) / split.epsilon1,
      epsilon: split.epsilon1 / (d - 1),
    });
  const b = laplaceScale(tables, split.epsilon2);
  for (let t = 1; t <= tables; t++)
    entries.push({
      mechanism: `laplace: marginal table ${t} of ${tables}`,
      sensitivity: 2,
      scale: b,
      epsilon: split.epsilon2 / tables,
    });
  let total = 0;
  for (const e of entries) total += e.epsilon ?? 0;
  return { neighbour: "replace-one", guarantee, entries, epsilon: tables > 0 ? epsilon : total };
}
