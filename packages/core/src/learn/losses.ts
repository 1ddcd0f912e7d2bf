/**
 * Boosting objectives: initial scores, first and second derivatives, and the loss used for early
 * stopping. Raw scores are row-major with `nOutputs` columns: 1 for binary and regression, one
 * per class for multiclass.
 */

export type Objective = "binary" | "multiclass" | "regression";

/** Raw score standing for probability 0: exp(−1000) underflows to exactly 0, and JSON keeps it. */
export const ABSENT_CLASS_SCORE = -1000;

/** Hessians are floored so that a leaf of near-certain rows cannot divide by ~0 when λ = 0. */
const MIN_HESSIAN = 1e-16;

/** Probabilities are clamped away from 0 and 1 inside logarithms. */
const LOG_EPS = 1e-15;

export function nOutputsOf(objective: Objective, nClasses: number): number {
  return objective === "multiclass" ? nClasses : 1;
}

/**
 * Initial raw scores over the training rows `rows`: log-odds of the positive class, log class
 * priors (absent classes get ABSENT_CLASS_SCORE), or the target mean.
 */
export function initialScores(
  objective: Objective,
  rows: Int32Array,
  labels: Int32Array | null,
  values: Float64Array | null,
  nClasses: number,
): Float64Array {
  const n = rows.length;
  if (objective === "regression") {
    let s = 0;
    for (let i = 0; i < n; i++) s += values![rows[i]];
    return Float64Array.of(n > 0 ? s / n : 0);
  }
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) counts[labels![rows[i]]]++;
  if (objective === "binary") {
    if (counts[1] === 0) return Float64Array.of(ABSENT_CLASS_SCORE);
    if (counts[0] === 0) return Float64Array.of(-ABSENT_CLASS_SCORE);
    return Float64Array.of(Math.log(counts[1] / counts[0]));
  }
  return counts.map((c) => (c > 0 ? Math.log(c / n) : ABSENT_CLASS_SCORE));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Softmax of raw[offset .. offset + k) into out[outOffset ..). */
export function softmax(raw: Float64Array, offset: number, k: number, out: Float64Array, outOffset: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (raw[offset + c] > max) max = raw[offset + c];
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(raw[offset + c] - max);
    out[outOffset + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[outOffset + c] /= sum;
}

/**
 * Gradients and hessians of every row of `rows` for each output: grad[k][row], hess[k][row].
 * Binary and softmax: g = p − y, h = p(1 − p). Squared error ½(F − y)²: g = F − y, h = 1.
 */
export function computeGradients(
  objective: Objective,
  raw: Float64Array,
  rows: Int32Array,
  labels: Int32Array | null,
  values: Float64Array | null,
  grad: Float64Array[],
  hess: Float64Array[],
): void {
  if (objective === "regression") {
    const g = grad[0];
    const h = hess[0];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      g[r] = raw[r] - values![r];
      h[r] = 1;
    }
    return;
  }
  if (objective === "binary") {
    const g = grad[0];
    const h = hess[0];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const p = sigmoid(raw[r]);
      g[r] = p - labels![r];
      h[r] = Math.max(p * (1 - p), MIN_HESSIAN);
    }
    return;
  }
  const k = grad.length;
  const p = new Float64Array(k);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    softmax(raw, r * k, k, p, 0);
    const y = labels![r];
    for (let c = 0; c < k; c++) {
      grad[c][r] = p[c] - (y === c ? 1 : 0);
      hess[c][r] = Math.max(p[c] * (1 - p[c]), MIN_HESSIAN);
    }
  }
}

/** Mean loss over `rows`: log loss, multiclass log loss, or mean squared error. */
export function meanLoss(
  objective: Objective,
  raw: Float64Array,
  rows: Int32Array,
  labels: Int32Array | null,
  values: Float64Array | null,
  nOutputs: number,
): number {
  let s = 0;
  if (objective === "regression") {
    for (let i = 0; i < rows.length; i++) {
      const d = raw[rows[i]] - values![rows[i]];
      s += d * d;
    }
  } else if (objective === "binary") {
    for (let i = 0; i < rows.length; i++) {
      const p = Math.min(Math.max(sigmoid(raw[rows[i]]), LOG_EPS), 1 - LOG_EPS);
      s -= labels![rows[i]] === 1 ? Math.log(p) : Math.log(1 - p);
    }
  } else {
    const p = new Float64Array(nOutputs);
    for (let i = 0; i < rows.length; i++) {
      softmax(raw, rows[i] * nOutputs, nOutputs, p, 0);
      s -= Math.log(Math.max(p[labels![rows[i]]], LOG_EPS));
    }
  }
  return rows.length > 0 ? s / rows.length : 0;
}

/** Raw scores → predictions: class probabilities (n × nClasses, row-major) or values. */
export function rawToPrediction(
  objective: Objective,
  raw: Float64Array,
  nRows: number,
  nClasses: number,
): Float64Array {
  if (objective === "regression") return raw;
  const out = new Float64Array(nRows * nClasses);
  if (objective === "binary") {
    for (let i = 0; i < nRows; i++) {
      const p = sigmoid(raw[i]);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
  } else {
    for (let i = 0; i < nRows; i++) softmax(raw, i * nClasses, nClasses, out, i * nClasses);
  }
  return out;
}
