/**
 * How close CART's output sits to its training rows, on a privacy-peers split: fit cart with the
 * given preset and parameters on train, sample as many rows as train, and measure with the
 * registered metrics, at the pipeline's row caps: SDMetrics quality, TSTR AUC on the usual target,
 * dcr-closer-to-train (ties ½ and ties 0), the best of the six membership attacks and univariate
 * singling-out. One table line per (split, setting); CPU seconds of fit + sample and of the metrics.
 * Run: node --import tsx scripts/bench/cart-overfit.ts [--split diabetes-10k,adult-10k]
 *        [--preset off,balanced] [--seed 1] [--param minbucket=20 --param smoothing=density]
 *        [--method gaussian-copula] (any registered generator; cart by default)
 */
import { fitGenerator } from "../../packages/core/src/generators/registry.ts";
import type { PrivacyPreset } from "../../packages/core/src/generators/protect/preset.ts";
import { computeMetric } from "../../packages/core/src/metrics/registry.ts";
import type { MetricResult } from "../../packages/core/src/metrics/types.ts";
import { MEMBERSHIP_ATTACKS } from "../../packages/core/src/metrics/privacy/verdict.ts";
import { DEFAULT_MAX_ROWS, DEFAULT_PRIVACY_MAX_ROWS } from "../../packages/core/src/pipeline/default-metrics.ts";
import { capEvaluationTables } from "../../packages/core/src/pipeline/subsample.ts";
import { Rng } from "../../packages/core/src/random/rng.ts";
import type { Table } from "../../packages/core/src/table/table.ts";
import { withTaskTarget } from "./evaluation.ts";
import { roles } from "./frontier.ts";
import { getDataset } from "./workloads.ts";

function args(): {
  splits: string[];
  presets: PrivacyPreset[];
  seed: number;
  params: Record<string, unknown>;
  method: string;
} {
  const argv = process.argv.slice(2);
  let splits = ["diabetes-10k", "adult-10k"];
  let presets: PrivacyPreset[] = ["off", "balanced"];
  let seed = 1;
  let method = "cart";
  const params: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (argv[i] === "--split") splits = value.split(",");
    else if (argv[i] === "--preset") presets = value.split(",") as PrivacyPreset[];
    else if (argv[i] === "--seed") seed = Number(value);
    else if (argv[i] === "--method") method = value;
    else if (argv[i] === "--param") {
      const [k, v] = value.split("=");
      params[k] = v !== "" && Number.isFinite(Number(v)) ? Number(v) : v === "true" ? true : v === "false" ? false : v;
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  return { splits, presets, seed, params, method };
}

function value(records: MetricResult[], submetric: string): number {
  return records.find((r) => r.submetric === submetric)?.value ?? NaN;
}

function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : "–");

function measure(
  train: Table,
  holdout: Table,
  synthetic: Table,
  target: ReturnType<typeof getDataset>["target"],
  seed: number,
) {
  const quality = value(
    computeMetric(
      "quality-score",
      { real: train, synthetic },
      { seed, bootstrap: 0, maxRows: DEFAULT_MAX_ROWS, variant: "sdmetrics" },
    ),
    "quality-score",
  );
  const r = withTaskTarget(train, target);
  const tstr = value(
    computeMetric(
      "tstr-classification",
      {
        real: r.table,
        synthetic: withTaskTarget(synthetic, target).table,
        holdout: withTaskTarget(holdout, target).table,
      },
      { seed, bootstrap: 0, maxRows: DEFAULT_MAX_ROWS, target: r.column },
    ),
    "score-synthetic",
  );
  const capped = capEvaluationTables(
    { real: train, synthetic, holdout },
    DEFAULT_PRIVACY_MAX_ROWS,
    Rng.fromSeed(seed).derive("privacy-subsample"),
  ).tables;
  // Small holdouts (pima, heart-failure) are judged on their intervals, as the frontier bench does.
  const options = {
    seed,
    ...roles(train.names, target.column),
    ...(holdout.nRows < 500 ? { minHoldoutRows: holdout.nRows } : {}),
  };
  const closer = (variant: string) =>
    computeMetric("dcr-closer-to-train", capped, { ...options, variant }).find(
      (x) => x.submetric === "share-closer-to-train",
    )!;
  const half = closer("sosie");
  const strictTies = closer("sdmetrics");
  let best = { id: "", auc: -Infinity, ci: null as readonly [number, number] | null };
  for (const id of MEMBERSHIP_ATTACKS) {
    const record = computeMetric(id, capped, options).find((x) => x.submetric === "auc");
    const auc = record?.value ?? NaN;
    if (auc > best.auc) best = { id, auc, ci: record?.ci ?? null };
  }
  const so = value(computeMetric("singling-out-univariate", capped, options), "risk");
  return { quality, tstr, half, strictTies, best, so };
}

const { splits, presets, seed, params, method } = args();
console.log(
  "| split | setting | quality | TSTR | closer ½ ties [CI] | closer 0 ties | best MIA AUC | singling-out | CPU fit+sample / metrics s |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const id of splits) {
  const spec = getDataset(id);
  const { table: train, holdout } = spec.load();
  if (holdout === undefined) throw new Error(`${id} has no holdout`);
  for (const preset of presets) {
    const c0 = cpu();
    const model = fitGenerator(method, train, { seed, privacy: preset, params, target: spec.target.column });
    const synthetic = model.sample(train.nRows, { seed: seed + 100 }).table;
    const c1 = cpu();
    const m = measure(train, holdout, synthetic, spec.target, seed);
    const c2 = cpu();
    const setting = `${method === "cart" ? "" : `${method} `}${preset}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ""}${process.env.CART_EXPERIMENT ? ` ${process.env.CART_EXPERIMENT}` : ""}`;
    const ci = m.half.ci ? ` [${f3(m.half.ci[0])}, ${f3(m.half.ci[1])}]` : "";
    console.log(
      `| ${id} | ${setting} | ${f3(m.quality)} | ${f3(m.tstr)} | ${f3(m.half.value ?? NaN)}${ci} | ${f3(m.strictTies.value ?? NaN)} | ${f3(m.best.auc)}${m.best.ci ? ` [${f3(m.best.ci[0])}, ${f3(m.best.ci[1])}]` : ""} (${m.best.id.replace("mia-", "")}) | ${f3(m.so)} | ${(c1 - c0).toFixed(0)} / ${(c2 - c1).toFixed(0)} |`,
    );
  }
}
