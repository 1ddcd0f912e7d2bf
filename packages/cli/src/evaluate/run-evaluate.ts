/**
 * `sosie evaluate`: decode R, H and S with one metadata, run the requested metrics through core's
 * evaluation loop (the one `sosie run` uses), print a summary and optionally write the JSON.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  SosieOptionError,
  type Table,
  evaluateSynthetic,
  evaluationPlan,
  getMetric,
  privacyVerdict,
  withLearnEngine,
  withNeighbourEngine,
} from "@sosie/core";
import { UsageError } from "../cli-errors.ts";
import type { CommandContext } from "../command.ts";
import { describeFileError, regularFileSize } from "../file-access.ts";
import { writeFileAtomic } from "../files.ts";
import { parseLinkCsv } from "../link-file.ts";
import { evaluationJson } from "./evaluation-json.ts";
import { readEvaluationTables } from "./read-tables.ts";
import { renderSummary } from "./render-summary.ts";
import { fitsInBatches, startLearnPool } from "../workers/learn-pool.ts";
import { startSearchPool } from "../workers/search-pool.ts";

export const EVALUATE_HINT = "Run 'sosie evaluate --help' to see its usage.";

export interface EvaluateRequest {
  readonly real: string;
  readonly synthetic: string;
  readonly holdout?: string;
  readonly metadata?: string;
  readonly link?: string;
  readonly target?: string;
  readonly json?: string;
  /** Metric ids instead of the defaults. */
  readonly metrics?: readonly string[];
  readonly utility: boolean;
  readonly privacy: boolean;
  readonly seed: number | string;
}

export async function runEvaluate(request: EvaluateRequest, context: CommandContext): Promise<void> {
  const { progress } = context;
  for (const id of request.metrics ?? []) knownMetric(id);
  if (request.json !== undefined)
    for (const input of [request.real, request.synthetic, request.holdout, request.link, request.metadata])
      if (input !== undefined && resolve(input) === resolve(request.json))
        throw new UsageError(`evaluate: --json would overwrite the input ${input}`, EVALUATE_HINT);

  const tables = await readEvaluationTables(request, progress);
  if (request.target !== undefined && !tables.real.has(request.target))
    throw new UsageError(`evaluate: --target names no column of ${request.real}: '${request.target}'`, EVALUATE_HINT);
  const link = request.link === undefined ? undefined : await readLink(request.link, tables.synthetic, tables.real);

  const roles = tables.metadata.columns;
  const declared = (role: string): string[] | undefined => {
    const names = roles.filter((c) => c.role === role).map((c) => c.name);
    return names.length > 0 ? names : undefined;
  };
  const fullPlan = evaluationPlan(tables.real.nRows, {
    seed: request.seed,
    ...(request.target === undefined ? {} : { target: request.target }),
    ...(request.metrics === undefined ? {} : { metrics: request.metrics }),
    ...(declared("quasi-identifier") === undefined ? {} : { quasiIdentifiers: declared("quasi-identifier") }),
    ...(declared("sensitive") === undefined ? {} : { sensitive: declared("sensitive") }),
  });
  const plan = {
    ...fullPlan,
    utilityMetrics: request.utility ? fullPlan.utilityMetrics : [],
    privacyMetrics: request.privacy ? fullPlan.privacyMetrics : [],
  };
  const count = plan.utilityMetrics.length + plan.privacyMetrics.length;
  if (count === 0) throw new UsageError("evaluate: no metric of the requested kind to run", EVALUATE_HINT);

  // The privacy metrics' neighbour searches (DCR, membership attacks, avatar distances) run on
  // worker threads when they are big; the results are the same as in one thread.
  const privacyRows = Math.min(plan.privacyMaxRows, tables.real.nRows, tables.synthetic.nRows);
  const searchPool = startSearchPool(plan.privacyMetrics.length > 0 ? privacyRows : 0);
  // So do the learned metrics' independent model fits (TSTR's repetitions), with the same models.
  const learnPool = startLearnPool(tables.real.nRows, fitsInBatches(plan.utilityMetrics));
  let evaluation;
  try {
    evaluation = await progress.step(`evaluate ${count} metrics`, (report) =>
      withNeighbourEngine(searchPool.engine, () =>
        withLearnEngine(learnPool.engine, () =>
          evaluateSynthetic(
            {
              real: tables.real,
              synthetic: tables.synthetic,
              ...(tables.holdout === undefined ? {} : { holdout: tables.holdout }),
              ...(link === undefined ? {} : { link }),
            },
            plan,
            (fraction) => report(fraction),
          ),
        ),
      ),
    );
  } finally {
    await Promise.all([searchPool.close(), learnPool.close()]);
  }
  const verdict = evaluation.privacy.length > 0 ? privacyVerdict(evaluation.privacy) : null;
  context.stdout.write(renderSummary({ ...evaluation, verdict }));
  if (request.json !== undefined) {
    const target = request.json;
    const sized = (file: string, t: Table) => ({ file, rows: t.nRows });
    const text = evaluationJson({
      inputs: {
        real: sized(request.real, tables.real),
        synthetic: sized(request.synthetic, tables.synthetic),
        holdout:
          request.holdout === undefined || tables.holdout === undefined ? null : sized(request.holdout, tables.holdout),
        link: link !== undefined,
      },
      plan,
      utility: evaluation.utility,
      privacy: evaluation.privacy,
      verdict,
      notes: evaluation.notes,
    });
    await progress.step(`write ${target}`, () => writeFileAtomic(target, text));
  }
}

function knownMetric(id: string): void {
  try {
    getMetric(id);
  } catch (error) {
    throw error instanceof SosieOptionError ? new UsageError(`evaluate: ${error.message}`, EVALUATE_HINT) : error;
  }
}

async function readLink(file: string, synthetic: Table, real: Table): Promise<Int32Array> {
  await regularFileSize(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw describeFileError(file, error);
  }
  return parseLinkCsv(text, file, synthetic.nRows, real.nRows);
}
