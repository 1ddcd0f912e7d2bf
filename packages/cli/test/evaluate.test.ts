import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCsv } from "@sosie/core";
import { runSosieInProcess } from "./capture.ts";
import { widenedMetadata } from "../src/evaluate/read-tables.ts";
import { formatValue } from "../src/evaluate/render-summary.ts";
import { evaluationJson } from "../src/evaluate/evaluation-json.ts";

const scratch = mkdtempSync(join(tmpdir(), "sosie-evaluate-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

function table(rows: number, offset: number, extraLevel?: string): string {
  const lines = ["age,weight,group"];
  for (let i = 0; i < rows; i++) {
    const group = extraLevel !== undefined && i === 0 ? extraLevel : ["a", "b", "c"][(i + offset) % 3];
    lines.push(`${30 + ((i * 7 + offset) % 40)},${i % 9 === 0 ? "" : 60 + ((i + offset) % 25)},${group}`);
  }
  return lines.join("\n") + "\n";
}

const REAL = join(scratch, "real.csv");
const HOLDOUT = join(scratch, "holdout.csv");
const SYNTHETIC = join(scratch, "synthetic.csv");
writeFileSync(REAL, table(80, 0));
// The holdout has a level R never shows and writes missing as NA: both must be accepted.
writeFileSync(HOLDOUT, table(40, 1, "d").replace(/,,/g, ",NA,"));
writeFileSync(SYNTHETIC, table(80, 2));

test("utility metrics: a summary line per record and the full JSON, references from the holdout", async () => {
  const json = join(scratch, "u.json");
  const run = await runSosieInProcess([
    "evaluate",
    "--real",
    REAL,
    "--holdout",
    HOLDOUT,
    "--synthetic",
    SYNTHETIC,
    "--utility",
    "--metrics",
    "ks-complement,missingness-difference,categorical-consistency",
    "--json",
    json,
    "-q",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Utility\n {2}metric +submetric +value +interval +reference +better/);
  assert.match(run.stdout, /^ {2}ks-complement +[\d.]+ +[\d.]+ +higher$/m);
  assert.doesNotMatch(run.stdout, /Privacy/);
  const doc = JSON.parse(readFileSync(json, "utf8"));
  assert.equal(doc.format, "sosie-evaluation/1");
  assert.deepEqual(doc.inputs.holdout, { file: HOLDOUT, rows: 40 });
  assert.equal(doc.inputs.link, false);
  // The metrics named, in the order named, one record each.
  assert.deepEqual(
    doc.utility.map((r: { id: string }) => r.id),
    ["ks-complement", "missingness-difference", "categorical-consistency"],
  );
  assert.equal(doc.privacy.length, 0);
  assert.equal(doc.verdict, null);
  for (const r of doc.utility) assert.equal(r.n.H, 40);
});

test("the holdout's unseen level is added after R's levels; its own missing texts are read as missing", () => {
  const real = readCsv(readFileSync(REAL, "utf8"));
  const holdout = readCsv(readFileSync(HOLDOUT, "utf8"));
  const base = {
    sosie: "metadata/1" as const,
    columns: [
      { name: "age", kind: "integer" as const },
      { name: "weight", kind: "integer" as const, missingTokens: [""] },
      { name: "group", kind: "categorical" as const, levels: ["a", "b", "c"] },
    ],
  };
  assert.equal(real.nRows, 80);
  const widened = widenedMetadata(base, holdout);
  assert.deepEqual(widened.columns[2].levels, ["a", "b", "c", "d"]);
  assert.ok(widened.columns[1].missingTokens?.includes("NA"));
});

test("a synthetic table from sosie generate is accepted with its free text left out (∅)", async () => {
  const real = join(scratch, "with-text.csv");
  const lines = ["age,sex,note"];
  for (let i = 0; i < 120; i++) lines.push(`${20 + ((i * 7) % 60)},${"MF"[i % 2]},free text ${i} about a visit`);
  writeFileSync(real, lines.join("\n") + "\n");
  const synthetic = join(scratch, "with-text-synthetic.csv");
  const generated = await runSosieInProcess(["generate", real, "-m", "independent", "-o", synthetic, "-q"]);
  assert.equal(generated.code, 0, generated.stderr);
  const run = await runSosieInProcess(["evaluate", "--real", real, "--synthetic", synthetic, "-q"]);
  assert.equal(run.code, 0, run.stderr);
});

test("JSON writes infinities as strings and NaN as null", () => {
  const text = evaluationJson({
    inputs: { real: { file: "r", rows: 1 }, synthetic: { file: "s", rows: 1 }, holdout: null, link: false },
    plan: { seed: 0, utilityMetrics: [], privacyMetrics: [], bootstrap: 0, maxRows: 1, privacyMaxRows: 1 },
    utility: [{ value: Infinity, reference: -Infinity, ci: [NaN, 1] } as never],
    privacy: [],
    verdict: null,
    notes: [],
  });
  const doc = JSON.parse(text);
  assert.equal(doc.utility[0].value, "Infinity");
  assert.equal(doc.utility[0].reference, "-Infinity");
  assert.deepEqual(doc.utility[0].ci, [null, 1]);
});

test("values are printed with four significant digits", () => {
  assert.equal(formatValue(0.123456), "0.1235");
  assert.equal(formatValue(87.5), "87.5");
  assert.equal(formatValue(3), "3");
  assert.equal(formatValue(Infinity), "∞");
  assert.equal(formatValue(null), "");
  assert.equal(formatValue(0.0000123), "1.230e-5");
});

test("bad inputs: missing --real or --synthetic, unknown metric, a bad link, exit codes and no JSON", async () => {
  const json = join(scratch, "bad.json");
  const missingReal = await runSosieInProcess(["evaluate", "--synthetic", SYNTHETIC, "--json", json, "-q"]);
  assert.equal(missingReal.code, 2);
  assert.match(missingReal.stderr, /missing --real <file>/);
  assert.match(missingReal.stderr, /Run 'sosie evaluate --help'/);
  const missingSynthetic = await runSosieInProcess(["evaluate", "--real", REAL, "-q"]);
  assert.equal(missingSynthetic.code, 2);
  const twice = ["--metrics", "quality-score,quality-score"];
  const named = await runSosieInProcess(["evaluate", "--real", REAL, "--synthetic", SYNTHETIC, ...twice, "-q"]);
  assert.equal(named.code, 2);
  assert.match(named.stderr, /a metric is named twice in --metrics/);
  const unknown = await runSosieInProcess([
    "evaluate",
    "--real",
    REAL,
    "--synthetic",
    SYNTHETIC,
    "--metrics",
    "nope",
    "--json",
    json,
    "-q",
  ]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown metric "nope" \(known: /);
  const link = join(scratch, "link.csv");
  writeFileSync(link, "synthetic_row,real_row\n0,3\n");
  const badLink = await runSosieInProcess([
    "evaluate",
    "--real",
    REAL,
    "--synthetic",
    SYNTHETIC,
    "--link",
    link,
    "--json",
    json,
    "-q",
  ]);
  assert.equal(badLink.code, 1);
  assert.match(badLink.stderr, /link\.csv: the link has 1 rows but the synthetic table has 80/);
  assert.equal(existsSync(json), false);
});
