/** Train on synthetic, test on real: the records of the metrics that learn the declared target. */
import type { RunResults } from "../../pipeline/types.ts";
import { listMetrics } from "../../metrics/registry.ts";
import { esc } from "./escape.ts";
import { num } from "./format.ts";
import { dataTable } from "./svg.ts";

/** The metrics shown here: those that learn the target (`needsTarget`). */
const LEARNED: ReadonlySet<string> = new Set(
  listMetrics("utility")
    .filter((m) => m.needsTarget === true)
    .map((m) => m.id),
);

export function tstrSection(results: RunResults): string {
  const rows = results.methods.flatMap((m) =>
    m.utility
      .filter((r) => LEARNED.has(r.id))
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
