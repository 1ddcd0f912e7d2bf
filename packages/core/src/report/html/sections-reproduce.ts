/** Everything needed to reproduce the run: seed, command, versions, input digest, parameters, columns. */
import type { RunResults } from "../../pipeline/types.ts";
import { esc } from "./escape.ts";
import { count, num } from "./format.ts";
import { dataTable } from "./svg.ts";

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
    [
      "membership attacks",
      (e.attackRuns ?? 1) > 1
        ? `mean of ${e.attackRuns} runs, each on its own refit of the method and its own draw of candidates (the first run attacks the released output)`
        : "one run, on the released output",
    ],
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
