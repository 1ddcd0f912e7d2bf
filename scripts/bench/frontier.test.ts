// The frontier bench's pure parts: the phase order, the declared roles, the acceptance criteria
// of issue #9 and their rendering.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  acceptance,
  frontierPhases,
  roles,
  type FigureValue,
  type FrontierBench,
  type FrontierOutput,
} from "./frontier.ts";
import { frontierSection } from "./markdown.ts";

const fig = (value: number | null, ci: [number, number] | null = null): FigureValue => ({
  value,
  ci,
  reason: value === null ? "the holdout has 90 rows, fewer than the 500 this metric needs" : null,
});

function output(name: string, over: Partial<FrontierOutput> = {}): FrontierOutput {
  const [method, preset] = name.split(/-(?=[a-z]+$)/) as [string, "strict" | "balanced" | "off"];
  return {
    output: name,
    method,
    preset,
    status: "ok",
    error: null,
    gate: "inconclusive",
    publishable: false,
    frontier_gate: { passed: true, reasons: [] },
    pipeline_quality: 0.95,
    pipeline_tstr: 0.8,
    quality_sdmetrics: fig(0.9),
    tstr_auc: fig(0.85),
    tstr_real_auc: 0.86,
    singling_out: fig(0.02, [0.0, 0.05]),
    singling_out_performed: fig(0.03, [0.0, 0.12]),
    closer_to_train: fig(0.52, [0.5, 0.54]),
    best_mia_auc: { ...fig(0.53, [0.51, 0.55]), attack: "mia-domias" },
    identical: { synthetic_rows: 100, identical_to_train_row: 1, identical_to_train_unique_row: 0 },
    guard_share: 0.01,
    guard_matched: 1,
    generate: { wall_s: 1, cpu_s: 1 },
    evaluate: { wall_s: 2, cpu_s: 2 },
    ...over,
  };
}

test("phases: the default preset and unprotected CART first, then the other presets", () => {
  assert.deepEqual(frontierPhases(["strict", "balanced", "off"]), [
    { methods: "all", preset: "balanced" },
    { methods: { only: "cart" }, preset: "off" },
    { methods: "all", preset: "strict" },
    { methods: { except: "cart" }, preset: "off" },
  ]);
  assert.deepEqual(frontierPhases(["balanced"]), [{ methods: "all", preset: "balanced" }]);
});

test("roles: the first half of the columns are quasi-identifiers, the target is sensitive", () => {
  assert.deepEqual(roles(["a", "b", "c", "d", "e", "y"], "y"), { quasiIdentifiers: ["a", "b", "c"], sensitive: ["y"] });
  assert.deepEqual(roles(["y", "a", "b", "c"], "y"), { quasiIdentifiers: ["a"], sensitive: ["y"] });
});

test("acceptance on a large split: point thresholds 0.53 and 0.55, quality and TSTR against cart-off", () => {
  const reference = output("cart-off", { quality_sdmetrics: fig(0.95), tstr_auc: fig(0.9) });
  const good = acceptance(
    "adult",
    output("cart-balanced", { quality_sdmetrics: fig(0.941), tstr_auc: fig(0.885) }),
    reference,
    true,
  );
  assert.equal(good.output, "cart-balanced");
  assert.equal(good.recommended, true);
  assert.deepEqual(
    good.criteria.map((c) => [c.id, c.holds]),
    [
      ["quality", true],
      ["tstr", true],
      ["singling-out", true],
      ["unique-copies", true],
      ["closer-to-train", true],
      ["mia", true],
    ],
  );
  const bad = acceptance(
    "diabetes",
    output("smote-balanced", {
      quality_sdmetrics: fig(0.939),
      tstr_auc: fig(0.879),
      singling_out: fig(0.08, [0.05, 0.11]),
      closer_to_train: fig(0.531),
      best_mia_auc: { ...fig(0.551), attack: "mia-dcr-threshold" },
      identical: { synthetic_rows: 100, identical_to_train_row: 3, identical_to_train_unique_row: 1 },
    }),
    reference,
    false,
  );
  assert.ok(bad.criteria.every((c) => c.holds === false));
  assert.match(bad.criteria[0].measured, /0\.939 vs 0\.950 \(-0\.011\)/);
});

