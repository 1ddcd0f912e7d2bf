// Units of the bench harness that need no child process: argument parsing, peer matching and
// flags, number formatting, the ICD-9 grouping, the TSTR task target and the identical-row counts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { booleanColumn, categoricalColumn, numericColumn } from "../../packages/core/src/table/column.ts";
import { Table } from "../../packages/core/src/table/table.ts";
import { parseArgs } from "../bench.ts";
import { withTaskTarget } from "./evaluation.ts";
import { groupIcd9 } from "./icd9.ts";
import { identicalRows } from "./identical.ts";
import { median } from "./measure.ts";
import { ratioText, secs } from "./markdown.ts";
import { comparePeers, type PeerWorkload } from "./peers.ts";
import type { WorkloadResult } from "./types.ts";

test("parseArgs: lists by commas or words, quick defaults, unknown options refused", () => {
  const o = parseArgs(["--quick", "--datasets", "heart,pima", "--methods", "cart", "independent", "--out=/tmp/x"]);
  assert.equal(o.quick, true);
  assert.deepEqual(o.datasets, ["heart", "pima"]);
  assert.deepEqual(o.methods, ["cart", "independent"]);
  assert.equal(o.out, "/tmp/x");
  assert.deepEqual([o.runs, o.warmup], [1, 0]);
  const full = parseArgs([]);
  assert.deepEqual([full.quick, full.runs, full.warmup, full.maxMinutes], [false, 3, 1, null]);
  assert.throws(() => parseArgs(["--fast"]), /unknown option --fast/);
  assert.throws(() => parseArgs(["--runs", "0"]), /positive integer/);
});

test("median of odd and even counts", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

function workload(dataset: string, train: number, fit: number, sample: number, quality: number): WorkloadResult {
  const t = (wall: number) => ({ wall_s: wall, cpu_s: wall / 2, runs: 1 });
  const f = (value: number) => ({ value });
  return {
    dataset,
    method: "m",
    status: "ok",
    error: null,
    rows: { train, holdout: null, columns: 3, synthetic: train },
    read: t(0.1),
    fit: t(fit),
    sample: t(sample),
    peak_rss_mb: 100,
    peak_rss_with_evaluation_mb: 120,
    utility_evaluation: null,
    privacy_evaluation: null,
    utility: {
      quality: f(quality),
      quality_all_pairs: f(quality),
      tstr_gap: f(0),
      tstr_real: f(0),
      tstr_synthetic: f(0),
    },
    privacy: null,
    process_wall_s: 1,
    load: { min: 0, max: 0, mean: 0 },
    runs: [],
  };
}

test("comparePeers: same table and rows only; ratios Sosie / peer; flags where Sosie is behind", () => {
  const peers: PeerWorkload[] = [
    { dataset: "t", rows: 100, peer: "fast", fit_s: 1, sample_s: 1, peak_rss_mb: 50, quality: 0.9 },
    { dataset: "t", rows: 100, peer: "slow", fit_sample_s: 40, peak_rss_mb: 400, quality: 0.5 },
    { dataset: "t", rows: 100, peer: "dnf", did_not_finish_s: 900 },
    { dataset: "t", rows: 999, peer: "other-rows", fit_s: 1, sample_s: 1 },
  ];
  const got = comparePeers([workload("ours", 100, 3, 1, 0.8)], (id) => (id === "ours" ? "t" : undefined), peers);
  assert.deepEqual(
    got.map((c) => c.peer),
    ["fast", "slow", "dnf"],
  );
  const [fast, slow, dnf] = got;
  assert.deepEqual([fast.ratios.fit, fast.ratios.sample, fast.ratios.fit_sample, fast.ratios.peak_rss], [3, 1, 2, 2]);
  assert.ok(Math.abs(fast.ratios.quality! - 0.8 / 0.9) < 1e-12);
  assert.deepEqual(fast.flags, ["slower", "more memory", "lower quality"]);
  assert.equal(slow.ratios.fit_sample, 0.1);
  assert.deepEqual(slow.flags, []);
  assert.equal(dnf.ratios.fit_sample, null);
  assert.deepEqual(dnf.notes, ["peer did not finish in 900 s"]);
  assert.deepEqual(
    comparePeers([workload("elsewhere", 100, 1, 1, 1)], () => undefined, peers),
    [],
  );
});

test("number formatting: about three significant figures, dashes for missing", () => {
  assert.deepEqual(
    [secs(0.01234), secs(1.234), secs(12.34), secs(123.4), secs(null)],
    ["0.012", "1.23", "12.3", "123", "–"],
  );
  assert.deepEqual(
    [ratioText(0.0123), ratioText(1.5), ratioText(12.4), ratioText(null)],
    ["0.012×", "1.50×", "12×", "–"],
  );
});

test("groupIcd9: the Strack et al. groups", () => {
  const cases: [string, string][] = [
    ["250.83", "Diabetes"],
    ["250", "Diabetes"],
    ["428", "Circulatory"],
    ["785", "Circulatory"],
    ["486", "Respiratory"],
    ["786", "Respiratory"],
    ["578", "Digestive"],
    ["787", "Digestive"],
    ["996", "Injury"],
    ["715", "Musculoskeletal"],
    ["599", "Genitourinary"],
    ["788", "Genitourinary"],
    ["174", "Neoplasms"],
    ["V57", "Other"],
    ["E878", "Other"],
    ["780", "Other"],
  ];
  for (const [code, group] of cases) assert.equal(groupIcd9(code), group, code);
});

test("withTaskTarget: the usual binary task replaces the target column, missing kept", () => {
  const num = categoricalColumn("num", Int32Array.from([0, 1, 2, -1]), ["0", "1", "2"]);
  const age = numericColumn("age", Float64Array.from([50, 60, 70, 80]));
  const table = new Table([age, num]);
  const { table: task, column } = withTaskTarget(table, {
    column: "num",
    positive: (l) => l !== "0",
    label: "num > 0",
  });
  assert.equal(column, "num > 0");
  assert.deepEqual(task.names, ["age", "num > 0"]);
  const c = task.column("num > 0");
  assert.equal(c.kind, "boolean");
  if (c.kind === "boolean") assert.deepEqual([...c.values], [0, 1, 1, 0]);
  assert.deepEqual([...c.missing], [0, 0, 0, 1]);
  assert.equal(withTaskTarget(table, { column: "num", label: "num" }).table, table);
});

test("identicalRows: copies of training rows, and of rows unique in train", () => {
  const t = (xs: number[], bs: number[]) =>
    new Table([numericColumn("x", Float64Array.from(xs)), booleanColumn("b", Uint8Array.from(bs))]);
  const train = t([1, 1, 2, 3], [0, 0, 1, 1]);
  const synthetic = t([1, 2, 3, 3, 4], [0, 1, 0, 1, 1]);
  // (1,0) is in train twice, (2,1) and (3,1) once each; (3,0) and (4,1) are new.
  assert.deepEqual(identicalRows(train, synthetic), {
    synthetic_rows: 5,
    identical_to_train_row: 3,
    identical_to_train_unique_row: 2,
  });
});
