// `sosie run` end to end on the bundled example and a small shared dataset: outputs, progress
// lines, determinism, holdout file, command-line errors.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runSosieInProcess } from "./capture.ts";
import { REPO_ROOT } from "./run-cli.ts";

const HEART = join(REPO_ROOT, "examples/heart.csv");
let workDir = "";
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), "sosie-run-"));
});
after(async () => rm(workDir, { recursive: true, force: true }));

interface ReportJson {
  report: string;
  sizes: { input: number; train: number; holdout: number };
  provenance: { seed: string; target: string | null; input: { sha256: string } };
  methods: {
    method: string;
    status: string;
    utility: { id: string; submetric: string; status: string }[];
    privacy: unknown[];
    verdict: { criteria: unknown[] };
  }[];
}

test("heart with a target: synthetic tables, reports, stratified split, TSTR, one JSON line per step", async () => {
  const out = join(workDir, "heart-target");
  const run = await runSosieInProcess([
    "run",
    HEART,
    "--methods",
    "cart,gaussian-copula",
    "--target",
    "num",
    "--seed",
    "7",
    "-o",
    out,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual((await readdir(out)).sort(), [
    "report.html",
    "report.json",
    "synthetic-cart.csv",
    "synthetic-gaussian-copula.csv",
  ]);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as ReportJson;
  assert.equal(report.report, "sosie-report/1");
  assert.deepEqual(report.sizes, { input: 303, train: 212, holdout: 91 });
  assert.equal(report.provenance.target, "num");
  assert.match(report.provenance.input.sha256, /^[0-9a-f]{64}$/);
  for (const m of report.methods) {
    assert.equal(m.status, "ok");
    assert.ok(
      m.utility.some((r) => r.id.startsWith("tstr-") && r.status === "ok"),
      `${m.method} has TSTR`,
    );
    assert.ok(m.privacy.length > 0);
    assert.equal(m.verdict.criteria.length, 3);
  }
  const synthetic = (await readFile(join(out, "synthetic-cart.csv"), "utf8")).trimEnd().split("\n");
  assert.equal(synthetic[0], "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num");
  assert.equal(synthetic.length, 1 + 212);
  // Not a terminal: one JSON line per step start and end.
  const lines = run.stderr
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { step: string; status: string });
  for (const step of [
    "split train / holdout",
    "fit cart",
    "sample cart",
    "evaluate cart: quality-score",
    "render report.html",
  ])
    assert.deepEqual(
      lines.filter((l) => l.step === step).map((l) => l.status),
      ["start", "done"],
      step,
    );
  assert.match(run.stdout, /^cart: .*synthetic-cart\.csv \(utility \d+\.\d %\)$/m);
  assert.match(run.stdout, /^report: .*report\.html$/m);
});

test("same seed, same input: byte-identical outputs; another seed: other synthetic rows", async () => {
  const args = (dir: string, seed: string): string[] => [
    "run",
    HEART,
    "--methods",
    "avatar,bayesnet",
    "--seed",
    seed,
    "-o",
    join(workDir, dir),
    "--quiet",
  ];
  for (const [dir, seed] of [
    ["a", "5"],
    ["b", "5"],
    ["c", "6"],
  ])
    assert.equal((await runSosieInProcess(args(dir, seed))).code, 0);
  for (const file of ["synthetic-avatar.csv", "synthetic-bayesnet.csv", "report.json", "report.html"]) {
    const a = await readFile(join(workDir, "a", file));
    assert.ok(a.equals(await readFile(join(workDir, "b", file))), `${file} is reproducible`);
  }
  const other = await readFile(join(workDir, "c", "synthetic-avatar.csv"));
  assert.ok(!other.equals(await readFile(join(workDir, "a", "synthetic-avatar.csv"))), "another seed gives other rows");
});

test("a holdout file is used as the holdout, decoded like the input", async () => {
  const lines = (await readFile(HEART, "utf8")).trimEnd().split("\n");
  const train = join(workDir, "heart-train.csv");
  const holdout = join(workDir, "heart-holdout.csv");
  await writeFile(train, lines.slice(0, 201).join("\n") + "\n");
  await writeFile(holdout, [lines[0], ...lines.slice(201)].join("\n") + "\n");
  const out = join(workDir, "holdout-file");
  const run = await runSosieInProcess([
    "run",
    train,
    "--holdout",
    holdout,
    "--methods",
    "independent,cart",
    "-o",
    out,
    "--quiet",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as ReportJson;
  assert.deepEqual(report.sizes, { input: 200, train: 200, holdout: 103 });
});

test("default methods on a small shared dataset: every generator runs", async () => {
  const out = join(workDir, "heart-failure");
  const input = "/work/shared/datasets/heart-failure-clinical-records/data.csv";
  const run = await runSosieInProcess(["run", input, "-o", out, "--quiet"]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as ReportJson;
  assert.deepEqual(
    report.methods.map((m) => [m.method, m.status]),
    ["independent", "cart", "gaussian-copula", "avatar", "smote", "bayesnet"].map((m) => [m, "ok"]),
  );
});

interface FrontierJson {
  presets: string[];
  methods: { output: string; method: string; preset: string; guard: { share: number } | null }[];
  frontier: {
    points: {
      output: string;
      preset: string;
      quality: { value: number | null };
      tstr: { value: number | null } | null;
      singlingOut: { value: number | null; ci: [number, number] | null };
      bestMiaAuc: { value: number | null };
      closerToTrain: { value: number | null };
      gate: string;
      publishable: boolean;
      frontierGate: { passed: boolean; reasons: string[] };
    }[];
    targets: { singlingOut: number; miaAuc: number; closerToTrain: number; noRisk: number };
    recommendation: { output: string } | null;
    closestCandidate: { output: string } | null;
  };
}

test("--privacy with several presets: one output per method and preset, the frontier and the recommendation, reproducible", async () => {
  const args = (dir: string): string[] => [
    "run",
    HEART,
    "--methods",
    "cart,independent",
    "--privacy",
    "off,strict",
    "--target",
    "num",
    "--holdout",
    "0.3",
    "--seed",
    "4",
    "-o",
    join(workDir, dir),
  ];
  const run = await runSosieInProcess([...args("frontier-a"), "--quiet"]);
  assert.equal(run.code, 0, run.stderr);
  const out = join(workDir, "frontier-a");
  assert.deepEqual((await readdir(out)).sort(), [
    "report.html",
    "report.json",
    "synthetic-cart-off.csv",
    "synthetic-cart-strict.csv",
    "synthetic-independent-off.csv",
    "synthetic-independent-strict.csv",
  ]);
  assert.match(run.stdout, /^cart-strict: .*synthetic-cart-strict\.csv \(utility \d+\.\d %\)$/m);
  assert.match(
    run.stdout,
    /^recommended: (none \(no output passes the frontier gate.*\)|[a-z-]+ \(highest utility that passes the frontier gate; release gate [a-z-]+\))$/m,
  );
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as FrontierJson;
  // Presets run in the canonical order, whatever order they were named in.
  assert.deepEqual(report.presets, ["strict", "off"]);
  assert.deepEqual(
    report.methods.map((m) => [m.output, m.method, m.preset]),
    [
      ["cart-strict", "cart", "strict"],
      ["cart-off", "cart", "off"],
      ["independent-strict", "independent", "strict"],
      ["independent-off", "independent", "off"],
    ],
  );
  // The guard runs with the protective presets only.
  for (const m of report.methods) assert.equal(m.guard === null, m.preset === "off", m.output);
  const points = report.frontier.points;
  assert.deepEqual(
    points.map((p) => p.output),
    report.methods.map((m) => m.output),
  );
  for (const p of points) {
    assert.ok(p.quality.value !== null && p.quality.value > 0 && p.quality.value <= 1);
    assert.ok(p.tstr !== null && p.tstr.value !== null, `${p.output} has a TSTR figure`);
    // 91 holdout rows: below the attacks' minimum, so the risk figures are undefined, not made up.
    assert.equal(p.bestMiaAuc.value, null);
    assert.equal(p.publishable, p.gate === "pass");
  }
  assert.deepEqual(report.frontier.targets, { singlingOut: 0.09, miaAuc: 0.55, closerToTrain: 0.53, noRisk: 0.5 });
  // Without the risk figures no output passes the frontier gate, and each says why.
  for (const p of points) {
    assert.equal(p.frontierGate.passed, false);
    assert.match(p.frontierGate.reasons.join(), /best membership AUC undefined/);
  }
  const passing = points.filter((p) => p.frontierGate.passed);
  if (passing.length === 0) assert.equal(report.frontier.recommendation, null);
  else
    assert.equal(
      report.frontier.recommendation?.output,
      passing.reduce((a, b) => (b.quality.value! > a.quality.value! ? b : a)).output,
    );

  const html = await readFile(join(out, "report.html"), "utf8");
  assert.match(html, /data-role="recommendation"/);
  assert.match(html, /<section id="frontier">/);
  // One panel per risk and utility figure; with 91 holdout rows no risk figure exists, so each
  // panel is a sentence saying why rather than empty axes (the browser test draws them on pima).
  for (const risk of ["singling-out", "mia", "closer"])
    for (const utility of ["quality", "tstr"]) {
      assert.ok(html.includes(`data-frontier-empty="${risk}-${utility}"`), `${risk} × ${utility}`);
      assert.ok(!html.includes(`data-chart="frontier-${risk}-${utility}"`), `${risk} × ${utility}: no empty chart`);
    }
  assert.match(html, /Privacy presets: strict, off\./);

  const again = await runSosieInProcess([...args("frontier-b"), "--quiet"]);
  assert.equal(again.code, 0, again.stderr);
  for (const file of ["synthetic-cart-strict.csv", "synthetic-independent-off.csv", "report.json", "report.html"]) {
    const a = await readFile(join(out, file));
    assert.ok(a.equals(await readFile(join(workDir, "frontier-b", file))), `${file} is reproducible`);
  }
});

test("one preset keeps the plain output names; the report says which preset ran", async () => {
  const out = join(workDir, "one-preset");
  const run = await runSosieInProcess(["run", HEART, "--methods", "cart", "--privacy", "strict", "-o", out, "--quiet"]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual((await readdir(out)).sort(), ["report.html", "report.json", "synthetic-cart.csv"]);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as FrontierJson;
  assert.deepEqual(report.presets, ["strict"]);
  assert.deepEqual(
    report.methods.map((m) => [m.output, m.preset]),
    [["cart", "strict"]],
  );
  assert.equal(report.frontier.points.length, 1);
  assert.equal(report.frontier.points[0].tstr, null, "no target: no TSTR figure");
  assert.match(await readFile(join(out, "report.html"), "utf8"), /Privacy preset: strict\./);
  // Without --privacy the default preset runs.
  const plain = join(workDir, "default-preset");
  assert.equal((await runSosieInProcess(["run", HEART, "--methods", "independent", "-o", plain, "--quiet"])).code, 0);
  const defaults = JSON.parse(await readFile(join(plain, "report.json"), "utf8")) as FrontierJson;
  assert.deepEqual(defaults.presets, ["balanced"]);
});

test("--param method.parameter=value reaches the method; report.json records it, --attack-runs and the command line", async () => {
  const out = join(workDir, "params");
  const run = await runSosieInProcess([
    "run",
    HEART,
    "--methods",
    "avatar",
    "--param",
    "avatar.k=4",
    "--param",
    "avatar.marginals=ranks",
    "--attack-runs",
    "2",
    "-o",
    out,
    "--quiet",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as {
    methods: { params: Record<string, unknown>; notes: string[] }[];
    provenance: { command: string };
    evaluation: { attackRuns: number };
  };
  assert.equal(report.evaluation.attackRuns, 2);
  assert.equal(report.methods[0].params.k, 4);
  // The fit's diagnostics reach the report's notes.
  assert.ok(
    report.methods[0].notes.some((n) => n.startsWith("k = 4 is below 5")),
    report.methods[0].notes.join("; "),
  );
  assert.equal(report.methods[0].params.marginals, "ranks");
  // The run's own default for the avatar (the in-memory link for the privacy metrics) is kept.
  assert.equal(report.methods[0].params.keepLink, true);
  assert.match(report.provenance.command, /--attack-runs 2 --param avatar\.k=4 --param avatar\.marginals=ranks/);
});

test("command-line mistakes exit with code 2 and write nothing", async () => {
  const out = join(workDir, "never");
  const cases: [string[], RegExp][] = [
    [["run", HEART], /-o <dir>/],
    [["run", HEART, "-o", out, "--methods", "cartt"], /unknown method 'cartt'/],
    [["run", HEART, "-o", out, "--holdout", "1.5"], /--holdout/],
    [["run", HEART, "-o", out, "--target", "nope"], /--target 'nope'/],
    [["run", HEART, "-o", out, "--privacy", "paranoid"], /unknown privacy preset 'paranoid'/],
    [["run", HEART, "-o", out, "--privacy", "off,off"], /named twice in --privacy/],
    [["run", HEART, "-o", out, "--param", "k=7"], /method\.parameter=value/],
    [["run", HEART, "-o", out, "--param", "avatr.k=7"], /unknown method 'avatr'/],
    [["run", HEART, "-o", out, "--param", "avatar.kk=7"], /unknown parameter "kk" for method avatar/],
    [["run", HEART, "-o", out, "--param", "avatar.k=seven"], /parameter "k" of method avatar/],
    [["run", HEART, "-o", out, "--methods", "cart", "--param", "avatar.k=7"], /not in --methods cart/],
    [["run", HEART, "-o", out, "--attack-runs", "0"], /--attack-runs must be a whole number from 1 to 50, got '0'/],
    [["run", HEART, "-o", out, "--attack-runs", "2.5"], /--attack-runs must be a whole number/],
  ];
  for (const [args, message] of cases) {
    const run = await runSosieInProcess([...args, "--quiet"]);
    assert.equal(run.code, 2, args.join(" "));
    assert.match(run.stderr, message);
  }
  await assert.rejects(readdir(out));
});

test("membership attacks averaged over refits: recorded per record, reproducible byte for byte", async () => {
  const args = (dir: string): string[] => [
    "run",
    HEART,
    "--methods",
    "gaussian-copula",
    "--min-holdout",
    "90",
    "--attack-runs",
    "3",
    "--seed",
    "4",
    "-o",
    join(workDir, dir),
    "--quiet",
  ];
  for (const dir of ["runs-a", "runs-b"]) assert.equal((await runSosieInProcess(args(dir))).code, 0);
  for (const file of ["synthetic-gaussian-copula.csv", "report.json", "report.html"]) {
    const a = await readFile(join(workDir, "runs-a", file));
    assert.ok(a.equals(await readFile(join(workDir, "runs-b", file))), `${file} is reproducible`);
  }
  const report = JSON.parse(await readFile(join(workDir, "runs-a", "report.json"), "utf8")) as {
    methods: {
      privacy: {
        id: string;
        submetric: string;
        value: number | null;
        details: { measure: string; stats?: Record<string, number> }[];
      }[];
    }[];
  };
  const aucs = report.methods[0].privacy.filter((r) => r.id.startsWith("mia-") && r.submetric === "auc");
  assert.ok(aucs.length >= 5, `${aucs.length} membership attacks`);
  for (const r of aucs) {
    const runs = r.details.find((d) => d.measure === "runs-sd")?.stats;
    assert.equal(runs?.runs, 3, r.id);
    assert.ok(r.value! >= runs!.min && r.value! <= runs!.max, `${r.id}: the mean lies within the runs`);
  }
});

test("a holdout file repeating the training rows is refused; a few repeats are noted; a missing column is named", async () => {
  const lines = (await readFile(HEART, "utf8")).trimEnd().split("\n");
  const train = join(workDir, "repeat-train.csv");
  await writeFile(train, lines.slice(0, 201).join("\n") + "\n");
  const out = join(workDir, "repeat");
  const run = (holdout: string) =>
    runSosieInProcess(["run", train, "--holdout", holdout, "--methods", "independent", "-o", out, "--quiet"]);

  const same = await run(train);
  assert.equal(same.code, 1, same.stderr);
  assert.equal(
    same.stderr,
    "sosie: repeat-train.csv: 200 of 200 holdout rows repeat a training row exactly; the holdout must be real rows the generator never saw (not the training file, nor a part of it)\n",
  );
  await assert.rejects(readdir(out), "nothing written");

  // Training rows 1 to 10 again, then the 103 rows of the true holdout: noted, not refused.
  const some = join(workDir, "repeat-some.csv");
  await writeFile(some, [lines[0], ...lines.slice(1, 11), ...lines.slice(201)].join("\n") + "\n");
  const noted = await run(some);
  assert.equal(noted.code, 0, noted.stderr);
  const note =
    "10 of 113 holdout rows repeat a training row exactly (identical records can be legitimate); each makes the privacy attacks see less difference between training and holdout rows";
  assert.equal(noted.stderr, `sosie: warning: ${note}\n`);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as { notes: string[] };
  assert.deepEqual(report.notes, [note]);

  const lacking = join(workDir, "repeat-lacking.csv");
  await writeFile(lacking, [lines[0], ...lines.slice(201)].map((l) => l.split(",").slice(0, 13).join(",")).join("\n"));
  const missing = await run(lacking);
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    `sosie: ${lacking}, column "num": the holdout lacks the column "num" that ${train} has\n`,
  );
});

test("a run into an earlier run's folder removes that run's synthetic tables it does not remake, nothing else", async () => {
  const out = join(workDir, "rerun");
  const args = (methods: string) => ["run", HEART, "--methods", methods, "-o", out, "--quiet"];
  assert.equal((await runSosieInProcess(args("independent,cart"))).code, 0);
  await writeFile(join(out, "notes.txt"), "mine");
  await writeFile(join(out, "synthetic-mine.csv"), "mine");
  const again = await runSosieInProcess(args("cart"));
  assert.equal(again.code, 0, again.stderr);
  assert.equal(
    again.stderr,
    `sosie: removed ${join(out, "synthetic-independent.csv")}: an earlier run's output that this run did not make\n`,
  );
  assert.deepEqual((await readdir(out)).sort(), [
    "notes.txt",
    "report.html",
    "report.json",
    "synthetic-cart.csv",
    "synthetic-mine.csv",
  ]);
  // A folder without a sosie report is not an earlier run's: its files stay.
  const other = join(workDir, "not-a-run");
  await mkdir(other);
  await writeFile(join(other, "synthetic-avatar.csv"), "mine");
  assert.equal((await runSosieInProcess(["run", HEART, "--methods", "cart", "-o", other, "--quiet"])).code, 0);
  assert.ok((await readdir(other)).includes("synthetic-avatar.csv"));
});

test("protection warnings are printed on stderr once, naming the outputs they concern", async () => {
  // "code" has 15 levels of 4 rows each: no level is held by 5 subjects.
  const input = join(workDir, "rare.csv");
  const rows = ["x,code,y"];
  for (let i = 0; i < 60; i++) rows.push(`${i % 9},L${i % 15},${i % 3}`);
  await writeFile(input, rows.join("\n") + "\n");
  const run = await runSosieInProcess([
    "run",
    input,
    "--methods",
    "independent,cart",
    "-o",
    join(workDir, "rare"),
    "--quiet",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stderr,
    'sosie: warning: independent, cart: column "code": no level is held by 5 subjects, so every value would be a rare one: it is left out (∅) at the balanced preset (declare it an identifier for fresh codes, or choose privacy "off" knowingly)\n',
  );
});
