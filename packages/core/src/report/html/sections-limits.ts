/** What a verdict does not prove (privacy spec §9.6) and the thresholds with their origins (§9.3). */
import { DEFAULT_THRESHOLDS, THRESHOLD_ORIGINS, VERDICT_CAVEAT } from "../../metrics/privacy/verdict.ts";
import { esc } from "./escape.ts";
import { dataTable } from "./svg.ts";

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
