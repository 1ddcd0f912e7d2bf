/**
 * The utility–privacy frontier: one scatter panel per risk figure (univariate singling-out risk,
 * best membership-attack AUC, share of synthetic rows closer to train than to the holdout) with
 * utility upward (quality score; TSTR too when a target was given), the verdict's thresholds drawn,
 * every output a point (colour: method, shape: preset) with its 95 % interval, the recommended
 * output ringed; then the same numbers as a table (the text alternative, printed too) and the
 * recommendation in words.
 */
import type { FrontierFigure, FrontierPoint } from "../../pipeline/frontier.ts";
import type { RunResults } from "../../pipeline/types.ts";
import { esc } from "./escape.ts";
import { num, percent } from "./format.ts";
import { methodColor } from "./palette.ts";
import { HEIGHT, WIDTH, dataTable, figure, truncate } from "./svg.ts";

const M = { left: 46, right: 14, top: 16, bottom: 40 };
const PLOT_W = WIDTH - M.left - M.right;
const PLOT_H = HEIGHT - M.top - M.bottom;

interface RiskAxis {
  readonly id: string;
  readonly title: string;
  readonly pick: (p: FrontierPoint) => FrontierFigure;
  readonly domain: readonly [number, number];
  /** The line drawn, and whether outputs must stay below it (a target) or it is only a reference. */
  readonly line: { readonly value: number; readonly label: string; readonly target: boolean };
}

interface UtilityAxis {
  readonly id: string;
  readonly title: string;
  readonly pick: (p: FrontierPoint) => FrontierFigure | null;
}

/** Marker per preset: strict a square, balanced a circle, off a triangle. */
function marker(preset: string, x: number, y: number, color: string, title: string): string {
  const t = `<title>${esc(title)}</title>`;
  const xs = x.toFixed(2);
  const ys = y.toFixed(2);
  if (preset === "strict")
    return `<rect x="${(x - 4.5).toFixed(2)}" y="${(y - 4.5).toFixed(2)}" width="9" height="9" fill="${color}" stroke="#fff" stroke-width="1">${t}</rect>`;
  if (preset === "off")
    return `<path d="M${xs} ${(y - 5.5).toFixed(2)} L${(x + 5.5).toFixed(2)} ${(y + 4.5).toFixed(2)} L${(x - 5.5).toFixed(2)} ${(y + 4.5).toFixed(2)} Z" fill="${color}" stroke="#fff" stroke-width="1">${t}</path>`;
  return `<circle cx="${xs}" cy="${ys}" r="5" fill="${color}" stroke="#fff" stroke-width="1">${t}</circle>`;
}

const PRESET_SHAPE: Record<string, string> = { strict: "■", balanced: "●", off: "▲" };

/** A y range covering the values (and their intervals), padded, on steps of 0.05. */
function utilityDomain(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const lo = Math.max(0, Math.floor((Math.min(...values) - 0.02) * 20) / 20);
  const hi = Math.min(1, Math.ceil((Math.max(...values) + 0.02) * 20) / 20);
  return hi - lo < 0.1 ? [Math.max(0, hi - 0.1), Math.max(hi, 0.1)] : [lo, hi];
}

