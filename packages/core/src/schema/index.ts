// Public surface of the schema module: metadata, inference, decoding, Frictionless import.
export {
  METADATA_VERSION,
  findColumnMetadata,
  mergeMetadata,
  validateMetadata,
  validateMetadataPatch,
  type ColumnMetadata,
  type ColumnPatch,
  type ColumnRole,
  type ForeignKeyMetadata,
  type InferenceNote,
  type Metadata,
  type MetadataPatch,
  type ValidateMetadataOptions,
} from "./metadata.ts";
export { inferMetadata, type InferOptions, type InferredMetadata } from "./infer.ts";
export { inferColumn, type DistinctText, type InferColumnInput } from "./infer-column.ts";
export { MIN_SHOWN_COUNT, type ColumnProfile, type LevelCount } from "./profile.ts";
export { DEFAULT_MISSING_TOKENS, decodeTable } from "./decode.ts";
export { fromTableSchema, strftimeToTemporalFormat, type FromTableSchemaOptions } from "./frictionless.ts";
export { STRONG_MISSING_TOKENS, WEAK_MISSING_TOKENS } from "./missing-tokens.ts";
export { readNumberText, type NumberText } from "./number-text.ts";
// Temporal formats live in table/ (the column model uses them); re-exported here for the public API.
export {
  civilFromDays,
  daysFromCivil,
  detectTemporalFormat,
  formatTemporal,
  parseTemporal,
  temporalFormatProblem,
  type DetectedTemporalFormat,
  type TemporalKind,
} from "../table/temporal.ts";
export { observedMissingTokens } from "./observed-missing.ts";
