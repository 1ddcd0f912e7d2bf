/**
 * The privacy frontier on the privacy-peers splits (`npm run bench -- --privacy-peers`): on each
 * split, `sosie run`'s own pipeline (runPipeline, holdout = the split's holdout file) runs every
 * default generator at every privacy preset. Each output gets the pipeline's figures (its quality
 * score, release gate, singling-out risk, best membership-attack AUC, share closer to train) and
 * the peers' definitions beside them: SDMetrics quality, TSTR AUC on the usual binary target, and
 * the rows identical to a (train-unique) training row. The output `sosie run` recommends with the
 * default preset is checked against the acceptance criteria of issue #9.
 *
 * Quasi-identifiers and the sensitive column are declared as in the peers' protocol (roles()).
 * The pipeline evaluates only what the recommendation reads: quality-score and TSTR for the
 * ranking, and every default privacy metric for the release gate (the gate is the same as in a
 * full `sosie run`; the other utility metrics do not enter it). Quality intervals are not
 * bootstrapped (the point values, which rank, are unchanged).
 */
import { loadavg } from "node:os";
import {
  DEFAULT_PRIVACY,
  PRIVACY_PRESETS,
  type PrivacyPreset,
} from "../../packages/core/src/generators/protect/preset.ts";
import { computeMetric } from "../../packages/core/src/metrics/registry.ts";
import type { MetricResult } from "../../packages/core/src/metrics/types.ts";
import { defaultMethods } from "../../packages/core/src/pipeline/default-methods.ts";
import { DEFAULT_MAX_ROWS, defaultPrivacyMetrics } from "../../packages/core/src/pipeline/default-metrics.ts";
import {
  type FrontierFigure,
  type FrontierPoint,
  type Recommendation,
  recommend,
} from "../../packages/core/src/pipeline/frontier.ts";
import { runPipeline, type StepRunner } from "../../packages/core/src/pipeline/run.ts";
import type { Light } from "../../packages/core/src/pipeline/lights.ts";
import type { Table } from "../../packages/core/src/table/table.ts";
import { withTaskTarget } from "./evaluation.ts";
import { identicalRows, type IdenticalRows } from "./identical.ts";
import type { Timing } from "./measure.ts";
import { getDataset } from "./workloads.ts";

/** The privacy-peers splits, as bench dataset ids, in run order (small first). */
export const FRONTIER_DATASETS = ["pima", "heart-failure", "diabetes-10k", "adult-10k"] as const;

/** The no-protection reference of the acceptance criteria. */
export const REFERENCE = { method: "cart", preset: "off" as PrivacyPreset };

/** The holdout-based privacy metrics' default minimum (spec §1.1); the small splits go below it. */
const SMALL_HOLDOUT_MIN = 500;

/** Splits whose holdout is large: criteria on point values; the small ones: intervals include 0.5. */
const LARGE_SPLITS = new Set(["diabetes", "adult"]);

export interface FigureValue {
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
  readonly reason: string | null;
}

export interface FrontierOutput {
  readonly output: string;
  readonly method: string;
  readonly preset: PrivacyPreset;
  readonly status: "ok" | "failed";
  readonly error: string | null;
  readonly gate: Light;
  readonly publishable: boolean;
  /** The frontier gate the recommendation reads (pipeline/frontier.ts). */
  readonly frontier_gate: FrontierPoint["frontierGate"];
  /** The pipeline's ranking figures: quality-score (Sosie variant) and TSTR on the raw target. */
  readonly pipeline_quality: number | null;
  readonly pipeline_tstr: number | null;
  /** quality-score, SDMetrics 0.29 definition, synthetic against train. */
  readonly quality_sdmetrics: FigureValue;
  /** tstr-classification on the usual binary target: AUC on the holdout of a model trained on the synthetic rows. */
  readonly tstr_auc: FigureValue;
  readonly tstr_real_auc: number | null;
  /** Univariate singling-out risk on Anonymeter's count (n = attacks requested), as the peers report it. */
  readonly singling_out: FigureValue;
  /** The same attack on Sosie's count (n = attacks performed). */
  readonly singling_out_performed: FigureValue;
  readonly closer_to_train: FigureValue;
  readonly best_mia_auc: FigureValue & { readonly attack: string | null };
  readonly identical: IdenticalRows | null;
  /** Share of rows the post-generation guard regenerated. */
  readonly guard_share: number | null;
  readonly guard_matched: number | null;
  /** fit + sample, and the pipeline's evaluation of this output. */
  readonly generate: Timing;
  readonly evaluate: Timing;
}

