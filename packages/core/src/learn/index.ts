// Public surface of the learning module (gradient-boosted trees, scores, protocols, importance).
export {
  applyEncoding,
  datasetFromTable,
  encodingFromTable,
  encodingOf,
  nClassesOf,
  selectDatasetRows,
  withFeature,
  type CategoricalFeature,
  type ClassificationTarget,
  type Dataset,
  type DatasetOptions,
  type Encoding,
  type Feature,
  type FeatureEncoding,
  type NumericFeature,
  type RegressionTarget,
  type Target,
} from "./dataset.ts";
export { type BinningOptions } from "./binning.ts";
export {
  fitGbt,
  GBT_DEFAULTS,
  GbtModel,
  objectiveOf,
  resolveGbtOptions,
  type EarlyStopping,
  type GbtModelJson,
  type GbtOptions,
} from "./gbt.ts";
export { type Objective } from "./losses.ts";
export {
  accuracy,
  argmaxRows,
  logLoss,
  macroF1,
  mae,
  r2,
  rmse,
  rocAuc,
  rocAucAuto,
  rocAucBinary,
  rocAucOvo,
  rocAucOvr,
} from "./scores.ts";
export { assignFolds, foldRows, type FoldOptions } from "./folds.ts";
export {
  chooseTrial,
  evaluateTrialFold,
  fitWithProtocol,
  planTuning,
  protocolScore,
  type LearnProfile,
  type ProtocolOptions,
  type ProtocolResult,
  type TrialResult,
  type TuningPlan,
} from "./tuning.ts";
export { permutationImportance, type FeatureImportance, type PermutationImportanceOptions } from "./importance.ts";
export { fitGbtBatch, rngFromKey, withLearnEngine, type GbtFitJob, type LearnEngine } from "./engine.ts";
