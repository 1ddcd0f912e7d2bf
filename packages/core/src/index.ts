// Public API of @sosie/core. Modules register here as they land.
export * from "./errors.ts";
export * from "./table/column.ts";
export { Table } from "./table/table.ts";
export { subjectColumn } from "./table/subjects.ts";
export { Rng, cumulative, fnv1a64, seedToBigInt } from "./random/rng.ts";
export { trainHoldoutSplit, type Split, type SplitOptions } from "./random/train-holdout-split.ts";
export * from "./io/csv/index.ts";
export * from "./schema/index.ts";
export * from "./generators/index.ts";
export * from "./linalg/index.ts";
export * from "./neighbors/index.ts";
export * from "./transform/famd.ts";
export * from "./learn/index.ts";
export type {
  Metric,
  MetricInput,
  MetricOptions,
  MetricResult,
  MetricDetail,
  MetricKind,
  MetricRole,
  CiMethod,
  Objective as MetricObjective,
} from "./metrics/types.ts";
export { listMetrics, getMetric, computeMetric } from "./metrics/registry.ts";
export { ksComplement, tvComplement, columnShapes } from "./metrics/utility/shapes.ts";
export {
  correlationSimilarity,
  contingencySimilarity,
  columnPairTrends,
  type PairTrendsOptions,
  type PairSimilarityOptions,
} from "./metrics/utility/pair-trends.ts";
export { qualityScore, type QualityOptions } from "./metrics/utility/quality.ts";
export {
  association,
  correlation,
  cramersV,
  correlationRatio,
  type Association,
  type CorrelationMethod,
} from "./metrics/utility/associations.ts";
export { formatCell, cellFormatter, formatNumber } from "./table/format.ts";
export { writeParquet, readParquet, type WriteParquetOptions, type ReadParquetOptions } from "./io/parquet.ts";
export { tableToArrow, tableFromArrow } from "./table/arrow.ts";
export * from "./pipeline/index.ts";
export * from "./report/index.ts";
export {
  privacyVerdict,
  MEMBERSHIP_ATTACKS,
  VERDICT_CAVEAT,
  THRESHOLD_ORIGINS,
  type PrivacyVerdict,
} from "./metrics/privacy/verdict.ts";
export { isPrivacyResult, type PrivacyResult } from "./metrics/privacy/types.ts";
