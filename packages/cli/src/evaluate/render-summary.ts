/**
 * The terminal summary of an evaluation: one line per submetric (value, interval, reference, which
 * way is better), the privacy targets and, when privacy metrics ran, the verdict. Records hold
 * aggregates only, so nothing printed here is a real value.
 */
import { type MetricResult, type PrivacyVerdict, isPrivacyResult } from "@sosie/core";

export interface SummaryInput {
  readonly utility: readonly MetricResult[];
  readonly privacy: readonly MetricResult[];
  readonly verdict: PrivacyVerdict | null;
  readonly notes: readonly string[];
}

export function renderSummary(summary: SummaryInput): string {
  const parts: string[] = [];
  if (summary.utility.length > 0) parts.push("Utility\n" + renderTable(summary.utility, false));
  if (summary.privacy.length > 0) parts.push("Privacy\n" + renderTable(summary.privacy, true));
  if (summary.verdict !== null) parts.push(renderVerdict(summary.verdict));
  if (summary.notes.length > 0) parts.push(summary.notes.map((n) => `note: ${n}`).join("\n") + "\n");
  return parts.join("\n");
}

const HEADER = ["metric", "submetric", "value", "interval", "reference", "better"];

function renderTable(results: readonly MetricResult[], privacy: boolean): string {
  const header = privacy ? [...HEADER, "target", "met"] : HEADER;
  const rows = results.map((r) => {
    const cells = [
      r.id,
      r.submetric === r.id ? "" : r.submetric,
      r.status === "ok" ? formatValue(r.value) : "undefined",
      r.ci === null ? "" : `[${formatValue(r.ci[0])}, ${formatValue(r.ci[1])}]`,
      formatValue(r.reference),
      r.objective === "max" ? "higher" : "lower",
    ];
    if (privacy) {
      const target = isPrivacyResult(r) ? r.target : null;
      const met = isPrivacyResult(r) ? r.met : null;
      cells.push(target ?? "", met === null ? "" : met ? "yes" : "no");
    }
    return { cells, reason: r.status === "ok" ? null : r.reason };
  });
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r.cells[j].length)));
  const line = (cells: readonly string[]): string =>
    "  " +
    cells
      .map((c, j) => (j >= 2 && j !== header.length - 1 ? c.padStart(widths[j]) : c.padEnd(widths[j])))
      .join("  ")
      .trimEnd();
  const out = [line(header)];
  rows.forEach((row, i) => {
    out.push(line(row.cells));
    // A metric's submetrics usually share one reason: say it once.
    const previous = i > 0 && results[i - 1].id === results[i].id ? rows[i - 1].reason : null;
    if (row.reason !== null && row.reason !== previous) out.push(`    ↳ ${row.reason}`);
  });
  return out.join("\n") + "\n";
}

function renderVerdict(verdict: PrivacyVerdict): string {
  const lines = [`Privacy verdict: ${verdict.overall.status} (gate ${verdict.overall.gate})`];
  for (const c of verdict.criteria) lines.push(`  ${c.criterion.padEnd(13)} ${c.status}`);
  for (const u of verdict.overall.unmetTargets) lines.push(`  avatar target not met: ${u}`);
  for (const w of verdict.overall.warnings) lines.push(`  warning: ${w}`);
  if (!verdict.overall.publishable)
    lines.push("  not publishable as is: INCONCLUSIVE or NOT-EVALUATED blocks the catalogue");
  lines.push(`  ${verdict.caveat.split("\n")[0]} (see the JSON output or the report)`);
  return lines.join("\n") + "\n";
}

/** Four significant digits, integers as they are; "∞" for the clover KL's infinity. */
export function formatValue(x: number | null): string {
  if (x === null) return "";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "-∞";
  if (Number.isNaN(x)) return "NaN";
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}
