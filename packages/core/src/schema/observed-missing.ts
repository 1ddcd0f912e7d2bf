import type { RawTable } from "../io/raw.ts";
import type { Metadata } from "./metadata.ts";

/**
 * Per column, the missing-value text the file used most (ties: the first seen), so that a table
 * written back, or a synthetic table, marks missing values as its source did ("?", "NA", "").
 * Columns without any missing value are absent.
 */
export function observedMissingTokens(raw: RawTable, metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rc of raw.columns) {
    const meta = metadata.columns.find((c) => c.name === rc.name);
    const tokens = new Set(meta?.missingTokens ?? metadata.missingTokens ?? [""]);
    let best = -1;
    for (let e = 0; e < rc.dictionary.length; e++)
      if (tokens.has(rc.dictionary[e]) && rc.counts[e] > 0 && (best < 0 || rc.counts[e] > rc.counts[best])) best = e;
    if (best >= 0) out[rc.name] = rc.dictionary[best];
  }
  return out;
}
