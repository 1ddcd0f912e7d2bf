import type { Metadata } from "@sosie/core";
import type { InspectReport } from "./report.ts";

/**
 * The JSON printed by `sosie inspect --json`. Printed output never holds a level seen fewer than
 * 5 times, so a categorical column with rare levels is printed without its `levels` list (its
 * profile counts them in `nRareLevels`); the complete metadata is what --metadata writes.
 */
export function inspectJson(report: InspectReport): unknown {
  return {
    file: report.file,
    format: report.format,
    rows: report.nRows,
    columns: report.nColumns,
    ...(report.dialect === undefined ? {} : { dialect: report.dialect }),
    ...(report.reviewedWith === undefined ? {} : { reviewedWith: report.reviewedWith }),
    profiles: report.columns.map((c) => ({
      ...c.summary,
      reason: c.reason,
      ...(c.confidence === undefined ? {} : { confidence: c.confidence }),
    })),
    findings: report.findings,
    subject: report.subject,
    metadata: withoutRareLevels(report),
  };
}

function withoutRareLevels(report: InspectReport): Metadata {
  const rare = new Set(report.columns.filter((c) => (c.summary.nRareLevels ?? 0) > 0).map((c) => c.summary.name));
  return {
    ...report.metadata,
    columns: report.metadata.columns.map((column) => {
      if (column.levels === undefined || !rare.has(column.name)) return column;
      const { levels: _hidden, ...rest } = column;
      return rest;
    }),
  };
}
