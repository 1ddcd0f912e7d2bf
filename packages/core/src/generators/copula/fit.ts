/**
 * Fitting the Gaussian copula (generators.md §4.2): each modelled column and each missing-value
 * companion becomes a normal score z = Φ⁻¹(clip(u)), u from the column's marginal (numbers) or
 * its frequency interval (categories); z exists only where the column is observed. The scores'
 * pairwise-complete correlation, repaired and factored, is the dependence. With the `latent`
 * estimator a category is scored by E[Z | level] and its correlations are taken back to the
 * latent scale (latent-correlation.ts); `pearson` is §4.2 as written (SDV's).
 */
import type { Column } from "../../table/column.ts";
import type { Table } from "../../table/table.ts";
import type { Rng } from "../../random/rng.ts";
import { normalQuantile } from "../../random/normal.ts";
import { addMissingIndicators } from "../missing-indicators.ts";
import { type CategoricalOrder, type Intervals, encodeIntervals, fitIntervals } from "./categorical-intervals.ts";
import { fitDependence } from "./correlation.ts";
import { type LatentScale, NUMERIC_SCALE, categoricalScale, levelScores } from "./latent-correlation.ts";
import { type MarginalChoice, fitMarginal, marginalUniforms } from "./marginal.ts";
import type { CopulaColumn, CopulaState } from "./state.ts";

/** How the correlation of a pair involving a category is estimated (see the file comment). */
export const CORRELATION_ESTIMATORS = ["latent", "pearson"] as const;
export type CorrelationEstimator = (typeof CORRELATION_ESTIMATORS)[number];

export interface CopulaFitOptions {
  readonly marginal: MarginalChoice;
  readonly correlation: CorrelationEstimator;
  readonly categoricalOrder: CategoricalOrder;
  readonly uClip: number;
  readonly eigenvalueFloor: number;
}

export interface CopulaFit {
  readonly state: CopulaState;
  /** Eigenvalues the repair raised (0 when the correlation was already positive definite). */
  readonly raised: number;
}

/** Fit on the modelled columns of `table` (no identifiers, text or constants). */
export function fitCopula(table: Table, options: CopulaFitOptions, rng: Rng): CopulaFit {
  const { table: withCompanions, plan } = addMissingIndicators(table);
  const columns: CopulaColumn[] = [];
  const scores: Float64Array[] = [];
  const scales: LatentScale[] = [];
  withCompanions.columns.forEach((imputed, j) => {
    // Companions come from the indicator table; real columns keep their ∅ (z only where observed).
    const source = table.has(imputed.name) ? table.column(imputed.name) : imputed;
    const { column, u, codes } = encodeColumn(source, options, rng.derive("interval", j));
    columns.push(column);
    if (column.type === "categorical" && options.correlation === "latent") {
      scores.push(conditionalMeanScores(column.intervals, codes!, source.missing));
      scales.push(categoricalScale(column.intervals));
    } else {
      scores.push(toScores(u, options.uClip));
      scales.push(NUMERIC_SCALE);
    }
  });
  const dependence = fitDependence(scores, options.eigenvalueFloor, options.correlation === "latent" ? scales : null);
  return {
    state: { columns, cholesky: Array.from(dependence.cholesky.data), indicators: plan.pairs },
    raised: dependence.raised,
  };
}

/** E[Z | level] per row (NaN where missing), for the latent estimator. */
function conditionalMeanScores(intervals: Intervals, codes: ArrayLike<number>, missing: Uint8Array): Float64Array {
  const byLevel = levelScores(intervals);
  const score = new Map<number, number>();
  intervals.order.forEach((c, k) => score.set(c, byLevel[k]));
  const z = new Float64Array(codes.length).fill(NaN);
  for (let i = 0; i < codes.length; i++) if (!missing[i]) z[i] = score.get(codes[i])!;
  return z;
}

function encodeColumn(
  c: Column,
  options: CopulaFitOptions,
  rng: Rng,
): { column: CopulaColumn; u: Float64Array; codes?: ArrayLike<number> } {
  switch (c.kind) {
    case "continuous":
    case "integer":
    case "date":
    case "datetime": {
      const marginal = fitMarginal(c.values, c.missing, options.marginal);
      return {
        column: { name: c.name, type: "numeric", kind: c.kind, marginal },
        u: marginalUniforms(marginal, c.values, c.missing),
      };
    }
    case "categorical": {
      const intervals = fitIntervals(c.codes, c.missing, c.levels.length, options.categoricalOrder);
      const u = encodeIntervals(intervals, c.codes, c.missing, rng);
      return {
        column: { name: c.name, type: "categorical", kind: "categorical", levels: c.levels, intervals },
        u,
        codes: c.codes,
      };
    }
    case "boolean": {
      const intervals = fitIntervals(c.values, c.missing, 2, options.categoricalOrder);
      const u = encodeIntervals(intervals, c.values, c.missing, rng);
      return {
        column: { name: c.name, type: "categorical", kind: "boolean", levels: c.tokens, intervals },
        u,
        codes: c.values,
      };
    }
    default:
      throw new RangeError(`column "${c.name}" of kind ${c.kind} is not modelled by the copula`);
  }
}

/** z = Φ⁻¹(u) with u clipped to [uClip, 1 − uClip]; NaN (missing) stays NaN. */
function toScores(u: Float64Array, uClip: number): Float64Array {
  const z = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) {
    const x = u[i];
    z[i] = x !== x ? NaN : normalQuantile(Math.min(1 - uClip, Math.max(uClip, x)));
  }
  return z;
}
