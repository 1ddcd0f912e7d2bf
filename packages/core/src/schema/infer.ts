/**
 * Metadata inference for a whole raw table: one pass over each column's dictionary (distinct
 * texts and counts), so the cost does not grow with the number of rows.
 */
import type { RawTable } from "../io/raw.ts";
import { inferColumn } from "./infer-column.ts";
import { METADATA_VERSION, type Metadata } from "./metadata.ts";
import type { ColumnProfile } from "./profile.ts";

export interface InferOptions {
  /** Texts to read as missing in every column, in addition to the detected tokens. */
  missingTokens?: string[];
  /** Table name recorded in the metadata. */
  table?: string;
}

export interface InferredMetadata {
  metadata: Metadata;
  profiles: ColumnProfile[];
}

/** Proposed metadata (kinds with reasons and confidences) and review profiles for `raw`. */
export function inferMetadata(raw: RawTable, options: InferOptions = {}): InferredMetadata {
  const userMissingTokens = options.missingTokens ?? [];
  const columns = [];
  const profiles = [];
  for (const rc of raw.columns) {
    const distinct = rc.dictionary.map((text, i) => ({ text, count: rc.counts[i] }));
    const { column, profile } = inferColumn({
      name: rc.name,
      distinct,
      nRows: raw.nRows,
      decimal: raw.dialect.decimal,
      userMissingTokens,
    });
    columns.push(column);
    profiles.push(profile);
  }
  const metadata: Metadata = { sosie: METADATA_VERSION, columns };
  if (options.table !== undefined) metadata.table = options.table;
  metadata.csv = { ...raw.dialect };
  if (userMissingTokens.length > 0) metadata.missingTokens = [...userMissingTokens];
  return { metadata, profiles };
}
