import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSosieInProcess } from "./capture.ts";
import { readParquetFile } from "../src/files.ts";
import { parseLinkCsv } from "../src/link-file.ts";

const scratch = mkdtempSync(join(tmpdir(), "sosie-generate-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

/** A semicolon file with decimal commas and "NA" for missing values: the dialect must survive. */
const SOURCE = join(scratch, "in.csv");
const lines = ["age;weight;group;smoker"];
for (let i = 0; i < 60; i++)
  lines.push(
    `${30 + (i % 40)};${i % 7 === 0 ? "NA" : `${60 + (i % 25)},${i % 10}`};${["a", "b", "c"][i % 3]};${i % 4 === 0 ? "yes" : "no"}`,
  );
writeFileSync(SOURCE, lines.join("\r\n") + "\r\n");

const quiet = (args: string[]) => runSosieInProcess([...args, "-q"]);

test("the output keeps the input's dialect and missing text, and the run is reproducible", async () => {
  const a = join(scratch, "a.csv");
  const b = join(scratch, "b.csv");
  for (const out of [a, b]) {
    const run = await quiet(["generate", SOURCE, "-m", "cart", "--seed", "5", "-o", out]);
    assert.equal(run.code, 0, run.stderr);
  }
  const text = readFileSync(a, "utf8");
  assert.equal(text, readFileSync(b, "utf8"), "same seed, same bytes");
  const rows = text.split("\r\n");
  assert.equal(rows[0], "age;weight;group;smoker");
  assert.equal(rows.length, 62, "60 rows, CRLF line endings, final newline");
  assert.match(text, /;\d+,\d;/, "decimal comma");
  assert.match(text, /;NA;/, "missing written as NA");
  const other = join(scratch, "c.csv");
  await quiet(["generate", SOURCE, "-m", "cart", "--seed", "6", "-o", other]);
  assert.notEqual(readFileSync(other, "utf8"), text, "another seed, other rows");
});

test("the sidecar manifest says how the file was made and holds no real value", async () => {
  const out = join(scratch, "m.csv");
  const run = await quiet([
    "generate",
    SOURCE,
    "-m",
    "avatar",
    "--param",
    "k=5",
    "--param",
    "ncp=2",
    "-n",
    "40",
    "--privacy",
    "strict",
    "-o",
    out,
  ]);
  assert.equal(run.code, 0, run.stderr);
  const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, "utf8"));
  assert.equal(manifest.generator, "avatar");
  assert.equal(manifest.privacy.preset, "strict");
  assert.equal(manifest.guard.rounds >= 0, true, "the guard reports what it did");
  assert.equal(manifest.params.k, 5);
  assert.equal(manifest.params.ncp, 2);
  assert.equal(manifest.seed, 0);
  assert.equal(manifest.rows, 40);
  assert.equal(manifest.containsRealValues, true);
  assert.equal(manifest.dp, null);
  assert.equal(manifest.modelSaved, false);
  assert.equal(typeof manifest.fitMilliseconds, "number");
  assert.deepEqual(manifest.warnings, []);
  const text = JSON.stringify(manifest);
  for (const secret of ['"a"', '"yes"', '"levels"', '"min":', '"max":'])
    assert.ok(!text.includes(secret), `manifest holds ${secret}`);
  assert.equal(readFileSync(out, "utf8").split("\r\n").length, 42, "-n 40 rows");
  assert.deepEqual(
    readdirSync(scratch).filter((f) => f.startsWith("m.csv")),
    ["m.csv", "m.csv.manifest.json"],
    "no model, no link",
  );
});

test("the fit's diagnostics are printed as warnings and kept in the manifest", async () => {
  const out = join(scratch, "k3.csv");
  const run = await quiet(["generate", SOURCE, "-m", "avatar", "--param", "k=3", "-o", out]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /sosie: warning: avatar: k = 3 is below 5/);
  const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, "utf8"));
  assert.ok(
    manifest.warnings.some((w: string) => w.startsWith("k = 3 is below 5")),
    JSON.stringify(manifest.warnings),
  );
  // Stratification asked for without a target: one copula, and the reason.
  const copula = await quiet(["generate", SOURCE, "-m", "gaussian-copula", "--param", "stratify=target", "-o", out]);
  assert.equal(copula.code, 0, copula.stderr);
  assert.match(copula.stderr, /sosie: warning: gaussian-copula: not stratified: no target given/);
});

