/**
 * BENCHMARKS.md from one results file. Every number printed comes from the results object; a
 * missing figure is "–" with the metric's reason listed under its table.
 */
import type { Figure } from "./evaluation.ts";
import type { PrivacyPeerDataset } from "./peers.ts";
import type { FigureValue, FrontierBench, FrontierSplit } from "./frontier.ts";
import type { BenchResults, PeerComparison, TimingSummary, WorkloadResult } from "./types.ts";

const DASH = "–";

export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return x.toFixed(digits);
}

/** Seconds with about three significant figures (0.0123, 1.23, 123). */
export function secs(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

function timing(t: TimingSummary | null): string {
  return t === null ? DASH : `${secs(t.wall_s)} (${secs(t.cpu_s)})`;
}

export function ratioText(x: number | null): string {
  if (x === null) return DASH;
  return `${x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(2)}×`;
}

/** Collects the reasons behind dashes, numbered in order of first appearance. */
class Reasons {
  private readonly list: string[] = [];
  mark(f: Figure | null | undefined, text: string): string {
    if (f === null || f === undefined) return DASH;
    if (f.value !== null) return text;
    const reason = f.reason ?? "undefined";
    let k = this.list.indexOf(reason);
    if (k < 0) k = this.list.push(reason) - 1;
    return `${DASH}<sup>${k + 1}</sup>`;
  }
  lines(): string[] {
    return this.list.map((r, k) => `<sup>${k + 1}</sup> ${r}`);
  }
}

function withCi(f: Figure): string {
  const v = num(f.value);
  return f.ci ? `${v} [${num(f.ci[0])}, ${num(f.ci[1])}]` : v;
}

function datasetSection(results: BenchResults, id: string, rows: readonly WorkloadResult[]): string[] {
  const d = results.datasets.find((x) => x.id === id)!;
  const ok = rows.find((w) => w.rows !== null);
  const shape = ok?.rows
    ? `${ok.rows.train.toLocaleString("en")} train / ${ok.rows.holdout === null ? "no" : ok.rows.holdout.toLocaleString("en")} holdout rows × ${ok.rows.columns} columns`
    : "";
  const reads = rows.filter((w) => w.read !== null);
  const readWall = reads.map((w) => w.read!.wall_s).sort((a, b) => a - b);
  const readCpu = reads.map((w) => w.read!.cpu_s).sort((a, b) => a - b);
  const mid = (xs: number[]): number | null => (xs.length === 0 ? null : xs[xs.length >> 1]);
  const loads = rows.map((w) => w.load);
  const out = [
    `### ${d.title} (\`${id}\`)`,
    "",
    `${shape}. Source: ${d.source}. TSTR target: ${d.target}. ` +
      `CSV read and decode: ${secs(mid(readWall))} s wall (${secs(mid(readCpu))} s CPU), median over workloads. ` +
      `Load average during its runs: ${num(Math.min(...loads.map((l) => l.min)), 1)}–${num(Math.max(...loads.map((l) => l.max)), 1)}.`,
    "",
    "| generator | fit s wall (CPU) | sample s wall (CPU) | peak RSS MB | quality | quality, all pairs | TSTR AUC gap | closer to train | best MIA AUC | identical / unique-in-train | utility eval s wall (CPU) | privacy eval s wall (CPU) | runs |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const reasons = new Reasons();
  for (const w of rows) {
    if (w.status !== "ok") {
      out.push(
        `| ${w.method} | ${w.status}: ${(w.error ?? "").replace(/\|/g, "/")} |  |  |  |  |  |  |  |  |  |  |  |`,
      );
      continue;
    }
    const u = w.utility;
    const p = w.privacy;
    const mia = p?.best_mia_auc;
    out.push(
      `| ${w.method} | ${timing(w.fit)} | ${timing(w.sample)} | ${num(w.peak_rss_mb, 0)} | ` +
        `${reasons.mark(u?.quality, num(u?.quality.value))} | ${reasons.mark(u?.quality_all_pairs, num(u?.quality_all_pairs.value))} | ` +
        `${reasons.mark(u?.tstr_gap, u ? withCi(u.tstr_gap) : DASH)} | ` +
        `${reasons.mark(p?.share_closer_to_train, p ? withCi(p.share_closer_to_train) : DASH)} | ` +
        `${reasons.mark(mia, mia ? `${num(mia.value)}${mia.attack ? ` (${mia.attack.replace(/^mia-/, "")})` : ""}` : DASH)} | ` +
        `${p ? `${p.identical.identical_to_train_row} / ${p.identical.identical_to_train_unique_row}` : DASH} | ` +
        `${timing(w.utility_evaluation)} | ${timing(w.privacy_evaluation)} | ${w.fit?.runs ?? 0} (${w.utility_evaluation?.runs ?? 0} evaluated) |`,
    );
  }
  const lines = reasons.lines();
  if (lines.length > 0) out.push("", ...lines.map((l) => `${l}  `));
  out.push("");
  return out;
}

function peersSection(peers: readonly PeerComparison[]): string[] {
  if (peers.length === 0)
    return ["No workload of this run matches a peer workload (same table, same training rows).", ""];
  const out = [
    "| table (rows) | Sosie generator | peer | fit + sample s, Sosie / peer | ratio | peak RSS MB, Sosie / peer | ratio | quality, Sosie / peer | ratio | all pairs, Sosie / peer | ratio | flags | peer notes |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const c of peers) {
    const s = c.sosie;
    const p = c.peer_figures;
    out.push(
      `| ${c.dataset} (${c.rows.toLocaleString("en")}) | ${c.method} | ${c.peer} | ${secs(s.fit_sample_s)} / ${secs(p.fit_sample_s)} | ${ratioText(c.ratios.fit_sample)} | ` +
        `${num(s.peak_rss_mb, 0)} / ${num(p.peak_rss_mb, 0)} | ${ratioText(c.ratios.peak_rss)} | ${num(s.quality)} / ${num(p.quality)} | ${ratioText(c.ratios.quality)} | ` +
        `${num(s.quality_all_pairs)} / ${num(p.quality_all_pairs)} | ${ratioText(c.ratios.quality_all_pairs)} | ${c.flags.map((f) => `**${f}**`).join(", ")} | ${c.notes.join("; ")} |`,
    );
  }
  out.push("");
  return out;
}

export function privacyPeersSection(
  results: BenchResults,
  peers: readonly PrivacyPeerDataset[],
  privacyPeerOf: (dataset: string) => string | undefined,
): string[] {
  const out = [
    "| split (train / holdout) | generator | quality | TSTR AUC (real train) | singling-out risk [95 % CI] | closer to train | best MIA AUC | identical / unique-in-train |",
    "|---|---|---|---|---|---|---|---|",
  ];
  const reasons = new Reasons();
  for (const pp of peers) {
    const ours = results.workloads.filter((w) => privacyPeerOf(w.dataset) === pp.key);
    const rows = ours.find((w) => w.rows !== null)?.rows;
    const label = `${pp.key} (${rows ? `${rows.train.toLocaleString("en")} / ${rows.holdout?.toLocaleString("en") ?? "–"}` : "not run"})`;
    let first = true;
    const cell = (): string => {
      const text = first ? label : "";
      first = false;
      return text;
    };
    for (const w of ours) {
      if (w.status !== "ok") {
        out.push(`| ${cell()} | Sosie ${w.method} | ${w.status} |  |  |  |  |  |`);
        continue;
      }
      const u = w.utility;
      const p = w.privacy;
      const so = p?.singling_out_risk;
      out.push(
        `| ${cell()} | Sosie ${w.method} | ${reasons.mark(u?.quality, num(u?.quality.value))} | ` +
          `${reasons.mark(u?.tstr_synthetic, `${num(u?.tstr_synthetic.value)} (${num(u?.tstr_real.value)})`)} | ` +
          `${reasons.mark(so, so ? withCi(so) : DASH)} | ${reasons.mark(p?.share_closer_to_train, num(p?.share_closer_to_train.value))} | ` +
          `${reasons.mark(p?.best_mia_auc, num(p?.best_mia_auc.value))} | ${p ? `${p.identical.identical_to_train_row} / ${p.identical.identical_to_train_unique_row}` : DASH} |`,
      );
    }
    for (const r of pp.runs) {
      const so =
        r.singling_out_risk === null
          ? DASH
          : `${num(r.singling_out_risk)}${r.singling_out_ci ? ` [${num(r.singling_out_ci[0])}, ${num(r.singling_out_ci[1])}]` : ""}`;
      out.push(
        `| ${cell()} | peer: ${r.peer} | ${num(r.quality)} | ${num(r.tstr_auc)} (${num(pp.tstr_real_train_auc)}) | ${so} | ${num(r.share_closer_to_train)} | – | ` +
          `${r.identical_to_train_row ?? DASH} / ${r.identical_to_train_unique_row ?? DASH} |`,
      );
    }
  }
  const lines = reasons.lines();
  if (lines.length > 0) out.push("", ...lines.map((l) => `${l}  `));
  out.push(
    "",
    "Peers' figures are copied from `privacy-peers/results.json` (SDMetrics quality and balanced DCR, scikit-learn TSTR, Anonymeter singling-out); " +
      "Sosie's come from its own registered metrics on the same train / holdout files (definitions below), so the two sides are close in intent, not identical in implementation. " +
      "The peers ran no membership attack.",
    "",
  );
  return out;
}

/** A figure with its interval, "0.518 [0.504, 0.532]". */
export function figureCi(f: FigureValue): string {
  if (f.value === null) return DASH;
  return f.ci ? `${num(f.value)} [${num(f.ci[0])}, ${num(f.ci[1])}]` : num(f.value);
}

const HOLDS: Record<string, string> = { true: "✅ pass", false: "❌ fail", null: "– not computable" };

function frontierSplitSection(
  split: FrontierSplit,
  peers: PrivacyPeerDataset | undefined,
  defaultPreset: string,
): string[] {
  const out = [
    `### ${split.privacy_peer} (${split.rows.train.toLocaleString("en")} train / ${split.rows.holdout.toLocaleString("en")} holdout × ${split.rows.columns} columns; TSTR target ${split.target})`,
    "",
    `${secs(split.duration.wall_s)} s wall, ${secs(split.duration.cpu_s)} s CPU for the whole split; 1-minute load ${num(split.load[0], 1)} at its start, ${num(split.load[1], 1)} at its end.`,
    "",
    "| output | frontier gate | release gate | quality (Sosie) | quality (SDMetrics) | TSTR AUC (real train) | singling-out risk, Anonymeter's count [95 % CI] | singling-out risk, attacks performed [95 % CI] | closer to train [95 % CI] | best MIA AUC [95 % CI] | identical / unique-in-train | guard: rows regenerated | fit + sample s wall (CPU) | evaluation s wall (CPU) |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  const reasons: string[] = [];
  const mark = (f: FigureValue): string => {
    if (f.value !== null) return figureCi(f);
    const reason = f.reason ?? "undefined";
    let k = reasons.indexOf(reason);
    if (k < 0) k = reasons.push(reason) - 1;
    return `${DASH}<sup>${k + 1}</sup>`;
  };
  for (const o of split.outputs) {
    if (o.status !== "ok") {
      out.push(`| ${o.output} | failed: ${(o.error ?? "").replace(/\|/g, "/")} |  |  |  |  |  |  |  |  |  |  |  |  |`);
      continue;
    }
    const flag =
      o.output === split.recommended_default?.output
        ? " **(recommended)**"
        : o.output === split.closest_default?.output
          ? " (closest, not recommended)"
          : "";
    out.push(
      `| ${o.output}${flag} | ${o.frontier_gate.passed ? "pass" : `fail: ${o.frontier_gate.reasons.join("; ")}`} | ${o.gate} | ${num(o.pipeline_quality)} | ${mark(o.quality_sdmetrics)} | ${mark(o.tstr_auc)} (${num(o.tstr_real_auc)}) | ` +
        `${mark(o.singling_out)} | ${mark(o.singling_out_performed)} | ${mark(o.closer_to_train)} | ${mark(o.best_mia_auc)}${o.best_mia_auc.attack ? ` (${o.best_mia_auc.attack.replace(/^mia-/, "")})` : ""} | ` +
        `${o.identical ? `${o.identical.identical_to_train_row} / ${o.identical.identical_to_train_unique_row}` : DASH} | ` +
        `${o.guard_share === null ? DASH : `${o.guard_matched} (${(100 * o.guard_share).toFixed(2)} %)`} | ` +
        `${secs(o.generate.wall_s)} (${secs(o.generate.cpu_s)}) | ${secs(o.evaluate.wall_s)} (${secs(o.evaluate.cpu_s)}) |`,
    );
  }
  for (const r of peers?.runs ?? []) {
    const so =
      r.singling_out_risk === null
        ? DASH
        : `${num(r.singling_out_risk)}${r.singling_out_ci ? ` [${num(r.singling_out_ci[0])}, ${num(r.singling_out_ci[1])}]` : ""}`;
    out.push(
      `| peer: ${r.peer} | – | – | – | ${num(r.quality)} | ${num(r.tstr_auc)} (${num(peers?.tstr_real_train_auc)}) | ${so} | – | ${num(r.share_closer_to_train)} (balanced DCR) | – | ` +
        `${r.identical_to_train_row ?? DASH} / ${r.identical_to_train_unique_row ?? DASH} | – | ${secs(r.fit_s)} | – |`,
    );
  }
  if (reasons.length > 0) out.push("", ...reasons.map((r, k) => `<sup>${k + 1}</sup> ${r}  `));
  const rec = split.recommended_default;
  out.push(
    "",
    rec !== null
      ? `\`sosie run\` (default preset ${defaultPreset}) recommends **${rec.output}**.`
      : `\`sosie run\` (default preset ${defaultPreset}) recommends **no output**: none passes the frontier gate.` +
          (split.closest_default
            ? ` The criteria below are checked on the closest candidate (highest quality on which no decisive test failed): **${split.closest_default.output}**.`
            : ""),
    `Over every preset (\`--privacy all\`) it recommends ${split.recommended_all ? `**${split.recommended_all.output}**` : "no output"}.`,
    "",
  );
  if (split.acceptance.output !== null) {
    out.push(`| criterion (issue #9), on ${split.acceptance.output} | measured | holds |`, "|---|---|---|");
    for (const c of split.acceptance.criteria)
      out.push(`| ${c.text} | ${c.measured.replace(/\|/g, "/")} | ${HOLDS[String(c.holds)]} |`);
    out.push("");
  }
  return out;
}

/** The frontier figures of every generator and preset beside the peers', and the acceptance tables. */
export function frontierSection(frontier: FrontierBench, peers: readonly PrivacyPeerDataset[]): string[] {
  const out = [
    "## Privacy frontier (`npm run bench`; `--no-privacy-peers` leaves it out)",
    "",
    ...(frontier.complete
      ? []
      : [
          "**Partial run**: the bench stopped before every phase; outputs not listed below were not run (the acceptance phases, default preset and unprotected CART, run first).",
          "",
        ]),
    ...(frontier.merged_from === undefined
      ? []
      : [
          `Joined from two runs of the same commit and seed, side by side (\`--merge-frontier\`), started at ${frontier.merged_from.join(" and ")}; each split's times add both runs' work on it.`,
          "",
        ]),
    `Measured on ${frontier.generated_utc} at commit \`${frontier.commit.slice(0, 12)}\`, seed ${frontier.seed}, in ${secs(frontier.duration_s)} s; ` +
      `1-minute load average ${frontier.load.start.map((x) => num(x, 2)).join(" / ")} at the start, ${frontier.load.end.map((x) => num(x, 2)).join(" / ")} at the end (1, 5, 15 min). ` +
      `On each privacy-peers split, \`sosie run\`'s pipeline (train.csv as input, \`--holdout holdout.csv\`) runs every default generator at the presets ${frontier.presets.join(", ")}. ` +
      "Declared roles, as in the peers' Anonymeter protocol: quasi-identifiers = the first half of the columns in file order (linkability links them to the rest), sensitive = the target (inference). On the two small splits (holdout under 500 rows) the holdout-based privacy metrics run on the whole holdout, as `sosie run --min-holdout` allows, and are judged by their intervals. " +
      "The frontier gate (what the recommendation reads), the release gate, singling-out risk, share closer to train and membership-attack AUC are the pipeline's own records (report.json); " +
      "quality (SDMetrics), TSTR AUC on the usual binary target and identical rows use the peers' definitions, as in the tables above. " +
      "Acceptance criteria: quality within 0.01 and TSTR within 0.02 of unprotected CART (cart-off) on the same split; singling-out upper bound ≤ 0.10; no copy of a train-unique row; " +
      "diabetes and adult: closer to train ≤ 0.53 and best MIA AUC ≤ 0.55; pima and heart-failure: both 95 % intervals include 0.5.",
    "",
  ];
  for (const split of frontier.splits)
    out.push(
      ...frontierSplitSection(
        split,
        peers.find((p) => p.key === split.privacy_peer),
        frontier.default_preset,
      ),
    );
  const rows = frontier.splits.map((s) => {
    const cells = ["quality", "tstr", "singling-out", "unique-copies", "closer-to-train", "mia"].map((id) => {
      const c = s.acceptance.criteria.find((x) => x.id === id);
      return c === undefined ? DASH : c.holds === null ? "–" : c.holds ? "✅" : "❌";
    });
    return `| ${s.privacy_peer} | ${s.acceptance.output ?? "none"}${s.acceptance.recommended ? "" : " (not recommended)"} | ${cells.join(" | ")} |`;
  });
  out.push(
    "### Acceptance at a glance",
    "",
    "| split | output checked | quality | TSTR | singling-out | unique copies | closer to train | MIA AUC |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
  );
  return out;
}

export interface MarkdownContext {
  readonly privacyPeers: readonly PrivacyPeerDataset[];
  readonly privacyPeerOf: (dataset: string) => string | undefined;
  /** The section of `npm run bench:seeds` (seed-spread.ts), placed after the frontier; empty: none. */
  readonly seedSpreads?: readonly string[];
  /** The section of `npm run bench:quality` (quality-seeds.ts), after the seed spreads; empty: none. */
  readonly qualitySeeds?: readonly string[];
}

export function renderMarkdown(results: BenchResults, context: MarkdownContext): string {
  const m = results.machine;
  const s = results.settings;
  const out: string[] = [
    "# Sosie benchmarks",
    "",
    `Generated by \`${results.command}\` on ${results.generated_utc} at commit \`${results.commit.sha.slice(0, 12)}\`` +
      `${results.commit.dirty ? " (with uncommitted changes)" : ""}` +
      `${results.commit.end_sha !== undefined ? ` (HEAD was \`${results.commit.end_sha.slice(0, 12)}\` when it ended: commits landed during the run)` : ""}. Every number below comes from that run; the full record is ` +
      `\`bench/results/\` (same commit and date in its name).`,
    "",
    `Machine: ${m.cores} cores (${m.cpu_model}), ${num(m.memory_gib, 1)} GiB, Node ${m.node}, ${m.platform}. ` +
      `1-minute load average ${results.load.start.map((x) => num(x, 2)).join(" / ")} at the start and ${results.load.end.map((x) => num(x, 2)).join(" / ")} (1, 5, 15 min) at the end; ` +
      `the whole bench took ${secs(results.duration_s)} s.` +
      (results.load.start[0] > m.cores
        ? " **The machine was loaded (load above its core count): wall times are upper bounds; CPU times are the steadier figure.**"
        : ""),
    "",
    `Settings: ${s.quick ? "**--quick** (small tables, one run, no warm-up)" : `the median of ${s.runs} measured runs, after ${s.warmup} warm-up run(s) before the first workload of each table and of each generator`}, ` +
      `each run a fresh process (peak RSS is that process's); seed ${s.seed}; generators with default parameters, sampling as many rows as train. ` +
      `Above ${s.evaluate_every_run_max_rows.toLocaleString("en")} training rows only the first measured run evaluates.`,
    "",
    "## Sosie, per table",
    "",
  ];
  const ids = [...new Set(results.workloads.map((w) => w.dataset))];
  for (const id of ids)
    out.push(
      ...datasetSection(
        results,
        id,
        results.workloads.filter((w) => w.dataset === id),
      ),
    );
  if (results.skipped.length > 0) {
    out.push("Not run:", "");
    for (const k of results.skipped) out.push(`- ${k.dataset} × ${k.method}: ${k.reason}`);
    out.push("");
  }
  out.push(
    "## Side by side with the peers (`../shared/bench/peers.json`)",
    "",
    "Same table, same training rows, the peers measured on this machine kind (see `peers.md`: some of their runs were loaded too). " +
      "Ratios are Sosie / peer on wall time, peak RSS and quality (SDMetrics definition); **slower**, **more memory** and **lower quality** flag where Sosie is behind.",
    "",
    ...peersSection(results.peers),
  );
  if (results.privacy_peers)
    out.push(
      "## Privacy peers (`../shared/bench/privacy-peers/`)",
      "",
      ...privacyPeersSection(results, context.privacyPeers, context.privacyPeerOf),
    );
  if (results.frontier !== undefined) out.push(...frontierSection(results.frontier, context.privacyPeers));
  out.push(...(context.seedSpreads ?? []), ...(context.qualitySeeds ?? []));
  out.push(
    "## What the columns mean",
    "",
    "- **fit, sample**: `fitGenerator` and `sample` in the measured process, wall seconds with CPU seconds (user + system, `process.cpuUsage`) in brackets; medians over runs.",
    "- **peak RSS**: `process.resourceUsage().maxRSS` of the run's process after sampling: Node and the CSV read included, the evaluation not.",
    "- **quality**: `quality-score`, variant `sdmetrics` (SDMetrics QualityReport definitions with its default pair filter), synthetic against the training table — the peers' definition. **all pairs**: the same with every pair counted.",
    "- **TSTR AUC gap**: `tstr-classification` on the usual target: AUC on the holdout of a model trained on the real training table minus one trained on the synthetic table (mean of 3 repetitions, repetition interval). Lower is better.",
    "- **closer to train**: `dcr-closer-to-train`, share of synthetic rows closer to a training row than to a holdout row (0.5 = no overfitting).",
    "- **best MIA AUC**: the highest AUC among the membership attacks `mia-dcr-threshold`, `mia-gan-leaks`, `mia-gan-leaks-calibrated`, `mia-monte-carlo`, `mia-domias`, `mia-classifier` (0.5 = the attacker learns nothing). In the frontier tables each attack's AUC is the mean of `sosie run`'s runs: 5 on pima and heart-failure (each run on its own refit and candidate draw, privacy spec §5.1), 1 on the 10,000-row splits.",
    "- **singling-out risk**: `singling-out-univariate` (Anonymeter's definition), with its Wilson interval.",
    "- **identical / unique-in-train**: synthetic rows equal to a training row on every evaluated column (∅ = ∅), and of those, the ones whose training row is unique in train.",
    "- Privacy metrics run on seeded subsamples of at most 10,000 rows per table, utility metrics on at most 20,000 (the `sosie run` defaults); the privacy metrics need at least 500 holdout rows.",
    "- **utility eval / privacy eval**: wall (CPU) seconds of the utility figures above (both quality scores and TSTR) and of the privacy figures (DCR, six attacks, singling-out, identical rows).",
    "",
  );
  return out.join("\n");
}