function panel(
  results: RunResults,
  risk: RiskAxis,
  utility: UtilityAxis,
  colors: ReadonlyMap<string, string>,
  recommended: string | null,
): string {
  const points = results.frontier.points.filter((p) => p.status === "ok");
  const placed = points.filter((p) => risk.pick(p).value !== null && utility.pick(p)?.value != null);
  const missing = points.filter((p) => !placed.includes(p));
  // No output has this figure: say why instead of drawing empty axes.
  if (placed.length === 0) {
    const reasons = [...new Set(points.map((p) => risk.pick(p).reason ?? utility.pick(p)?.reason ?? "undefined"))];
    return `<p class="muted" data-frontier-empty="${esc(risk.id)}-${esc(utility.id)}">${esc(utility.title)} against ${esc(risk.title)}: no output has this figure (${esc(truncate(reasons.join("; "), 240))}).</p>`;
  }
  const [x0, x1] = risk.domain;
  const yValues = placed.flatMap((p) => {
    const u = utility.pick(p)!;
    return u.ci === null ? [u.value!] : [u.value!, u.ci[0], u.ci[1]];
  });
  const [y0, y1] = utilityDomain(yValues);
  const clampX = (v: number): number => Math.min(x1, Math.max(x0, v));
  const px = (v: number): number => M.left + ((clampX(v) - x0) / (x1 - x0)) * PLOT_W;
  const py = (v: number): number => M.top + PLOT_H * (1 - (Math.min(y1, Math.max(y0, v)) - y0) / (y1 - y0));
  const lineX = px(risk.line.value);
  const region = risk.line.target
    ? `<rect x="${M.left}" y="${M.top}" width="${(lineX - M.left).toFixed(2)}" height="${PLOT_H}" fill="#dff3e4" fill-opacity="0.6"/>`
    : "";
  const grid = [0, 0.5, 1]
    .map((f) => {
      const yv = y0 + (y1 - y0) * f;
      const xv = x0 + (x1 - x0) * f;
      const y = py(yv).toFixed(2);
      const x = px(xv).toFixed(2);
      return (
        `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${y}" y2="${y}" stroke="#e3e7ea"/>` +
        `<text x="${M.left - 4}" y="${(Number(y) + 3.5).toFixed(2)}" font-size="10" text-anchor="end" fill="#5b6670">${esc(num(yv, 3))}</text>` +
        `<text x="${x}" y="${M.top + PLOT_H + 13}" font-size="10" text-anchor="middle" fill="#5b6670">${esc(num(xv, 3))}</text>`
      );
    })
    .join("");
  const frame =
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PLOT_H}" stroke="#8a939b"/>` +
    `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H}" stroke="#8a939b"/>` +
    `<text x="${M.left + PLOT_W / 2}" y="${HEIGHT - 6}" font-size="10.5" text-anchor="middle" fill="#1d2329">${esc(risk.title)} →  riskier</text>` +
    `<text x="12" y="${M.top + PLOT_H / 2}" font-size="10.5" text-anchor="middle" fill="#1d2329" transform="rotate(-90 12 ${M.top + PLOT_H / 2})">${esc(utility.title)} ↑</text>`;
  const line =
    `<line x1="${lineX.toFixed(2)}" x2="${lineX.toFixed(2)}" y1="${M.top}" y2="${M.top + PLOT_H}" stroke="${risk.line.target ? "#c5221f" : "#5b6670"}" stroke-width="1.5" stroke-dasharray="5 3"/>` +
    `<text x="${(lineX + 3).toFixed(2)}" y="${M.top + 10}" font-size="10" fill="${risk.line.target ? "#c5221f" : "#5b6670"}">${esc(risk.line.label)}</text>`;
  const marks = placed
    .map((p) => {
      const r = risk.pick(p);
      const u = utility.pick(p)!;
      const x = px(r.value!);
      const y = py(u.value!);
      const color = colors.get(p.method) ?? "#2f6db5";
      const whiskerX =
        r.ci === null
          ? ""
          : `<line x1="${px(r.ci[0]).toFixed(2)}" x2="${px(r.ci[1]).toFixed(2)}" y1="${y.toFixed(2)}" y2="${y.toFixed(2)}" stroke="${color}" stroke-opacity="0.55" stroke-width="1.5"/>`;
      const whiskerY =
        u.ci === null
          ? ""
          : `<line x1="${x.toFixed(2)}" x2="${x.toFixed(2)}" y1="${py(u.ci[0]).toFixed(2)}" y2="${py(u.ci[1]).toFixed(2)}" stroke="${color}" stroke-opacity="0.55" stroke-width="1.5"/>`;
      const ring =
        p.output === recommended
          ? `<circle cx="${x.toFixed(2)}" cy="${y.toFixed(2)}" r="9" fill="none" stroke="#1e8e3e" stroke-width="2.5"/>`
          : "";
      const title = `${p.output}: ${risk.title} ${num(r.value)}${r.ci ? ` [${num(r.ci[0])}, ${num(r.ci[1])}]` : ""}, ${utility.title} ${num(u.value)}, release gate ${p.gate}`;
      return whiskerX + whiskerY + ring + marker(p.preset, x, y, color, title);
    })
    .join("");
  const description =
    `Scatter of ${placed.length} output${placed.length === 1 ? "" : "s"}: ${risk.title} across, ${utility.title} up. ` +
    (risk.line.target
      ? `The dashed red line is the verdict's threshold ${num(risk.line.value)}; outputs left of it meet it.`
      : `The dashed grey line is the no-risk value ${num(risk.line.value)}.`) +
    (recommended !== null && placed.some((p) => p.output === recommended)
      ? ` The recommended output, ${recommended}, is ringed in green.`
      : "") +
    (missing.length > 0 ? ` Not placed (figure undefined): ${missing.map((p) => p.output).join(", ")}.` : "");
  const table = dataTable(
    ["output", risk.title, "95 % interval", utility.title, "release gate"],
    points.map((p) => {
      const r = risk.pick(p);
      const u = utility.pick(p);
      return [
        p.output,
        r.value === null ? `— (${r.reason ?? "undefined"})` : num(r.value),
        r.ci === null ? "—" : `${num(r.ci[0])} – ${num(r.ci[1])}`,
        num(u?.value ?? null),
        p.gate,
      ];
    }),
  );
  const caption =
    missing.length === 0
      ? undefined
      : `not placed: ${truncate(
          missing
            .map((p) => `${p.output} (${risk.pick(p).reason ?? utility.pick(p)?.reason ?? "undefined"})`)
            .join("; "),
          240,
        )}`;
  return figure(
    {
      id: `frontier-${risk.id}-${utility.id}`,
      title: `${utility.title} against ${risk.title}`,
      description,
      ...(caption === undefined ? {} : { caption }),
    },
    region + grid + line + frame + marks,
    [],
    table,
  );
}

