/**
 * `sosie generate`: read a table, fit a generator, sample, and write the synthetic table with its
 * sidecar manifest, plus the model and the link when (and only when) the user asks for them.
 */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import {
  type FittedGenerator,
  type GeneratorDefinition,
  type Params,
  type PrivacyPreset,
  fitGenerator,
  fitWarnings,
} from "@sosie/core";
import { fitSearch } from "../workers/fit-search.ts";
import { UsageError } from "../cli-errors.ts";
import type { CommandContext } from "../command.ts";
import { AtomicFileGroup, jsonText, outputTableFormatOf } from "../files.ts";
import { allMissingColumns, readInputTable } from "../input-table.ts";
import { linkCsv } from "../link-file.ts";
import { methodNamed, resolvedParams } from "./options.ts";
import { manifestPathFor, runManifest } from "./run-manifest.ts";
import { writeTableTo } from "./write-table.ts";

const LINK_PARAM = "keepLink";

export const GENERATE_HINT = "Run 'sosie generate --help' to see its usage, 'sosie methods' for the methods.";

export interface GenerateRequest {
  readonly input: string;
  readonly output: string;
  readonly method: string;
  /** Parameters as given (strings from --param); resolved against the method's specs. */
  readonly params: Params;
  readonly seed: number | string;
  /** Rows to sample; undefined: as many as the input. */
  readonly rows?: number;
  readonly metadata?: string;
  readonly target?: string;
  readonly privacy?: PrivacyPreset;
  readonly saveModel?: string;
  readonly keepLink?: string;
  /** Threads for the fit's neighbour searches; undefined: one per core (up to 8) on big tables only. */
  readonly workers?: number;
}

/** Default thread count when --workers is not given. */
const MAX_DEFAULT_WORKERS = 8;

export async function runGenerate(request: GenerateRequest, context: CommandContext): Promise<void> {
  // Everything that can be checked without the data is checked before reading it, output paths
  // included: all outputs are opened as temporary files first and renamed together at the end.
  const definition = methodNamed(request.method, GENERATE_HINT);
  const params = resolvedParams(definition, withLinkRequest(definition, request), GENERATE_HINT);
  outputTableFormatOf(request.output);
  distinctPaths(request);
  const manifestPath = manifestPathFor(request.output);
  const outputs = await AtomicFileGroup.open(
    [request.output, manifestPath, request.keepLink, request.saveModel].filter((p) => p !== undefined),
  );
  try {
    await generateInto(outputs, { ...request, params }, definition, context);
    await outputs.commit();
  } catch (error) {
    await outputs.abort();
    throw error;
  }
}

/** Reads, fits, samples and writes every output into `outputs` (uncommitted); `request.params` are resolved. */
async function generateInto(
  outputs: AtomicFileGroup,
  request: GenerateRequest,
  definition: GeneratorDefinition,
  context: CommandContext,
): Promise<void> {
  const { progress } = context;
  const input = await readInputTable(request.input, request.metadata, progress, "generate");
  const { table } = input;
  if (request.target !== undefined && !table.has(request.target))
    throw new UsageError(`generate: --target names no column of ${request.input}: '${request.target}'`, GENERATE_HINT);
  for (const column of allMissingColumns(table))
    warn(context, `column "${column}" of ${request.input} has no value: it is reproduced as all-missing`);
  for (const message of input.kindWarnings) warn(context, message);

  // Given --workers is honoured for any table; the default starts workers only for big searches.
  const search = fitSearch(
    request.workers ?? Math.min(MAX_DEFAULT_WORKERS, availableParallelism()),
    request.workers !== undefined,
  );
  let model: FittedGenerator;
  let fitWorkers = 0;
  try {
    model = await progress.step(`fit ${definition.id}`, (report) =>
      fitGenerator(definition.id, table, {
        seed: request.seed,
        params: request.params,
        onProgress: (fraction) => report(fraction),
        neighbourSearch: search.search,
        ...(request.target === undefined ? {} : { target: request.target }),
        ...(request.privacy === undefined ? {} : { privacy: request.privacy }),
        ...(input.subject === undefined ? {} : { subject: input.subject }),
      }),
    );
    fitWorkers = search.workersStarted();
  } finally {
    await search.close();
  }
  // The fit's diagnostics and the preset's protection warnings, each once (the manifest keeps them too).
  for (const w of fitWarnings(model.manifest)) warn(context, `${definition.id}: ${w}`);
  const rows = request.rows ?? table.nRows;
  const sampleStart = performance.now();
  const sample = await progress.step(`sample ${rows} rows`, (report) =>
    model.sample(rows, { seed: request.seed, onProgress: (fraction) => report(fraction) }),
  );
  const sampleMilliseconds = performance.now() - sampleStart;
  if (request.keepLink !== undefined && sample.link === undefined)
    throw new Error(`method ${definition.id} was asked for its link and returned none`);

  await progress.step(`write ${request.output}`, () => writeTableTo(outputs.file(request.output), sample.table, input));
  if (request.keepLink !== undefined && sample.link !== undefined) {
    const link = sample.link;
    const target = request.keepLink;
    warn(context, `${target} links each synthetic row to the real row it was made from: protect it like the real data`);
    await progress.step(`write ${target}`, () => outputs.file(target).write(linkCsv(link)));
  }
  if (request.saveModel !== undefined) {
    const target = request.saveModel;
    if (model.manifest.containsRealValues)
      warn(
        context,
        `the ${definition.id} model holds values copied from the real data: ${target} is as sensitive as ${request.input}`,
      );
    await progress.step(`write ${target}`, () => outputs.file(target).write(jsonText(model.toJSON())));
  }
  const manifest = runManifest({
    model,
    seed: request.seed,
    rows,
    sampleMilliseconds,
    savedModel: request.saveModel !== undefined,
    linkWritten: request.keepLink !== undefined,
    fitWorkers,
    ...(sample.guard === undefined ? {} : { guard: sample.guard }),
  });
  await outputs.file(manifestPathFor(request.output)).write(jsonText(manifest));
}

/**
 * --keep-link turns on the method's own `keepLink` parameter (the generators that make one row
 * per real row keep the link in memory only when asked); a method without it has no link.
 */
function withLinkRequest(definition: GeneratorDefinition, request: GenerateRequest): Params {
  if (request.keepLink === undefined) return request.params;
  if (!definition.params.some((p) => p.name === LINK_PARAM && p.type === "boolean"))
    throw new UsageError(
      `generate: --keep-link: method ${definition.id} does not make one synthetic row per real row, so it has no link`,
      GENERATE_HINT,
    );
  return { ...request.params, [LINK_PARAM]: true };
}

function warn(context: CommandContext, message: string): void {
  context.stderr.write(`sosie: warning: ${message}\n`);
}

/** Two outputs on one path would overwrite each other; the input must never be overwritten. */
function distinctPaths(request: GenerateRequest): void {
  const paths: [string, string | undefined][] = [
    ["-o", request.output],
    ["--save-model", request.saveModel],
    ["--keep-link", request.keepLink],
    ["manifest", manifestPathFor(request.output)],
  ];
  const seen = new Map<string, string>([[resolve(request.input), "the input"]]);
  for (const [option, path] of paths) {
    if (path === undefined) continue;
    const other = seen.get(resolve(path));
    if (other !== undefined)
      throw new UsageError(`generate: ${option} would overwrite ${other} (${path})`, GENERATE_HINT);
    seen.set(resolve(path), option);
  }
}
