/** TSTR scores, the limits of a verdict (privacy spec §9.6), and everything needed to reproduce the run. */
import type { RunResults } from "../../pipeline/types.ts";
import { DEFAULT_THRESHOLDS, THRESHOLD_ORIGINS, VERDICT_CAVEAT } from "../../metrics/privacy/verdict.ts";
import { esc } from "./escape.ts";
import { count, num } from "./format.ts";
import { dataTable } from "./svg.ts";

export function tstrSection(results: RunResults): string {
  const rows = results.methods.flatMap((m) =>
    m.utility
      .filter(
        (r) => r.id.startsWith("tstr-") || r.id === "fscore-difference" || r.id === "feature-importance-difference",
      )
      .map((r) => [
        m.output,
        r.submetric === r.id ? r.id : `${r.id} · ${r.submetric}`,
        num(r.value),
        r.ci === null ? "—" : `${num(r.ci[0])} – ${num(r.ci[1])}`,
        r.status === "ok" ? "" : (r.reason ?? ""),
      ]),
  );
  const body =
    results.provenance.target === null
      ? `<p class="muted">No target column was given, so no model was trained: run again with <code>--target &lt;column&gt;</code> to compare models trained on synthetic and on real data, both tested on the holdout.</p>`
      : rows.length === 0
        ? `<p class="muted">No TSTR metric ran.</p>`
        : dataTable(["method", "metric", "value", "interval", "note"], rows);
  return `<section id="tstr"><h2>Train on synthetic, test on real</h2>
<p class="muted">A model trained on the synthetic table and one trained on the real training table are both scored on the holdout (target: ${esc(results.provenance.target ?? "none")}).</p>${body}</section>`;
}

export function caveatsSection(): string {
  const [heading, ...lines] = VERDICT_CAVEAT.split("\n");
  const items = lines.map((line) =>
    line.startsWith("- ") || /^\d\. /.test(line)
      ? `<li>${esc(line.replace(/^(- |\d\. )/, ""))}</li>`
      : `<p>${esc(line)}</p>`,
  );
  const t = DEFAULT_THRESHOLDS;
  const thresholds: [string, string, string][] = [
    [
      "Anonymeter risk (singling out, linkability, inference)",
      `τ = ${t.anonymeterRisk}`,
      THRESHOLD_ORIGINS.anonymeterRisk,
    ],
    ["membership attack AUC", `τ = ${t.miaAuc}`, THRESHOLD_ORIGINS.miaAuc],
    ["membership TPR at 1 % FPR", `≤ ${t.miaTprAt1PctFpr}`, THRESHOLD_ORIGINS.miaTprAt1PctFpr],
    ["membership TPR at 10 % FPR", `≤ ${t.miaTprAt10PctFpr}`, THRESHOLD_ORIGINS.miaTprAt10PctFpr],
    [
      "avatar targets",
      Object.entries(t.avatarTargets)
        .map(([id, target]) => `${id} ${target}`)
        .join(", "),
      THRESHOLD_ORIGINS.avatarTargets,
    ],
  ];
  return `<section id="caveats"><h2>${esc(heading.replace(/\.$/, ""))}</h2><div class="caveat">${items.join("").replace(/(<li>.*?<\/li>)+/g, (m) => `<ul>${m}</ul>`)}</div>
<h3>Thresholds and their origins</h3>${dataTable(["quantity", "threshold", "origin"], thresholds)}</section>`;
}

export function provenanceSection(results: RunResults): string {
  const p = results.provenance;
  const e = results.evaluation;
  const facts: [string, string][] = [
    ["seed", p.seed],
    ["command", p.command ?? "—"],
    ["tool", `${p.tool} (core ${p.coreVersion})`],
    ["input", `${p.input.name}: ${count(p.input.rows)} rows × ${p.input.columns} columns`],
    ["input SHA-256", p.input.sha256 ?? "—"],
    ["metadata", p.metadata ?? "inferred from the data"],
    [
      "holdout",
      `${p.holdout}: ${count(results.sizes.train)} training rows, ${count(results.sizes.holdout)} holdout rows`,
    ],
    ["target", p.target ?? "none"],
    ["utility metrics", e.utilityMetrics.join(", ") || "none"],
    ["privacy metrics", e.privacyMetrics.join(", ") || "none"],
    ["bootstrap replicates", String(e.bootstrap)],
    ["row caps", `utility metrics ≤ ${count(e.maxRows)} rows per table; privacy metrics ≤ ${count(e.privacyMaxRows)}`],
  ];
  const methods = results.methods.map((m) => [
    m.output,
    m.version,
    m.status,
    JSON.stringify(m.params),
    m.dp === null ? "none" : `ε = ${num(m.dp.epsilon)}`,
    m.notes.join(" ") || "",
  ]);
  const notExcluded = results.columns.filter((c) => !c.evaluated).map((c) => c.name);
  const notes = [
    ...results.notes,
    ...(notExcluded.length > 0
      ? [`not modelled nor evaluated (identifier or free text): ${notExcluded.join(", ")}`]
      : []),
  ];
  return `<section id="reproduce"><h2>Reproducibility</h2>
<p class="muted">The same command with the same seed on the same input (same SHA-256) and the same versions gives the same synthetic tables and this same report, byte for byte.</p>
${dataTable(["", ""], facts)}
<h3>Methods and parameters</h3>${dataTable(["method", "version", "status", "parameters", "differential privacy", "notes"], methods)}
${notes.length > 0 ? `<h3>Notes</h3><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}
<h3>Columns</h3>${dataTable(
    ["column", "kind", "evaluated"],
    results.columns.map((c) => [c.name, c.kind, c.evaluated ? "yes" : "no"]),
  )}
</section>`;
}
