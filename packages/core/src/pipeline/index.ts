// Public surface of the run pipeline (split, fit, sample, evaluate, results), shared by the CLI's run and evaluate.
export * from "./types.ts";
export { fitWarnings, runPipeline, runPresets, runSteps, type RunInputs, type StepRunner } from "./run.ts";
export {
  checkHoldout,
  holdoutLacksColumn,
  missingHoldoutColumn,
  HOLDOUT_REPEAT_LIMIT,
  type HoldoutRepeats,
} from "./holdout-check.ts";
export {
  evaluateSynthetic,
  evaluationPlan,
  evaluationTasks,
  type MetricTask,
  type Evaluation,
  type EvaluationPlan,
  type MetricProgress,
  type PlanOptions,
} from "./evaluate.ts";
export { defaultMethods, NEIGHBOUR_METHODS_MAX_ROWS, type DefaultMethods } from "./default-methods.ts";
export { averageOverRuns, defaultAttackRuns, ATTACK_RUNS_MAX_ROWS } from "./attack-runs.ts";
export {
  defaultUtilityMetrics,
  defaultPrivacyMetrics,
  defaultBootstrap,
  DEFAULT_MAX_ROWS,
  DEFAULT_PRIVACY_MAX_ROWS,
} from "./default-metrics.ts";
export { splitInput, strataOf, type RunSplit } from "./split.ts";
export { capEvaluationTables, type EvaluationTables } from "./subsample.ts";
export { distributionPlans, distributionsOf, type ColumnDistribution, type DistributionPlan } from "./distributions.ts";
export { safeEdges, niceStep } from "./bins.ts";
export {
  methodVerdict,
  utilityLight,
  lightOf,
  type Light,
  type Verdict,
  type TargetLight,
  type CriterionLight,
  type TestLight,
  type UtilityLight,
  type Wp29Criterion,
} from "./lights.ts";
export {
  buildFrontier,
  frontierPoint,
  recommend,
  isMembershipAuc,
  FRONTIER_TARGETS,
  RECOMMENDATION_RULE,
  type Frontier,
  type FrontierFigure,
  type FrontierPoint,
  type FrontierTargets,
  type Recommendation,
} from "./frontier.ts";
