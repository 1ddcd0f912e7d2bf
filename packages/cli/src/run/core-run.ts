// The run pipeline and report of core. They reach the CLI through this one module: once core's
// index.ts exports pipeline/ and report/, this becomes `export … from "@sosie/core"`.
export * from "../../../core/src/pipeline/index.ts";
export * from "../../../core/src/report/index.ts";
export { VERDICT_CAVEAT, THRESHOLD_ORIGINS } from "../../../core/src/metrics/privacy/verdict.ts";
