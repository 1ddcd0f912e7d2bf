/**
 * Bayesian network, PrivBayes (generators.md §5): discretised columns, a greedy network of
 * degree k, conditionals from (noisy) marginal counts, ancestral sampling. With `epsilon` it is
 * ε-differentially private under replace-one neighbours, the domain declared in `domain`; the
 * ledger sits in the manifest and sampling never spends. Without it, the exact non-private
 * network (DataSynthesizer's correlated mode without noise).
 */
import { SosieOptionError } from "../errors.ts";
import { isModelled } from "../table/column.ts";
import type { Rng } from "../random/rng.ts";
import { fitRecord, loadFitted, makeFitted } from "./fitted.ts";
import { privacySettings } from "./protect/preset.ts";
import { subjectColumn, subjectsOf } from "../table/subjects.ts";
import { levelSubjectCounts } from "./protect/rare-levels.ts";
import type { Table } from "../table/table.ts";
import { type ColumnSchema, captureSchema, modelledColumnNames } from "./output-schema.ts";
import type { FittedGenerator, GeneratorDefinition, Params } from "./types.ts";
import { type BayesNetFit, fitBayesNet } from "./bayesnet/fit.ts";
import { drawBayesNet } from "./bayesnet/draw.ts";
import { parseDeclaredDomains, type ColumnDomain, type DeclaredDomain } from "./bayesnet/domain.ts";
import { parseDegree } from "./bayesnet/degree.ts";
import type { BayesNetState } from "./bayesnet/state.ts";

const ID = "bayesnet";
const VERSION = "1";

function draw(state: BayesNetState, nRows: number, rng: Rng) {
  return { table: drawBayesNet(state, nRows, rng) };
}

/** ε null or 0 means the non-private network. */
function privateEpsilon(params: Params): number | null {
  const e = params.epsilon as number | null;
  return e === null || e === 0 ? null : e;
}

/**
 * The output schema with declared domains applied: bounds and levels as declared, and in DP
 * mode nothing learned from R about the modelled columns (no constants, no ∅ rate).
 */
function outputSchema(
  schema: readonly ColumnSchema[],
  domains: readonly ColumnDomain[],
  declared: ReadonlyMap<string, DeclaredDomain>,
  isPrivate: boolean,
): ColumnSchema[] {
  const byName = new Map(domains.map((d) => [d.name, d]));
  return schema.map((s) => {
    const d = byName.get(s.name);
    if (d === undefined) return s;
    const { constant: _constant, ...rest } = s;
    const out: ColumnSchema = isPrivate ? { ...rest, missingRate: NaN } : s;
    const decimals = declared.get(s.name)?.decimals;
    const withDecimals = decimals !== undefined && s.kind === "continuous" ? { roundDecimals: decimals } : {};
    if (d.type === "bins")
      return d.declared
        ? { ...out, min: d.lo, max: d.hi, boundsDeclared: true, ...withDecimals }
        : { ...out, ...withDecimals };
    if (d.kind === "categorical" && d.declared) return { ...out, levels: d.levels };
    return out;
  });
}

/** Per domain, the level states held by 1 to k − 1 subjects in R (∅ and bins are never rare). */
function rareLevelStates(
  train: Table,
  domains: readonly ColumnDomain[],
  k: number,
  subject: string | null | undefined,
): (number[] | null)[] {
  const subjects = subjectsOf(train, subjectColumn(train, subject));
  return domains.map((d) => {
    if (d.type !== "levels") return null;
    const c = train.column(d.name);
    const texts = c.kind === "categorical" ? c.levels : c.kind === "boolean" ? c.tokens : [];
    const counts = levelSubjectCounts(c, subjects);
    const rare: number[] = [];
    d.levels.forEach((level, s) => {
      const l = texts.indexOf(level);
      if (l >= 0 && counts[l] > 0 && counts[l] < k) rare.push(s);
    });
    return rare.length > 0 ? rare : null;
  });
}

