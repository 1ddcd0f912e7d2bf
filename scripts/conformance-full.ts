/**
 * Generator conformance on every single-table CSV dataset in full (diabetes-130: 101,766 rows):
 * each registered generator is fitted on the whole table, samples as many rows, and the output
 * is checked with checkConformance (packages/core/test/generator-conformance.ts). Prints each
 * case as it ends, then a matrix table × generator with fit + sample wall times.
 *
 * Each case runs in its own worker thread so a case over its time budget can be stopped and the
 * run goes on. Output holds column names, counts and times only, never a data value.
 *
 * Run: node --import tsx scripts/conformance-full.ts [options]
 *   --generators a,b   only these generator ids (default: all registered)
 *   --tables x,y       only tables whose path contains one of these strings
 *   --max-rows N       seeded subsample of at most N rows per table (default: full tables)
 *   --timeout S        seconds per case, load included, before it is stopped (default 3600)
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { loadavg } from "node:os";
import { listGenerators } from "../packages/core/src/generators/registry.ts";
import { checkConformance, fitDefaultOrOff } from "../packages/core/test/generator-conformance.ts";
import { CONFORMANCE_TABLES, loadTable, seededSubsample } from "../packages/core/test/datasets.ts";

interface CaseInput {
  readonly path: string;
  readonly generator: string;
  readonly maxRows: number;
}

interface CaseResult {
  readonly status: "ok" | "fail" | "error" | "timeout";
  readonly rows?: number;
  readonly columns?: number;
  readonly loadSeconds?: number;
  readonly fitSeconds?: number;
  readonly sampleSeconds?: number;
  readonly problems?: readonly string[];
  /** Engine errors name columns and codes, never cell contents (CONTRIBUTING). */
  readonly error?: string;
}

const FIT_SEED = 20240601;
const SAMPLE_SEED = 20240602;

function runCase(input: CaseInput): CaseResult {
  const t0 = performance.now();
  const real = seededSubsample(loadTable(input.path), input.maxRows, input.path);
  const t1 = performance.now();
  const shape = { rows: real.nRows, columns: real.nColumns, loadSeconds: (t1 - t0) / 1000 };
  let fitSeconds: number | undefined;
  try {
    const model = fitDefaultOrOff(input.generator, real, FIT_SEED);
    const t2 = performance.now();
    fitSeconds = (t2 - t1) / 1000;
    const synthetic = model.sample(real.nRows, { seed: SAMPLE_SEED }).table;
    const sampleSeconds = (performance.now() - t2) / 1000;
    const problems = checkConformance(real, synthetic, model.manifest.privacy?.suppressedColumns);
    if (synthetic.nRows !== real.nRows) problems.unshift(`sampled ${synthetic.nRows} rows, asked ${real.nRows}`);
    return { status: problems.length === 0 ? "ok" : "fail", ...shape, fitSeconds, sampleSeconds, problems };
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      status: "error",
      ...shape,
      ...(fitSeconds !== undefined ? { fitSeconds } : {}),
      error: error.slice(0, 300),
    };
  }
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function inWorker(input: CaseInput, timeoutSeconds: number): Promise<CaseResult> {
  return new Promise((resolve) => {
    // Node 20 workers do not inherit the tsx hooks: register them, then import this file.
    const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
    const code = `import(${tsx}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(code, { eval: true, workerData: input });
    let settled = false;
    const finish = (r: CaseResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ status: "timeout" }), timeoutSeconds * 1000);
    worker.once("message", (r: CaseResult) => finish(r));
    worker.once("error", (e: Error) => finish({ status: "error", error: `${e.name}: ${e.message}`.slice(0, 300) }));
    worker.once("exit", (code) => finish({ status: "error", error: `worker exited with code ${code}` }));
  });
}

const seconds = (x: number | undefined): string => (x === undefined ? "-" : x < 10 ? x.toFixed(2) : x.toFixed(0));

function cell(r: CaseResult): string {
  const time = r.fitSeconds !== undefined ? ` ${seconds(r.fitSeconds)}+${seconds(r.sampleSeconds)}s` : "";
  if (r.status === "fail") return `FAIL(${r.problems!.length})${time}`;
  return `${r.status === "ok" ? "ok" : r.status.toUpperCase()}${time}`;
}

async function main(): Promise<void> {
  const wantedGenerators = option("--generators")?.split(",");
  const wantedTables = option("--tables")?.split(",");
  const maxRows = Number(option("--max-rows") ?? Infinity);
  const timeout = Number(option("--timeout") ?? 3600);
  const generators = listGenerators()
    .map((g) => g.id)
    .filter((id) => wantedGenerators === undefined || wantedGenerators.includes(id));
  const tables = CONFORMANCE_TABLES.filter(
    (p) => wantedTables === undefined || wantedTables.some((w) => p.includes(w)),
  );
  console.log(
    `conformance: ${generators.length} generators × ${tables.length} tables, ${Number.isFinite(maxRows) ? `≤ ${maxRows} rows` : "full tables"}, ` +
      `timeout ${timeout} s per case; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
  );
  const results = new Map<string, CaseResult>();
  for (const path of tables)
    for (const generator of generators) {
      const r = await inWorker({ path, generator, maxRows }, timeout);
      results.set(`${path}\u0000${generator}`, r);
      const shape = r.rows !== undefined ? `${r.rows}×${r.columns}` : "";
      console.log(
        `${path} ${shape} ${generator}: ${cell(r)}${r.loadSeconds !== undefined ? ` (load ${seconds(r.loadSeconds)}s)` : ""}`,
      );
      for (const p of r.problems ?? []) console.log(`    ${p}`);
      if (r.error !== undefined) console.log(`    ${r.error}`);
    }

  // Matrix: one row per table, one column per generator; cells "status fit+sample s".
  const header = ["table", "rows", ...generators];
  const lines = tables.map((path) => {
    const first = results.get(`${path}\u0000${generators[0]}`);
    return [path, String(first?.rows ?? "-"), ...generators.map((g) => cell(results.get(`${path}\u0000${g}`)!))];
  });
  const widths = header.map((h, j) => Math.max(h.length, ...lines.map((l) => l[j].length)));
  const row = (l: string[]): string => l.map((x, j) => x.padEnd(widths[j])).join("  ");
  console.log("\n" + row(header));
  for (const l of lines) console.log(row(l));
  const bad = [...results.values()].filter((r) => r.status !== "ok").length;
  console.log(`\n${results.size - bad}/${results.size} cases conform (times: fit+sample wall seconds on this machine)`);
  process.exitCode = bad === 0 ? 0 : 1;
}

// Last, so that every const above is initialised when main runs.
if (!isMainThread) {
  parentPort!.postMessage(runCase(workerData as CaseInput));
} else {
  await main();
}
