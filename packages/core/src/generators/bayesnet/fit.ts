/**
 * Fitting PrivBayes (generators.md §5): discretise, learn the structure (budget ε1), measure the
 * marginal tables (budget ε2), derive the conditionals, and keep the ledger. ε absent or 0 is
 * the non-private Bayesian network: exact argmax structure, exact counts, no ledger.
 */
import type { Rng } from "../../random/rng.ts";
import type { Table } from "../../table/table.ts";
import type { DpLedger } from "../types.ts";
import type { ColumnSchema } from "../output-schema.ts";
import { type DeclaredDomain, type ColumnDomain, columnDomain, domainSize, encodeColumn } from "./domain.ts";
import { learnStructure } from "./structure.ts";
import {
  type MeasuredTable,
  addLaplaceNoise,
  conditionalsFromTables,
  countTable,
  tablesToMeasure,
} from "./conditionals.ts";
import { laplaceScale, privBayesLedger, splitBudget } from "./ledger.ts";
import { resolveDegree } from "./degree.ts";
import type { BayesNetState } from "./state.ts";

export interface BayesNetOptions {
  /** Total ε; null for the non-private network. */
  readonly epsilon: number | null;
  readonly beta: number;
  readonly k: number | "auto";
  readonly numericBins: number;
  readonly maxCells: number;
  readonly declared: ReadonlyMap<string, DeclaredDomain>;
  readonly allowDataDependentDomain: boolean;
}

export interface BayesNetFit {
  readonly state: BayesNetState;
  readonly ledger: DpLedger | null;
  readonly k: number;
}

/** Fit on `table`'s columns (each with its schema entry, same order). */
export function fitBayesNet(
  table: Table,
  schema: readonly ColumnSchema[],
  options: BayesNetOptions,
  rng: Rng,
): BayesNetFit {
  const isPrivate = options.epsilon !== null;
  const domains: ColumnDomain[] = table.columns.map((c, j) =>
    columnDomain(c, schema[j], options.declared.get(c.name), {
      numericBins: options.numericBins,
      private: isPrivate,
      allowDataDependentDomain: options.allowDataDependentDomain,
    }),
  );
  const columns = table.columns.map((c, j) => encodeColumn(c, domains[j]));
  const sizes = domains.map(domainSize);
  const d = columns.length;
  const n = table.nRows;
  const split = isPrivate ? splitBudget(options.epsilon!, options.beta, d) : null;
  const k = resolveDegree(options.k, n, split ? split.epsilon2 : Infinity, sizes);
  const structure = learnStructure(
    { columns, sizes, k, maxCells: options.maxCells, epsilon1: split ? split.epsilon1 : null },
    rng.derive("structure"),
  );
  const spans = tablesToMeasure(structure, k);
  const scale = split ? laplaceScale(spans.length, split.epsilon2) : 0;
  const tables: MeasuredTable[] = spans.map((s, t) => {
    const counts = countTable(columns, sizes, s);
    if (split) addLaplaceNoise(counts, scale, rng.derive("laplace", t));
    return { columns: s, counts };
  });
  const conditionals = conditionalsFromTables(tables, sizes);
  const voided = domains.some((dm) => !dm.declared || !dm.nullableDeclared);
  const ledger = split
    ? privBayesLedger(options.epsilon!, split, d, spans.length, voided ? "void" : "pure-epsilon")
    : null;
  return { state: { domains, conditionals }, ledger, k };
}
