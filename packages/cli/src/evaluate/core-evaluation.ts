// The evaluation loop of core's pipeline (shared with `sosie run`) and the privacy verdict. Core's
// index.ts does not export them yet: once it does, this becomes `export … from "@sosie/core"`.
export {
  evaluateSynthetic,
  evaluationPlan,
  type Evaluation,
  type EvaluationPlan,
  type EvaluationTables,
} from "../../../core/src/pipeline/index.ts";
export { privacyVerdict, type PrivacyVerdict } from "../../../core/src/metrics/privacy/verdict.ts";
export { isPrivacyResult, type PrivacyResult } from "../../../core/src/metrics/privacy/types.ts";
