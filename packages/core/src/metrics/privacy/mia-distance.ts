/**
 * Membership attacks on closest distances in table space (privacy-metrics.md §5.2–5.5), all on
 * the sosie Gower distance with ranges from S ∪ H_ref (§5.1):
 *
 * - `mia-dcr-threshold`: score −d1(x, S); decision d1 ≤ τ = Q_0.10 of d1(H_ref → S);
 * - `mia-gan-leaks`: exp(−d1(x, S)²), the same ranking under its literature name;
 * - `mia-gan-leaks-calibrated`: log-score d1(x, H_ref)² − d1(x, S)² (typical records, close to
 *   both sets, score near 0);
 * - `mia-monte-carlo`: share of S within ε = the median candidate d1 of x.
 */
import type { Metric } from "../types.ts";
import { quantileType7 } from "../utility/statistics.ts";
import {
  type MiaOptions,
  type MiaSetup,
  candidateD1,
  candidateNeighbors,
  countSyntheticWithin,
  gowerView,
  once,
  referenceD1,
  runMia,
} from "./mia-setup.ts";

const NEEDS = ["real", "synthetic", "holdout"] as const;
const SPACE_NOTE = "distance: Gower (sosie rules), ranges fitted on S ∪ H_ref";

const sortedCopy = (values: Float64Array): Float64Array => Float64Array.from(values).sort();

/** TPR, FPR and precision of the rule "member if d1 ≤ τ". */
export function thresholdRates(d1: ArrayLike<number>, isMember: ArrayLike<number>, tau: number) {
  let tp = 0;
  let fp = 0;
  let members = 0;
  for (let i = 0; i < d1.length; i++) {
    if (isMember[i]) members++;
    if (d1[i] <= tau) {
      if (isMember[i]) tp++;
      else fp++;
    }
  }
  const others = d1.length - members;
  return { tpr: tp / members, fpr: fp / others, precision: tp + fp > 0 ? tp / (tp + fp) : null };
}

export const miaDcrThreshold: Metric<MiaOptions> = {
  id: "mia-dcr-threshold",
  kind: "privacy",
  membershipAttack: true,
  needs: NEEDS,
  optional: [],
  variants: ["sosie"],
  description: "Membership attack on the distance to the closest synthetic row (AUC, TPR at 1 % and 10 % FPR)",
  compute(input, options) {
    return runMia("mia-dcr-threshold", input, options, (setup) => {
      const d1 = candidateD1(setup, "synthetic");
      const tau = quantileType7(sortedCopy(referenceD1(setup)), 0.1);
      const rates = thresholdRates(d1, setup.isMember, tau);
      return {
        scores: d1.map((d) => -d),
        extra: [
          { name: "tpr-at-threshold", value: rates.tpr, baseline: 0.1 },
          { name: "fpr-at-threshold", value: rates.fpr, baseline: 0.1 },
          {
            name: "precision-at-threshold",
            value: rates.precision,
            baseline: 0.5,
            ...(rates.precision === null ? { reason: "no candidate lies within the threshold" } : {}),
          },
        ],
        notes: [SPACE_NOTE, "threshold τ: the 10 % quantile of the distances from H_ref to S (nominal FPR 10 %)"],
      };
    });
  },
};

export const miaGanLeaks: Metric<MiaOptions> = {
  id: "mia-gan-leaks",
  kind: "privacy",
  membershipAttack: true,
  needs: NEEDS,
  optional: [],
  variants: ["sosie"],
  description: "GAN-Leaks full black-box membership attack: exp(−d1(x, S)²)",
  compute(input, options) {
    return runMia("mia-gan-leaks", input, options, (setup) => ({
      scores: candidateD1(setup, "synthetic").map((d) => Math.exp(-d * d)),
      notes: [SPACE_NOTE],
    }));
  },
};

/** log-score d1(x, H_ref)² − d1(x, S)² of each candidate. */
export function calibratedLogScores(toSynthetic: ArrayLike<number>, toReference: ArrayLike<number>): Float64Array {
  return Float64Array.from(toSynthetic, (d, i) => toReference[i] ** 2 - d * d);
}

export const miaGanLeaksCalibrated: Metric<MiaOptions> = {
  id: "mia-gan-leaks-calibrated",
  kind: "privacy",
  membershipAttack: true,
  needs: NEEDS,
  optional: [],
  variants: ["sosie"],
  description: "Calibrated GAN-Leaks membership attack: d1(x, H_ref)² − d1(x, S)²",
  compute(input, options) {
    return runMia("mia-gan-leaks-calibrated", input, options, (setup) => ({
      // The log of the score ranks the candidates as the score does, without underflow.
      scores: calibratedLogScores(candidateD1(setup, "synthetic"), candidateD1(setup, "reference")),
      notes: [SPACE_NOTE, "scores are log-scores d1(x, H_ref)² − d1(x, S)²"],
    }));
  },
};

/**
 * Monte Carlo scores: ε = median of d1 over the candidates; score = (synthetic rows within ε)/n_S.
 * `countWithin(ε)` returns that count for every candidate.
 */
export function monteCarloScores(
  d1: Float64Array,
  nSynthetic: number,
  countWithin: (epsilon: number) => Int32Array,
): { epsilon: number; scores: Float64Array } {
  const epsilon = quantileType7(sortedCopy(d1), 0.5);
  return { epsilon, scores: Float64Array.from(countWithin(epsilon), (c) => c / nSynthetic) };
}

export const miaMonteCarlo: Metric<MiaOptions> = {
  id: "mia-monte-carlo",
  kind: "privacy",
  membershipAttack: true,
  needs: NEEDS,
  optional: [],
  variants: ["sosie"],
  description: "Monte Carlo membership attack (Hilprecht et al.): share of S within the median closest distance",
  compute(input, options) {
    return runMia("mia-monte-carlo", input, options, (setup: MiaSetup) => {
      const view = gowerView(setup);
      const { scores } = monteCarloScores(candidateD1(setup, "synthetic"), view.synthetic.n, (epsilon) =>
        once(setup, `within:${epsilon}`, () =>
          countSyntheticWithin(view, epsilon, 0, view.candidates.n, candidateNeighbors(setup, "synthetic")),
        ),
      );
      return { scores, notes: [SPACE_NOTE, "ε: the median closest distance of the candidates to S"] };
    });
  },
};
