import type { CsvDialect, Metadata } from "@sosie/core";
import type { ColumnSummary } from "./column-summary.ts";
import type { Finding } from "./findings.ts";

/** Everything `sosie inspect` found out about a file; rendered as text or printed as JSON. */
export interface InspectReport {
  file: string;
  format: "csv" | "parquet";
  nRows: number;
  nColumns: number;
  /** CSV only: how the file is written. */
  dialect?: CsvDialect;
  /** The edited metadata file merged over the inferred metadata (--review), if any. */
  reviewedWith?: string;
  columns: ColumnReport[];
  findings: Finding[];
  metadata: Metadata;
  /** The person key (a metadata role, or inferred among the identifiers); null: each row is a person. */
  subject: { column: string | null; declared: boolean };
}

export interface ColumnReport {
  summary: ColumnSummary;
  /** Why the kind was chosen: inference's explanation, or who decided it. */
  reason: string;
  /** In [0, 1] when inferred. */
  confidence?: number;
}
