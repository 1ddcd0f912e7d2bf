/** Privacy evidence: distance-to-closest histograms, membership ROC curves, attack risks, every record. */
import { isPrivacyResult } from "../../metrics/privacy/types.ts";
import type { MetricResult } from "../../metrics/types.ts";
import type { MethodResult, RunResults } from "../../pipeline/types.ts";
import { rowKey } from "./sections-comparison.ts";
import { esc, slug } from "./escape.ts";
import { num } from "./format.ts";
import { HOLDOUT_COLOR, methodColor, REAL_COLOR } from "./palette.ts";
import { dataTable, histogramOverlay, intervalChart, rocChart } from "./svg.ts";

const COMPARISON_COLORS: Record<string, string> = {
  "synthetic-train": "#c5221f",
  "synthetic-holdout": REAL_COLOR,
  "holdout-train": HOLDOUT_COLOR,
};
const COMPARISON_TEXT: Record<string, string> = {
  "synthetic-train": "synthetic → train",
  "synthetic-holdout": "synthetic → holdout",
  "holdout-train": "holdout → train (reference)",
};

export function privacySection(results: RunResults): string {
  const methods = results.methods.filter((m) => m.status === "ok");
  const dcr = methods.flatMap(distanceCharts);
  const roc = methods.flatMap(rocCharts);
  const risks = methods.flatMap(riskCharts);
  const none = (what: string, why: string): string => `<p class="muted">${esc(what)}: ${esc(why)}</p>`;
  const reasonOf = (ids: (id: string) => boolean): string => {
    const r = methods.flatMap((m) => m.privacy).find((x) => ids(x.id) && x.reason !== null);
    return r?.reason ?? "no such metric ran";
  };
  return `<section id="privacy"><h2>Privacy</h2>
<h3>Distance to the closest record</h3>
<p class="muted">For each synthetic row, the distance to its closest real training row and to its closest holdout row. Synthetic rows much closer to training rows than to holdout rows suggest memorisation.</p>
${
  dcr.length > 0
    ? `<div class="charts">${dcr.join("")}</div>`
    : none(
        "Not evaluated",
        reasonOf((id) => id.startsWith("dcr")),
      )
}
<h3>Membership inference (ROC curves)</h3>
<p class="muted">Each attack ranks candidates (training members and holdout non-members) by how likely they were in the training data; the diagonal is random guessing.</p>
${
  roc.length > 0
    ? `<div class="charts">${roc.join("")}</div>`
    : none(
        "Not evaluated",
        reasonOf((id) => id.startsWith("mia-")),
      )
}
<h3>Attack risks and intervals</h3>
${risks.length > 0 ? `<div class="charts">${risks.join("")}</div>` : none("Not evaluated", "no attack with an interval ran")}
<h3>All privacy records</h3>
${methods.map(recordsTable).join("")}
</section>`;
}

function distanceCharts(m: MethodResult): string[] {
  const charts: string[] = [];
  for (const r of m.privacy) {
    if (!isPrivacyResult(r) || r.histograms === undefined) continue;
    for (const quantity of ["dcr", "nndr"] as const) {
      const hs = r.histograms.filter((h) => h.quantity === quantity);
      if (hs.length === 0) continue;
      const series = hs.map((h) => {
        const total = h.counts.reduce((a, b) => a + b, 0);
        return {
          label: COMPARISON_TEXT[h.comparison] ?? h.comparison,
          color: COMPARISON_COLORS[h.comparison] ?? "#8a939b",
          values: h.counts.map((c) => (total === 0 ? 0 : c / total)),
        };
      });
      const what = quantity === "dcr" ? "distance to closest record" : "nearest-neighbour distance ratio";
      charts.push(
        histogramOverlay(
          {
            id: `${quantity}-${slug(m.output)}-${slug(r.submetric)}`,
            title: `${m.output}: ${what}`,
            description: `Histogram of the ${what} (${r.distance ?? "distance"}) from synthetic rows to training rows and to holdout rows, method ${m.output}.`,
            caption: r.distance ?? undefined,
          },
          hs[0].edges,
          (x) => num(x, 2),
          series,
        ),
      );
    }
  }
  return charts;
}

function rocCharts(m: MethodResult): string[] {
  const curves = new Map<string, [number, number][]>();
  for (const r of m.privacy)
    for (const d of r.details)
      if (d.measure === "roc-point" && d.stats?.fpr != null && d.stats?.tpr != null) {
        let points = curves.get(r.id);
        if (points === undefined) curves.set(r.id, (points = []));
        points.push([d.stats.fpr, d.stats.tpr]);
      }
  if (curves.size === 0) return [];
  const list = [...curves].map(([id, points], k) => ({ label: id, color: methodColor(k), points }));
  // The curves are the released output's (the first run); the AUCs, the mean over runs when refitted.
  const aucs = m.privacy
    .filter((r) => r.id.startsWith("mia-") && r.submetric === "auc" && r.value !== null)
    .map((r) => {
      const runs = r.details.find((d) => d.measure === "runs-sd")?.stats;
      return runs == null
        ? `${r.id} AUC ${num(r.value)}`
        : `${r.id} AUC ${num(runs.first)} (mean of ${runs.runs} runs ${num(r.value)})`;
    });
  return [
    rocChart(
      {
        id: `roc-${slug(m.output)}`,
        title: `${m.output}: membership attacks`,
        description: `ROC curves of ${list.length} membership inference attacks on ${m.output}: ${aucs.join(", ")}.`,
        caption: aucs.join("; "),
      },
      list,
    ),
  ];
}

function riskCharts(m: MethodResult): string[] {
  const items = m.privacy
    .filter(
      (r) =>
        r.value !== null && r.ci !== null && (r.submetric === "auc" || (isPrivacyResult(r) && r.attack !== undefined)),
    )
    .map((r) => {
      const isMia = r.id.startsWith("mia-");
      const test = m.verdict.tests.find((t) => t.id === r.id && t.submetric === r.submetric);
      const threshold = test?.threshold == null ? null : Number(/-?\d+(\.\d+)?/.exec(test.threshold)?.[0] ?? NaN);
      return {
        label: isMia ? `${r.id} AUC` : rowKey(r),
        value: r.value!,
        ci: r.ci,
        threshold: threshold === null || Number.isNaN(threshold) ? null : threshold,
        light: test?.light ?? "not-evaluated",
      };
    });
  if (items.length === 0) return [];
  return [
    intervalChart(
      {
        id: `risk-${slug(m.output)}`,
        title: `${m.output}: attacks with 95 % intervals`,
        description: `Point estimates and 95 % intervals of ${items.length} attacks on ${m.output}; dashed red marks the threshold (AUC 0.60, risk 0.09).`,
      },
      items,
      [0, 1],
    ),
  ];
}

function recordsTable(m: MethodResult): string {
  const rows = m.privacy.map((r: MetricResult) => [
    rowKey(r),
    num(r.value),
    r.ci === null ? "—" : `${num(r.ci[0])} – ${num(r.ci[1])}`,
    isPrivacyResult(r) ? (r.target ?? "—") : "—",
    isPrivacyResult(r) ? r.definitionStatus : "—",
    r.status === "ok" ? "" : (r.reason ?? ""),
  ]);
  return `<details><summary>${esc(m.output)}: ${m.privacy.length} privacy records</summary>${dataTable(["metric", "value", "interval", "target", "definition", "note"], rows)}</details>`;
}