export const bayesnet: GeneratorDefinition = {
  id: ID,
  version: VERSION,
  summary: "PrivBayes Bayesian network over discretised columns; ε-DP with a declared domain, exact without ε.",
  params: [
    {
      name: "epsilon",
      type: "number",
      default: null,
      min: 0,
      description: "total privacy budget ε; absent or 0: non-private (no noise, argmax structure)",
    },
    {
      name: "beta",
      type: "number",
      default: 0.5,
      min: 0,
      max: 1,
      description: "share of ε spent on the structure (ε1 = β·ε, ε2 = (1 − β)·ε)",
    },
    {
      name: "k",
      type: "string",
      default: "2",
      description:
        'maximum number of parents per column, or "auto" (largest k ≤ 4 passing the θ-usefulness rule, θ = 4)',
    },
    {
      name: "numericBins",
      type: "integer",
      default: 20,
      min: 1,
      max: 10000,
      description: "equal-width bins for numeric and date columns",
    },
    {
      name: "maxCells",
      type: "integer",
      default: 1000000,
      min: 1,
      description: "(column, parents) candidates whose joint table has more cells are not considered",
    },
    {
      name: "neighbour",
      type: "enum",
      default: "replace-one",
      values: ["replace-one"],
      description: "DP neighbouring relation (bounded DP, n public)",
    },
    {
      name: "domain",
      type: "json",
      default: null,
      description:
        'declared domain per column: { "col": { "min": 0, "max": 120 } } or { "col": { "levels": ["a", "b"] } }, optional "nullable" and "decimals"; required with epsilon',
    },
    {
      name: "allowDataDependentDomain",
      type: "boolean",
      default: false,
      description: "with epsilon, take undeclared bounds and levels from the data (the guarantee becomes void)",
    },
  ],
  missing: "native",
  fit(train, params, context): FittedGenerator {
    const start = performance.now();
    const schema = captureSchema(train);
    const epsilon = privateEpsilon(params);
    const beta = params.beta as number;
    if (epsilon !== null && !(beta > 0 && beta < 1))
      throw new SosieOptionError(
        `parameter "beta" of method bayesnet: must lie strictly between 0 and 1 when epsilon is set`,
      );
    const declared = parseDeclaredDomains(params.domain);
    for (const name of declared.keys())
      if (!train.has(name)) throw new SosieOptionError(`parameter "domain" of method bayesnet: no column "${name}"`);
    // DP: constants and all-∅ columns are found from R, so every modellable column is modelled.
    const names =
      epsilon === null ? modelledColumnNames(schema) : schema.filter((s) => isModelled(s.kind)).map((s) => s.name);
    const fit: BayesNetFit = fitBayesNet(
      train.pick(names),
      names.map((n) => schema[train.columnIndex(n)]),
      {
        epsilon,
        beta,
        k: parseDegree(params.k),
        numericBins: params.numericBins as number,
        maxCells: params.maxCells as number,
        declared,
        allowDataDependentDomain: params.allowDataDependentDomain === true,
      },
      context.rng.derive("fit"),
    );
    const k = privacySettings(context.privacy).rareK;
    const rareStates = epsilon === null && k > 0 ? rareLevelStates(train, fit.state.domains, k, context.subject) : null;
    return makeFitted({
      ...fitRecord(train, schema, context, start, { dp: epsilon !== null }),
      generator: ID,
      version: VERSION,
      params: { ...params, kResolved: fit.k },
      schema: outputSchema(schema, fit.state.domains, declared, epsilon !== null),
      // Exact counts of R (a k = d − 1 network is R's joint): as sensitive as R. Noisy ones are not.
      containsRealValues: epsilon === null,
      dp: fit.ledger,
      state: rareStates ? { ...fit.state, rareStates } : fit.state,
      draw,
    });
  },
  load: (saved) => loadFitted<BayesNetState>(saved, draw),
};
