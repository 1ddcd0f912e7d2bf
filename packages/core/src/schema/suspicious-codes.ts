/**
 * Numeric values that look like codes rather than measurements: zeros standing for "not
 * measured" in a physiological measure (pima glucose, pressure, triceps, insulin, mass) and
 * sentinels such as 999 or -1 at the edge of a range. They are flagged for review, never
 * changed: only the user can declare them missing. Warnings name no value but 0 and the
 * sentinel itself, which are codes, not an individual's data.
 */

/** How far 0 must sit from the rest, in median gaps between consecutive distinct values. */
const ZERO_GAP_FACTOR = 5;
/** ... and as a share of the median of the non-zero values. */
const ZERO_MEDIAN_SHARE = 0.1;
const SENTINELS = new Set([-1, -9, -99, -999, -9999, 99, 999, 9999, 99999, 999999]);

function weightedMedian(values: readonly number[], counts: readonly number[]): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const total = order.reduce((s, i) => s + counts[i], 0);
  let acc = 0;
  for (const i of order) {
    acc += counts[i];
    if (acc * 2 >= total) return values[i];
  }
  return NaN;
}

function medianGap(sorted: readonly number[]): number {
  if (sorted.length < 2) return NaN;
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) gaps.push(sorted[i] - sorted[i - 1]);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)];
}

/** Warnings about zeros and sentinels among distinct numeric values with their row counts. */
export function suspiciousCodeWarnings(values: readonly number[], counts: readonly number[]): string[] {
  const warnings: string[] = [];
  if (values.length < 4) return warnings;
  const zeroIndex = values.indexOf(0);
  const positives: number[] = [];
  const positiveCounts: number[] = [];
  let negatives = 0;
  values.forEach((v, i) => {
    if (v > 0) {
      positives.push(v);
      positiveCounts.push(counts[i]);
    } else if (v < 0) negatives++;
  });
  const total = counts.reduce((s, c) => s + c, 0);
  // Zero-inflated measures (capital gains: mostly 0) hold real zeros; flag only a minority of zeros.
  if (zeroIndex >= 0 && negatives === 0 && positives.length >= 3 && counts[zeroIndex] < 0.5 * total) {
    const sorted = [...positives].sort((a, b) => a - b);
    const smallest = sorted[0];
    const gap = medianGap(sorted);
    const median = weightedMedian(positives, positiveCounts);
    if (smallest >= ZERO_GAP_FACTOR * gap && smallest >= ZERO_MEDIAN_SHARE * median)
      warnings.push(
        `${counts[zeroIndex]} zero${counts[zeroIndex] === 1 ? "" : "s"} in a measure whose other values are far from zero: 0 may code a missing value`,
      );
  }
  const sorted = [...values].sort((a, b) => a - b);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  // A negative sentinel is the only negative value; a 9-run sentinel stands apart from the rest.
  if (SENTINELS.has(lo) && lo < 0 && sorted[1] >= 0) warnings.push(`${lo} is the only negative value: it may code a missing value`);
  if (SENTINELS.has(hi) && hi > 0) {
    const next = sorted[sorted.length - 2];
    if (hi - next >= 0.25 * (next - lo)) warnings.push(`${hi} stands apart from the other values: it may code a missing value`);
  }
  return warnings;
}
