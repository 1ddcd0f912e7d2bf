// `sosie run` on the shared single-table datasets, then a scan of report.json and report.html for
// any full real row and any rare real value (identifiers, values seen fewer than 5 times). Inputs
// are capped to their first rows and two methods (one neighbour-based) so the suite stays fast.
// Findings name the dataset, column and a count, never the value itself.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type RawTable, inferMetadata, rawCell, readCsv } from "@sosie/core";
import { runSosieInProcess } from "./capture.ts";
import { THRESHOLD_ORIGINS, VERDICT_CAVEAT } from "@sosie/core";

const DATASETS = "/work/shared/datasets";
/** Enough rows for a holdout of ≥ 500 at --holdout 0.5, so the holdout-based privacy metrics run. */
const MAX_ROWS = 1100;

const CASES: readonly { file: string; methods: string }[] = [
  { file: "heart-disease-cleveland/data.csv", methods: "avatar,cart" },
  { file: "heart-failure-clinical-records/data.csv", methods: "smote,gaussian-copula" },
  { file: "pima-indians-diabetes/data.csv", methods: "avatar,bayesnet" },
  { file: "breast-cancer-wisconsin/data.csv", methods: "smote,cart" },
  { file: "pbc-mayo/pbc.csv", methods: "avatar,independent" },
  { file: "pbc-mayo/pbcseq.csv", methods: "avatar,cart" },
  { file: "ican-aneurysm/simulated.csv", methods: "avatar,cart" },
  { file: "adult/data.csv", methods: "smote,cart" },
  { file: "diabetes-130-us-hospitals/data.csv", methods: "avatar,cart" },
];

let workDir = "";
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), "sosie-leak-"));
});
after(async () => rm(workDir, { recursive: true, force: true }));

/** The first `maxRows` data lines of a CSV text (these files have no quoted line breaks). */
function headLines(text: string, maxRows: number): string {
  const lines = text.split(/\r?\n/);
  return lines.slice(0, maxRows + 1).join("\n") + "\n";
}

