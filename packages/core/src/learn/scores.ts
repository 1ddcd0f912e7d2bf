/**
 * Prediction scores. Class probabilities are row-major n × k arrays (as `GbtModel.predict`
 * returns them); labels are class codes in [0, k). A score that is undefined on its input (an AUC
 * without both classes, R² of a constant target) is NaN, for the caller to report as undefined.
 */

/** Row-wise argmax of an n × k probability matrix (lowest class on ties). */
export function argmaxRows(proba: ArrayLike<number>, k: number): Int32Array {
  const n = proba.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c] > proba[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

export function accuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (labels.length === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) hits++;
  return hits / labels.length;
}

/** Average ranks (1-based; tied values share the mean of their positions). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let q = i; q <= j; q++) ranks[order[q]] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Binary ROC AUC: the Mann–Whitney statistic of the scores of positive rows (isPositive true)
 * against negative rows, ties counting ½. NaN unless both classes occur.
 */
export function rocAuc(isPositive: ArrayLike<boolean | number>, scores: ArrayLike<number>): number {
  const ranks = averageRanks(scores);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < ranks.length; i++)
    if (isPositive[i]) {
      nPos++;
      rankSum += ranks[i];
    }
  const nNeg = ranks.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Binary AUC from an n × 2 probability matrix, class 1 positive. */
export function rocAucBinary(labels: ArrayLike<number>, proba: ArrayLike<number>): number {
  const n = labels.length;
  const pos = new Uint8Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pos[i] = labels[i] === 1 ? 1 : 0;
    score[i] = proba[2 * i + 1];
  }
  return rocAuc(pos, score);
}

/** One-vs-rest macro AUC: mean over classes that occur (and not everywhere) of AUC(class c vs rest). */
export function rocAucOvr(labels: ArrayLike<number>, proba: ArrayLike<number>, k: number): number {
  const n = labels.length;
  let sum = 0;
  let m = 0;
  for (let c = 0; c < k; c++) {
    const pos = new Uint8Array(n);
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      pos[i] = labels[i] === c ? 1 : 0;
      score[i] = proba[i * k + c];
    }
    const a = rocAuc(pos, score);
    if (!Number.isNaN(a)) {
      sum += a;
      m++;
    }
  }
  return m > 0 ? sum / m : NaN;
}

/**
 * Hand & Till one-vs-one macro AUC: for each pair (j, k) of classes present,
 * A(j, k) = ½[A(j|k) + A(k|j)], where A(j|k) is the AUC of the class-j probability on the rows of
 * classes j and k with j positive; the mean over pairs.
 */
export function rocAucOvo(labels: ArrayLike<number>, proba: ArrayLike<number>, k: number): number {
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  let sum = 0;
  let pairs = 0;
  const pairAuc = (a: number, b: number) => {
    const rows = [...byClass[a], ...byClass[b]];
    const pos = rows.map((r) => labels[r] === a);
    return rocAuc(
      pos,
      rows.map((r) => proba[r * k + a]),
    );
  };
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      if (byClass[a].length === 0 || byClass[b].length === 0) continue;
      sum += (pairAuc(a, b) + pairAuc(b, a)) / 2;
      pairs++;
    }
  return pairs > 0 ? sum / pairs : NaN;
}

/** The protocol's AUC: binary AUC for two classes, Hand & Till for more (utility-metrics §5.1). */
export function rocAucAuto(labels: ArrayLike<number>, proba: ArrayLike<number>, k: number): number {
  return k === 2 ? rocAucBinary(labels, proba) : rocAucOvo(labels, proba, k);
}

/**
 * Macro F1 over the classes that occur in the labels or the predictions:
 * F1_c = 2·TP / (2·TP + FP + FN).
 */
export function macroF1(labels: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  const tp = new Float64Array(k);
  const fp = new Float64Array(k);
  const fn = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === predicted[i]) tp[labels[i]]++;
    else {
      fp[predicted[i]]++;
      fn[labels[i]]++;
    }
  }
  let sum = 0;
  let m = 0;
  for (let c = 0; c < k; c++) {
    const d = 2 * tp[c] + fp[c] + fn[c];
    if (d === 0) continue;
    sum += (2 * tp[c]) / d;
    m++;
  }
  return m > 0 ? sum / m : NaN;
}

/** Mean −ln p(true class), probabilities clipped to [eps, 1 − eps]. */
export function logLoss(labels: ArrayLike<number>, proba: ArrayLike<number>, k: number, eps = 1e-15): number {
  if (labels.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < labels.length; i++) s -= Math.log(Math.min(Math.max(proba[i * k + labels[i]], eps), 1 - eps));
  return s / labels.length;
}

export function rmse(y: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (y.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - predicted[i]) ** 2;
  return Math.sqrt(s / y.length);
}

export function mae(y: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (y.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - predicted[i]);
  return s / y.length;
}

/** R² = 1 − SS_res/SS_tot; NaN when the target is constant. */
export function r2(y: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const n = y.length;
  if (n === 0) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (y[i] - predicted[i]) ** 2;
    tot += (y[i] - mean) ** 2;
  }
  return tot === 0 ? NaN : 1 - res / tot;
}
