/** Per-column overlays (real training data vs each method) and the association heat maps. */
import type { ColumnDistribution } from "../../pipeline/distributions.ts";
import type { RunResults } from "../../pipeline/types.ts";
import { esc, slug } from "./escape.ts";
import { count, num, scaleValue } from "./format.ts";
import { methodColor, REAL_COLOR } from "./palette.ts";
import { groupedBars, heatmap, histogramOverlay, type Series } from "./svg.ts";

function shares(d: ColumnDistribution): number[] {
  return d.counts.map((c) => (d.total === 0 ? 0 : c / d.total));
}

export function distributionsSection(results: RunResults): string {
  const methods = results.methods.filter((m) => m.status === "ok");
  const charts = results.realDistributions.map((real, j) => {
    const series: Series[] = [
      { label: "real (training)", color: REAL_COLOR, values: shares(real) },
      ...methods.map((m) => ({
        label: m.output,
        color: methodColor(results.methods.indexOf(m)),
        values: shares(m.distributions[j]),
      })),
    ];
    const missing = [
      `real ${num((100 * real.missing) / Math.max(1, real.total), 3)} %`,
      ...methods.map(
        (m) => `${m.output} ${num((100 * m.distributions[j].missing) / Math.max(1, m.distributions[j].total), 3)} %`,
      ),
    ];
    const text = {
      id: `dist-${slug(real.column)}`,
      title: real.column,
      description: `Share of rows per ${real.type === "numeric" ? "bin" : "category"} of column ${real.column}, real training data against ${methods.map((m) => m.output).join(", ") || "no method"}.`,
      caption: `missing values: ${missing.join(", ")}`,
    };
    if (real.type === "numeric") {
      if (real.edges === undefined || real.edges.length < 2)
        return `<p class="muted">${esc(real.column)}: no observed value.</p>`;
      return histogramOverlay(text, real.edges, (x) => scaleValue(x, real.scale), series, true);
    }
    return groupedBars(text, real.labels ?? [], series);
  });
  return `<section id="distributions"><h2>Column distributions</h2>
<p class="muted">Real training data (filled) against each synthetic table, as shares of rows over ${count(results.sizes.train)} training rows. Bins are equal-width with round edges shifted half a unit off any observable value, from the value the 5th patient reaches from each end; the first and last bins also hold everything below and above them, so no bin places a real extreme. Categories held by fewer than 5 patients are grouped as “other”, drawn only when the group holds 5 or more. (Patients are rows when the table has no patient column.)</p>
<div class="charts">${charts.join("")}</div></section>`;
}

/** The association matrix of R, of S and S − R, read from the association-matrix records. */
export function associationsSection(results: RunResults): string {
  const blocks: string[] = [];
  let realDone = false;
  results.methods.forEach((m) => {
    const record = m.utility.find((r) => r.id === "association-matrix" && r.status === "ok");
    if (record === undefined) return;
    const names: string[] = [];
    const index = new Map<string, number>();
    for (const d of record.details)
      for (const c of d.columns)
        if (!index.has(c)) {
          index.set(c, names.length);
          names.push(c);
        }
    const empty = (): (number | null)[][] => names.map((_, i) => names.map((__, j) => (i === j ? 1 : null)));
    const real = empty();
    const synthetic = empty();
    const difference: (number | null)[][] = names.map((_, i) => names.map((__, j) => (i === j ? 0 : null)));
    for (const d of record.details) {
      if (d.columns.length !== 2) continue;
      const [i, j] = [index.get(d.columns[0])!, index.get(d.columns[1])!];
      const r = d.stats?.real ?? null;
      const s = d.stats?.synthetic ?? null;
      real[i][j] = real[j][i] = r;
      synthetic[i][j] = synthetic[j][i] = s;
      difference[i][j] = difference[j][i] = r === null || s === null ? null : s - r;
    }
    if (!realDone) {
      blocks.push(
        heatmap(
          {
            id: "assoc-real",
            title: "Real training data",
            description: `Associations between ${names.length} columns of the real training data (Pearson, Cramér's V or correlation ratio).`,
          },
          names,
          real,
        ),
      );
      realDone = true;
    }
    blocks.push(
      heatmap(
        {
          id: `assoc-${slug(m.output)}`,
          title: `${m.output}: synthetic`,
          description: `Associations between the same columns in the ${m.output} synthetic table.`,
        },
        names,
        synthetic,
      ),
      heatmap(
        {
          id: `assoc-diff-${slug(m.output)}`,
          title: `${m.output}: synthetic − real`,
          description: `Difference of associations, ${m.output} minus real; mean absolute difference ${num(record.value)}.`,
        },
        names,
        difference,
      ),
    );
  });
  if (blocks.length === 0)
    return `<section id="associations"><h2>Associations</h2><p class="muted">No association matrix was computed.</p></section>`;
  return `<section id="associations"><h2>Associations</h2>
<p class="muted">Pairwise associations on [−1, 1]: red positive, blue negative, grey undefined. Numeric pairs use Pearson's r, categorical pairs Cramér's V, mixed pairs the correlation ratio.</p>
<div class="charts">${blocks.join("")}</div></section>`;
}
