/** `sosie run` options, checked and turned into plain values (UsageError on a bad command line). */
import {
  DEFAULT_PRIVACY,
  PRIVACY_PRESETS,
  type Params,
  type PrivacyPreset,
  getGenerator,
  listGenerators,
} from "@sosie/core";
import { stringOption } from "../args.ts";
import type { ParsedArguments } from "../command.ts";
import { UsageError } from "../cli-errors.ts";
import { parseParamAssignments, resolvedParams } from "../generate/options.ts";

export const RUN_HINT = "Run 'sosie run --help' to see its usage.";

export const DEFAULT_HOLDOUT_FRACTION = 0.3;
export const DEFAULT_SEED = "0";

export interface RunCommandOptions {
  readonly input: string;
  readonly outDir: string;
  readonly methods: string[] | undefined;
  readonly target: string | undefined;
  readonly seed: number | string;
  readonly seedText: string;
  readonly holdout: { kind: "fraction"; fraction: number } | { kind: "file"; file: string };
  readonly metadata: string | undefined;
  /** Privacy presets, in the order strict, balanced, off; undefined: the default preset only. */
  readonly privacy: PrivacyPreset[] | undefined;
  /** --min-holdout: smallest holdout the holdout-based privacy metrics accept (theirs: 500). */
  readonly minHoldoutRows: number | undefined;
  /** --attack-runs: runs each membership attack averages (core's default when undefined). */
  readonly attackRuns: number | undefined;
  /** --param method.key=value: per-method parameter overrides (typed), only the keys given. */
  readonly params: Record<string, Params> | undefined;
  /** The --param assignments as given, for the command line in the report. */
  readonly paramText: string | undefined;
}

export function parseRunOptions(args: ParsedArguments): RunCommandOptions {
  const outDir = stringOption(args, "output");
  if (outDir === undefined) throw new UsageError("run: missing the output directory: -o <dir>", RUN_HINT);
  const methods = parseMethods(stringOption(args, "methods"));
  const paramText = stringOption(args, "param");
  return {
    input: args.positionals[0],
    outDir,
    methods,
    target: stringOption(args, "target"),
    ...parseSeed(stringOption(args, "seed") ?? DEFAULT_SEED),
    holdout: parseHoldout(stringOption(args, "holdout")),
    metadata: stringOption(args, "metadata"),
    privacy: parsePresets(stringOption(args, "privacy")),
    minHoldoutRows: parseMinHoldout(stringOption(args, "min-holdout")),
    attackRuns: parseAttackRuns(stringOption(args, "attack-runs")),
    params: parseMethodParams(paramText, methods),
    paramText,
  };
}

/**
 * `--param avatar.k=10 --param avatar.marginals=ranks` → { avatar: { k: 10, marginals: "ranks" } }.
 * Each name is method.parameter; the method must be known (and among --methods when given), the
 * parameter one of its own, the value of its type (as `sosie generate --param` checks them).
 */
function parseMethodParams(
  text: string | undefined,
  methods: readonly string[] | undefined,
): Record<string, Params> | undefined {
  const assignments = parseParamAssignments(text, RUN_HINT);
  if (Object.keys(assignments).length === 0) return undefined;
  const given: Record<string, Record<string, string>> = {};
  const known = listGenerators().map((g) => g.id);
  for (const [name, value] of Object.entries(assignments)) {
    const dot = name.indexOf(".");
    const method = name.slice(0, dot);
    if (dot <= 0 || dot === name.length - 1)
      throw new UsageError(`run: --param expects method.parameter=value (e.g. avatar.k=10), got '${name}'`, RUN_HINT);
    if (!known.includes(method))
      throw new UsageError(`run: --param ${name}: unknown method '${method}' (known: ${known.join(", ")})`, RUN_HINT);
    if (methods !== undefined && !methods.includes(method))
      throw new UsageError(
        `run: --param ${name}: method '${method}' is not in --methods ${methods.join(",")}`,
        RUN_HINT,
      );
    (given[method] ??= {})[name.slice(dot + 1)] = value;
  }
  const out: Record<string, Params> = {};
  for (const [method, values] of Object.entries(given)) {
    // Resolving checks names and types; only the keys given are passed on, so the pipeline's own
    // settings (the avatar's in-memory link for the privacy metrics) keep their run defaults.
    const resolved = resolvedParams(getGenerator(method), values, RUN_HINT);
    out[method] = Object.fromEntries(Object.keys(values).map((key) => [key, resolved[key]]));
  }
  return out;
}

/** `--min-holdout N`: a whole number of rows, at least 20 (below, no attack has two sides to compare). */
function parseMinHoldout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(/^\d+$/.test(text) && Number.isSafeInteger(n) && n >= 20))
    throw new UsageError(`run: --min-holdout must be a whole number of rows, at least 20, got '${text}'`, RUN_HINT);
  return n;
}

/** `--attack-runs N`: a whole number from 1 (one attack on the output itself) to 50. */
function parseAttackRuns(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(/^\d+$/.test(text) && n >= 1 && n <= 50))
    throw new UsageError(`run: --attack-runs must be a whole number from 1 to 50, got '${text}'`, RUN_HINT);
  return n;
}

/** `--privacy strict,balanced,off` (any subset, any order; "all" for the three). */
function parsePresets(text: string | undefined): PrivacyPreset[] | undefined {
  if (text === undefined) return undefined;
  const named = text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (named.length === 0) throw new UsageError("run: --privacy needs at least one preset", RUN_HINT);
  if (named.length === 1 && named[0] === "all") return [...PRIVACY_PRESETS];
  for (const p of named)
    if (!(PRIVACY_PRESETS as readonly string[]).includes(p))
      throw new UsageError(
        `run: unknown privacy preset '${p}' (known: ${PRIVACY_PRESETS.join(", ")}, or all; default ${DEFAULT_PRIVACY})`,
        RUN_HINT,
      );
  if (new Set(named).size !== named.length) throw new UsageError("run: a preset is named twice in --privacy", RUN_HINT);
  return PRIVACY_PRESETS.filter((p) => named.includes(p));
}

function parseMethods(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const known = listGenerators().map((g) => g.id);
  const methods = text
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  if (methods.length === 0) throw new UsageError("run: --methods needs at least one method", RUN_HINT);
  for (const m of methods)
    if (!known.includes(m)) throw new UsageError(`run: unknown method '${m}' (known: ${known.join(", ")})`, RUN_HINT);
  if (new Set(methods).size !== methods.length)
    throw new UsageError("run: a method is named twice in --methods", RUN_HINT);
  return methods;
}

/** Whole numbers are numeric seeds; any other text is a seed too (hashed), as `Rng.fromSeed` takes it. */
function parseSeed(text: string): { seed: number | string; seedText: string } {
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return { seed: Number(text), seedText: text };
  if (text.length === 0) throw new UsageError("run: --seed needs a value", RUN_HINT);
  return { seed: text, seedText: text };
}

function parseHoldout(text: string | undefined): RunCommandOptions["holdout"] {
  if (text === undefined) return { kind: "fraction", fraction: DEFAULT_HOLDOUT_FRACTION };
  if (/^(0?\.\d+|0)$/.test(text)) {
    const fraction = Number(text);
    if (!(fraction > 0 && fraction < 1))
      throw new UsageError("run: --holdout as a fraction must be in (0, 1)", RUN_HINT);
    return { kind: "fraction", fraction };
  }
  if (/^\d+(\.\d+)?$/.test(text))
    throw new UsageError("run: --holdout as a fraction must be in (0, 1), e.g. 0.3", RUN_HINT);
  return { kind: "file", file: text };
}
