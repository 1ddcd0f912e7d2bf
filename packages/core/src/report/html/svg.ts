/**
 * Hand-written SVG charts. Each chart is a <figure> holding an <svg role="img"> with a <title>
 * and <desc>, a caption, and a collapsible table of the numbers drawn: the text alternative.
 */
import { esc } from "./escape.ts";
import { num } from "./format.ts";

export const WIDTH = 380;
export const HEIGHT = 230;
const M = { left: 44, right: 12, top: 14, bottom: 46 };
const PLOT_W = WIDTH - M.left - M.right;
const PLOT_H = HEIGHT - M.top - M.bottom;

export interface Series {
  readonly label: string;
  readonly color: string;
  /** Heights in the series' unit (shares, counts...), one per category or bin. */
  readonly values: readonly number[];
}

export interface ChartText {
  readonly id: string;
  readonly title: string;
  /** One or two sentences a screen reader reads instead of the picture. */
  readonly description: string;
  readonly caption?: string;
}

/** A figure around an SVG body, with its data table as the text alternative. */
export function figure(
  text: ChartText,
  body: string,
  legend: readonly Series[] | readonly { label: string; color: string }[],
  table: string,
): string {
  const legendHtml =
    legend.length === 0
      ? ""
      : `<div class="legend">${legend.map((s) => `<span><i class="sw" style="background:${s.color}"></i>${esc(s.label)}</span>`).join("")}</div>`;
  return (
    `<figure class="chart" data-chart="${esc(text.id)}">` +
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${esc(text.id)}-t ${esc(text.id)}-d" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${esc(text.id)}-t">${esc(text.title)}</title><desc id="${esc(text.id)}-d">${esc(text.description)}</desc>${body}</svg>` +
    `${legendHtml}<figcaption><strong>${esc(text.title)}</strong>${text.caption ? ` — ${esc(text.caption)}` : ""}</figcaption>` +
    `<details><summary>Data table</summary>${table}</details></figure>`
  );
}

export function dataTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return (
    `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows
      .map(
        (r) =>
          `<tr>${r.map((c, i) => (i === 0 ? `<td>${esc(c)}</td>` : `<td class="n">${esc(c)}</td>`)).join("")}</tr>`,
      )
      .join("") +
    `</tbody></table>`
  );
}

function axes(yMax: number, yLabel: (v: number) => string): string {
  const ticks = [0, 0.5, 1].map((f) => {
    const y = M.top + PLOT_H * (1 - f);
    return (
      `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${y}" y2="${y}" stroke="#e3e7ea"/>` +
      `<text x="${M.left - 4}" y="${y + 4}" font-size="10" text-anchor="end" fill="#5b6670">${esc(yLabel(yMax * f))}</text>`
    );
  });
  return (
    ticks.join("") +
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PLOT_H}" stroke="#8a939b"/>` +
    `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H}" stroke="#8a939b"/>`
  );
}

const pct = (v: number): string => `${num(v * 100, 2)}%`;

/** Grouped bars: one group per label, one bar per series (shares of rows). */
export function groupedBars(text: ChartText, labels: readonly string[], series: readonly Series[]): string {
  const yMax = niceMax(Math.max(1e-9, ...series.flatMap((s) => s.values)));
  const groupW = PLOT_W / Math.max(1, labels.length);
  const barW = Math.max(1, (groupW * 0.8) / series.length);
  const bars = series.flatMap((s, k) =>
    s.values.map((v, i) => {
      const h = (PLOT_H * v) / yMax;
      const x = M.left + i * groupW + groupW * 0.1 + k * barW;
      return `<rect x="${x.toFixed(2)}" y="${(M.top + PLOT_H - h).toFixed(2)}" width="${barW.toFixed(2)}" height="${Math.max(0, h).toFixed(2)}" fill="${s.color}"><title>${esc(`${labels[i]} — ${s.label}: ${pct(v)}`)}</title></rect>`;
    }),
  );
  const step = Math.ceil(labels.length / 12);
  const xLabels = labels.map((l, i) =>
    i % step !== 0
      ? ""
      : `<text x="${(M.left + (i + 0.5) * groupW).toFixed(2)}" y="${M.top + PLOT_H + 12}" font-size="10" text-anchor="end" fill="#5b6670" transform="rotate(-35 ${(M.left + (i + 0.5) * groupW).toFixed(2)} ${M.top + PLOT_H + 12})">${esc(truncate(l, 16))}</text>`,
  );
  const table = dataTable(
    ["category", ...series.map((s) => s.label)],
    labels.map((l, i) => [l, ...series.map((s) => pct(s.values[i]))]),
  );
  return figure(text, axes(yMax, pct) + bars.join("") + xLabels.join(""), series, table);
}

/**
 * Histogram overlay on shared edges: the first series filled, the others as outlined steps.
 * `openEnds`: the first and last bins also hold what lies below / above them, and say so.
 */
