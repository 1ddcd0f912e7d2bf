/**
 * ROC arithmetic of the membership attacks (privacy-metrics.md §5.1): Mann–Whitney AUC with ties
 * as ½, the ROC with one point per distinct score threshold (ties give a diagonal segment), TPR of
 * the piecewise-linear curve at a fixed FPR, the advantage max(TPR − FPR) and the accuracy when
 * the top half of candidates is labelled "member".
 *
 * Candidates are ranked once; every summary then takes optional per-candidate weights, so a
 * bootstrap replicate (members and non-members resampled with replacement) is a vector of counts
 * and costs one linear pass instead of a sort.
 */

/** Candidates sorted by decreasing score, grouped by equal score. */
export interface RankedScores {
  readonly n: number;
  /** Candidate indices by decreasing score (ties by index). */
  readonly order: Int32Array;
  /** One past the last position in `order` of each group of equal scores. */
  readonly groupEnd: Int32Array;
  readonly isMember: Uint8Array;
  readonly nMembers: number;
  readonly nNonMembers: number;
}

export function rankScores(scores: ArrayLike<number>, isMember: ArrayLike<number | boolean>): RankedScores {
  const n = scores.length;
  if (isMember.length !== n) throw new RangeError(`${n} scores but ${isMember.length} labels`);
  for (let i = 0; i < n; i++) if (Number.isNaN(scores[i])) throw new RangeError(`score ${i} is NaN`);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const ends: number[] = [];
  for (let p = 1; p <= n; p++) if (p === n || scores[order[p]] !== scores[order[p - 1]]) ends.push(p);
  const member = Uint8Array.from({ length: n }, (_, i) => (isMember[i] ? 1 : 0));
  let nMembers = 0;
  for (let i = 0; i < n; i++) nMembers += member[i];
  return { n, order, groupEnd: Int32Array.from(ends), isMember: member, nMembers, nNonMembers: n - nMembers };
}

export interface RocSummary {
  readonly auc: number;
  /** ROC vertices from (0, 0) to (1, 1), one per distinct score threshold. */
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  /** max over thresholds of TPR − FPR, and the position (group index + 1) where it is reached. */
  readonly advantage: number;
  readonly advantageGroups: number;
  readonly accuracyAtMedian: number;
}

/** The summary of the ranked scores, each candidate weighted by `weights` (default 1). */
export function rocSummary(ranked: RankedScores, weights?: ArrayLike<number>): RocSummary {
  const { order, groupEnd, isMember } = ranked;
  const w = (i: number): number => (weights === undefined ? 1 : weights[i]);
  let totalMembers = 0;
  let totalNon = 0;
  for (let i = 0; i < ranked.n; i++) {
    if (isMember[i]) totalMembers += w(i);
    else totalNon += w(i);
  }
  const groups = groupEnd.length;
  const fpr = new Float64Array(groups + 1);
  const tpr = new Float64Array(groups + 1);
  const half = (totalMembers + totalNon) / 2;
  let tp = 0;
  let fp = 0;
  let pairs = 0;
  let advantage = 0;
  let advantageGroups = 0;
  let predictedMembers = 0;
  let start = 0;
  for (let g = 0; g < groups; g++) {
    let gm = 0;
    let gn = 0;
    for (let p = start; p < groupEnd[g]; p++) {
      const i = order[p];
      if (isMember[i]) gm += w(i);
      else gn += w(i);
    }
    start = groupEnd[g];
    // Members of this group beat the non-members of later groups and tie with this group's.
    pairs += gm * (totalNon - fp - gn) + 0.5 * gm * gn;
    // Top half labelled "member": a group straddling the median counts in proportion.
    const room = Math.max(0, Math.min(gm + gn, half - (tp + fp)));
    if (room > 0) predictedMembers += (gm * room) / (gm + gn);
    tp += gm;
    fp += gn;
    tpr[g + 1] = totalMembers > 0 ? tp / totalMembers : NaN;
    fpr[g + 1] = totalNon > 0 ? fp / totalNon : NaN;
    const gap = tpr[g + 1] - fpr[g + 1];
    if (gap > advantage) {
      advantage = gap;
      advantageGroups = g + 1;
    }
  }
  const total = totalMembers + totalNon;
  // Correct = members labelled member + non-members left unlabelled (half − labelled members of them).
  const correct = predictedMembers + (totalNon - (Math.min(half, total) - predictedMembers));
  return {
    auc: totalMembers > 0 && totalNon > 0 ? pairs / (totalMembers * totalNon) : NaN,
    fpr,
    tpr,
    advantage,
    advantageGroups,
    accuracyAtMedian: total > 0 ? correct / total : NaN,
  };
}

/**
 * TPR of the piecewise-linear ROC at FPR = f: the highest TPR at that FPR when the curve rises
 * vertically there, linear interpolation inside a segment.
 */
export function tprAtFpr(fpr: ArrayLike<number>, tpr: ArrayLike<number>, f: number): number {
  const m = fpr.length;
  let last = 0;
  while (last + 1 < m && fpr[last + 1] <= f) last++;
  if (fpr[last] === f || last + 1 === m) return tpr[last];
  const next = last + 1;
  const t = (f - fpr[last]) / (fpr[next] - fpr[last]);
  return tpr[last] + t * (tpr[next] - tpr[last]);
}

/** FPR grid of the downsampled curve: dense at low FPR, where membership attacks matter. */
export const ROC_REPORT_GRID: readonly number[] = [
  0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75,
  0.8, 0.85, 0.9, 0.95, 1,
];

/** The curve as (fpr, tpr) pairs on a fixed FPR grid: an aggregate, whatever the number of candidates. */
export function downsampleRoc(
  summary: Pick<RocSummary, "fpr" | "tpr">,
  grid: readonly number[] = ROC_REPORT_GRID,
): { fpr: number; tpr: number }[] {
  return grid.map((f) => ({ fpr: f, tpr: tprAtFpr(summary.fpr, summary.tpr, f) }));
}