export interface Criterion {
  readonly id: string;
  readonly text: string;
  /** The measured figure as printed. */
  readonly measured: string;
  /** true / false, or null when the figure could not be computed. */
  readonly holds: boolean | null;
}

export interface Acceptance {
  /** The output checked: the recommendation with the default preset, or (when none) the closest candidate. */
  readonly output: string | null;
  readonly recommended: boolean;
  readonly criteria: readonly Criterion[];
}

export interface FrontierSplit {
  readonly dataset: string;
  readonly privacy_peer: string;
  readonly target: string;
  readonly rows: { readonly train: number; readonly holdout: number; readonly columns: number };
  readonly outputs: readonly FrontierOutput[];
  readonly notes: readonly string[];
  /** Over every preset (`sosie run --privacy all`) and with the default preset only (`sosie run`). */
  readonly recommended_all: Recommendation | null;
  readonly recommended_default: Recommendation | null;
  readonly closest_default: Recommendation | null;
  readonly acceptance: Acceptance;
  readonly duration: Timing;
  readonly load: readonly [number, number];
}

export interface FrontierBench {
  readonly started_utc: string;
  readonly generated_utc: string;
  readonly commit: string;
  readonly seed: number;
  readonly presets: readonly PrivacyPreset[];
  readonly default_preset: PrivacyPreset;
  readonly load: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly duration_s: number;
  /** False when the run stopped before every phase (the acceptance phases come first). */
  readonly complete: boolean;
  /** Start times of the runs joined by mergeFrontiers, when this is a join. */
  readonly merged_from?: readonly string[];
  readonly splits: readonly FrontierSplit[];
}

/**
 * The roles a steward declares in the metadata, set as the peers' Anonymeter protocol did
 * (privacy-peers/README.md): linkability links the first half of the columns (file order) to the
 * rest, inference guesses the target. Without declared quasi-identifiers and sensitive columns the
 * linkability and inference criteria are not evaluated and the release gate cannot pass.
 */
