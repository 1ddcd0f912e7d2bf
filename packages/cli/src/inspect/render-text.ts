import type { CsvDialect } from "@sosie/core";
import type { ColumnSummary } from "./column-summary.ts";
import type { InspectReport } from "./report.ts";

/** Longest level text shown; longer ones are cut (a long level is closer to free text). */
const MAX_LEVEL_CHARS = 20;
const MAX_VALUES_CHARS = 60;

/** The human-readable report of `sosie inspect`: a header line, a table of columns, the warnings. */
export function renderInspectText(report: InspectReport): string {
  const lines = [headerLine(report), metadataLine(report), subjectLine(report), ""];
  const rows = report.columns.map((c) => [
    c.summary.name,
    c.summary.kind,
    formatPercent(c.summary.nMissing, c.summary.nRows),
    String(c.summary.nDistinct),
    describeValues(c.summary),
    c.reason,
  ]);
  lines.push(...alignColumns(["COLUMN", "KIND", "MISSING", "DISTINCT", "VALUES", "REASON"], rows, [2, 3]));

  if (report.findings.length > 0) {
    const count = report.findings.length;
    lines.push("", `${count} data-quality warning${count === 1 ? "" : "s"} (--strict makes them errors):`);
    for (const f of report.findings) lines.push(`  column "${f.column}": ${f.message}`);
  }
  return lines.join("\n") + "\n";
}

function headerLine(report: InspectReport): string {
  const shape = `${report.nRows} rows × ${report.nColumns} columns`;
  const format = report.dialect === undefined ? "Parquet" : `CSV: ${describeDialect(report.dialect)}`;
  return `${report.file}: ${shape} (${format})`;
}

function metadataLine(report: InspectReport): string {
  if (report.format === "parquet") return "Kinds stored in the Parquet file; save them with --metadata <file>.";
  return report.reviewedWith === undefined
    ? "Kinds inferred from the data; save them with --metadata <file>, edit, and check with --review <file>."
    : `Kinds reviewed with ${report.reviewedWith}; the whole table decodes with them.`;
}

function subjectLine(report: InspectReport): string {
  const { column, declared } = report.subject;
  if (column === null)
    return 'Subject (the person a row is about): none found, so each row counts as one; if patients have several rows, give their key the role "subject".';
  return `Subject (the person a row is about): ${column}, ${declared ? "declared" : 'inferred (another key: role "subject")'}; a subject's rows count once and stay on one side of the train/holdout split.`;
}

const DELIMITER_NAMES: Record<string, string> = {
  ",": "comma",
  ";": "semicolon",
  "\t": "tab",
  "|": "pipe",
  " ": "space",
};
const LINE_ENDING_NAMES: Record<string, string> = { "\n": "LF", "\r\n": "CRLF", "\r": "CR" };

export function describeDialect(dialect: CsvDialect): string {
  const delimiter = DELIMITER_NAMES[dialect.delimiter] ?? JSON.stringify(dialect.delimiter);
  const parts = [
    `${delimiter}-delimited`,
    `${dialect.encoding.toUpperCase()}${dialect.bom ? " with BOM" : ""}`,
    `${LINE_ENDING_NAMES[dialect.lineEnding] ?? "mixed"} line endings`,
  ];
  if (dialect.decimal === ",") parts.push("decimal comma");
  return parts.join(", ");
}

/** Range for numbers and dates, frequent levels for categories; nothing for identifiers and text. */
export function describeValues(summary: ColumnSummary): string {
  if (summary.nRows === summary.nMissing) return "";
  switch (summary.kind) {
    case "continuous":
    case "integer": {
      const range = `${summary.min} – ${summary.max}`;
      return summary.mean === undefined ? range : `${range}, mean ${Number(summary.mean.toPrecision(4))}`;
    }
    case "date":
    case "datetime":
      return `${summary.min} – ${summary.max}`;
    case "categorical":
    case "boolean":
      return describeLevels(summary);
    case "identifier":
    case "text":
      return `(${summary.kind} values not shown)`;
  }
}

function describeLevels(summary: ColumnSummary): string {
  const top = summary.topLevels ?? [];
  const rare = summary.nRareLevels ?? 0;
  const frequentNotShown = summary.nDistinct - rare - top.length;
  const parts: string[] = [];
  let text = "";
  for (const { level, count } of top) {
    const part = `${shorten(level)} (${count})`;
    const candidate = text === "" ? part : `${text}, ${part}`;
    if (candidate.length > MAX_VALUES_CHARS - 18 && parts.length > 0) break;
    parts.push(part);
    text = candidate;
  }
  const more = frequentNotShown + (top.length - parts.length);
  if (more > 0) text += `${text === "" ? "" : ", "}+${more} more`;
  if (rare > 0) text += `${text === "" ? "" : "; "}${rare} rare level${rare === 1 ? "" : "s"} hidden`;
  return text;
}

function shorten(level: string): string {
  const oneLine = JSON.stringify(level).slice(1, -1);
  const shown = oneLine.length <= MAX_LEVEL_CHARS ? oneLine : oneLine.slice(0, MAX_LEVEL_CHARS - 1) + "…";
  return shown === "" || shown !== shown.trim() ? `"${shown}"` : shown;
}

export function formatPercent(part: number, whole: number): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)} %`;
}

/**
 * Left-aligned text columns separated by two spaces; `rightAligned` lists the indexes of numeric
 * columns. The last column is never padded, so long reasons do not add trailing spaces.
 */
export function alignColumns(header: string[], rows: string[][], rightAligned: number[]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, j) => {
        if (j === cells.length - 1) return cell;
        return rightAligned.includes(j) ? cell.padStart(widths[j]) : cell.padEnd(widths[j]);
      })
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
