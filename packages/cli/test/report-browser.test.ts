// Opens a generated report.html in headless Debian Chromium: no console error, no network
// request, every chart drawn, the verdict visible; saves a screenshot under test-output/.
import assert from "node:assert/strict";
import { mkdtemp, mkdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { chromium, type BrowserContext } from "playwright-core";
import { runSosieInProcess } from "./capture.ts";
import { REPO_ROOT } from "./run-cli.ts";

const CHROMIUM = "/usr/bin/chromium";
let workDir = "";
let browser: BrowserContext;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), "sosie-report-browser-"));
  // A fresh profile directory per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(workDir, "chromium-profile"), {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 900 },
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  await rm(workDir, { recursive: true, force: true });
});

interface ChartCheck {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly titled: boolean;
  readonly drawn: number;
}

/** Opens a report, checks it and returns its charts; `problems` collects console errors and network requests. */
async function openReport(file: string, screenshot?: string): Promise<ChartCheck[]> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    if (!request.url().startsWith("file:")) problems.push(`network request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

  const verdict = page.locator('[data-role="verdict"]');
  assert.ok(await verdict.isVisible(), "the verdict is visible");
  const verdictBox = await verdict.boundingBox();
  assert.ok(verdictBox !== null && verdictBox.y < 900, "the verdict starts on the first screen");
  assert.ok((await verdict.locator(".card").count()) >= 2, "one verdict card per method");
  // The recommendation (or the plain statement that no output passes) is on the first screen.
  const recommendation = page.locator('[data-role="recommendation"]');
  assert.ok(await recommendation.isVisible(), "the recommendation is visible");
  const recommendationBox = await recommendation.boundingBox();
  assert.ok(recommendationBox !== null && recommendationBox.y < 900, "the recommendation is on the first screen");
  assert.match(
    (await recommendation.textContent()) ?? "",
    /^(Recommended output: \S+|No output passes the frontier gate)/,
    "the recommendation names an output or says none passes",
  );
  // The frontier: one panel per risk figure (and per utility figure), a drawn chart or, when no
  // output has the figure, a sentence saying why.
  const frontier = page.locator('[data-role="frontier"] > *');
  assert.ok((await frontier.count()) >= 3, "one frontier panel per risk figure");
  assert.ok(await frontier.first().isVisible(), "the frontier is visible");

  const charts: ChartCheck[] = await page.$$eval("figure.chart", (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector("svg");
      const box = svg?.getBoundingClientRect();
      const marks = svg === null ? [] : [...svg.querySelectorAll("rect, path, polyline, circle")];
      const drawn = marks.filter((m) => {
        const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
        return b.width > 0 || b.height > 0;
      }).length;
      return {
        id: figure.getAttribute("data-chart") ?? "?",
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        titled: (svg?.querySelector("title")?.textContent ?? "").trim() !== "" && svg?.querySelector("desc") !== null,
        drawn,
      };
    }),
  );
  for (const chart of charts) {
    assert.ok(chart.width > 100 && chart.height > 50, `chart ${chart.id} has a size`);
    assert.ok(chart.drawn > 0, `chart ${chart.id} draws marks`);
    assert.ok(chart.titled, `chart ${chart.id} has a title and description`);
  }
  if (screenshot !== undefined) {
    await mkdir(join(REPO_ROOT, "test-output"), { recursive: true });
    await page.screenshot({ path: join(REPO_ROOT, "test-output", `${screenshot}.png`) });
    await page.screenshot({ path: join(REPO_ROOT, "test-output", `${screenshot}-full.png`), fullPage: true });
  }
  await page.close();
  assert.deepEqual(problems, []);
  return charts;
}

test("the example's report renders offline: verdict first, every chart drawn, no console error", async () => {
  const out = join(workDir, "heart");
  const run = await runSosieInProcess([
    "run",
    join(REPO_ROOT, "examples/heart.csv"),
    "-o",
    out,
    "--quiet",
    "--seed",
    "3",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const charts = await openReport(join(out, "report.html"), "report");
  assert.ok(charts.filter((c) => c.id.startsWith("dist-")).length === 14, "one distribution chart per column");
  assert.ok(
    charts.some((c) => c.id.startsWith("assoc-")),
    "association heat maps",
  );
  // 91 holdout rows: every risk figure is undefined, so each panel says why instead of drawing.
  assert.deepEqual(
    charts.filter((c) => c.id.startsWith("frontier-")),
    [],
    "no frontier chart without a risk figure",
  );
  const html = await readFile(join(out, "report.html"), "utf8");
  for (const panel of ["singling-out-quality", "mia-quality", "closer-quality"])
    assert.ok(html.includes(`data-frontier-empty="${panel}"`), `${panel} says why it is empty`);
});

test("with a holdout of 500+ rows the privacy charts are drawn too (distances, ROC, intervals)", async () => {
  const out = join(workDir, "pima");
  const input = "/work/shared/datasets/pima-indians-diabetes/data.csv";
  const run = await runSosieInProcess([
    "run",
    input,
    "--methods",
    "avatar,cart",
    "--holdout",
    "0.7",
    "--privacy",
    "strict,balanced",
    "--target",
    "diabetes",
    "-o",
    out,
    "--quiet",
    "--seed",
    "3",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const charts = await openReport(join(out, "report.html"), "report-pima");
  for (const kind of ["dist-", "assoc-", "dcr-", "roc-", "risk-", "frontier-"])
    assert.ok(
      charts.some((c) => c.id.startsWith(kind)),
      `a ${kind}* chart is present`,
    );
  // With a target: quality and TSTR, each against the three risk figures.
  assert.equal(charts.filter((c) => c.id.startsWith("frontier-")).length, 6);
  // 537 holdout rows: the attacks ran, so every output is a point on the membership panel.
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(out, "report.html")).href, { waitUntil: "load" });
  const points = await page.$$eval(
    'figure[data-chart="frontier-mia-quality"] svg :is(rect, circle, path) > title',
    (titles) => titles.map((t) => t.textContent ?? ""),
  );
  await page.close();
  assert.deepEqual(points.map((t) => t.split(":")[0]).sort(), [
    "avatar-balanced",
    "avatar-strict",
    "cart-balanced",
    "cart-strict",
  ]);
});