export function roles(names: readonly string[], target: string): { quasiIdentifiers: string[]; sensitive: string[] } {
  return {
    quasiIdentifiers: names.slice(0, Math.floor(names.length / 2)).filter((n) => n !== target),
    sensitive: [target],
  };
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const asFigure = (f: FrontierFigure): FigureValue => ({ value: f.value, ci: f.ci, reason: f.reason });

function recordFigure(records: readonly MetricResult[] | string, submetric: string): FigureValue {
  if (typeof records === "string") return { value: null, ci: null, reason: records };
  const r = records.find((x) => x.submetric === submetric);
  if (r === undefined) return { value: null, ci: null, reason: records[0]?.reason ?? `no ${submetric} record` };
  return {
    value: r.value,
    ci: r.ci === null ? null : [r.ci[0], r.ci[1]],
    reason: r.value === null ? (r.reason ?? "undefined") : null,
  };
}

function safely(id: string, compute: () => MetricResult[]): MetricResult[] | string {
  try {
    return compute();
  } catch (error) {
    return `${id}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
  }
}

/** The peers' utility definitions on one synthetic table: SDMetrics quality and TSTR on the binary task. */
function peerUtility(
  train: Table,
  synthetic: Table,
  holdout: Table,
  target: ReturnType<typeof getDataset>["target"],
  seed: number,
): { quality: FigureValue; tstr: FigureValue; tstrReal: number | null } {
  const quality = recordFigure(
    safely("quality-score", () =>
      computeMetric(
        "quality-score",
        { real: train, synthetic },
        { seed, bootstrap: 0, maxRows: DEFAULT_MAX_ROWS, variant: "sdmetrics" },
      ),
    ),
    "quality-score",
  );
  const r = withTaskTarget(train, target);
  const tstr = safely("tstr-classification", () =>
    computeMetric(
      "tstr-classification",
      {
        real: r.table,
        synthetic: withTaskTarget(synthetic, target).table,
        holdout: withTaskTarget(holdout, target).table,
      },
      { seed, bootstrap: 0, maxRows: DEFAULT_MAX_ROWS, target: r.column },
    ),
  );
  return {
    quality,
    tstr: recordFigure(tstr, "score-synthetic"),
    tstrReal: recordFigure(tstr, "score-real").value,
  };
}

const f3 = (x: number | null | undefined): string => (x === null || x === undefined ? "–" : x.toFixed(3));
const withCi = (f: FigureValue): string =>
  f.value === null
    ? `– (${f.reason ?? "undefined"})`
    : `${f3(f.value)}${f.ci ? ` [${f3(f.ci[0])}, ${f3(f.ci[1])}]` : ""}`;
const includes = (f: FigureValue, x: number): boolean | null =>
  f.value === null || f.ci === null ? null : f.ci[0] <= x && x <= f.ci[1];

/** Issue #9's acceptance criteria for `output` against unprotected CART on the same split. */
export function acceptance(
  privacyPeer: string,
  output: FrontierOutput | undefined,
  reference: FrontierOutput | undefined,
  recommended: boolean,
): Acceptance {
  if (output === undefined) return { output: null, recommended, criteria: [] };
  const criteria: Criterion[] = [];
  const refQ = reference?.quality_sdmetrics.value ?? null;
  const q = output.quality_sdmetrics.value;
  criteria.push({
    id: "quality",
    text: "overall quality (SDMetrics 0.29) within 0.01 of unprotected CART's",
    measured: `${f3(q)} vs ${f3(refQ)} (${q !== null && refQ !== null ? `${q - refQ >= 0 ? "+" : ""}${(q - refQ).toFixed(3)}` : "–"})`,
    holds: q === null || refQ === null ? null : q >= refQ - 0.01,
  });
  const refT = reference?.tstr_auc.value ?? null;
  const t = output.tstr_auc.value;
  criteria.push({
    id: "tstr",
    text: "TSTR AUC within 0.02 of unprotected CART's, or better",
    measured: `${f3(t)} vs ${f3(refT)} (${t !== null && refT !== null ? `${t - refT >= 0 ? "+" : ""}${(t - refT).toFixed(3)}` : "–"})`,
    holds: t === null || refT === null ? null : t >= refT - 0.02,
  });
  const so = output.singling_out;
  criteria.push({
    id: "singling-out",
    text: "univariate singling-out risk (Anonymeter's count, as the peers), upper 95 % bound ≤ 0.10",
    measured: withCi(so),
    holds: so.value === null || so.ci === null ? null : so.ci[1] <= 0.1,
  });
  criteria.push({
    id: "unique-copies",
    text: "no row equal to a training row unique in train",
    measured:
      output.identical === null
        ? "–"
        : `${output.identical.identical_to_train_unique_row} (identical to any training row: ${output.identical.identical_to_train_row})`,
    holds: output.identical === null ? null : output.identical.identical_to_train_unique_row === 0,
  });
  const dcr = output.closer_to_train;
  const mia = output.best_mia_auc;
  if (LARGE_SPLITS.has(privacyPeer)) {
    criteria.push({
      id: "closer-to-train",
      text: "share of synthetic rows closer to train than to holdout ≤ 0.53",
      measured: withCi(dcr),
      holds: dcr.value === null ? null : dcr.value <= 0.53,
    });
    criteria.push({
      id: "mia",
      text: "best membership-attack AUC ≤ 0.55",
      measured: `${withCi(mia)}${mia.attack ? ` (${mia.attack})` : ""}`,
      holds: mia.value === null ? null : mia.value <= 0.55,
    });
  } else {
    criteria.push({
      id: "closer-to-train",
      text: "95 % interval of the share closer to train includes 0.5",
      measured: withCi(dcr),
      holds: includes(dcr, 0.5),
    });
    criteria.push({
      id: "mia",
      text: "95 % interval of the best membership-attack AUC includes 0.5",
      measured: `${withCi(mia)}${mia.attack ? ` (${mia.attack})` : ""}`,
      holds: includes(mia, 0.5),
    });
  }
  return { output: output.output, recommended, criteria };
}

export interface FrontierOptions {
  readonly seed: number;
  readonly datasets?: readonly string[];
  readonly methods?: readonly string[];
  readonly presets?: readonly PrivacyPreset[];
  readonly commit: string;
}

/** One pipeline call: some methods at one preset. */
interface Phase {
  readonly methods: "all" | { readonly only: string } | { readonly except: string };
  readonly preset: PrivacyPreset;
}

/**
 * The order of the work: first what the acceptance reads (every method at the default preset, and
 * the unprotected CART reference), on every split; then the rest of the frontier. Results are
 * handed to `onPartial` after each phase, so a run cut short still has the acceptance figures.
 */
export function frontierPhases(presets: readonly PrivacyPreset[]): Phase[] {
  const phases: Phase[] = [];
  if (presets.includes(DEFAULT_PRIVACY)) phases.push({ methods: "all", preset: DEFAULT_PRIVACY });
  if (presets.includes(REFERENCE.preset))
    phases.push({ methods: { only: REFERENCE.method }, preset: REFERENCE.preset });
  for (const preset of presets) {
    if (preset === DEFAULT_PRIVACY) continue;
    phases.push({ methods: preset === REFERENCE.preset ? { except: REFERENCE.method } : "all", preset });
  }
  return phases;
}

interface SplitState {
  readonly id: string;
  readonly spec: ReturnType<typeof getDataset>;
  readonly train: Table;
  readonly holdout: Table;
  readonly methods: readonly string[];
  readonly outputs: FrontierOutput[];
  readonly points: FrontierPoint[];
  readonly notes: Set<string>;
  readonly duration: { wall_s: number; cpu_s: number };
  readonly load: [number, number];
}

function phaseMethods(phase: Phase, all: readonly string[]): string[] {
  const m = phase.methods;
  if (m === "all") return [...all];
  return "only" in m ? all.filter((x) => x === m.only) : all.filter((x) => x !== m.except);
}

async function runPhase(
  state: SplitState,
  phase: Phase,
  options: FrontierOptions,
  log: (line: string) => void,
): Promise<void> {
  const { id, spec, train, holdout } = state;
  const methods = phaseMethods(phase, state.methods);
  if (methods.length === 0) return;
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  // Per-output timings from the pipeline's own steps ("fit <method>", "sample <method>", "evaluate <method>: <metric>").
  const times = new Map<string, { generate: Timing; evaluate: Timing }>();
  const step: StepRunner = async (name, work) => {
    const cpu = cpuSeconds();
    const wall = performance.now();
    const value = await work(() => {});
    const match = /^(fit|sample|evaluate) ([^:]+?)(?::.*)?$/.exec(name);
    if (match !== null) {
      const label = match[2];
      const t = times.get(label) ?? { generate: { wall_s: 0, cpu_s: 0 }, evaluate: { wall_s: 0, cpu_s: 0 } };
      const key = match[1] === "evaluate" ? "evaluate" : "generate";
      t[key] = { wall_s: t[key].wall_s + (performance.now() - wall) / 1000, cpu_s: t[key].cpu_s + cpuSeconds() - cpu };
      times.set(label, t);
      if (match[1] === "sample")
        log(
          `  ${id} × ${label}-${phase.preset}: generated in ${t.generate.wall_s.toFixed(1)} s (CPU ${t.generate.cpu_s.toFixed(1)})`,
        );
    }
    return value;
  };
  const { results, synthetic } = await runPipeline(
    {
      input: train,
      settings: {
        methods,
        privacy: [phase.preset],
        target: spec.target.column,
        seed: options.seed,
        holdout: { kind: "table", table: holdout, label: "holdout.csv" },
        ...roles(train.names, spec.target.column),
      },
      provenance: {
        seed: String(options.seed),
        tool: "scripts/bench/frontier.ts",
        coreVersion: "workspace",
        input: { name: `${spec.privacyPeer}/train.csv`, sha256: null, rows: train.nRows, columns: train.nColumns },
        holdout: "",
        target: spec.target.column,
        metadata: "types.json",
        command: null,
      },
      evaluation: {
        metrics: ["quality-score", "tstr-classification", ...defaultPrivacyMetrics()],
        bootstrap: 0,
        // The small splits (pima 231, heart-failure 90 holdout rows) are judged on their intervals
        // (issue #9), so the attacks run on the whole holdout there (`sosie run --min-holdout`).
        ...(holdout.nRows < SMALL_HOLDOUT_MIN ? { minHoldoutRows: holdout.nRows } : {}),
      },
    },
    step,
  );
  for (const n of results.notes) state.notes.add(n);
  results.methods.forEach((m, k) => {
    for (const n of m.notes) state.notes.add(n);
    // One preset per pipeline call: the pipeline names outputs by method; the frontier by method and preset.
    const name = `${m.method}-${m.preset}`;
    const point: FrontierPoint = { ...results.frontier.points[k], output: name };
    const t = times.get(m.method) ?? { generate: { wall_s: 0, cpu_s: 0 }, evaluate: { wall_s: 0, cpu_s: 0 } };
    const table = synthetic.get(m.output);
    const peer = table === undefined ? null : peerUtility(train, table, holdout, spec.target, options.seed);
    const none: FigureValue = { value: null, ci: null, reason: m.error ?? "failed" };
    const out: FrontierOutput = {
      output: name,
      method: m.method,
      preset: m.preset,
      status: m.status,
      error: m.error,
      gate: point.gate,
      publishable: point.publishable,
      frontier_gate: point.frontierGate,
      pipeline_quality: point.quality.value,
      pipeline_tstr: point.tstr?.value ?? null,
      quality_sdmetrics: peer?.quality ?? none,
      tstr_auc: peer?.tstr ?? none,
      tstr_real_auc: peer?.tstrReal ?? null,
      singling_out: asFigure(point.singlingOutRequested),
      singling_out_performed: asFigure(point.singlingOut),
      closer_to_train: asFigure(point.closerToTrain),
      best_mia_auc: {
        ...asFigure(point.bestMiaAuc),
        attack: point.bestMiaAuc.value === null ? null : point.bestMiaAuc.source.replace(/\/auc$/, ""),
      },
      identical: table === undefined ? null : identicalRows(train, table),
      guard_share: m.guard?.share ?? null,
      guard_matched: m.guard?.matched ?? null,
      generate: t.generate,
      evaluate: t.evaluate,
    };
    log(
      `  ${id} × ${name}: frontier gate ${out.frontier_gate.passed ? "pass" : `fail (${out.frontier_gate.reasons.join("; ")})`}, release gate ${out.gate}, quality ${f3(out.pipeline_quality)} (SDMetrics ${f3(out.quality_sdmetrics.value)}), TSTR ${f3(out.tstr_auc.value)}, ` +
        `singling-out ${withCi(out.singling_out)}, closer ${f3(out.closer_to_train.value)}, MIA ${f3(out.best_mia_auc.value)}, ` +
        `unique copies ${out.identical?.identical_to_train_unique_row ?? "–"}, evaluated in ${t.evaluate.wall_s.toFixed(1)} s (CPU ${t.evaluate.cpu_s.toFixed(1)})`,
    );
    state.outputs.push(out);
    state.points.push(point);
  });
  state.duration.wall_s += (performance.now() - wallStart) / 1000;
  state.duration.cpu_s += cpuSeconds() - cpuStart;
  state.load[1] = loadavg()[0];
}

/** A frontier point rebuilt from a saved output (what recommend() reads). */
function pointOf(o: FrontierOutput): FrontierPoint {
  const f = (x: FigureValue, source: string): FrontierFigure => ({ ...x, source });
  return {
    output: o.output,
    method: o.method,
    preset: o.preset,
    status: o.status,
    quality: { value: o.pipeline_quality, ci: null, source: "quality-score/quality-score", reason: null },
    tstr: { value: o.pipeline_tstr, ci: null, source: "tstr-classification/score-synthetic", reason: null },
    tstrReal: null,
    singlingOut: f(o.singling_out_performed, "singling-out-univariate/risk"),
    singlingOutRequested: f(o.singling_out, "singling-out-univariate/risk-anonymeter-count"),
    bestMiaAuc: f(o.best_mia_auc, `${o.best_mia_auc.attack ?? "mia-*"}/auc`),
    closerToTrain: f(o.closer_to_train, "dcr-closer-to-train/share-closer-to-train"),
    gate: o.gate,
    publishable: o.publishable,
    guardShare: o.guard_share,
    frontierGate: o.frontier_gate,
  };
}

/**
 * Two frontier runs of the same commit and seed joined (e.g. the acceptance phases of every split
 * and the other presets of some splits, run side by side): the outputs of both, the first run's
 * where both have one, recommendations and acceptance recomputed.
 */
export function mergeFrontiers(a: FrontierBench, b: FrontierBench): FrontierBench {
  if (a.commit !== b.commit || a.seed !== b.seed) throw new Error("frontier runs of different commits or seeds");
  const presets = PRIVACY_PRESETS.filter((p) => a.presets.includes(p) || b.presets.includes(p));
  const ids = [...new Set([...a.splits, ...b.splits].map((s) => s.dataset))];
  const splits = ids.map((id) => {
    const first = a.splits.find((s) => s.dataset === id);
    const second = b.splits.find((s) => s.dataset === id);
    const base = (first ?? second)!;
    const outputs = [...(first?.outputs ?? [])];
    for (const o of second?.outputs ?? []) if (!outputs.some((x) => x.output === o.output)) outputs.push(o);
    const state: SplitState = {
      id,
      spec: getDataset(id),
      train: { nRows: base.rows.train, nColumns: base.rows.columns } as Table,
      holdout: { nRows: base.rows.holdout } as Table,
      methods: [...new Set(outputs.map((o) => o.method))].sort(
        (x, y) => DEFAULT_ORDER.indexOf(x) - DEFAULT_ORDER.indexOf(y),
      ),
      outputs,
      points: outputs.map(pointOf),
      notes: new Set([...(first?.notes ?? []), ...(second?.notes ?? [])]),
      duration: {
        wall_s: (first?.duration.wall_s ?? 0) + (second?.duration.wall_s ?? 0),
        cpu_s: (first?.duration.cpu_s ?? 0) + (second?.duration.cpu_s ?? 0),
      },
      load: [base.load[0], Math.max(first?.load[1] ?? 0, second?.load[1] ?? 0)],
    };
    return splitOf(state, presets);
  });
  return {
    started_utc: a.started_utc < b.started_utc ? a.started_utc : b.started_utc,
    generated_utc: a.generated_utc > b.generated_utc ? a.generated_utc : b.generated_utc,
    commit: a.commit,
    seed: a.seed,
    presets,
    default_preset: a.default_preset,
    load: { start: a.load.start, end: a.generated_utc > b.generated_utc ? a.load.end : b.load.end },
    duration_s: Math.max(a.duration_s, b.duration_s),
    complete: splits.every((s) => s.outputs.length === new Set(s.outputs.map((o) => o.method)).size * presets.length),
    merged_from: [a.started_utc, b.started_utc],
    splits,
  };
}

/** Registry order of the generators, for sorting merged outputs. */
const DEFAULT_ORDER = ["independent", "cart", "gaussian-copula", "avatar", "smote", "bayesnet"];

/** The split's figures so far, in method then preset order, with its recommendations and acceptance. */
function splitOf(state: SplitState, presets: readonly PrivacyPreset[]): FrontierSplit {
  const order = (o: { method: string; preset: PrivacyPreset }): number =>
    state.methods.indexOf(o.method) * 10 + presets.indexOf(o.preset);
  const outputs = [...state.outputs].sort((a, b) => order(a) - order(b));
  const points = [...state.points].sort((a, b) => order(a) - order(b));
  const all = recommend(points);
  const byDefault = recommend(points.filter((p) => p.preset === DEFAULT_PRIVACY));
  const checked = byDefault.recommendation ?? byDefault.closestCandidate;
  const reference = outputs.find((o) => o.method === REFERENCE.method && o.preset === REFERENCE.preset);
  const privacyPeer = state.spec.privacyPeer!;
  return {
    dataset: state.id,
    privacy_peer: privacyPeer,
    target: state.spec.target.label,
    rows: { train: state.train.nRows, holdout: state.holdout.nRows, columns: state.train.nColumns },
    outputs,
    notes: [...state.notes],
    recommended_all: all.recommendation,
    recommended_default: byDefault.recommendation,
    closest_default: byDefault.closestCandidate,
    acceptance: acceptance(
      privacyPeer,
      checked === null ? undefined : outputs.find((o) => o.output === checked.output),
      reference,
      byDefault.recommendation !== null,
    ),
    duration: { ...state.duration },
    load: [state.load[0], state.load[1]],
  };
}

/**
 * Runs the frontier on each split; `log` gets one line per output, `onPartial` the figures after
 * each phase (the last call holds everything).
 */
export async function runFrontierBench(
  options: FrontierOptions,
  log: (line: string) => void,
  onPartial?: (bench: FrontierBench) => void,
): Promise<FrontierBench> {
  const started = performance.now();
  const startedUtc = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const loadStart = loadavg();
  const presets = PRIVACY_PRESETS.filter((p) => (options.presets ?? PRIVACY_PRESETS).includes(p));
  const ids = options.datasets?.filter((d) => (FRONTIER_DATASETS as readonly string[]).includes(d)) ?? [
    ...FRONTIER_DATASETS,
  ];
  const states: SplitState[] = ids.map((id) => {
    const spec = getDataset(id);
    const { table: train, holdout } = spec.load();
    if (holdout === undefined || spec.privacyPeer === undefined) throw new Error(`${id} is not a privacy-peers split`);
    return {
      id,
      spec,
      train,
      holdout,
      methods: options.methods ?? defaultMethods(train.nRows).methods,
      outputs: [],
      points: [],
      notes: new Set<string>(),
      duration: { wall_s: 0, cpu_s: 0 },
      load: [loadavg()[0], loadavg()[0]],
    };
  });
  const phases = frontierPhases(presets);
  const bench = (done: number): FrontierBench => ({
    started_utc: startedUtc,
    generated_utc: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: options.commit,
    seed: options.seed,
    presets,
    default_preset: DEFAULT_PRIVACY,
    load: { start: loadStart, end: loadavg() },
    duration_s: (performance.now() - started) / 1000,
    complete: done === phases.length,
    splits: states.map((s) => splitOf(s, presets)),
  });
  for (const [k, phase] of phases.entries()) {
    for (const state of states) {
      await runPhase(state, phase, options, log);
      const split = splitOf(state, presets);
      log(
        `${state.id} after ${phase.preset} (${k + 1}/${phases.length}): recommended with ${DEFAULT_PRIVACY}: ${split.recommended_default?.output ?? `none${split.closest_default ? ` (closest: ${split.closest_default.output})` : ""}`}; ` +
          `over the presets so far: ${split.recommended_all?.output ?? "none"}; ${split.duration.wall_s.toFixed(0)} s wall, ${split.duration.cpu_s.toFixed(0)} s CPU so far`,
      );
    }
    onPartial?.(bench(k + 1));
  }
  return bench(phases.length);
}
