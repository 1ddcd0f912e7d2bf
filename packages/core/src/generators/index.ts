export * from "./types.ts";
export { resolveParams } from "./params.ts";
export {
  captureSchema,
  finishTable,
  modelledColumnNames,
  roundHalfAway,
  decimalsOf,
  type ColumnSchema,
} from "./output-schema.ts";
export { addMissingIndicators, applyMissingIndicators, type IndicatorPlan } from "./missing-indicators.ts";
export { makeFitted, type DrawResult } from "./fitted.ts";
export { generateIdentifiers, learnIdentifierShape, type IdentifierShape } from "./identifiers.ts";
export { listGenerators, getGenerator, fitGenerator, loadModel, type FitOptions } from "./registry.ts";
export { PRIVACY_PRESETS, DEFAULT_PRIVACY, type PrivacyPreset } from "./protect/preset.ts";
export type { GuardReport } from "./protect/guard.ts";
