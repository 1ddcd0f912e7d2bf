/** The comparison table across methods, best and worst highlighted per metric (as in Clover's metareport). */
import type { MetricResult } from "../../metrics/types.ts";
import type { MethodResult, RunResults } from "../../pipeline/types.ts";
import { esc } from "./escape.ts";
import { num } from "./format.ts";

interface Row {
  readonly key: string;
  readonly kind: "utility" | "privacy";
  readonly objective: "min" | "max";
  readonly reference: number | null;
  readonly values: (number | null)[];
}

export function comparisonSection(results: RunResults): string {
  const methods = results.methods.filter((m) => m.status === "ok");
  if (methods.length < 2) return "";
  const rows = comparisonRows(methods);
  const header = `<tr><th>metric</th><th title="↑ higher is better, ↓ lower is better">best</th>${methods.map((m) => `<th>${esc(m.output)}</th>`).join("")}<th>holdout reference</th></tr>`;
  const body = rows
    .map((r, k) => {
      const heading =
        k === 0 || rows[k - 1].kind !== r.kind
          ? `<tr><th colspan="${methods.length + 3}">${r.kind === "utility" ? "Utility" : "Privacy"}</th></tr>`
          : "";
      const defined = r.values.filter((v): v is number => v !== null);
      const best = defined.length < 2 ? null : r.objective === "max" ? Math.max(...defined) : Math.min(...defined);
      const worst = defined.length < 2 ? null : r.objective === "max" ? Math.min(...defined) : Math.max(...defined);
      const cells = r.values
        .map((v) => {
          const cls = v === null || best === worst ? "" : v === best ? " best" : v === worst ? " worst" : "";
          return `<td class="n${cls}">${num(v)}</td>`;
        })
        .join("");
      const objective =
        r.objective === "max" ? `<td title="higher is better">↑</td>` : `<td title="lower is better">↓</td>`;
      return `${heading}<tr><td>${esc(r.key)}</td>${objective}${cells}<td class="n">${num(r.reference)}</td></tr>`;
    })
    .join("");
  return `<section id="comparison"><h2>Comparison of methods</h2>
<p class="muted">Every metric value per method; per row the best is <span class="best">green</span> and the worst <span class="worst">red</span>. The holdout reference is the same metric between two real samples (holdout vs training): a noise floor.</p>
<table data-role="comparison"><thead>${header}</thead><tbody>${body}</tbody></table></section>`;
}

function comparisonRows(methods: readonly MethodResult[]): Row[] {
  const rows = new Map<string, Row>();
  methods.forEach((m, k) => {
    for (const [kind, list] of [
      ["utility", m.utility],
      ["privacy", m.privacy],
    ] as const)
      for (const r of list) {
        if (r.status !== "ok") continue;
        const key = rowKey(r);
        let row = rows.get(key);
        if (row === undefined) {
          row = {
            key,
            kind,
            objective: r.objective,
            reference: r.reference,
            values: new Array<number | null>(methods.length).fill(null),
          };
          rows.set(key, row);
        }
        row.values[k] = r.value;
      }
  });
  return [...rows.values()];
}

export function rowKey(r: MetricResult): string {
  const base = r.submetric === r.id ? r.id : `${r.id} · ${r.submetric}`;
  return r.variant === "sosie" ? base : `${base} (${r.variant})`;
}
