/** The first screen: one card per method with its utility score and its privacy lights. */
import type { MethodResult, RunResults } from "../../pipeline/types.ts";
import type { Light } from "../../pipeline/lights.ts";
import { esc } from "./escape.ts";
import { num, percent } from "./format.ts";

const LIGHT_TEXT: Record<Light, string> = {
  pass: "PASS",
  fail: "FAIL",
  inconclusive: "INCONCLUSIVE",
  "not-evaluated": "NOT EVALUATED",
};

export function lightBadge(light: Light): string {
  return `<span class="light ${light}">${LIGHT_TEXT[light]}</span>`;
}

const CRITERION_TEXT = {
  "singling-out": "Singling out",
  linkability: "Linkability",
  inference: "Inference (incl. membership)",
} as const;

/** Long decimals inside verdict phrases ("value 33.801945181255526") shortened for reading. */
function tidy(text: string): string {
  return text.replace(/-?\d+\.\d{4,}/g, (x) => num(Number(x)));
}

const AVATAR_ORDER = [
  "hidden-rate",
  "local-cloaking",
  "distance-to-closest",
  "closest-distance-ratio",
  "column-direct-match-protection",
  "categorical-hidden-rate",
  "row-direct-match-protection",
  "correlation-protection-rate",
  "inference-continuous",
  "inference-categorical",
  "closest-rate",
];

/** The at-a-glance matrix: methods × (utility, gate, criteria, avatar targets). */
function summaryTable(results: RunResults): string {
  const methods = results.methods.filter((m) => m.status === "ok");
  if (methods.length === 0) return "";
  const targetIds = AVATAR_ORDER.filter((id) => methods.some((m) => m.verdict.targets.some((t) => t.id === id)));
  const head =
    `<tr><th>method</th><th>utility</th><th>release gate</th>` +
    (["singling-out", "linkability", "inference"] as const).map((c) => `<th>${esc(CRITERION_TEXT[c])}</th>`).join("") +
    targetIds.map((id) => `<th title="${esc(id)}">${esc(id.replace(/-/g, " "))}</th>`).join("") +
    `</tr>`;
  const rows = methods.map((m) => {
    const criteria = m.verdict.criteria.map((c) => `<td>${lightBadge(c.light)}</td>`).join("");
    const targets = targetIds
      .map((id) => {
        const t = m.verdict.targets.find((x) => x.id === id);
        if (t === undefined) return `<td><span class="dot not-evaluated"></span>—</td>`;
        return `<td class="n"><span class="dot ${t.light}" title="${esc(LIGHT_TEXT[t.light])}"></span>${esc(num(t.value))}</td>`;
      })
      .join("");
    return `<tr><td><strong>${esc(m.output)}</strong></td><td class="n">${percent(m.verdict.utility.score)} ${lightBadge(m.verdict.utility.light)}</td><td>${lightBadge(m.verdict.gate.light)}</td>${criteria}${targets}</tr>`;
  });
  return `<div class="wide"><table class="summary" data-role="summary"><thead>${head}</thead><tbody>${rows.join("")}</tbody></table></div>`;
}

export function verdictSection(results: RunResults): string {
  const cards = results.methods.map(methodCard).join("");
  return `<section id="verdict"><h2>Verdict</h2>
<p class="muted">One card per method. Utility compares the synthetic table with the real training table; privacy lights follow the WP29 criteria
(decisive attacks, privacy spec §9) and the avatar targets (vendor recommendations, not law). A light is only as good as the tests behind it: read “What a verdict does not prove” below.</p>
<div data-role="verdict">${summaryTable(results)}
<p class="muted">Utility light: ${esc(results.methods[0]?.verdict.utility.rule ?? "")}. Avatar targets: value with a dot, green when met (strict inequality on the unrounded value).</p>
<div class="lights">${cards}</div></div></section>`;
}

function methodCard(m: MethodResult): string {
  if (m.status === "failed")
    return `<div class="card" data-method="${esc(m.output)}"><h3>${esc(m.output)}</h3>${lightBadge("not-evaluated")}<p>The method failed: ${esc(m.error ?? "unknown error")}</p></div>`;
  const u = m.verdict.utility;
  const criteria = m.verdict.criteria
    .map(
      (c) =>
        `<li><span class="dot ${c.light}"></span><strong>${esc(CRITERION_TEXT[c.criterion])}</strong> ${lightBadge(c.light)}` +
        (c.reasons.length === 0
          ? `<br><span class="muted">no decisive test ran</span>`
          : `<details><summary>${c.reasons.length} decisive test${c.reasons.length === 1 ? "" : "s"}</summary><ul>${c.reasons.map((r) => `<li>${esc(tidy(r))}</li>`).join("")}</ul></details>`) +
        (c.warnings.length > 0 ? `<br><span class="muted">warnings: ${esc(tidy(c.warnings.join("; ")))}</span>` : "") +
        `</li>`,
    )
    .join("");
  const evaluated = m.verdict.targets.filter((t) => t.light !== "not-evaluated");
  const skipped = m.verdict.targets.filter((t) => t.light === "not-evaluated");
  const targets =
    (evaluated.length === 0
      ? `<li class="muted">No avatar target could be computed for this method.</li>`
      : evaluated
          .map((t) => {
            const shown = num(t.value);
            const strict =
              t.light === "fail" && t.value !== null && shown === t.target.replace(/^[^\d-]+/, "").trim()
                ? " (fails strict target)"
                : "";
            const status = t.definitionStatus === "reconstructed" ? ` <em>reconstructed</em>` : "";
            return `<li><span class="dot ${t.light}"></span>${esc(t.id)}${status}: ${esc(shown)} (target ${esc(t.target)})${strict}</li>`;
          })
          .join("")) +
    (skipped.length === 0
      ? ""
      : `<li class="muted"><span class="dot not-evaluated"></span>not evaluated: ${esc(skipped.map((t) => t.id).join(", "))}${skipped[0].reason ? ` — ${esc(tidy(skipped[0].reason))}` : ""}</li>`);
  const dp =
    m.dp === null
      ? ""
      : `<p class="muted">Differential privacy: ε = ${num(m.dp.epsilon)} (${esc(m.dp.guarantee)}).</p>`;
  const model = m.modelHoldsRealValues
    ? `<p class="muted">Its fitted model holds real values: do not share the model file.</p>`
    : "";
  return `<div class="card" data-method="${esc(m.output)}"><h3>${esc(m.output)}</h3>
<div><span class="score">${percent(u.score)}</span> overall utility ${lightBadge(u.light)}</div>
<div class="muted">quality score; holdout vs training (fresh real rows, for scale: smaller and unseen, they can score below a synthetic table): ${percent(u.reference)}</div>
<div>Release gate (${esc(m.verdict.gate.rule)}): ${lightBadge(m.verdict.gate.light)}${m.verdict.gate.publishable ? "" : ` <span class="muted">not publishable as is</span>`}</div>
<h4>WP29 criteria</h4><ul class="checks">${criteria}</ul>
<h4>Avatar targets</h4><ul class="checks">${targets}</ul>${dp}${model}</div>`;
}
