/**
 * Gaussian copula (generators.md §4): every column is mapped to a normal score through its
 * marginal (numbers) or frequency interval (categories, booleans, missing-value companions);
 * the scores' correlation carries the dependence; sampling draws correlated normals and maps
 * them back. Not differentially private. Empirical marginals store R's sorted values
 * (containsRealValues); parametric ones store parameters only.
 */
import { fitRecord, loadFitted, makeFitted } from "./fitted.ts";
import { captureSchema, modelledColumnNames } from "./output-schema.ts";
import type { FittedGenerator, GeneratorDefinition, Params } from "./types.ts";
import type { Rng } from "../random/rng.ts";
import { CORRELATION_ESTIMATORS, type CorrelationEstimator, fitCopula } from "./copula/fit.ts";
import { drawCopula } from "./copula/draw.ts";
import { MARGINAL_CHOICES, type MarginalChoice } from "./copula/marginal.ts";
import type { CategoricalOrder } from "./copula/categorical-intervals.ts";
import type { CopulaState } from "./copula/state.ts";
import { type StratifiedState, decideStratification, drawStrata, fitStrata } from "./copula/stratify.ts";
import { DEFAULT_EIGENVALUE_FLOOR } from "../linalg/correlation-repair.ts";

const ID = "gaussian-copula";
const VERSION = "1";

/** One copula, or one per level of a column (copula/stratify.ts). */
type GaussianCopulaState = CopulaState | StratifiedState;

function draw(state: GaussianCopulaState, nRows: number, rng: Rng) {
  if ("strata" in state) return { table: drawStrata(state, nRows, drawCopula, rng) };
  return { table: drawCopula(state, nRows, rng) };
}

function holdsRealValues(state: CopulaState | null): boolean {
  return state !== null && state.columns.some((c) => c.type === "numeric" && c.marginal.family === "empirical");
}

function finishOptions(params: Params) {
  return { enforceRange: params.enforceRange !== false };
}

export const gaussianCopula: GeneratorDefinition = {
  id: ID,
  version: VERSION,
  summary: "Gaussian copula: per-column marginals joined by a correlation of normal scores (SDV-style).",
  params: [
    {
      name: "marginal",
      type: "enum",
      default: "empirical",
      values: MARGINAL_CHOICES,
      description:
        "numeric marginals: empirical (interpolated order statistics, stores real values), a parametric family fitted by maximum likelihood, or auto (family with the smallest KS statistic)",
    },
    {
      name: "correlation",
      type: "enum",
      default: "latent",
      values: CORRELATION_ESTIMATORS,
      description:
        "pairs with a category: latent (scored by E[Z | level], polyserial / polychoric correlation by moments, so a category's associations are not shrunk) or pearson (Pearson correlation of uniform points of the intervals, as SDV)",
    },
    {
      name: "categoricalOrder",
      type: "enum",
      default: "frequency",
      values: ["frequency", "levels"],
      description:
        "order of the level intervals: decreasing frequency (ties by first appearance), or the declared level order",
    },
    {
      name: "uClip",
      type: "number",
      default: 1e-6,
      min: 1e-15,
      max: 0.1,
      description: "u is clipped to [uClip, 1 − uClip] before Φ⁻¹",
    },
    {
      name: "eigenvalueFloor",
      type: "number",
      default: DEFAULT_EIGENVALUE_FLOOR,
      min: 1e-12,
      max: 0.5,
      description: "correlation repair: eigenvalues below this are raised to it, then the diagonal is rescaled to 1",
    },
    { name: "enforceRange", type: "boolean", default: true, description: "clip numeric output to the real [min, max]" },
    {
      name: "stratify",
      type: "string",
      default: "none",
      description:
        'one copula per level of a categorical column: "none", "target" (the run\'s target), or a column name; each level needs max(500, 10 × columns) rows (copula/stratify.ts)',
    },
  ],
  missing: "indicator",
  fit(train, params, context): FittedGenerator {
    const start = performance.now();
    const schema = captureSchema(train);
    const modelled = train.pick(modelledColumnNames(schema));
    const options = {
      marginal: params.marginal as MarginalChoice,
      correlation: params.correlation as CorrelationEstimator,
      categoricalOrder: params.categoricalOrder as CategoricalOrder,
      uClip: params.uClip as number,
      eigenvalueFloor: params.eigenvalueFloor as number,
    };
    const decision = decideStratification(modelled, params.stratify as string, context.target);
    const fitRng = context.rng.derive("fit");
    const state: GaussianCopulaState =
      decision.column === null
        ? fitCopula(modelled, options, fitRng).state
        : fitStrata(modelled, decision, (part, rng) => fitCopula(part, options, rng).state, fitRng);
    const warnings =
      decision.reason !== null && params.stratify !== "none" ? [`not stratified: ${decision.reason}`] : [];
    return makeFitted({
      ...fitRecord(train, schema, context, start),
      generator: ID,
      version: VERSION,
      params,
      schema,
      containsRealValues:
        "strata" in state ? state.strata.some((t) => holdsRealValues(t.copula)) : holdsRealValues(state),
      dp: null,
      state,
      draw,
      finish: finishOptions(params),
      warnings,
    });
  },
  load: (saved) => loadFitted<GaussianCopulaState>(saved, draw, finishOptions(saved.manifest.params)),
};