/** The axis end: at least `floor`, else the largest upper bound rounded up to a tenth (at most 1). */
function niceUpper(floor: number, figures: readonly FrontierFigure[]): number {
  const top = Math.max(floor, ...figures.map((f) => f.ci?.[1] ?? f.value ?? 0));
  return Math.min(1, Math.ceil(top * 10 - 1e-9) / 10);
}

function figureText(f: FrontierFigure | null): string {
  if (f === null) return "—";
  if (f.value === null) return "—";
  return `${num(f.value)}${f.ci ? ` [${num(f.ci[0])}, ${num(f.ci[1])}]` : ""}`;
}

/** Why an output did not pass the frontier gate, in words. */
function frontierGateReasons(results: RunResults, output: string): string {
  const p = results.frontier.points.find((x) => x.output === output);
  return p === undefined ? "its figures are incomplete" : p.frontierGate.reasons.join("; ");
}

/** The criteria of an output that did not pass, in words ("linkability not evaluated, inference inconclusive"). */
function openCriteria(results: RunResults, output: string): string {
  const m = results.methods.find((x) => x.output === output);
  if (m === undefined) return "its verdict is incomplete";
  const open = m.verdict.criteria
    .filter((c) => c.light !== "pass")
    .map((c) => `${c.criterion} ${c.light.replace("-", " ")}`);
  return open.length === 0 ? "an avatar target could not be computed" : open.join(", ");
}

/** Whether a criterion went unevaluated for want of declared roles. */
function needsRoles(results: RunResults): boolean {
  return results.methods.some((m) =>
    m.verdict.criteria.some(
      (c) => c.light === "not-evaluated" && (c.criterion === "linkability" || c.criterion === "inference"),
    ),
  );
}

/** The recommendation in words, at the top of the report. */
export function recommendationBox(results: RunResults): string {
  const { recommendation, closestCandidate, rule } = results.frontier;
  const ok = results.frontier.points.filter((p) => p.status === "ok").length;
  if (recommendation !== null) {
    const point = results.frontier.points.find((p) => p.output === recommendation.output)!;
    const cleared = recommendation.releaseGate === "pass";
    return (
      `<div class="recommend ${cleared ? "pass" : "screened"}" data-role="recommendation"><strong>Recommended output: ${esc(recommendation.output)}</strong> ` +
      `(method ${esc(recommendation.method)}, privacy preset ${esc(recommendation.preset)}): quality score ${percent(recommendation.quality)}` +
      `${point.tstr?.value != null ? `, TSTR ${num(point.tstr.value)}` : ""}; it passes the frontier gate. ` +
      (cleared
        ? `Its release gate passes too. `
        : `Its release gate is ${esc(recommendation.releaseGate.replace("-", " "))} (${esc(openCriteria(results, recommendation.output))}): it is not cleared for the catalogue; read its verdict card before any release. ` +
          (needsRoles(results)
            ? `Declare quasi-identifiers and sensitive columns (metadata roles, <code>--metadata</code>) so that linkability and inference can be evaluated. `
            : "")) +
      `<span class="muted">Rule: ${esc(rule)}. Of ${ok} output${ok === 1 ? "" : "s"} evaluated.</span></div>`
    );
  }
  return (
    `<div class="recommend fail" data-role="recommendation"><strong>No output passes the frontier gate</strong>, so none is recommended. ` +
    (closestCandidate !== null
      ? `The closest is ${esc(closestCandidate.output)} (quality score ${percent(closestCandidate.quality)}): no decisive test failed, but ${esc(frontierGateReasons(results, closestCandidate.output))}. `
      : `A decisive test failed on every output. `) +
    (needsRoles(results)
      ? `Declare quasi-identifiers and sensitive columns (metadata roles, <code>--metadata</code>) so that linkability and inference can be evaluated. `
      : "") +
    `<span class="muted">Rule: ${esc(rule)}. Of ${ok} output${ok === 1 ? "" : "s"} evaluated.</span></div>`
  );
}

