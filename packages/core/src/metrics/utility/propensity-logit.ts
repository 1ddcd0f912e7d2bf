/**
 * The `logit` propensity model of pmse (spec §4.2, synthpop `utility.gen(method = "logit",
 * maxorder = 1)`): a logistic regression of t (1 = synthetic) on all main effects and all two-way
 * interactions, fitted by IRLS, with the analytic null E₀ = (k − 1)(1 − c)² c / N.
 *
 * Design: numeric columns as values (∅ → 0 plus a `<col>_NA` variable), categorical columns as
 * treatment dummies (first level the baseline, ∅ a level). Coefficients aliased with earlier ones
 * (R's glm reports NA) are dropped and not counted in k − 1.
 */
import { cholesky, solveLower, solveUpperTransposed } from "../../linalg/cholesky.ts";
import { matrix } from "../../linalg/matrix.ts";
import type { Table } from "../../table/table.ts";
import { columnFamily } from "./columns.ts";

/** synthpop's `max.params`: larger models are refused. */
export const DEFAULT_MAX_PARAMS = 400;
/** Relative pivot below which a column counts as aliased (R's QR tolerance). */
const ALIAS_TOLERANCE = 1e-7;
const MAX_ITERATIONS = 200;
/** glm's convergence rule: |dev − dev_old| / (|dev| + 0.1) < ε. */
const EPSILON = 1e-8;
const MU_EPS = 2.220446049250313e-16;

/** E₀ of pMSE under the null for a logistic model with `km1` non-intercept coefficients. */
export function logitNullExpectation(km1: number, c: number, n: number): number {
  return (km1 * (1 - c) ** 2 * c) / n;
}

/** One variable of the design: its dummy or value columns. */
type Variable = Float64Array[];

function variablesOf(stacked: Table): Variable[] {
  const out: Variable[] = [];
  for (const column of stacked.columns) {
    const family = columnFamily(column);
    const n = column.length;
    if (family === "numeric") {
      const source = (column as { values: Float64Array }).values;
      const values = new Float64Array(n);
      const flag = new Float64Array(n);
      let anyMissing = false;
      for (let i = 0; i < n; i++) {
        if (column.missing[i]) {
          flag[i] = 1;
          anyMissing = true;
        } else values[i] = source[i];
      }
      if (!isConstant(values)) out.push([values]);
      if (anyMissing && !isConstant(flag)) out.push([flag]);
    } else if (family === "categorical" && column.kind === "categorical") {
      const nLevels = column.levels.length + 1;
      const codes = Int32Array.from(column.codes, (c, i) => (column.missing[i] ? nLevels - 1 : c));
      const present = [...new Set(codes)].sort((a, b) => a - b);
      if (present.length < 2) continue;
      // Treatment contrasts: the first present level is the baseline.
      out.push(present.slice(1).map((level) => Float64Array.from(codes, (c) => (c === level ? 1 : 0))));
    }
  }
  return out;
}

function isConstant(v: Float64Array): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
}

/** Number of coefficients of the main-effects + two-way model, intercept included. */
export function logitParameterCount(variables: readonly Variable[]): number {
  let count = 1;
  for (const v of variables) count += v.length;
  for (let a = 0; a < variables.length; a++)
    for (let b = a + 1; b < variables.length; b++) count += variables[a].length * variables[b].length;
  return count;
}

function designColumns(variables: readonly Variable[], n: number): Float64Array[] {
  const columns: Float64Array[] = [new Float64Array(n).fill(1)];
  for (const v of variables) columns.push(...v);
  for (let a = 0; a < variables.length; a++)
    for (let b = a + 1; b < variables.length; b++)
      for (const x of variables[a])
        for (const y of variables[b]) columns.push(Float64Array.from(x, (xi, i) => xi * y[i]));
  return columns;
}