test("--keep-link and --save-model write the sensitive files with warnings", async () => {
  const out = join(scratch, "linked.parquet");
  const link = join(scratch, "link.csv");
  const model = join(scratch, "model.json");
  const run = await quiet(["generate", SOURCE, "-m", "smote", "--keep-link", link, "--save-model", model, "-o", out]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /warning: .*link\.csv links each synthetic row/);
  assert.match(run.stderr, /warning: the smote model holds values copied from the real data/);
  const table = await readParquetFile(out);
  assert.equal(table.nRows, 60);
  assert.deepEqual(table.names, ["age", "weight", "group", "smoker"]);
  const parsed = parseLinkCsv(readFileSync(link, "utf8"), link, 60, 60);
  assert.ok(parsed.every((r) => r >= 0 && r < 60));
  assert.equal(JSON.parse(readFileSync(model, "utf8")).containsRealValues, true);
});

test("methods list the registry's generators with their defaults", async () => {
  const listed = await runSosieInProcess(["methods"]);
  assert.equal(listed.code, 0);
  assert.match(listed.stdout, /^avatar \(version \d+/m);
  assert.match(listed.stdout, /^ {2}k +integer ≥ 1, default 20$/m);
  assert.equal((await runSosieInProcess(["generate", "--list"])).stdout, listed.stdout);
});

const BAD: { name: string; args: string[]; message: RegExp }[] = [
  { name: "unknown method", args: ["-m", "gan"], message: /unknown method "gan" \(known: independent, cart/ },
  {
    name: "unknown parameter",
    args: ["-m", "avatar", "--param", "kk=3"],
    message: /unknown parameter "kk" for method avatar \(known: k, ncp/,
  },
  {
    name: "ill-typed parameter",
    args: ["-m", "avatar", "--param", "k=many"],
    message: /parameter "k" of method avatar: expected a number/,
  },
  { name: "fractional -n", args: ["-m", "cart", "-n", "2.5"], message: /-n must be a positive whole number/ },
  { name: "zero rows", args: ["-m", "cart", "-n", "0"], message: /-n must be a positive whole number/ },
  { name: "too many rows", args: ["-m", "cart", "-n", "5000000000"], message: /-n must be at most 100,000,000 rows/ },
  {
    name: "link from a method without one",
    args: ["-m", "cart", "--keep-link", "l.csv"],
    message: /method cart .* has no link/,
  },
  { name: "unknown target", args: ["-m", "smote", "--target", "nope"], message: /--target names no column/ },
];

for (const bad of BAD)
  test(`bad input: ${bad.name} exits 2 with a hint and writes nothing`, async () => {
    const out = join(scratch, `bad-${bad.name.replace(/\W/g, "-")}.csv`);
    const run = await quiet(["generate", SOURCE, ...bad.args, "-o", out]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, bad.message);
    assert.match(run.stderr, /Run 'sosie generate --help'/);
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(`${out}.manifest.json`), false);
  });

test("bad input: no output file or no method", async () => {
  assert.match((await quiet(["generate", SOURCE, "-m", "cart"])).stderr, /missing -o <file>/);
  assert.match((await quiet(["generate", SOURCE, "-o", join(scratch, "x.csv")])).stderr, /missing --method/);
});

test("an output path that cannot be written fails before any work and leaves no file", async () => {
  for (const [option, method] of [
    ["--save-model", "cart"],
    ["--keep-link", "avatar"],
  ]) {
    const out = join(scratch, `unwritten-${method}.csv`);
    const bad = join(scratch, "no", "such", "dir", "file.json");
    const run = await quiet(["generate", SOURCE, "-m", method, "-o", out, option, bad]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, `sosie: ${bad}: no such file or directory\n`, "no fit ran: no warning");
    assert.deepEqual(
      readdirSync(scratch).filter((f) => f.startsWith(`unwritten-${method}`) || f.includes(".tmp-")),
      [],
    );
  }
});

test("protection warnings and an all-missing column are printed on stderr, once each", async () => {
  // "code" has 15 levels of 4 rows each: no level is held by 5 subjects; "note" is empty.
  const source = join(scratch, "rare.csv");
  const rows = ["x,code,note"];
  for (let i = 0; i < 60; i++) rows.push(`${i % 9},L${i % 15},`);
  writeFileSync(source, rows.join("\n") + "\n");
  const out = join(scratch, "rare-out.csv");
  const run = await quiet(["generate", source, "-m", "cart", "-o", out]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stderr,
    [
      `sosie: warning: column "note" of ${source} has no value: it is reproduced as all-missing`,
      'sosie: warning: cart: column "code": no level is held by 5 subjects, so every value would be a rare one: it is left out (∅) at the balanced preset (declare it an identifier for fresh codes, or choose privacy "off" knowingly)',
      "",
    ].join("\n"),
  );
  const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, "utf8"));
  assert.equal(manifest.privacy.warnings.length, 1, "the manifest keeps it too");
});

