/**
 * Results → report.html: one self-contained file (inline CSS and SVG, no script, no network),
 * readable offline and printable. The verdict comes first, then the evidence behind it.
 */
import type { RunResults } from "../../pipeline/types.ts";
import { esc } from "./escape.ts";
import { count } from "./format.ts";
import { STYLES } from "./styles.ts";
import { comparisonSection } from "./sections-comparison.ts";
import { associationsSection, distributionsSection } from "./sections-distributions.ts";
import { caveatsSection } from "./sections-limits.ts";
import { provenanceSection } from "./sections-reproduce.ts";
import { tstrSection } from "./sections-tstr.ts";
import { privacySection } from "./sections-privacy.ts";
import { verdictSection } from "./sections-verdict.ts";
import { frontierSection, recommendationBox } from "./sections-frontier.ts";

export function renderReportHtml(results: RunResults): string {
  const p = results.provenance;
  const ok = results.methods.filter((m) => m.status === "ok").map((m) => m.output);
  const failed = results.methods.filter((m) => m.status === "failed").map((m) => m.output);
  const notes = results.methods.flatMap((m) => m.notes.map((n) => `${m.output}: ${n}`));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Sosie report — ${esc(p.input.name)}</title><style>${STYLES}</style></head>
<body><main>
<header><h1>Sosie report: ${esc(p.input.name)}</h1>
<p class="lead">${count(p.input.rows)} rows × ${p.input.columns} columns; ${count(results.sizes.train)} training and ${count(results.sizes.holdout)} holdout rows (${esc(p.holdout)}).
Outputs: ${esc(ok.join(", ") || "none")}${failed.length > 0 ? `; failed: ${esc(failed.join(", "))}` : ""}. Privacy preset${results.presets.length === 1 ? "" : "s"}: ${esc(results.presets.join(", "))}. Seed ${esc(p.seed)}.</p>
<p class="muted">This report holds aggregates only: no real row, no identifier, no value seen fewer than 5 times.</p>
<nav><a href="#verdict">Verdict</a><a href="#frontier">Utility vs risk</a><a href="#comparison">Comparison</a><a href="#distributions">Distributions</a><a href="#associations">Associations</a><a href="#privacy">Privacy</a><a href="#tstr">TSTR</a><a href="#caveats">Limits</a><a href="#reproduce">Reproduce</a></nav>
${notes.length > 0 ? `<div class="note">${notes.map((n) => esc(n)).join("<br>")}</div>` : ""}
${recommendationBox(results)}
</header>
${verdictSection(results)}
${frontierSection(results)}
${comparisonSection(results)}
${distributionsSection(results)}
${associationsSection(results)}
${privacySection(results)}
${tstrSection(results)}
${caveatsSection()}
${provenanceSection(results)}
</main></body></html>
`;
}
