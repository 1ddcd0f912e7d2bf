/**
 * Command-line values of `generate` turned into what core expects: the method, its parameters
 * (`--param key=value`, several separated by ";"), the seed and the row count. Every problem is
 * a usage error (exit code 2) naming what is known.
 */
import {
  type GeneratorDefinition,
  type Params,
  type PrivacyPreset,
  PRIVACY_PRESETS,
  SosieOptionError,
  getGenerator,
  resolveParams,
} from "@sosie/core";
import { UsageError } from "../cli-errors.ts";

/** The generator called `method`; an unknown name lists the known ones. */
export function methodNamed(method: string, hint: string): GeneratorDefinition {
  try {
    return getGenerator(method);
  } catch (error) {
    throw asUsageError(error, hint);
  }
}

/**
 * "k=10;ncp=5" → { k: "10", ncp: "5" } (strings: resolveParams parses them to the declared types).
 * A value may contain "=" (JSON), never ";".
 */
export function parseParamAssignments(text: string | undefined, hint: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const part of text.split(";")) {
    const assignment = part.trim();
    if (assignment === "") continue;
    const eq = assignment.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param expects key=value, got '${assignment}'`, hint);
    const key = assignment.slice(0, eq).trim();
    if (Object.hasOwn(out, key)) throw new UsageError(`--param sets '${key}' twice`, hint);
    out[key] = assignment.slice(eq + 1).trim();
  }
  return out;
}

/** The full parameter set of `definition`: unknown names and ill-typed values are usage errors. */
export function resolvedParams(definition: GeneratorDefinition, given: Params, hint: string): Params {
  try {
    return resolveParams(definition.id, definition.params, lowerCaseYesNo(definition, given));
  } catch (error) {
    throw asUsageError(error, hint);
  }
}

/** Yes/no values typed in any case (TRUE, Yes, No) as core reads them: true/false, yes/no, 1/0. */
function lowerCaseYesNo(definition: GeneratorDefinition, given: Params): Params {
  const yesNo = new Set(definition.params.filter((p) => p.type === "boolean").map((p) => p.name));
  return Object.fromEntries(
    Object.entries(given).map(([name, value]) => [
      name,
      yesNo.has(name) && typeof value === "string" ? value.trim().toLowerCase() : value,
    ]),
  );
}

/** A seed: a non-negative safe integer stays a number; any other text is hashed by the Rng. */
export function parseSeed(text: string | undefined, hint: string): number | string {
  if (text === undefined) return 0;
  if (text.trim() === "") throw new UsageError("--seed must not be empty", hint);
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (!Number.isSafeInteger(n))
      throw new UsageError(`--seed ${text} is beyond 2^53; use a smaller number or a word`, hint);
    return n;
  }
  return text;
}

/**
 * The most rows one sample may ask for: 100 million rows of a 10-column table take about 8 GB,
 * and beyond it typed arrays fail (5 billion gave an internal RangeError) or memory runs out.
 */
export const MAX_ROWS = 100_000_000;

/** A positive whole number of rows (`-n`) up to MAX_ROWS, or `fallback` when absent. */
export function parseRowCount(text: string | undefined, fallback: number, hint: string): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text)) || Number(text) < 1)
    throw new UsageError(`-n must be a positive whole number of rows, got '${text}'`, hint);
  if (Number(text) > MAX_ROWS)
    throw new UsageError(
      `-n must be at most ${MAX_ROWS.toLocaleString("en-US")} rows, got '${text}': sample in several runs with different seeds`,
      hint,
    );
  return Number(text);
}

function asUsageError(error: unknown, hint: string): unknown {
  return error instanceof SosieOptionError ? new UsageError(error.message, hint) : error;
}

/** The --privacy preset; anything else is a usage error naming the presets. */
export function parsePrivacyPreset(text: string | undefined, hint: string): PrivacyPreset | undefined {
  if (text === undefined) return undefined;
  const preset = PRIVACY_PRESETS.find((p) => p === text);
  if (preset === undefined)
    throw new UsageError(`--privacy must be one of ${PRIVACY_PRESETS.join(", ")}, got '${text}'`, hint);
  return preset;
}

/** The most worker threads --workers may ask for: each holds its own copy of the search (about 80 MB). */
export const MAX_WORKER_THREADS = 16;

/** --workers: a whole number of threads, from 1 (no worker thread) to MAX_WORKER_THREADS. */
export function parseWorkers(text: string | undefined, hint: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1 || value > MAX_WORKER_THREADS)
    throw new UsageError(
      `--workers must be a whole number of threads from 1 to ${MAX_WORKER_THREADS}, got '${text}'`,
      hint,
    );
  return value;
}
