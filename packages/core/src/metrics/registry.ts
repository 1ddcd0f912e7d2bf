/**
 * Every metric Sosie knows, utility and privacy. Adding a metric is one file exporting a
 * `Metric` and one line here: the default evaluation, the verdict and the worker pools read what
 * the definition declares (needsTarget, optIn, batchedFits, membershipAttack), never its id.
 */
import { SosieOptionError } from "../errors.ts";
import type { Metric, MetricInput, MetricKind, MetricOptions, MetricResult, MetricRole } from "./types.ts";
import { columnShapes, ksComplement, tvComplement } from "./utility/shapes.ts";
import { columnPairTrends, contingencySimilarity, correlationSimilarity } from "./utility/pair-trends.ts";
import { qualityScore } from "./utility/quality.ts";
import { categoricalConsistency, continuousConsistency } from "./utility/consistency.ts";
import { categoricalStatistics, continuousStatistics } from "./utility/statistics-metrics.ts";
import {
  hellingerCategorical,
  hellingerContinuous,
  klCategorical,
  klContinuous,
} from "./utility/distribution-distances.ts";
import { missingnessDependency, missingnessDifference } from "./utility/missingness.ts";
import { associationMatrixMetric } from "./utility/association-matrix.ts";
import { pairwiseChiSquareDifference, pairwiseCorrelationDifference } from "./utility/pairwise-differences.ts";
import { hellingerMean } from "./utility/hellinger-mean.ts";
import { miaDcrThreshold, miaGanLeaks, miaGanLeaksCalibrated, miaMonteCarlo } from "./privacy/mia-distance.ts";
import { miaDomias } from "./privacy/mia-domias.ts";
import { miaClassifier } from "./privacy/mia-classifier.ts";
import { singlingOutMultivariate, singlingOutUnivariate } from "./privacy/singling-out.ts";
import { linkability } from "./privacy/linkability.ts";
import { inference } from "./privacy/inference.ts";
import { categoricalHiddenRate, correlationProtectionRateMetric, hiddenRate, localCloaking } from "./privacy/avatar-link.ts";
import { closestDistanceRatio, closestRate, distanceToClosest } from "./privacy/avatar-distances.ts";
import {
  columnDirectMatchProtection,
  exactMatchRate,
  newRowSynthesis,
  rowDirectMatchProtection,
} from "./privacy/direct-match.ts";
import { inferenceCategorical, inferenceContinuous } from "./privacy/avatar-inference.ts";
import { identifiabilityScore, radiusCloaking } from "./privacy/link-free-cloaking.ts";
import { dcrBaselineProtection, dcrCloserToTrain, dcrDistribution } from "./privacy/dcr.ts";
import {
  disclosureProtection,
  disclosureProtectionEstimate,
  discoMetric,
  replicatedUniquesMetric,
} from "./privacy/disclosure.ts";
import { kAnonymity, kMap, lDiversity } from "./privacy/equivalence-classes.ts";
import { distinguishability, pmse } from "./utility/propensity.ts";
import { tstrClassification, tstrRegression } from "./utility/tstr.ts";
import { crossClassification, crossRegression } from "./utility/cross-learning.ts";
import { fscoreDifference } from "./utility/fscore.ts";
import { featureImportanceDifference } from "./utility/feature-importance.ts";

// Metrics take their own option types; the registry hands them the options it was given.
type AnyMetric = Metric<never>;

const METRICS: readonly AnyMetric[] = [
  continuousConsistency,
  categoricalConsistency,
  continuousStatistics,
  categoricalStatistics,
  hellingerContinuous,
  hellingerCategorical,
  klContinuous,
  klCategorical,
  missingnessDifference,
  ksComplement,
  tvComplement,
  columnShapes,
  associationMatrixMetric,
  pairwiseCorrelationDifference,
  pairwiseChiSquareDifference,
  correlationSimilarity,
  contingencySimilarity,
  columnPairTrends,
  qualityScore,
  hellingerMean,
  missingnessDependency,
  distinguishability,
  pmse,
  tstrClassification,
  tstrRegression,
  crossClassification,
  crossRegression,
  fscoreDifference,
  featureImportanceDifference,
  // Membership inference attacks (privacy §5).
  miaDcrThreshold,
  miaGanLeaks,
  miaGanLeaksCalibrated,
  miaMonteCarlo,
  miaDomias,
  miaClassifier,
  // Anonymeter attacks (privacy §6).
  singlingOutUnivariate,
  singlingOutMultivariate,
  linkability,
  inference,
  // Avatar privacy report (privacy §3), link-free analogues (§3.11).
  hiddenRate,
  localCloaking,
  distanceToClosest,
  closestDistanceRatio,
  columnDirectMatchProtection,
  categoricalHiddenRate,
  rowDirectMatchProtection,
  correlationProtectionRateMetric,
  inferenceContinuous,
  inferenceCategorical,
  closestRate,
  identifiabilityScore,
  radiusCloaking,
  // Distance to closest record against a holdout, exact matches (privacy §4).
  dcrDistribution,
  dcrCloserToTrain,
  dcrBaselineProtection,
  exactMatchRate,
  newRowSynthesis,
  // Attribute disclosure and equivalence classes (privacy §7, §8).
  disclosureProtection,
  disclosureProtectionEstimate,
  replicatedUniquesMetric,
  discoMetric,
  kAnonymity,
  lDiversity,
  kMap,
];

const BY_ID = new Map<string, AnyMetric>(METRICS.map((m) => [m.id, m]));
if (BY_ID.size !== METRICS.length) throw new Error("two metrics share an id");

/** All registered metrics, or those of one kind, in registry order. */
export function listMetrics(kind?: MetricKind): Metric[] {
  return (kind === undefined ? METRICS : METRICS.filter((m) => m.kind === kind)) as Metric[];
}

/** The metric with this id; an unknown id is an option error that lists the known ones. */
export function getMetric(id: string): Metric {
  const metric = BY_ID.get(id);
  if (metric === undefined)
    throw new SosieOptionError(`unknown metric "${id}" (known: ${[...BY_ID.keys()].join(", ")})`);
  return metric as Metric;
}

function given(input: MetricInput, role: MetricRole): boolean {
  switch (role) {
    case "real":
      return input.real !== undefined;
    case "synthetic":
      return input.synthetic !== undefined;
    case "holdout":
      return input.holdout !== undefined;
    case "link":
      return input.link !== undefined;
  }
}

/** Computes metric `id` after checking that its required inputs are there. */
export function computeMetric(
  id: string,
  input: MetricInput,
  options?: MetricOptions & Record<string, unknown>,
): MetricResult[] {
  const metric = getMetric(id);
  const absent = metric.needs.filter((role) => !given(input, role));
  if (absent.length > 0) throw new SosieOptionError(`metric "${id}" needs ${absent.join(" and ")} input`);
  return metric.compute(input, options);
}