export function histogramOverlay(
  text: ChartText,
  edges: readonly number[],
  edgeLabel: (x: number) => string,
  series: readonly Series[],
  openEnds = false,
): string {
  const nBins = edges.length - 1;
  const binLabel = (i: number, to: string): string => {
    if (openEnds && nBins === 1) return "all values";
    if (openEnds && i === 0) return `below ${edgeLabel(edges[1])}`;
    if (openEnds && i === nBins - 1) return `${edgeLabel(edges[i])} and above`;
    return `${edgeLabel(edges[i])}${to}${edgeLabel(edges[i + 1])}`;
  };
  const yMax = niceMax(Math.max(1e-9, ...series.flatMap((s) => s.values)));
  const binW = PLOT_W / Math.max(1, nBins);
  const [first, ...rest] = series;
  const filled = first.values
    .map((v, i) => {
      const h = (PLOT_H * v) / yMax;
      return `<rect x="${(M.left + i * binW).toFixed(2)}" y="${(M.top + PLOT_H - h).toFixed(2)}" width="${binW.toFixed(2)}" height="${h.toFixed(2)}" fill="${first.color}" fill-opacity="0.55"><title>${esc(`${binLabel(i, " to ")} — ${first.label}: ${pct(v)}`)}</title></rect>`;
    })
    .join("");
  const steps = rest
    .map((s) => {
      let d = `M${M.left} ${M.top + PLOT_H}`;
      s.values.forEach((v, i) => {
        const y = M.top + PLOT_H - (PLOT_H * v) / yMax;
        d += ` L${(M.left + i * binW).toFixed(2)} ${y.toFixed(2)} L${(M.left + (i + 1) * binW).toFixed(2)} ${y.toFixed(2)}`;
      });
      d += ` L${M.left + PLOT_W} ${M.top + PLOT_H}`;
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`;
    })
    .join("");
  const ticks = [0, Math.floor(nBins / 2), nBins]
    .filter((v, i, a) => a.indexOf(v) === i)
    .map(
      (i) =>
        `<text x="${(M.left + i * binW).toFixed(2)}" y="${M.top + PLOT_H + 14}" font-size="10" text-anchor="middle" fill="#5b6670">${esc(edgeLabel(edges[i]))}</text>`,
    )
    .join("");
  const table = dataTable(
    ["bin", ...series.map((s) => s.label)],
    first.values.map((_, i) => [binLabel(i, " – "), ...series.map((s) => pct(s.values[i]))]),
  );
  return figure(text, axes(yMax, pct) + filled + steps + ticks, series, table);
}

/** Lines through (x, y) points on [0, 1]², with the diagonal: ROC curves. */
export function rocChart(
  text: ChartText,
  curves: readonly { label: string; color: string; points: readonly (readonly [number, number])[] }[],
): string {
  const side = Math.min(PLOT_W, PLOT_H);
  const x0 = M.left;
  const y0 = M.top + side;
  const px = (x: number): string => (x0 + x * side).toFixed(2);
  const py = (y: number): string => (y0 - y * side).toFixed(2);
  const frame =
    `<rect x="${x0}" y="${M.top}" width="${side}" height="${side}" fill="none" stroke="#8a939b"/>` +
    `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#8a939b" stroke-dasharray="4 3"/>` +
    `<text x="${px(0.5)}" y="${y0 + 26}" font-size="10" text-anchor="middle" fill="#5b6670">false positive rate</text>` +
    `<text x="${x0 - 30}" y="${py(0.5)}" font-size="10" text-anchor="middle" fill="#5b6670" transform="rotate(-90 ${x0 - 30} ${py(0.5)})">true positive rate</text>` +
    [0, 0.5, 1]
      .map(
        (t) =>
          `<text x="${px(t)}" y="${y0 + 12}" font-size="10" text-anchor="middle" fill="#5b6670">${t}</text><text x="${x0 - 4}" y="${Number(py(t)) + 4}" font-size="10" text-anchor="end" fill="#5b6670">${t}</text>`,
      )
      .join("");
  const lines = curves
    .map(
      (c) =>
        `<polyline points="${c.points.map(([x, y]) => `${px(x)},${py(y)}`).join(" ")}" fill="none" stroke="${c.color}" stroke-width="2"/>`,
    )
    .join("");
  const table = dataTable(
    ["attack", "points (FPR, TPR)"],
    curves.map((c) => [c.label, c.points.map(([x, y]) => `(${num(x, 2)}, ${num(y, 2)})`).join(" ")]),
  );
  return figure(text, frame + lines, curves, table);
}

/** Values with intervals against a threshold: one row per item. */
export function intervalChart(
  text: ChartText,
  items: readonly {
    label: string;
    value: number;
    ci: readonly [number, number] | null;
    threshold: number | null;
    light: string;
  }[],
  domain: readonly [number, number],
): string {
  const rowH = Math.max(14, Math.min(26, (HEIGHT - 40) / Math.max(1, items.length)));
  const height = Math.max(HEIGHT, 40 + rowH * items.length);
  const left = 150;
  const width = WIDTH - left - 16;
  const x = (v: number): string =>
    (left + ((Math.min(domain[1], Math.max(domain[0], v)) - domain[0]) / (domain[1] - domain[0])) * width).toFixed(2);
  const colors: Record<string, string> = {
    pass: "#1e8e3e",
    fail: "#c5221f",
    inconclusive: "#e8a100",
    "not-evaluated": "#8a939b",
  };
  const body = items
    .map((it, i) => {
      const y = 20 + i * rowH + rowH / 2;
      const whisker =
        it.ci === null
          ? ""
          : `<line x1="${x(it.ci[0])}" x2="${x(it.ci[1])}" y1="${y}" y2="${y}" stroke="#1d2329" stroke-width="1.5"/>`;
      const tick =
        it.threshold === null
          ? ""
          : `<line x1="${x(it.threshold)}" x2="${x(it.threshold)}" y1="${y - rowH / 2 + 2}" y2="${y + rowH / 2 - 2}" stroke="#c5221f" stroke-dasharray="3 2"/>`;
      return `<text x="${left - 6}" y="${y + 4}" font-size="10.5" text-anchor="end" fill="#1d2329">${esc(truncate(it.label, 26))}</text>${tick}${whisker}<circle cx="${x(it.value)}" cy="${y}" r="4.5" fill="${colors[it.light] ?? "#2f6db5"}"><title>${esc(`${it.label}: ${num(it.value)}${it.ci ? ` [${num(it.ci[0])}, ${num(it.ci[1])}]` : ""}`)}</title></circle>`;
    })
    .join("");
  const axis = [domain[0], (domain[0] + domain[1]) / 2, domain[1]]
    .map((t) => `<text x="${x(t)}" y="14" font-size="10" text-anchor="middle" fill="#5b6670">${num(t)}</text>`)
    .join("");
  const table = dataTable(
    ["test", "value", "95 % interval", "threshold"],
    items.map((it) => [
      it.label,
      num(it.value),
      it.ci ? `${num(it.ci[0])} – ${num(it.ci[1])}` : "—",
      it.threshold === null ? "—" : num(it.threshold),
    ]),
  );
  return figure(text, `<g>${axis}${body}</g>`, [], table).replace(
    `viewBox="0 0 ${WIDTH} ${HEIGHT}"`,
    `viewBox="0 0 ${WIDTH} ${height}"`,
  );
}

/** A p × p heat map over [−1, 1] (or [0, 1]) with a diverging palette; null cells hatched grey. */
export function heatmap(
  text: ChartText,
  names: readonly string[],
  values: readonly (readonly (number | null)[])[],
): string {
  const p = names.length;
  const size = HEIGHT - 20;
  const left = 84;
  const cell = Math.min((WIDTH - left - 8) / Math.max(1, p), (size - 60) / Math.max(1, p));
  const top = 64;
  const cells: string[] = [];
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      const v = values[i][j];
      cells.push(
        `<rect x="${(left + j * cell).toFixed(2)}" y="${(top + i * cell).toFixed(2)}" width="${cell.toFixed(2)}" height="${cell.toFixed(2)}" fill="${v === null ? "#e3e7ea" : diverging(v)}"><title>${esc(`${names[i]} × ${names[j]}: ${v === null ? "undefined" : num(v, 2)}`)}</title></rect>`,
      );
    }
  const showLabels = cell >= 7;
  const labels = showLabels
    ? names
        .map(
          (n, i) =>
            `<text x="${left - 3}" y="${(top + (i + 0.5) * cell + 3).toFixed(2)}" font-size="${Math.min(10, cell)}" text-anchor="end" fill="#1d2329">${esc(truncate(n, 12))}</text>` +
            `<text x="${(left + (i + 0.5) * cell).toFixed(2)}" y="${top - 3}" font-size="${Math.min(10, cell)}" fill="#1d2329" transform="rotate(-50 ${(left + (i + 0.5) * cell).toFixed(2)} ${top - 3})">${esc(truncate(n, 12))}</text>`,
        )
        .join("")
    : "";
  const scale = [-1, -0.5, 0, 0.5, 1]
    .map(
      (v, k) =>
        `<rect x="${4 + k * 14}" y="14" width="14" height="10" fill="${diverging(v)}"/><text x="${11 + k * 14}" y="10" font-size="8" text-anchor="middle" fill="#5b6670">${v}</text>`,
    )
    .join("");
  const rows: string[][] = [];
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++)
      rows.push([`${names[i]} × ${names[j]}`, values[i][j] === null ? "undefined" : num(values[i][j], 2)]);
  return figure(text, cells.join("") + labels + scale, [], dataTable(["pair", "value"], rows));
}

/** Blue (−1) – white (0) – red (+1). */
export function diverging(v: number): string {
  const t = Math.max(-1, Math.min(1, v));
  const mix = (a: number, b: number, f: number): number => Math.round(a + (b - a) * f);
  const [r, g, b] =
    t < 0
      ? [mix(255, 47, -t), mix(255, 109, -t), mix(255, 181, -t)]
      : [mix(255, 197, t), mix(255, 34, t), mix(255, 31, t)];
  return `rgb(${r},${g},${b})`;
}

function niceMax(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

export function truncate(text: string, n: number): string {
  return text.length <= n ? text : text.slice(0, n - 1) + "…";
}