test("a numeric column read as categorical because of one stray text is warned about on stderr", async () => {
  const source = join(scratch, "stray.csv");
  const rows = ["age,bmi"];
  for (let i = 0; i < 300; i++) rows.push(`${20 + (i % 60)},${i === 7 ? "unknown" : (18 + (i % 200) / 10).toFixed(1)}`);
  writeFileSync(source, rows.join("\n") + "\n");
  const run = await quiet(["generate", source, "-m", "independent", "-o", join(scratch, "stray-out.csv")]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(
    run.stderr.includes(
      `sosie: warning: column "bmi" of ${source}: 299 of 300 values are numbers and 1 is not, so the column is read as categorical`,
    ),
    run.stderr,
  );
  assert.ok(!run.stderr.includes("unknown"), "never the text itself");
  // Declared continuous with "unknown" as a missing token, it reads and the warning is gone.
  const metadata = join(scratch, "stray.json");
  writeFileSync(
    metadata,
    JSON.stringify({
      sosie: "metadata/1",
      columns: [{ name: "bmi", kind: "continuous", missingTokens: ["unknown"], nullable: true }],
    }),
  );
  const fixed = await quiet([
    "generate",
    source,
    "-m",
    "independent",
    "--metadata",
    metadata,
    "-o",
    join(scratch, "stray-fixed.csv"),
  ]);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.ok(!fixed.stderr.includes("values are numbers"), fixed.stderr);
});

test("wording: the usage shows the file as required; output names; yes/no in any case", async () => {
  const help = await quiet(["generate", "--help"]);
  assert.match(help.stdout, /^Usage: sosie generate <file> \[options\]\n {7}sosie generate --list\n/);
  const xlsx = join(scratch, "out.xlsx");
  const written = await quiet(["generate", SOURCE, "-m", "cart", "-o", xlsx]);
  assert.equal(written.code, 1);
  assert.equal(
    written.stderr,
    `sosie: ${xlsx}: sosie cannot write '.xlsx' files; it writes .csv, .tsv, .txt or .parquet\n`,
  );
  const folder = join(scratch, "somefolder");
  const named = await quiet(["generate", SOURCE, "-m", "cart", "-o", folder]);
  assert.equal(named.code, 1);
  assert.equal(
    named.stderr,
    `sosie: ${folder}: the output needs a file name ending in .csv or .parquet (or .tsv, .txt)\n`,
  );
  const out = join(scratch, "linked-upper.csv");
  const upper = await quiet(["generate", SOURCE, "-m", "avatar", "--param", "keepLink=TRUE", "-o", out]);
  assert.equal(upper.code, 0, upper.stderr);
  assert.equal(JSON.parse(readFileSync(`${out}.manifest.json`, "utf8")).params.keepLink, true);
  const no = await quiet(["generate", SOURCE, "-m", "avatar", "--param", "keepLink=No", "-o", out]);
  assert.equal(JSON.parse(readFileSync(`${out}.manifest.json`, "utf8")).params.keepLink, false, no.stderr);
});