/** Output text with tags dropped and every separator run collapsed to "|": rows compare as cell sequences. */
function normalise(text: string): string {
  return "|" + text.replace(/<[^>]*>/g, "|").replace(/[\s,;"'[\]{}:|=()]+/g, "|") + "|";
}

const POLICY_TEXT = `${VERDICT_CAVEAT} ${Object.values(THRESHOLD_ORIGINS).join(" ")}`;

function inPolicyText(value: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(value)}(?![\\p{L}\\p{N}_])`, "u").test(POLICY_TEXT);
}

function significantDigits(text: string): number {
  const digits = text.replace(/^[-+]/, "").replace(".", "").replace(/^0+/, "");
  return text.includes(".") ? digits.length : digits.replace(/0+$/, "").length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface Finding {
  readonly what: string;
  readonly column: string;
}

/**
 * Rare values worth scanning for, per column: identifiers, text of at least 3 characters, numbers
 * of ≥ 4 significant digits. A value seen 5 times or more in another column is left out (its
 * appearance there is no leak), and so is text of the report's fixed policy wording ("Health
 * Canada" is not the rare country).
 */
export function rareValues(raw: RawTable): { column: string; value: string }[] {
  const { metadata } = inferMetadata(raw);
  const out: { column: string; value: string }[] = [];
  const frequentSomewhere = new Map<string, Set<number>>();
  raw.columns.forEach((column, j) =>
    column.dictionary.forEach((text, k) => {
      if (column.counts[k] < 5) return;
      const columns = frequentSomewhere.get(text.trim()) ?? new Set<number>();
      frequentSomewhere.set(text.trim(), columns.add(j));
    }),
  );
  raw.names.forEach((name, j) => {
    const kind = metadata.columns[j].kind;
    const { dictionary, counts: dictionaryCounts } = raw.columns[j];
    const counts = new Map<string, number>();
    dictionary.forEach((text, k) => {
      const cell = text.trim();
      if (cell !== "") counts.set(cell, (counts.get(cell) ?? 0) + dictionaryCounts[k]);
    });
    for (const [value, n] of counts) {
      const numeric = /^[-+]?\d+(\.\d+)?$/.test(value);
      const rare = kind === "identifier" || n < 5;
      if (!rare) continue;
      if ([...(frequentSomewhere.get(value) ?? [])].some((other) => other !== j)) continue;
      if (!numeric && inPolicyText(value)) continue;
      if (numeric ? significantDigits(value) >= 4 : value.length >= 3) out.push({ column: name, value });
    }
  });
  return out;
}

/**
 * The histogram edges of a report.json: each sits half a unit of its own column's resolution off
 * any value that column can take (pipeline/bins.ts), so it can only equal a value of another
 * column by coincidence (trig's edge 139.5 and an ast of 139.5), which reveals nothing.
 */
function histogramEdges(reportJson: string): Set<string> {
  const report = JSON.parse(reportJson) as {
    realDistributions: { edges?: number[] }[];
    holdoutDistributions: { edges?: number[] }[];
    methods: { distributions?: { edges?: number[] }[] }[];
  };
  const all = [
    ...report.realDistributions,
    ...report.holdoutDistributions,
    ...report.methods.flatMap((m) => m.distributions ?? []),
  ];
  return new Set(all.flatMap((d) => (d.edges ?? []).map(String)));
}

export function scan(outputText: string, raw: RawTable, edges: ReadonlySet<string> = new Set()): Finding[] {
  const findings: Finding[] = [];
  const flat = normalise(outputText);
  for (let i = 0; i < raw.nRows; i++) {
    const cells = raw.columns.map((column) => rawCell(column, i).trim());
    if (flat.includes(normalise(cells.join(",")))) findings.push({ what: `full real row ${i + 1}`, column: "*" });
  }
  // Markup holds only geometry and ids (coordinates such as y="51.15" are not data); scan the text.
  const text = outputText.replace(/<[^>]*>/g, " ");
  for (const { column, value } of rareValues(raw)) {
    const numeric = /^[-+]?\d/.test(value);
    if (numeric && edges.has(String(Number(value)))) continue;
    // Hyphens join words: "Orthopedics" inside "Orthopedics-Reconstructive" is another level.
    // A number inside a longer token (a hash, a bigger number) is not that value.
    const boundary = numeric ? "[\\p{L}\\p{N}_.]" : "[\\p{L}\\p{N}_-]";
    const pattern = new RegExp(`(?<!${boundary})${escapeRegExp(value)}(?!${boundary})`, "u");
    if (pattern.test(text)) findings.push({ what: "a rare real value", column });
  }
  return findings;
}

for (const { file, methods } of CASES) {
  test(`no real row nor rare value leaks into the reports: ${file}`, async () => {
    const name = file.replace(/[/.]/g, "-");
    const input = join(workDir, `${name}.csv`);
    const capped = headLines(await readFile(join(DATASETS, file), "utf8"), MAX_ROWS);
    await writeFile(input, capped);
    const out = join(workDir, name);
    const run = await runSosieInProcess([
      "run",
      input,
      "--methods",
      methods,
      "--holdout",
      "0.5",
      "--seed",
      "11",
      "-o",
      out,
      "--quiet",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const raw = readCsv(capped);
    const edges = histogramEdges(await readFile(join(out, "report.json"), "utf8"));
    for (const report of ["report.json", "report.html"]) {
      const findings = scan(await readFile(join(out, report), "utf8"), raw, edges);
      assert.deepEqual(findings.slice(0, 10), [], `${report} of ${file}: ${findings.length} finding(s)`);
    }
  });
}

test("the scan finds what it looks for", () => {
  const raw = readCsv(
    "id,age,city\nA001,63.25,Brest\nA002,41.5,Paris\nA003,41.5,Paris\nA004,41.5,Paris\nA005,41.5,Paris\nA006,41.5,Paris\n",
  );
  assert.deepEqual(scan("nothing here: 41.5 Paris", raw), []);
  assert.deepEqual(scan('{"a": ["A002"]}', raw), [{ what: "a rare real value", column: "id" }]);
  assert.deepEqual(scan("<td>63.25</td>", raw), [{ what: "a rare real value", column: "age" }]);
  assert.deepEqual(scan("<td>63.25</td>", raw, new Set(["63.25"])), [], "another column's histogram edge");
  assert.deepEqual(scan("<td>Brest</td>", raw), [{ what: "a rare real value", column: "city" }]);
  assert.deepEqual(scan("value 163.251", raw), []);
  assert.deepEqual(scan("sha256 ab63.25cd", raw), [], "inside a longer token");
  assert.deepEqual(scan('<rect y="63.25"/>', raw), [], "markup geometry is not data");
  const shared = readCsv("a,b\nRome,Rome\nOslo,Rome\nOslo,Rome\nOslo,Rome\nOslo,Rome\nOslo,Rome\nCanada,Rome\n");
  assert.deepEqual(scan("Rome", shared), [], "rare in a but frequent in b");
  assert.deepEqual(scan("Health Canada", shared), [], "fixed policy wording");
  const row = scan("<tr><td>A003</td><td>41.5</td><td>Paris</td></tr>", raw);
  assert.ok(row.some((f) => f.what === "full real row 3"));
});