/** Indices of the columns not aliased with earlier ones (sequential Gram–Schmidt on XᵀX). */
function identifiedColumns(columns: readonly Float64Array[]): number[] {
  const p = columns.length;
  const gram = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const x = columns[a];
      const y = columns[b];
      for (let i = 0; i < x.length; i++) s += x[i] * y[i];
      gram[a * p + b] = s;
      gram[b * p + a] = s;
    }
  // Cholesky over the kept columns only; a column whose residual pivot is tiny is aliased.
  const kept: number[] = [];
  const l = new Float64Array(p * p);
  for (const j of Array.from({ length: p }, (_, k) => k)) {
    const row = new Float64Array(kept.length);
    for (let q = 0; q < kept.length; q++) {
      let s = gram[j * p + kept[q]];
      for (let r = 0; r < q; r++) s -= row[r] * l[q * p + r];
      row[q] = s / l[q * p + q];
    }
    let pivot = gram[j * p + j];
    for (let q = 0; q < kept.length; q++) pivot -= row[q] * row[q];
    if (!(pivot > ALIAS_TOLERANCE * gram[j * p + j]) || gram[j * p + j] === 0) continue;
    const at = kept.length;
    for (let q = 0; q < at; q++) l[at * p + q] = row[q];
    l[at * p + at] = Math.sqrt(pivot);
    kept.push(j);
  }
  return kept;
}

export interface LogitFit {
  /** Fitted P(t = 1) per row. */
  readonly scores: Float64Array;
  /** Estimated non-intercept coefficients (aliased ones excluded). */
  readonly km1: number;
  readonly converged: boolean;
}

/** IRLS fit of t on the columns; stops early if the weighted normal equations become singular. */
function irls(columns: readonly Float64Array[], t: Int32Array): { eta: Float64Array; converged: boolean } {
  const n = t.length;
  const p = columns.length;
  const eta = Float64Array.from(t, (y) => Math.log((y + 0.5) / 2 / (1 - (y + 0.5) / 2)));
  let deviance = Infinity;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const w = new Float64Array(n);
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const mu = Math.min(Math.max(1 / (1 + Math.exp(-eta[i])), MU_EPS), 1 - MU_EPS);
      w[i] = mu * (1 - mu);
      z[i] = eta[i] + (t[i] - mu) / w[i];
    }
    const xtwx = matrix(p, p);
    const xtwz = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      const x = columns[a];
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * w[i] * z[i];
      xtwz[a] = s;
      for (let b = 0; b <= a; b++) {
        const y = columns[b];
        let g = 0;
        for (let i = 0; i < n; i++) g += x[i] * w[i] * y[i];
        xtwx.data[a * p + b] = g;
        xtwx.data[b * p + a] = g;
      }
    }
    const factor = cholesky(xtwx);
    if (!factor.ok) return { eta, converged: false };
    solveLower(factor.L, xtwz);
    solveUpperTransposed(factor.L, xtwz);
    let next = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let a = 0; a < p; a++) e += columns[a][i] * xtwz[a];
      eta[i] = e;
      const mu = Math.min(Math.max(1 / (1 + Math.exp(-e)), MU_EPS), 1 - MU_EPS);
      next -= 2 * (t[i] === 1 ? Math.log(mu) : Math.log(1 - mu));
    }
    if (Math.abs(next - deviance) / (Math.abs(next) + 0.1) < EPSILON) return { eta, converged: true };
    deviance = next;
  }
  return { eta, converged: false };
}

/**
 * The logit propensity fit on the stacked table (R rows first, labels t), or a reason when the
 * model would have more than `maxParams` coefficients.
 */
export function fitLogitPropensity(stacked: Table, t: Int32Array, maxParams = DEFAULT_MAX_PARAMS): LogitFit | string {
  const variables = variablesOf(stacked);
  const nParams = logitParameterCount(variables);
  if (nParams > maxParams)
    return `the logit model would have ${nParams} coefficients (more than maxParams = ${maxParams}): use method "cart" or fewer columns`;
  const all = designColumns(variables, t.length);
  const kept = identifiedColumns(all).map((j) => all[j]);
  const { eta, converged } = irls(kept, t);
  return { scores: eta.map((e) => 1 / (1 + Math.exp(-e))), km1: kept.length - 1, converged };
}