export function frontierSection(results: RunResults): string {
  const f = results.frontier;
  const methods = [...new Set(results.methods.map((m) => m.method))];
  const colors = new Map(methods.map((m, k) => [m, methodColor(k)]));
  const recommended = f.recommendation?.output ?? null;
  const risks: RiskAxis[] = [
    {
      id: "singling-out",
      title: "singling-out risk (Anonymeter's count)",
      pick: (p) => p.singlingOutRequested,
      domain: [
        0,
        niceUpper(
          0.2,
          f.points.map((p) => p.singlingOutRequested),
        ),
      ],
      line: { value: f.targets.singlingOut, label: `target ≤ ${num(f.targets.singlingOut)}`, target: true },
    },
    {
      id: "mia",
      title: "best membership AUC",
      pick: (p) => p.bestMiaAuc,
      domain: [
        0.4,
        niceUpper(
          0.7,
          f.points.map((p) => p.bestMiaAuc),
        ),
      ],
      line: { value: f.targets.miaAuc, label: `limit ${num(f.targets.miaAuc)}`, target: true },
    },
    {
      id: "closer",
      title: "share closer to train",
      pick: (p) => p.closerToTrain,
      domain: [
        0.3,
        niceUpper(
          0.7,
          f.points.map((p) => p.closerToTrain),
        ),
      ],
      line: { value: f.targets.closerToTrain, label: `limit ${num(f.targets.closerToTrain)}`, target: true },
    },
  ];
  const utilities: UtilityAxis[] = [{ id: "quality", title: "quality score", pick: (p) => p.quality }];
  if (results.provenance.target !== null) utilities.push({ id: "tstr", title: "TSTR score", pick: (p) => p.tstr });
  const panels = utilities.flatMap((u) => risks.map((r) => panel(results, r, u, colors, recommended)));
  const legend =
    `<div class="legend">${methods.map((m) => `<span><i class="sw" style="background:${colors.get(m)}"></i>${esc(m)}</span>`).join("")}` +
    results.presets.map((p) => `<span>${PRESET_SHAPE[p] ?? "●"} ${esc(p)}</span>`).join("") +
    `${recommended === null ? "" : `<span><span class="ring"></span>recommended</span>`}</div>`;
  const rows = f.points.map((p) => [
    p.output + (p.output === recommended ? " (recommended)" : ""),
    p.preset,
    p.status === "ok" ? (p.frontierGate.passed ? "pass" : "fail") : "failed",
    p.status === "ok" ? p.gate : "failed",
    p.quality.value === null ? "—" : percent(p.quality.value),
    figureText(p.tstr),
    figureText(p.singlingOutRequested),
    figureText(p.singlingOut),
    `${figureText(p.bestMiaAuc)}${p.bestMiaAuc.value === null ? "" : ` ${p.bestMiaAuc.source.replace(/\/auc$/, "")}`}`,
    figureText(p.closerToTrain),
    p.guardShare === null ? "—" : percent(p.guardShare, 2),
  ]);
  const presetNote =
    results.presets.length === 1
      ? `Every method ran at the ${esc(results.presets[0])} privacy preset; run with <code>--privacy strict,balanced,off</code> to see what each preset costs in utility and buys in risk.`
      : `Every method ran at the presets ${esc(results.presets.join(", "))} (outputs named method-preset).`;
  const verdictLine =
    recommended === null
      ? `No output passes the frontier gate (see the top of the report).`
      : `The recommended output, ${esc(recommended)}, is ringed in green.`;
  return `<section id="frontier"><h2>Utility against privacy risk</h2>
<p>${verdictLine}</p>
<p class="muted">${presetNote} Each output is a point: utility upward, risk to the right; lines through a point are 95 % intervals. Shaded: within the frontier gate's limit (singling-out risk on Anonymeter's count: upper bound at most the verdict's τ ${num(f.targets.singlingOut)}, privacy spec §9.3; best membership AUC at most ${num(f.targets.miaAuc)} and share closer to train at most ${num(f.targets.closerToTrain)}, Sosie policy, or an interval holding the no-risk ${num(f.targets.noRisk)}). The frontier gate picks the recommendation; the release gate (verdict cards) alone clears an output for the catalogue.</p>
${legend}
<div class="charts" data-role="frontier">${panels.join("")}</div>
<div class="wide">${dataTable(["output", "preset", "frontier gate", "release gate", "quality score", "TSTR", "singling-out risk, Anonymeter's count [95 % CI]", "singling-out risk, attacks performed [95 % CI]", "best membership AUC [95 % CI]", "closer to train [95 % CI]", "guard: rows regenerated"], rows)}</div>
</section>`;
}
