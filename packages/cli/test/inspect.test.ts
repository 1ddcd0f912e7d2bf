import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  COLUMN_KINDS,
  type ColumnKind,
  Table,
  categoricalColumn,
  numericColumn,
  validateMetadata,
  writeParquet,
} from "@sosie/core";
import { COMMANDS } from "../src/commands/registry.ts";
import { runSosieInProcess } from "./capture.ts";
import { REPO_ROOT, runSosie, VIA_LAUNCHER } from "./run-cli.ts";

const DATASETS = join(REPO_ROOT, "../shared/datasets");
/** Real patient-level data: only exit codes and kinds are checked; its output is never shown. */
const PROTECTED = join(DATASETS, "mimic-iv-demo-omop");

function csvFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return csvFiles(path);
      return name.toLowerCase().endsWith(".csv") ? [path] : [];
    });
}

interface InspectJson {
  rows: number;
  columns: number;
  profiles: { name: string; kind: ColumnKind; nRows: number; reason: string }[];
  metadata: { columns: { name: string; kind: ColumnKind }[] };
}

const scratch = mkdtempSync(join(tmpdir(), "sosie-inspect-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

test("sosie inspect succeeds on every CSV of the shared datasets, with valid metadata and JSON", async (t) => {
  const files = csvFiles(DATASETS);
  assert.ok(files.length > 100, `found ${files.length} CSV files`);
  for (const [index, file] of files.entries()) {
    const label = relative(DATASETS, file);
    const isProtected = file.startsWith(PROTECTED);
    await t.test(label, async () => {
      const metadataFile = join(scratch, `${index}.json`);
      const run = await runSosieInProcess(["inspect", file, "--json", "--metadata", metadataFile, "--quiet"]);
      // Never put protected output in an assertion message: it would be printed on failure.
      assert.equal(run.code, 0, isProtected ? "exit code" : run.stderr);
      const report = JSON.parse(run.stdout) as InspectJson;
      assert.equal(report.profiles.length, report.columns);
      for (const profile of report.profiles) assert.ok(COLUMN_KINDS.includes(profile.kind), `kind of ${profile.name}`);

      const written = JSON.parse(readFileSync(metadataFile, "utf8"));
      const metadata = validateMetadata(written, { columnNames: report.profiles.map((p) => p.name) });
      assert.deepEqual(
        metadata.columns.map((c) => c.kind),
        report.profiles.map((p) => p.kind),
        "the written metadata has the printed kinds",
      );
      if (isProtected) {
        const kinds = new Map(report.profiles.map((p) => [p.name, p.kind]));
        if (kinds.has("person_id")) assert.equal(kinds.get("person_id"), "identifier");
        for (const [name, kind] of kinds) if (name.endsWith("_start_date")) assert.equal(kind, "date", name);
      }
    });
  }
});

test("the text report of a public dataset shows shape, dialect, kinds and ranges", async () => {
  const run = await runSosieInProcess(["inspect", join(DATASETS, "heart-failure-clinical-records/data.csv"), "-q"]);
  assert.equal(run.code, 0);
  const lines = run.stdout.split("\n");
  assert.match(lines[0], /data\.csv: 299 rows × 13 columns \(CSV: comma-delimited, UTF-8, LF line endings\)/);
  assert.match(run.stdout, /^COLUMN +KIND +MISSING +DISTINCT +VALUES +REASON$/m);
  assert.match(run.stdout, /^DEATH_EVENT +boolean +0\.0 % +2 +0 \(203\), 1 \(96\)/m);
  assert.match(run.stdout, /^ejection_fraction +integer +0\.0 % +\d+ +14 – 80, mean/m);
});

test("rare levels are counted, never shown", async () => {
  // adult: native-country has many countries seen fewer than 5 times.
  const run = await runSosieInProcess(["inspect", join(DATASETS, "adult/data.csv"), "--json", "-q"]);
  assert.equal(run.code, 0);
  const report = JSON.parse(run.stdout) as {
    profiles: { name: string; topLevels?: { count: number }[]; nRareLevels?: number }[];
    metadata: { columns: { name: string; levels?: string[] }[] };
  };
  for (const profile of report.profiles) for (const level of profile.topLevels ?? []) assert.ok(level.count >= 5);
  for (const profile of report.profiles.filter((p) => (p.nRareLevels ?? 0) > 0)) {
    const column = report.metadata.columns.find((c) => c.name === profile.name)!;
    assert.equal(column.levels, undefined, `printed metadata of ${profile.name} lists no levels`);
  }
});

test("--help works for every command, in both spellings", async () => {
  for (const command of COMMANDS) {
    const viaOption = await runSosieInProcess([command.name, "--help"]);
    const viaHelp = await runSosieInProcess(["help", command.name]);
    assert.equal(viaOption.code, 0);
    assert.equal(viaOption.stdout, viaHelp.stdout);
    assert.match(viaOption.stdout, new RegExp(`^Usage: sosie ${command.name} `));
    for (const name of Object.keys(command.options)) assert.match(viaOption.stdout, new RegExp(`--${name}\\b`));
    assert.match(viaOption.stdout, /\nExamples:\n/);
  }
});

test("the CLI runs as a subprocess, through npm run sosie and the bin launcher", async () => {
  const general = await runSosie(["--help"]);
  assert.equal(general.code, 0);
  assert.match(general.stdout, /^Usage: sosie <command> \[options\]/);
  assert.match(general.stdout, /\n {2}inspect +profile a table/);
  const version = await runSosie(["--version"], { entry: VIA_LAUNCHER });
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^sosie \d+\.\d+\.\d+\n$/);
});

test("metadata written by --metadata passes --review, and a partial review changes one kind", async () => {
  const file = join(DATASETS, "heart-disease-cleveland/data.csv");
  const written = join(scratch, "heart.json");
  assert.equal((await runSosieInProcess(["inspect", file, "--metadata", written, "-q"])).code, 0);
  const reviewed = await runSosieInProcess(["inspect", file, "--review", written, "-q"]);
  assert.equal(reviewed.code, 0, reviewed.stderr);
  assert.match(reviewed.stdout, /Kinds reviewed with .*heart\.json; the whole table decodes with them\./);

  const patch = join(scratch, "heart-patch.json");
  writeFileSync(patch, JSON.stringify({ sosie: "metadata/1", columns: [{ name: "num", kind: "categorical" }] }));
  const patched = await runSosieInProcess(["inspect", file, "--review", patch, "--json", "-q"]);
  assert.equal(patched.code, 0, patched.stderr);
  const report = JSON.parse(patched.stdout) as InspectJson;
  const num = report.profiles.find((p) => p.name === "num")!;
  assert.equal(num.kind, "categorical");
  assert.match(num.reason, /^set in .*heart-patch\.json \(inferred: integer\)$/);
});

test("a review counts the values outside declared bounds (a DP generator clips them), never printing one", async () => {
  const file = join(DATASETS, "heart-disease-cleveland/data.csv");
  const patch = join(scratch, "heart-bounds.json");
  writeFileSync(patch, JSON.stringify({ sosie: "metadata/1", columns: [{ name: "age", min: 30, max: 70 }] }));
  const run = await runSosieInProcess(["inspect", file, "--review", patch, "-q"]);
  assert.equal(run.code, 0, run.stderr);
  // Cleveland's ages: 1 patient under 30, 6 over 70.
  assert.match(
    run.stdout,
    /column "age": 1 below the declared min and 6 above the declared max of 303 rows: differentially private generators clip them to the bounds/,
  );
  const strict = await runSosieInProcess(["inspect", file, "--review", patch, "--strict", "-q"]);
  assert.notEqual(strict.code, 0);
});

test("a Parquet file written by core is inspected with its stored kinds", async () => {
  const table = new Table([
    numericColumn("age", new Float64Array([31, 45, 52, 60, 38, 47]), { kind: "integer" }),
    categoricalColumn("sex", new Int32Array([0, 1, 0, 1, 0, 0]), ["F", "M"]),
  ]);
  const file = join(scratch, "small.parquet");
  writeFileSync(file, writeParquet(table));
  const run = await runSosieInProcess(["inspect", file, "--json", "-q"]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as InspectJson;
  assert.equal(report.rows, 6);
  assert.deepEqual(
    report.profiles.map((p) => [p.name, p.kind, p.reason]),
    [
      ["age", "integer", "typed in the Parquet file"],
      ["sex", "categorical", "typed in the Parquet file"],
    ],
  );
  // sex: F x4 and M x2 are both rare (seen fewer than 5 times): counted, not shown.
  const text = await runSosieInProcess(["inspect", file, "-q"]);
  assert.match(text.stdout, /small\.parquet: 6 rows × 2 columns \(Parquet\)/);
  assert.match(text.stdout, /\nsex +categorical +0\.0 % +2 +2 rare levels hidden +typed/);
  assert.match(text.stdout, /\nKinds stored in the Parquet file;/);
});
