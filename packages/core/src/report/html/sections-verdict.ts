/** The first screen: one card per method with its utility score and its privacy lights. */
import type { MethodResult, RunResults } from "../../pipeline/types.ts";
import type { Light } from "../../pipeline/verdict.ts";
import { esc } from "./escape.ts";
import { num, percent } from "./format.ts";

const LIGHT_TEXT: Record<Light, string> = { pass: "PASS", fail: "FAIL", inconclusive: "INCONCLUSIVE", "not-evaluated": "NOT EVALUATED" };

export function lightBadge(light: Light): string {
  return `<span class="light ${light}">${LIGHT_TEXT[light]}</span>`;
}

const CRITERION_TEXT = { "singling-out": "Singling out", linkability: "Linkability", inference: "Inference (incl. membership)" } as const;

export function verdictSection(results: RunResults): string {
  const cards = results.methods.map(methodCard).join("");
  return `<section id="verdict"><h2>Verdict</h2>
<p class="muted">One card per method. Utility compares the synthetic table with the real training table; privacy lights follow the WP29 criteria
(decisive attacks, privacy spec §9) and the avatar targets (vendor recommendations, not law). A light is only as good as the tests behind it: read “What a verdict does not prove” below.</p>
<div class="lights" data-role="verdict">${cards}</div></section>`;
}

function methodCard(m: MethodResult): string {
  if (m.status === "failed")
    return `<div class="card" data-method="${esc(m.method)}"><h3>${esc(m.method)}</h3>${lightBadge("not-evaluated")}<p>The method failed: ${esc(m.error ?? "unknown error")}</p></div>`;
  const u = m.verdict.utility;
  const criteria = m.verdict.criteria
    .map(
      (c) =>
        `<li><span class="dot ${c.light}"></span><strong>${esc(CRITERION_TEXT[c.criterion])}</strong> ${lightBadge(c.light)}<br><span class="muted">${esc(c.reason)}</span>` +
        (c.warnings.length > 0 ? `<br><span class="muted">warnings: ${esc(c.warnings.join("; "))}</span>` : "") +
        `</li>`,
    )
    .join("");
  const targets =
    m.verdict.targets.length === 0
      ? `<li class="muted">No avatar target was computed for this method.</li>`
      : m.verdict.targets
          .map((t) => {
            const shown = num(t.value);
            const strict = t.light === "fail" && t.value !== null && `${shown}` === t.target.replace(/^[^\d-]+/, "") ? " (fails strict target)" : "";
            const status = t.definitionStatus === "reconstructed" ? ` <em>reconstructed</em>` : "";
            const name = t.submetric === t.id ? t.id : `${t.id} ${t.submetric}`;
            return `<li><span class="dot ${t.light}"></span>${esc(name)}${status}: ${esc(shown)} ${esc(t.unit === "%" ? "%" : "")} (target ${esc(t.target)})${strict}${t.value === null && t.reason ? ` <span class="muted">— ${esc(t.reason)}</span>` : ""}</li>`;
          })
          .join("");
  const dp = m.dp === null ? "" : `<p class="muted">Differential privacy: ε = ${num(m.dp.epsilon)} (${esc(m.dp.guarantee)}).</p>`;
  const model = m.modelHoldsRealValues ? `<p class="muted">Its fitted model holds real values: do not share the model file.</p>` : "";
  return `<div class="card" data-method="${esc(m.method)}"><h3>${esc(m.method)}</h3>
<div><span class="score">${percent(u.score)}</span> overall utility ${lightBadge(u.light)}</div>
<div class="muted">quality score; holdout vs training (the best one can expect): ${percent(u.reference)}</div>
<h4>WP29 criteria</h4><ul class="checks">${criteria}</ul>
<h4>Avatar targets</h4><ul class="checks">${targets}</ul>${dp}${model}</div>`;
}
