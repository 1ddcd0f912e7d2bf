/**
 * Sensitivity of empirical mutual information under replace-one neighbours, n rows
 * (PrivBayes, Zhang et al., Lemma 1; generators.md §5.3).
 */
export function mutualInformationSensitivity(n: number, binary: boolean): number {
  if (n <= 1) return Math.log(2); // one row: I ≤ ln 2 either way; only reached on degenerate input
  if (binary) return (1 / n) * Math.log(n) + ((n - 1) / n) * Math.log(n / (n - 1));
  return (2 / n) * Math.log((n + 1) / 2) + ((n - 1) / n) * Math.log((n + 1) / (n - 1));
}