test("acceptance on a small split: both intervals must include 0.5; undefined figures are not computable", () => {
  const reference = output("cart-off");
  const inside = acceptance("pima", output("cart-balanced"), reference, false);
  assert.deepEqual(
    inside.criteria.filter((c) => c.id === "closer-to-train" || c.id === "mia").map((c) => c.holds),
    [true, false],
  );
  const undefinedFigures = acceptance(
    "heart-failure",
    output("cart-balanced", {
      singling_out: fig(null),
      closer_to_train: fig(null),
      best_mia_auc: { ...fig(null), attack: null },
    }),
    reference,
    false,
  );
  assert.deepEqual(
    undefinedFigures.criteria.map((c) => c.holds),
    [true, true, null, true, null, null],
  );
  assert.equal(acceptance("pima", undefined, reference, false).output, null);
});

test("the markdown section lists every output beside the peers and the acceptance table", () => {
  const outputs = [
    output("cart-balanced", { gate: "pass", publishable: true }),
    output("cart-off", {
      gate: "fail",
      frontier_gate: { passed: false, reasons: ["a decisive test of the verdict failed"] },
    }),
  ];
  const recommended = {
    output: "cart-balanced",
    method: "cart",
    preset: "balanced",
    quality: 0.95,
    tstr: 0.8,
    releaseGate: "pass",
  } as const;
  const bench: FrontierBench = {
    started_utc: "2026-12-02T11:00:00Z",
    generated_utc: "2026-12-02T11:30:00Z",
    commit: "0123456789abcdef0123456789abcdef01234567",
    seed: 1,
    presets: ["balanced", "off"],
    default_preset: "balanced",
    load: { start: [1, 1, 1], end: [2, 2, 2] },
    duration_s: 1800,
    complete: false,
    splits: [
      {
        dataset: "adult-10k",
        privacy_peer: "adult",
        target: "income",
        rows: { train: 10000, holdout: 5000, columns: 15 },
        outputs,
        notes: [],
        recommended_all: recommended,
        recommended_default: recommended,
        closest_default: null,
        acceptance: acceptance("adult", outputs[0], outputs[1], true),
        duration: { wall_s: 100, cpu_s: 50 },
        load: [1, 2],
      },
    ],
  };
  const text = frontierSection(bench, [
    {
      key: "adult",
      tstr_real_train_auc: 0.92,
      runs: [
        {
          peer: "synthpop CART",
          quality: 0.985,
          tstr_auc: 0.906,
          singling_out_risk: 0.856,
          singling_out_ci: [0.822, 0.89],
          share_closer_to_train: 0.518,
          identical_to_train_row: 87,
          identical_to_train_unique_row: 87,
          fit_s: 8.2,
          peak_rss_mb: null,
        },
      ],
    },
  ]).join("\n");
  assert.match(text, /\*\*Partial run\*\*/);
  assert.match(text, /\| cart-balanced \*\*\(recommended\)\*\* \| pass \| pass \|/);
  assert.match(text, /\| cart-off \| fail: a decisive test of the verdict failed \| fail \|/);
  assert.match(
    text,
    /\| peer: synthpop CART \| – \| – \| – \| 0\.985 \| 0\.906 \(0\.920\) \| 0\.856 \[0\.822, 0\.890\] \| – \|/,
  );
  assert.match(text, /`sosie run` \(default preset balanced\) recommends \*\*cart-balanced\*\*/);
  assert.match(text, /\| adult \| cart-balanced \| ✅ \| ✅ \| ✅ \| ✅ \| ✅ \| ✅ \|/);
});
